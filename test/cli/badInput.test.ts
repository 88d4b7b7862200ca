// Bad input and unreachable or untrusted switches, through the real CLI: each refusal is one line on stderr with the
// documented exit code, never a stack trace, and leaves the simulated chassis as it was.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEd25519KeyPair } from '../../source/simulator/hostKey.js';
import type { CliRun } from '../support/runCli.js';
import { runCli } from '../support/runCli.js';
import { startFaultProxy } from '../support/faultProxy.js';
import { destructiveCommands, runningOn, startRig, type Rig } from '../support/simulatedUpgrade.js';
import { CLI_TEST_TIMEOUT_MS, chassisSnapshot, closedPort, READ_ONLY, runAgainst, STACK_TRACE, withRig } from './cliRig.js';

const IMAGE = '10.0.0.5:bd8800-15.3.5.2-patch1-5.xos';

/** Exit code, exactly one line on stderr matching `message`, no stack trace anywhere. */
function expectRefusal(run: CliRun, code: number, message: RegExp) {
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  expect({ code: run.code, stderr: lines }).toEqual({ code, stderr: [expect.stringMatching(message)] });
  expect(run.stderr + run.stdout).not.toMatch(STACK_TRACE);
}

/** A fresh key for [127.0.0.1]:port, as if the switch had been re-keyed since it was trusted. */
function knownHostsWithOtherKey(dir: string, port: number): { file: string; fingerprint: string } {
  const key = generateEd25519KeyPair();
  const file = join(dir, 'known_hosts_changed');
  writeFileSync(file, `[127.0.0.1]:${port} ${key.public}\n`);
  const blob = Buffer.from(key.public.split(' ')[1]!, 'base64');
  return { file, fingerprint: 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '') };
}

