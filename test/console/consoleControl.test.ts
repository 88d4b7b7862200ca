// The consoles as the only control path: the engine's full upgrade through the two MSM consoles, no management SSH.
import { afterEach, describe, expect, it } from 'vitest';
import { openConsoleControl } from '../../source/console/consoleControl.js';
import type { MsmConsole } from '../../source/console/msmConsole.js';
import { EXIT, HitlessError } from '../../source/errors.js';
import type { MsmSlot } from '../../source/exos/chassisState.js';
import { parseImageSource } from '../../source/exos/imageFile.js';
import type { EngineEventBody } from '../../source/engine/events.js';
import { memoryRunStateStore } from '../../source/engine/runState.js';
import { runUpgrade } from '../../source/engine/upgrade.js';
import type { UpgradeTarget } from '../../source/procedure/types.js';
import { SCENARIOS, type ScenarioName } from '../../source/simulator/index.js';
import { destructiveCommands, runningOn } from '../support/simulatedUpgrade.js';
import { CONSOLE_PASSWORD, SWITCH_PASSWORD, startConsoleRig, type ConsoleRig } from './consoleRig.js';

let rig: ConsoleRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function targetOf(scenario: ScenarioName): UpgradeTarget {
  const core = parseImageSource(SCENARIOS[scenario].suggested.image);
  if (!core.ok) throw new Error(core.reason);
  return { core: core.value, xmods: [], vr: 'VR-Mgmt', failback: false, allowIoReset: false, forceFailover: false };
}

async function upgradeThroughConsoles(rig: ConsoleRig, scenario: ScenarioName) {
  const events: EngineEventBody[] = [];
  const masters: MsmSlot[] = [];
  const openSession = openConsoleControl({ A: rig.console('A'), B: rig.console('B', 'menu-label') }, { onMaster: (slot) => masters.push(slot) });
  const exitCode = await runUpgrade({
    openSession,
    target: targetOf(scenario),
    targetLabel: 'console test',
    emit: (event) => events.push(event),
    confirm: async () => 'confirm',
    runState: memoryRunStateStore(),
    timing: { pollMs: 20, stepTimeoutMs: 20_000, shortWaitMs: 10_000, reconnectTimeoutMs: 30_000 },
  });
  return { exitCode, events, masters };
}

/** Each command line with the MSM whose console it was typed on. */
const typedOn = (rig: ConsoleRig) => rig.sim.commandLog.map((record) => `${record.msm}: ${record.command}`);

describe('upgrade through the consoles alone', () => {
  it('runs the whole procedure on whichever console is MASTER, with no management SSH, no outage and no BREAK', async () => {
    rig = await startConsoleRig('opengear');
    const run = await upgradeThroughConsoles(rig, 'happy');
    const errors = run.events.filter((e) => e.type === 'error');
    expect(errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(runningOn(rig.sim, 'A')).toBe('15.3.5.2-patch1-5');
    expect(runningOn(rig.sim, 'B')).toBe('15.3.5.2-patch1-5');
    expect(rig.sim.chassis.master()?.slot).toBe('B');
    expect(rig.sim.outages).toEqual([]);
    expect(rig.server.breaks).toEqual([]);
    expect(rig.sim.commandLog.every((record) => record.connection >= 1001)).toBe(true);

    const destructive = destructiveCommands(rig.sim);
    expect(destructive).toHaveLength(5);
    const log = typedOn(rig).filter((line) => destructive.some((command) => line.endsWith(`: ${command}`)));
    expect(log).toEqual([
      expect.stringMatching(/^A: download image 10\.0\.0\.5 \S+\.xos vr "VR-Mgmt" secondary msm B$/),
      'A: reboot msm B',
      'A: run msm-failover',
      expect.stringMatching(/^B: download image 10\.0\.0\.5 \S+\.xos vr "VR-Mgmt" secondary msm A$/),
      'B: reboot msm A',
    ]);
    // After the failover the engine came back on MSM-B's console, found through the port menu.
    expect(run.masters[0]).toBe('A');
    expect(run.masters.at(-1)).toBe('B');
    expect(run.events.some((e) => e.type === 'disconnected' && e.expected)).toBe(true);
    const logged = JSON.stringify(run.events);
    for (const secret of [CONSOLE_PASSWORD, SWITCH_PASSWORD]) expect(logged).not.toContain(secret);
  }, 60_000);

  it("finds the MASTER when it is not MSM-A: MSM-A's console is asked only show switch", async () => {
    rig = await startConsoleRig('avocent', { scenario: 'master-is-b' });
    const openSession = openConsoleControl({ A: rig.console('A'), B: rig.console('B') });
    const session = await openSession();
    await session.run('show version');
    expect(typedOn(rig)).toEqual(['A: disable clipaging', 'A: show switch', 'B: disable clipaging', 'B: show switch', 'B: show version']);
    session.close();
  }, 30_000);

  it('consoles given the wrong way round stop the run (exit 2) before anything but show switch is typed', async () => {
    rig = await startConsoleRig('opengear');
    const swapped = openConsoleControl({ A: rig.console('B'), B: rig.console('A') });
    const error = await swapped().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'usage', exitCode: 2 });
    expect((error as Error).message).toMatch(/given as MSM-A's console, but show switch there marks MSM-B/);
    expect(typedOn(rig)).toEqual(['B: disable clipaging', 'B: show switch']);
  }, 30_000);

  it('no password reaches the session output or the echo on the serial console', async () => {
    rig = await startConsoleRig('generic');
    let output = '';
    const openSession = openConsoleControl({ A: rig.console('A'), B: rig.console('B') }, { onOutput: (chunk) => (output += chunk) });
    const session = await openSession();
    await session.run('show switch');
    expect(output).toContain('show switch');
    for (const secret of [CONSOLE_PASSWORD, SWITCH_PASSWORD]) expect(output).not.toContain(secret);
    expect(rig.server.transcript('A')).not.toContain(SWITCH_PASSWORD); // the password is typed without echo
    session.close();
  }, 30_000);
});

describe('which console is tried', () => {
  /** A console that cannot log in, recording the login timeout each attempt was given. */
  function unreachable(slot: MsmSlot, rebooting: boolean, attempts: string[]) {
    return {
      rebooting,
      description: `console ${slot}`,
      openSession: async (options: { loginTimeoutMs?: number }) => {
        attempts.push(`${slot} ${options.loginTimeoutMs ?? 'full'}`);
        throw new HitlessError('timeout', `console ${slot}: no login prompt`, EXIT.usage);
      },
    } as unknown as MsmConsole;
  }

  it('a console whose MSM is rebooting comes last and is only probed while the other one is not rebooting', async () => {
    const attempts: string[] = [];
    const open = openConsoleControl({ A: unreachable('A', true, attempts), B: unreachable('B', false, attempts) }, { rebootingProbeMs: 1234 });
    await expect(open()).rejects.toMatchObject({ kind: 'timeout', message: 'console A: no login prompt' });
    expect(attempts).toEqual(['B full', 'A 1234']);
  });

  it('when both are rebooting (the whole chassis), each gets the full login time', async () => {
    const attempts: string[] = [];
    const open = openConsoleControl({ A: unreachable('A', true, attempts), B: unreachable('B', true, attempts) });
    await expect(open()).rejects.toMatchObject({ kind: 'timeout' });
    expect(attempts).toEqual(['A full', 'B full']);
  });
});
