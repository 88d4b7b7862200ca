// MSM-A and MSM-B present different host keys; the management address moves at failover. Full
// `upgrade --headless --yes` runs through the real CLI, one after another on the same address and state folder.
import { readFileSync, unlinkSync } from 'node:fs';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SCENARIOS, startSimulator, type RunningSimulator } from '../../source/simulator/index.js';
import { tempDir, type CliOptions, type CliRun } from '../support/runCli.js';
import { destructiveCommands } from '../support/simulatedUpgrade.js';
import { PASSWORD_ENV, sshWorld, warningsOf, type SshWorld } from './sshRig.js';

const SECRET = 'Sw1tch-Secret-pw';
const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

describe('host keys per MSM across failovers', () => {
  it('pins MSM-B at its first failover, accepts it later with a warning, and stops (exit 2) on a third key', { timeout: 120_000 }, async () => {
    const keyDir = tempDir();
    const world = sshWorld();
    const journal = join(world.home, 'journal.jsonl');
    let port = 0;
    const chassis = async () => {
      const sim = await startSimulator({
        scenario: 'happy',
        speed: 0,
        port,
        hostKeyFile: join(keyDir, 'host_key'),
        hostKeyPerMsm: true,
        users: [{ username: 'admin', password: SECRET }],
      });
      running.push(sim);
      port = sim.port;
      return sim;
    };
    const upgrade = (...extra: string[]): Promise<CliRun> =>
      world.run(
        [
          'upgrade', '--host', '127.0.0.1', '--port', String(port), '--user', 'admin', '--password-env', PASSWORD_ENV,
          '--known-hosts', world.knownHosts, '--image', SCENARIOS.happy.suggested.image,
          '--headless', '--yes', '--json', '--poll', '0.05', '--step-timeout', '8', '--journal', journal, ...extra,
        ],
        { env: { [PASSWORD_ENV]: SECRET } },
      );
    const chassisKey = () => `127.0.0.1:${port}`;

    // 1. First upgrade ever: MSM-A's key is new (--accept-new); at failover MSM-B shows its own key for the first time.
    const first = await chassis();
    const { A, B } = first.hostKeyFingerprints;
    expect(A).not.toBe(B);
    const firstRun = await upgrade('--accept-new');
    expect(firstRun.code).toBe(0);
    expect(first.chassis.master()?.slot).toBe('B');
    expect(warningsOf(firstRun)).toEqual([`host key changed at failover: now MSM-B's key ${B}, seen for the first time and pinned for MSM-B (MSM-A's: ${A})`]);
    expect(world.pins()).toEqual({ [chassisKey()]: { A, B } });
    expect(readFileSync(world.knownHosts, 'utf8').trim().split('\n')).toHaveLength(1);
    await first.close();

    // 2. The same chassis (same keys, same address) upgraded again, strict host-key checking: MSM-B's pinned key is fine.
    const second = await chassis();
    const secondRun = await upgrade();
    expect(secondRun.code).toBe(0);
    expect(second.chassis.master()?.slot).toBe('B');
    expect(warningsOf(secondRun)).toEqual([`host key changed at failover: now MSM-B's key ${B}`]);
    await second.close();

    // 3. MSM-B comes back with an unrelated key: the run stops at the reconnect after failover, naming every fingerprint.
    unlinkSync(join(keyDir, 'host_key-msm-b'));
    const third = await chassis();
    const C = third.hostKeyFingerprints.B;
    expect([A, B]).not.toContain(C);
    const thirdRun = await upgrade();
    expect(thirdRun.code).toBe(2);
    const error = thirdRun.events.find((event) => event.type === 'error');
    expect(error).toMatchObject({ kind: 'host-key-changed', exitCode: 2 });
    for (const fingerprint of [A, B, C]) expect(error && 'message' in error ? error.message : '').toContain(fingerprint);
    expect(third.outages).toEqual([]);
    expect(world.pins()).toEqual({ [chassisKey()]: { A, B } });

    // No secret anywhere the runs wrote.
    const written = [firstRun, secondRun, thirdRun].map((run) => run.stdout + run.stderr).join('') + readFileSync(journal, 'utf8') +
      readFileSync(world.knownHosts, 'utf8') + JSON.stringify(world.pins());
    expect(written).not.toContain(SECRET);
  });
});

