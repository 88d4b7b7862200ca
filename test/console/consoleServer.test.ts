// MSM consoles through the simulated console server, for every profile: port selection, wake, switch login, the
// backup's console, boot messages during a reboot, relogin after it, reconnecting, and BREAK only on request.
import { afterEach, describe, expect, it } from 'vitest';
import { masterOf } from '../../source/exos/chassisView.js';
import { parseShowSwitch } from '../../source/exos/parseShowSwitch.js';
import { parseConsoleSpec } from '../../source/console/consoleSpec.js';
import { HitlessError } from '../../source/errors.js';
import type { ExosSession } from '../../source/session/exosSession.js';
import { SessionError } from '../../source/session/sessionError.js';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy.js';
import { CONSOLE_PASSWORD, CONSOLE_USER, SWITCH_PASSWORD, recordOutput, startConsoleRig, type ConsoleRig } from './consoleRig.js';

let rig: ConsoleRig | undefined;
let proxy: FaultProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await rig?.close();
  rig = proxy = undefined;
});

const confirmAll = () => ({ reply: 'y', reason: 'test confirms' });

async function masterSeen(session: ExosSession): Promise<string | undefined> {
  const result = await session.run('show switch');
  const show = parseShowSwitch(result.output);
  if (!show.ok) throw new Error(`show switch did not parse: ${show.reason}\n${result.output}`);
  return masterOf(show.value)?.slot;
}

/** Commands the chassis received from console logins, as "MSM: command". */
const consoleCommands = (rig: ConsoleRig) => rig.sim.commandLog.filter((r) => r.connection >= 1001).map((r) => `${r.msm}: ${r.command}`);

describe.each(['opengear', 'avocent', 'generic'] as const)('console server profile %s', (profile) => {
  it('reaches MSM-A by the username syntax and MSM-B from the menu (by number and by label), logging in to the switch', async () => {
    rig = await startConsoleRig(profile);
    const a = await rig.console('A', 'username').openSession();
    expect(a.banner).toContain('ExtremeXOS');
    expect(await masterSeen(a)).toBe('A');
    const b = await rig.console('B', 'menu-number').openSession();
    expect(b.banner).toContain('You are connected to the Backup MSM.');
    expect(await masterSeen(b)).toBe('A');
    const bAgain = await rig.console('B', 'menu-label').openSession();
    expect(bAgain.banner).toBe(''); // the serial console is still logged in from the line before
    expect(consoleCommands(rig)).toEqual(['A: disable clipaging', 'A: show switch', 'B: disable clipaging', 'B: show switch', 'B: disable clipaging']);
  }, 30_000);
});