describe.concurrent('bad input and refused connections: one line, documented exit code, nothing changed', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let rig: Rig;
  let before: string;
  beforeAll(async () => {
    rig = await startRig('happy');
    before = chassisSnapshot(rig);
  });
  afterAll(async () => {
    expect(destructiveCommands(rig.sim)).toEqual([]);
    expect(chassisSnapshot(rig)).toBe(before);
    await rig.close();
  });

  /** Connection arguments with one option replaced (or dropped when `value` is undefined). */
  const connectWith = (option: string, value?: string) => {
    const args = rig.connectArgs();
    const at = args.indexOf(option);
    const flag = args[at + 1]?.startsWith('--') === false ? 2 : 1;
    const rest = [...args.slice(0, at), ...args.slice(at + flag)];
    return value === undefined ? rest : [...rest, option, value];
  };

  /** Runs it and checks that the switch received nothing but reads meanwhile. */
  async function refused(args: string[], env?: Record<string, string>) {
    const run = await runAgainst(rig, args, { env });
    for (const command of run.received) expect(command).toMatch(READ_ONLY);
    return run;
  }

  it('unknown command: exit 2, lists the commands', async () => {
    expectRefusal(await runCli(['frobnicate']), 2, /^hitless: unknown command "frobnicate"; commands: status, plan, upgrade, rollback, stage, simulate/);
  });

  it('unknown option: exit 2, names it', async () => {
    expectRefusal(await refused(['status', ...rig.connectArgs(), '--frob']), 2, /^hitless: .*'--frob'/);
    expectRefusal(await refused(['upgrade', ...rig.connectArgs(), '--image', IMAGE, '--headless', '--yse']), 2, /^hitless: .*'--yse'/);
  });

  const emptySshConfig = () => {
    const file = join(rig.dir, 'ssh_config_empty');
    writeFileSync(file, '');
    return file;
  };

  it('missing --host, --user or --image: exit 2', async () => {
    const runs = await Promise.all([
      refused(['status', ...connectWith('--host')]),
      refused(['status', ...connectWith('--user'), '--ssh-config', emptySshConfig()]),
      refused(['plan', ...rig.connectArgs()]),
      refused(['upgrade', ...rig.connectArgs(), '--headless', '--yes']),
    ]);
    expectRefusal(runs[0]!, 2, /^hitless: --host is required/);
    // Without --user (and no User in the ssh config), like ssh, the local user name is tried; the switch refuses it.
    expectRefusal(runs[1]!, 2, new RegExp(`^hitless: authentication failed for ${userInfo().username}@127\\.0\\.0\\.1:${rig.sim.port}$`));
    expectRefusal(runs[2]!, 2, /^hitless: --image SRC is required/);
    expectRefusal(runs[3]!, 2, /^hitless: --image SRC is required/);
    for (const run of runs) expect(run.received).toEqual([]);
  });

  const badSources = [
    { src: 'foo', why: /neither HOST:FILE nor a .*URL/, command: 'plan' },
    { src: '10.0.0.5:x.txt', why: /not an image file/, command: 'plan' },
    { src: '10.0.0.5:bd8800-15.3.5.2.xos;reboot', why: /";"/, command: 'upgrade' },
    { src: '10.0.0.5:bd8800-15.3.5.2-ssh.xmod', why: /expected a \.xos file/, command: 'upgrade' },
  ];
  for (const { src, why, command } of badSources) {
    it(`invalid SRC "${src}": ${command} refuses it before connecting, exit 2`, async () => {
      const run = await refused([command, ...rig.connectArgs(), '--image', src, ...(command === 'upgrade' ? ['--headless', '--yes'] : [])]);
      expectRefusal(run, 2, new RegExp(`^hitless: --image ${src.replace(/[.;]/g, '\\$&')}: .*${why.source}`));
      expect(run.received).toEqual([]);
    });
  }

  it('an invalid --xmod SRC: exit 2', async () => {
    const run = await refused(['plan', ...rig.connectArgs(), '--image', IMAGE, '--xmod', '10.0.0.5:bd8800-15.3.5.2.xos']);
    expectRefusal(run, 2, /^hitless: --xmod .*expected a \.xmod file/);
  });

  it('a malformed number or a journal that cannot be created: exit 2, before connecting', async () => {
    const upgrade = ['upgrade', ...rig.connectArgs(), '--image', IMAGE, '--headless', '--yes'];
    const [port, timeout, journal] = await Promise.all([
      refused(['status', ...connectWith('--port', '99999')]),
      refused([...upgrade, '--step-timeout', 'soon']),
      refused([...upgrade, '--journal', join(rig.dir, 'no-such-dir', 'run.jsonl')]),
    ]);
    expectRefusal(port, 2, /^hitless: --port must be a whole number from 1 to 65535, got "99999"/);
    expectRefusal(timeout, 2, /^hitless: --step-timeout must be a number from 1 to 86400 \(seconds\), got "soon"/);
    expectRefusal(journal, 2, /^hitless: cannot open journal .*no-such-dir\/run\.jsonl: no such file or folder \(ENOENT\)$/);
    for (const run of [port, timeout, journal]) expect(run.received).toEqual([]);
  });

  it('--password-env naming an unset variable: exit 2, names the variable', async () => {
    const run = await refused(['status', ...connectWith('--password-env', 'HITLESS_TEST_UNSET_VARIABLE')]);
    expectRefusal(run, 2, /^hitless: environment variable HITLESS_TEST_UNSET_VARIABLE .*is not set/);
    expect(run.received).toEqual([]);
  });

  it('connection refused: exit 2, for status, plan and upgrade', async () => {
    const port = await closedPort();
    const args = connectWith('--port', String(port));
    const runs = await Promise.all([
      refused(['status', ...args]),
      refused(['plan', ...args, '--image', IMAGE]),
      refused(['upgrade', ...args, '--image', IMAGE, '--headless', '--yes']),
    ]);
    for (const run of runs) expectRefusal(run, 2, new RegExp(`cannot reach 127\\.0\\.0\\.1:${port}: connection refused`));
  });

  it('wrong password: exit 2, authentication failed', async () => {
    const run = await refused(['status', ...rig.connectArgs()], { HITLESS_TEST_PASSWORD: 'not-the-password' });
    expectRefusal(run, 2, /^hitless: authentication failed for admin@127\.0\.0\.1:\d+/);
    expect(run.received).toEqual([]);
  });

  it('unknown host key, no --accept-new, no terminal: exit 2, names the SHA256 fingerprint', async () => {
    const args = connectWith('--accept-new').map((arg) => (arg.endsWith('known_hosts') ? join(rig.dir, 'known_hosts_empty') : arg));
    const run = await refused(['status', ...args]);
    expectRefusal(run, 2, new RegExp(`^hitless: .*${rig.sim.hostKeyFingerprint.replace(/[+/]/g, '\\$&')}.*--accept-new`));
    expect(run.received).toEqual([]);
  });

  it('changed host key: exit 2, names both fingerprints, even with --accept-new', async () => {
    const changed = knownHostsWithOtherKey(rig.dir, rig.sim.port);
    const escape = (fp: string) => fp.replace(/[+/]/g, '\\$&');
    const args = connectWith('--known-hosts', changed.file);
    const [strict, acceptNew] = await Promise.all([
      refused(['status', ...connectWith('--accept-new').map((a) => (a.endsWith('known_hosts') ? changed.file : a))]),
      refused(['status', ...args]),
    ]);
    for (const run of [strict, acceptNew]) {
      expectRefusal(run, 2, /HOST KEY CHANGED/);
      expect(run.stderr).toContain(changed.fingerprint);
      expect(run.stderr).toMatch(new RegExp(escape(rig.sim.hostKeyFingerprint)));
      expect(run.received).toEqual([]);
    }
  });

  it('unknown --simulate scenario: exit 2, names it', async () => {
    const runs = await Promise.all([
      runCli(['status', '--simulate', 'no-such-scenario']),
      runCli(['upgrade', '--simulate', 'no-such-scenario', '--headless', '--yes']),
      runCli(['simulate', '--scenario', 'no-such-scenario']),
    ]);
    for (const run of runs) expectRefusal(run, 2, /^hitless: unknown scenario "no-such-scenario"/);
  });
});

