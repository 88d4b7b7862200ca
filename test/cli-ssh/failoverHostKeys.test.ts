// MSM-A and MSM-B present different host keys; the management address moves at failover. Full
// `upgrade --headless --yes` runs through the real CLI, one after another on the same address and state folder.
import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SCENARIOS, startSimulator, type RunningSimulator } from '../../source/simulator/index.js';
import { tempDir, type CliRun } from '../support/runCli.js';
import { PASSWORD_ENV, sshWorld, warningsOf } from './sshRig.js';

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