describe('simulated console server', () => {
  it('a dedicated SSH port per serial line takes the plain username', async () => {
    rig = await startConsoleRig('opengear');
    const b = await rig.console('B', 'dedicated').openSession();
    expect(b.banner).toContain('Backup MSM');
    expect(consoleCommands(rig)).toEqual(['B: disable clipaging']);
  }, 30_000);

  it("the backup's console refuses everything but show commands (docs/exos-cli.md §8.2), and nothing changes", async () => {
    rig = await startConsoleRig('opengear');
    const b = await rig.console('B').openSession();
    const refused = await b.run('reboot msm A', { answer: confirmAll });
    expect(refused.errors).toEqual(['Error: This command can only be executed on Master.']);
    expect(refused.questions).toEqual([]);
    expect(rig.sim.chassis.stateHistory).toEqual([]);
    expect(rig.sim.outages).toEqual([]);
  }, 30_000);

  it('wakes a console that is still logged in (no second login), also after reconnecting to the console server', async () => {
    rig = await startConsoleRig('avocent');
    const first = rig.console('A');
    const session = await first.openSession();
    expect(session.banner).toContain('ExtremeXOS');
    await session.run('show switch');
    session.close();
    const woken = await first.openSession();
    expect(woken.banner).toBe('');
    first.close(); // the SSH connection to the console server ends; the switch's console login does not
    const reconnected = await rig.console('A').openSession();
    expect(reconnected.banner).toBe('');
    expect(reconnected.prompt.counter).toBeGreaterThan(2);
    expect(rig.server.transcript('A').match(/login: /g)).toHaveLength(1);
  }, 30_000);

  it('the link to the console server drops: the session fails as link-lost, the next one reconnects to a console still logged in', async () => {
    rig = await startConsoleRig('opengear');
    proxy = await startFaultProxy(rig.server.dedicatedPorts.A);
    const consoleA = rig.console('A', 'dedicated', { spec: parseConsoleSpec(`ssh://${CONSOLE_USER}@127.0.0.1:${proxy.port}?profile=opengear`) });
    const session = await consoleA.openSession();
    expect(session.banner).toContain('ExtremeXOS');
    const closed = new Promise((resolve) => session.onClose(resolve));
    proxy.cut();
    await closed;
    await expect(session.run('show switch')).rejects.toMatchObject({ kind: 'link-lost' });
    expect(consoleA.rebooting).toBe(false);
    const again = await consoleA.openSession();
    expect(again.banner).toBe('');
    expect(await masterSeen(again)).toBe('A');
  }, 30_000);

  it("boot messages on the backup's console while the master's console keeps answering; relogin on the backup afterwards", async () => {
    rig = await startConsoleRig('opengear', { speed: 0.02 });
    const consoleA = rig.console('A');
    const consoleB = rig.console('B');
    const seenOnA = recordOutput(consoleA);
    const seenOnB = recordOutput(consoleB);
    const master = await consoleA.openSession();
    await consoleB.connect(); // watching only: nobody is logged in on B's console

    const reboot = await master.run('reboot msm B', { answer: confirmAll });
    expect(reboot.questions.map((q) => `${q.id}=${q.reply}`)).toEqual(['reboot-msm=y']);
    const reads: string[] = [];
    for (let i = 0; i < 500 && !(rig.sim.chassis.msm.B.nodeState === 'BACKUP' && rig.sim.chassis.msm.B.inSync); i++) {
      const show = await master.run('show switch');
      expect(show.output).not.toMatch(/Node State changed|<Info:/);
      expect(parseShowSwitch(show.output).ok).toBe(true);
      reads.push(show.output);
    }
    expect(reads.length).toBeGreaterThan(1);
    expect(seenOnB.text()).toMatch(/Starting Primary Bootloader[\s\S]*Starting ExtremeXOS 15\.3\.1\.4[\s\S]*available for login\.\r\n\r\nlogin: $/);
    expect(seenOnA.text()).toMatch(/<Info:DM\.Info> MSM-B: Node State changed to DOWN[\s\S]*changed to INIT[\s\S]*changed to BACKUP/);
    expect(seenOnA.text()).not.toContain('Bootloader');

    const backup = await consoleB.openSession();
    expect(backup.banner).toContain('Backup MSM');
    expect(await masterSeen(backup)).toBe('A');
  }, 60_000);

  it("failover typed on the master's console: the session ends as the old master reboots; relogin there once it is the backup", async () => {
    rig = await startConsoleRig('generic');
    const consoleA = rig.console('A');
    const session = await consoleA.openSession();
    const error = await session.run('run msm-failover', { answer: confirmAll }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionError);
    expect(error).toMatchObject({ kind: 'link-lost' });
    expect((error as SessionError).questions).toEqual([]);
    expect(consoleA.rebooting).toBe(true);
    const again = await consoleA.openSession(); // waits through the boot for login:
    expect(again.banner).toContain('Backup MSM');
    expect(consoleA.rebooting).toBe(false);
    expect(await masterSeen(again)).toBe('B');
    expect(rig.sim.outages).toEqual([]);
  }, 30_000);

  it('sends BREAK only when asked, as the profile sequence the console server consumes', async () => {
    rig = await startConsoleRig('opengear');
    const consoleA = rig.console('A');
    const session = await consoleA.openSession();
    await session.run('show switch');
    expect(rig.server.breaks).toEqual([]);
    consoleA.sendBreak();
    await session.run('show switch');
    expect(rig.server.breaks.map((b) => b.slot)).toEqual(['A']);
    expect(rig.sim.commandLog.map((r) => r.command)).not.toContain(expect.stringContaining('~'));
  }, 30_000);

  it('the generic profile has no BREAK sequence: sendBreak refuses (exit 2) and sends nothing', async () => {
    rig = await startConsoleRig('generic');
    const consoleA = rig.console('A');
    await consoleA.openSession();
    expect(() => consoleA.sendBreak()).toThrow(/no BREAK sequence/);
    expect(rig.server.breaks).toEqual([]);
  }, 30_000);

  it('a wrong console-server password or a wrong switch password are auth errors (exit 2) that name no password', async () => {
    rig = await startConsoleRig('opengear');
    const badServer = await rig.console('A', 'username', { server: { auth: { password: 'nope' }, hostKeys: { knownHostsFile: `${rig.dir}/known_hosts`, mode: 'accept-new' } } })
      .openSession()
      .catch((e: unknown) => e);
    expect(badServer).toBeInstanceOf(HitlessError);
    expect(badServer).toMatchObject({ kind: 'auth', exitCode: 2 });
    const badSwitch = await rig.console('A', 'username', { switchLogin: { username: 'admin', password: 'wrong-pw' } })
      .openSession()
      .catch((e: unknown) => e);
    expect(badSwitch).toMatchObject({ kind: 'auth', exitCode: 2 });
    for (const error of [badServer, badSwitch]) {
      for (const secret of ['nope', 'wrong-pw', CONSOLE_PASSWORD, SWITCH_PASSWORD]) expect((error as Error).message).not.toContain(secret);
    }
    expect(rig.server.transcript('A')).toContain('Login incorrect');
  }, 30_000);
});