describe.concurrent('failures on the switch side', () => {
  it('image file missing on the TFTP host: exit 3, one line naming the error, nothing rebooted', async () => {
    await withRig('happy', async (rig) => {
      const run = await runAgainst(rig, ['upgrade', ...rig.connectArgs(), '--image', '10.0.0.5:bd8800-99.9.9.9.xos', '--headless', '--yes']);
      expectRefusal(run, 3, /download to MSM-B failed.*File not found/);
      expect(run.received.filter((command) => !READ_ONLY.test(command))).toEqual([
        'download image 10.0.0.5 bd8800-99.9.9.9.xos vr "VR-Mgmt" secondary msm B',
      ]);
      expect(rig.sim.chassis.master()?.slot).toBe('A');
      expect([runningOn(rig.sim, 'A'), runningOn(rig.sim, 'B')]).toEqual(['15.3.1.4', '15.3.1.4']);
      expect(rig.sim.outages).toEqual([]);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('the switch stops answering during a step: exit 4 (safe, rerun to resume), one line, no outage', async () => {
    await withRig('happy', async (rig) => {
      const proxy = await startFaultProxy(rig.sim.port);
      try {
        // --step-timeout also bounds the login, so it leaves a loaded machine time to log in.
        const args = ['upgrade', ...rig.connectArgs(proxy.port), '--image', IMAGE, '--headless', '--yes', '--json', '--step-timeout', '3', '--poll', '0.05'];
        const run = await runAgainst(rig, args, {
          onEvent: (event) => {
            // The first destructive command, as it is sent: the fewer steps run with a short timeout before it, the less a loaded machine matters.
            if (event.type === 'command' && event.step === 'install-first-backup') proxy.stall();
          },
        });
        expect(run.code, run.stdout).toBe(4);
        expect(run.stderr + run.stdout).not.toMatch(STACK_TRACE);
        expect(run.stderr).toBe('');
        const errors = run.events.filter((event) => event.type === 'error');
        expect(errors).toEqual([expect.objectContaining({ exitCode: 4, message: expect.stringMatching(/^no output for 3 s while running "download image .* msm B"/) })]);
        expect(run.events.at(-1)).toMatchObject({ type: 'run-end', exitCode: 4 });
        expect(rig.sim.outages).toEqual([]);
        expect(rig.sim.chassis.master()?.slot).toBe('A');
      } finally {
        await proxy.close();
      }
    });
  }, CLI_TEST_TIMEOUT_MS);
});