describe('a changed host key is refused before authentication, as OpenSSH does', () => {
  const start = async (options: { keyDir: string; port?: number; hostKeyPerMsm?: boolean }) => {
    const sim = await startSimulator({
      scenario: 'happy',
      speed: 0,
      port: options.port ?? 0,
      hostKeyFile: join(options.keyDir, 'host_key'),
      hostKeyPerMsm: options.hostKeyPerMsm ?? false,
      users: [{ username: 'admin', password: SECRET }],
    });
    running.push(sim);
    return sim;
  };
  const status = (world: SshWorld, port: number, ...extra: string[]) =>
    world.run(
      ['status', '--host', '127.0.0.1', '--port', String(port), '--user', 'admin', '--password-env', PASSWORD_ENV, '--known-hosts', world.knownHosts, '--json', ...extra],
      { env: { [PASSWORD_ENV]: SECRET } },
    );

  it('refuses an impostor on a pinned address with --accept-new, strict checking and StrictHostKeyChecking no', { timeout: 120_000 }, async () => {
    const world = sshWorld();
    const genuine = await start({ keyDir: tempDir() });
    const { port } = genuine;
    expect((await status(world, port, '--accept-new')).code).toBe(0);
    expect(genuine.authAttempts.some((attempt) => attempt.method === 'password')).toBe(true);
    await genuine.close();
    const knownHosts = readFileSync(world.knownHosts, 'utf8');
    const pins = world.pins();

    const impostor = await start({ keyDir: tempDir(), port });
    for (const mode of [['--accept-new'], [], ['-o', 'StrictHostKeyChecking=no']]) {
      const run = await status(world, port, ...mode);
      expect(run.code, `${mode.join(' ')}: ${run.stderr}`).toBe(2);
      const said = run.stdout + run.stderr;
      expect(said).toContain('HOST KEY CHANGED');
      for (const fingerprint of [genuine.hostKeyFingerprint, impostor.hostKeyFingerprint]) expect(said).toContain(fingerprint);
    }
    expect(impostor.authAttempts).toEqual([]);
    expect(impostor.commandLog).toEqual([]);
    expect(readFileSync(world.knownHosts, 'utf8')).toBe(knownHosts);
    expect(world.pins()).toEqual(pins);
  });

  it("refuses MSM-B's first key after a failover hitless did not perform, even with --accept-new", { timeout: 120_000 }, async () => {
    const world = sshWorld();
    const sim = await start({ keyDir: tempDir(), hostKeyPerMsm: true });
    const { A, B } = sim.hostKeyFingerprints;
    expect((await status(world, sim.port, '--accept-new')).code).toBe(0);
    sim.chassis.failover();
    await sim.chassis.waitFor((chassis) => chassis.managementReachable && chassis.master()?.slot === 'B');
    const attempts = sim.authAttempts.length;
    const commands = sim.commandLog.length;

    const run = await status(world, sim.port, '--accept-new');
    expect(run.code).toBe(2);
    for (const fingerprint of [A, B]) expect(run.stdout + run.stderr).toContain(fingerprint);
    expect(sim.authAttempts).toHaveLength(attempts);
    expect(sim.commandLog).toHaveLength(commands);
    expect(world.pins()).toEqual({ [`127.0.0.1:${sim.port}`]: { A } });
  });

  it('stops after a failover hitless performed when another chassis answers with a new key: not pinned, nothing sent but show switch', { timeout: 120_000 }, async () => {
    const world = sshWorld();
    const sim = await start({ keyDir: tempDir(), hostKeyPerMsm: true });
    const { A, B } = sim.hostKeyFingerprints;
    let afterFailover: number | undefined;
    // Another chassis takes the address during the failover gap: same scenario, another System MAC.
    sim.chassis.on('change', () => {
      if (sim.chassis.failovers === 0 || afterFailover !== undefined) return;
      afterFailover = sim.commandLog.length;
      sim.chassis.systemMac = '00:04:96:99:99:99';
    });
    const run = await world.run(
      [
        'upgrade', '--host', '127.0.0.1', '--port', String(sim.port), '--user', 'admin', '--password-env', PASSWORD_ENV,
        '--known-hosts', world.knownHosts, '--accept-new', '--image', SCENARIOS.happy.suggested.image,
        '--headless', '--yes', '--json', '--poll', '0.05', '--step-timeout', '8',
      ],
      { env: { [PASSWORD_ENV]: SECRET } },
    );
    expect(run.code).toBe(2);
    const error = run.events.find((event) => event.type === 'error');
    expect(error).toMatchObject({ kind: 'host-key-changed', exitCode: 2 });
    const message = error && 'message' in error ? error.message : '';
    for (const text of [A, B, '00:04:96:99:99:99', '00:04:96:1F:A2:60']) expect(message).toContain(text);
    expect(afterFailover).toBeDefined();
    // `disable clipaging` is every session's setup (docs/exos-cli.md); the identity read is the only command.
    expect(sim.commandLog.slice(afterFailover).map((record) => record.command)).toEqual(['disable clipaging', 'show switch']);
    expect(world.pins()).toEqual({ [`127.0.0.1:${sim.port}`]: { A } });
  });

  it('writes hashed known_hosts names with HashKnownHosts yes, which ssh-keygen -F finds', { timeout: 60_000 }, async () => {
    const world = sshWorld();
    const sim = await start({ keyDir: tempDir() });
    expect((await status(world, sim.port, '--accept-new', '-o', 'HashKnownHosts=yes')).code).toBe(0);
    const line = readFileSync(world.knownHosts, 'utf8');
    expect(line).toMatch(/^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /);
    expect(line).not.toContain('127.0.0.1');
    const found = execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${sim.port}`, '-f', world.knownHosts], { encoding: 'utf8' });
    expect(found).toContain(`Host [127.0.0.1]:${sim.port} found`);
    expect((await status(world, sim.port)).code).toBe(0);
  });
});

describe("a run killed right after it sent the failover: the rerun may pin MSM-B's first key, on the same terms", () => {
  const MAC_BEFORE = '00:04:96:1F:A2:60';
  const killedAfterFailover = async () => {
    const world = sshWorld();
    const sim = await startSimulator({
      scenario: 'happy',
      speed: 0,
      hostKeyFile: join(tempDir(), 'host_key'),
      hostKeyPerMsm: true,
      users: [{ username: 'admin', password: SECRET }],
    });
    running.push(sim);
    const upgrade = (options: CliOptions = {}, hostKeys = ['--accept-new']) =>
      world.run(
        [
          'upgrade', '--host', '127.0.0.1', '--port', String(sim.port), '--user', 'admin', '--password-env', PASSWORD_ENV,
          '--known-hosts', world.knownHosts, ...hostKeys, '--image', SCENARIOS.happy.suggested.image,
          '--headless', '--yes', '--json', '--poll', '0.05', '--step-timeout', '8',
        ],
        { ...options, env: { [PASSWORD_ENV]: SECRET } },
      );
    let child: ChildProcess | undefined;
    sim.chassis.on('change', () => {
      if (sim.chassis.failovers > 0) child?.kill('SIGKILL');
    });
    const first = await upgrade({ onEvent: (_event, process) => (child = process) });
    expect(first.signal).toBe('SIGKILL');
    expect(destructiveCommands(sim).at(-1)).toBe('run msm-failover');
    await sim.chassis.waitFor((chassis) => chassis.managementReachable && chassis.master()?.slot === 'B');
    const runState = JSON.parse(readFileSync(join(world.stateHome, 'hitless', 'runs', `127.0.0.1_${sim.port}.json`), 'utf8')) as {
      state: { lastDestructive?: unknown };
    };
    expect(runState.state.lastDestructive).toEqual({ command: 'run msm-failover', sentAt: expect.any(Number), failoverFrom: { systemMac: MAC_BEFORE } });
    const { A, B } = sim.hostKeyFingerprints;
    expect(world.pins()).toEqual({ [`127.0.0.1:${sim.port}`]: { A } });
    return { world, sim, upgrade, A, B };
  };

  it("pins MSM-B's key once the chassis shows the System MAC from before the failover, and finishes", { timeout: 150_000 }, async () => {
    const { world, sim, upgrade, A, B } = await killedAfterFailover();
    const rerun = await upgrade();
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(warningsOf(rerun)).toContain(`host key changed at failover: now MSM-B's key ${B}, seen for the first time and pinned for MSM-B (MSM-A's: ${A})`);
    expect(world.pins()).toEqual({ [`127.0.0.1:${sim.port}`]: { A, B } });
    expect(destructiveCommands(sim).filter((command) => command.includes('failover'))).toEqual(['run msm-failover']);
    expect(sim.chassis.master()?.slot).toBe('B');
    expect(sim.outages).toEqual([]);
  });

  it('stops (exit 2) when another chassis answers the rerun: not pinned, nothing sent but the session setup and show switch', { timeout: 150_000 }, async () => {
    const { world, sim, upgrade, A, B } = await killedAfterFailover();
    sim.chassis.systemMac = '00:04:96:99:99:99';
    const before = sim.commandLog.length;
    const rerun = await upgrade();
    expect(rerun.code).toBe(2);
    const error = rerun.events.find((event) => event.type === 'error');
    expect(error).toMatchObject({ kind: 'host-key-changed', exitCode: 2 });
    const message = error && 'message' in error ? error.message : '';
    for (const text of [A, B, '00:04:96:99:99:99', MAC_BEFORE]) expect(message).toContain(text);
    expect(sim.commandLog.slice(before).map((record) => record.command)).toEqual(['disable clipaging', 'show switch']);
    expect(world.pins()).toEqual({ [`127.0.0.1:${sim.port}`]: { A } });

    // The refusal kept the run state: once the genuine chassis answers again, the next rerun pins MSM-B and finishes.
    sim.chassis.systemMac = MAC_BEFORE;
    const genuine = await upgrade();
    expect(genuine.code, genuine.stderr).toBe(0);
    expect(world.pins()).toEqual({ [`127.0.0.1:${sim.port}`]: { A, B } });
  });

  it('in strict mode the rerun refuses the new key as changed, saying the interrupted upgrade can be rerun with --accept-new', { timeout: 150_000 }, async () => {
    const { world, sim, upgrade, A, B } = await killedAfterFailover();
    const before = sim.authAttempts.length;
    const strict = await upgrade({}, []);
    expect(strict.code).toBe(2);
    const said = strict.stdout + strict.stderr;
    for (const text of [A, B, 'HOST KEY CHANGED', 'the rerun of an upgrade interrupted after it sent one']) expect(said).toContain(text);
    expect(sim.authAttempts).toHaveLength(before);
    expect(world.pins()).toEqual({ [`127.0.0.1:${sim.port}`]: { A } });
  });
});
