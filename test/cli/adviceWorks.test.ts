// Every way a run ends names its cause and a next step that works from that state: where the advice is a command,
// it is run against the same simulated chassis and must get it where the advice says.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/runCli.js';
import { destructiveCommands, runningOn } from '../support/simulatedUpgrade.js';
import { CLI_TEST_TIMEOUT_MS, runAgainst, withRig } from './cliRig.js';

interface RunEnd {
  type: 'run-end';
  exitCode: number;
  summary: string;
  next: string;
  outcome: string;
  changed: boolean;
  regressed?: boolean;
  health?: { regressions: Array<{ kind: string; name?: string }> };
}

const runEndOf = (stdout: string): RunEnd => JSON.parse(stdout.trim().split('\n').at(-1)!) as RunEnd;

/** The hitless command an advice quotes, e.g. `hitless rollback --to-version 15.3.1.4`, as arguments. */
function quotedCommand(next: string): string[] {
  const quoted = /"hitless ([^"]+)"/.exec(next);
  expect(quoted, next).not.toBeNull();
  return quoted![1]!.split(' ');
}

const FAST = ['--poll', '0.05', '--step-timeout', '4', '--health-settle', '1'];

describe.concurrent('the advice at the end of a run works', () => {
  it('io-mismatch: names the split of releases and the rollback of MSM-B, which then ends it (both on 15.3.1.4, In Sync)', async () =>
    withRig('io-mismatch', async (rig) => {
      const stopped = runEndOf((await rig.upgrade()).stdout);
      expect(stopped).toMatchObject({ exitCode: 4, changed: true });
      expect(stopped.next).toMatch(/^MSM-B now runs 15\.3\.5\.2-patch1-5 while the MASTER MSM-A runs 15\.3\.1\.4: roll MSM-B back with "hitless rollback --to-version 15\.3\.1\.4"/);
      const advised = await runAgainst(rig, [...quotedCommand(stopped.next), ...rig.connectArgs(), '--headless', '--yes', '--json', ...FAST]);
      expect(advised.code, advised.stdout.slice(-2000)).toBe(0);
      expect(runningOn(rig.sim, 'A')).toBe('15.3.1.4');
      expect(runningOn(rig.sim, 'B')).toBe('15.3.1.4');
      expect(rig.sim.chassis.master()?.slot).toBe('A');
      expect(advised.received).not.toContain('run msm-failover');
      expect(rig.sim.outages).toEqual([]);
    }), CLI_TEST_TIMEOUT_MS);

  it('backup-boot-fails, not rolled back: "hitless rollback --to-version" (the advice after a declined rollback) takes the FAIL backup back without waiting for BACKUP; --rollback-on-failure is named too', async () =>
    withRig('backup-boot-fails', async (rig) => {
      const stopped = runEndOf((await rig.upgrade()).stdout);
      expect(stopped).toMatchObject({ exitCode: 4 });
      expect(stopped.next).toMatch(/--rollback-on-failure/);
      expect(rig.sim.chassis.msm.B.nodeState).toBe('FAIL');
      const before = destructiveCommands(rig.sim).length;
      const advised = await runAgainst(rig, ['rollback', '--to-version', '15.3.1.4', ...rig.connectArgs(), '--headless', '--yes', '--json', ...FAST]);
      expect(advised.code, advised.stdout.slice(-2000)).toBe(0);
      expect(destructiveCommands(rig.sim).slice(before)).toEqual(['use image partition primary msm B', 'reboot msm B']);
      expect(runningOn(rig.sim, 'B')).toBe('15.3.1.4');
      expect(rig.sim.chassis.msm.B).toMatchObject({ role: 'backup', inSync: true });
      expect(runEndOf(advised.stdout).summary).toBe('done');
    }), CLI_TEST_TIMEOUT_MS);

  it('backup-boot-fails: the advice to rerun with --rollback-on-failure rolls it back; without a console the journal is not said to hold its lines', async () =>
    withRig('backup-boot-fails', async (rig) => {
      expect(runEndOf((await rig.upgrade()).stdout).exitCode).toBe(4);
      const rerun = runEndOf((await rig.upgrade(['--rollback-on-failure'])).stdout);
      expect(rerun).toMatchObject({ exitCode: 4 });
      expect(rerun.summary).toMatch(/rolled back to 15\.3\.1\.4 and In Sync again/);
      expect(rerun.next).toMatch(/^the upgrade did not happen: find out why MSM-B failed/);
      expect(rerun.next).not.toContain('in the journal');
      expect(rig.sim.chassis.msm.B).toMatchObject({ role: 'backup', inSync: true });
    }), CLI_TEST_TIMEOUT_MS);

  it('headless without --yes is bad input (exit 2); the advice (rerun with --yes) then completes the upgrade', async () =>
    withRig('happy', async (rig) => {
      const refused = await runAgainst(rig, ['upgrade', ...rig.connectArgs(), '--image', '10.0.0.5:bd8800-15.3.5.2-patch1-5.xos', '--headless', '--json', ...FAST]);
      expect(refused.code).toBe(2);
      expect(runEndOf(refused.stdout)).toMatchObject({ outcome: 'bad-input', changed: false, next: expect.stringMatching(/^rerun the same command with --yes/) });
      expect(runEndOf((await rig.upgrade()).stdout)).toMatchObject({ exitCode: 0, outcome: 'done' });
    }), CLI_TEST_TIMEOUT_MS);

  it('contract-expired and tftp-unreachable: the cause is named (contract; the TFTP host and the VR), not "hitless plan", and nothing changed', async () => {
    const run = (scenario: string) => runCli(['upgrade', '--simulate', scenario, '--speed', '0', ...FAST, '--headless', '--yes', '--json']);
    const [contract, tftp] = await Promise.all([run('contract-expired'), run('tftp-unreachable')]);
    expect(runEndOf(contract.stdout)).toMatchObject({ exitCode: 3, changed: false, summary: 'a precondition failed; nothing was changed' });
    expect(runEndOf(contract.stdout).next).toMatch(/service contract is expired: renew it/);
    expect(runEndOf(tftp.stdout)).toMatchObject({ exitCode: 3, changed: false });
    expect(runEndOf(tftp.stdout).next).toMatch(/^check the TFTP host 10\.0\.0\.5 .* from the VR VR-Mgmt \(--vr\)/);
    for (const end of [contract, tftp].map((r) => runEndOf(r.stdout))) expect(end.next).not.toContain('hitless plan');
  }, CLI_TEST_TIMEOUT_MS);

  it('slot-fail accepted: done with regressions, naming the slot (run-end regressed, health), never "nothing"', async () => {
    const journal = join(tempDir(), 'slot-fail.jsonl');
    const run = await runCli(['upgrade', '--simulate', 'slot-fail', '--speed', '0', ...FAST, '--headless', '--yes', '--json', '--accept-health-regression', '--journal', journal]);
    const end = runEndOf(run.stdout);
    const report = await runCli(['report', journal]);
    expect(report.stdout).toMatch(/^Outcome: {2}exit 0 — done with regressions: I\/O modules not Operational since the upgrade began: Slot-3 \(Failed/m);
    expect(report.stdout).toMatch(/lost: I\/O modules not Operational since the upgrade began: Slot-3/);
    expect(end).toMatchObject({ exitCode: 0, outcome: 'done', regressed: true, summary: expect.stringMatching(/^done with regressions: .*Slot-3 \(Failed/) });
    expect(end.health?.regressions).toContainEqual(expect.objectContaining({ kind: 'module', name: 'Slot-3' }));
    expect(end.next).toMatch(/^the upgrade is done, but .*Slot-3/);
    expect(end.next).not.toMatch(/^nothing/);
  }, CLI_TEST_TIMEOUT_MS);

  it('port-loss: the stop names --accept-health-regression; the rerun with it finishes as done with regressions naming the ports', async () =>
    withRig('port-loss', async (rig) => {
      const stopped = await rig.upgrade(['--health-settle', '0.5']);
      expect(runEndOf(stopped.stdout)).toMatchObject({ exitCode: 4, next: 'deal with the cause the error names, then rerun the same command to resume' });
      expect(stopped.stdout).toMatch(/"type":"error".*--accept-health-regression to continue anyway/);
      const rerun = runEndOf((await rig.upgrade(['--health-settle', '0.5', '--accept-health-regression'])).stdout);
      expect(rerun).toMatchObject({ exitCode: 0, regressed: true, summary: expect.stringMatching(/^done with regressions: ports down since the upgrade began: 2:3 \(esx-07-vmnic0\), 2:4/) });
    }), CLI_TEST_TIMEOUT_MS);

  it('not-in-sync: exit 3 sends the operator to hitless plan, and plan names the precondition that fails', async () => {
    const run = await runCli(['upgrade', '--simulate', 'not-in-sync', '--speed', '0', '--poll', '0.05', '--step-timeout', '1', '--headless', '--yes', '--json']);
    expect(runEndOf(run.stdout)).toMatchObject({ exitCode: 3, changed: false, next: 'run again once the chassis meets it (hitless plan names the preconditions that fail now)' });
    const plan = await runCli(['plan', '--simulate', 'not-in-sync']);
    expect(plan.stdout).toMatch(/^ {2}FAIL .*In Sync/m);
  }, CLI_TEST_TIMEOUT_MS);

  it('master-is-b without --failback: the summary says MSM-A stays MASTER and MSM-B was before', async () => {
    const run = await runCli(['upgrade', '--simulate', 'master-is-b', '--speed', '0', ...FAST, '--headless', '--yes', '--json']);
    expect(runEndOf(run.stdout).summary).toBe('done; MSM-A stays MASTER (MSM-B was when the run began; no failback)');
  }, CLI_TEST_TIMEOUT_MS);
});
