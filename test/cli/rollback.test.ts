// `hitless rollback` and `plan --rollback` through the real CLI against the simulated chassis: the whole chassis back
// to the release on the other partitions with `use image` (no download, no outage), a plan that sends only reads,
// and a refusal (exit 3) when the MSMs do not both hold the release.
import { describe, expect, it } from 'vitest';
import type { PlannedStep } from '../../source/procedure/plan.js';
import { FOUND_DONE_DETAIL } from '../../source/procedure/stepLedger.js';
import { STEP_IDS } from '../../source/procedure/types.js';
import { runCli } from '../support/runCli.js';
import { expectStepPairs } from '../support/stepPairs.js';
import { destructiveCommands, runningOn } from '../support/simulatedUpgrade.js';
import { CLI_TEST_TIMEOUT_MS, chassisSnapshot, READ_ONLY, runAgainst, STACK_TRACE, withRig } from './cliRig.js';

const ROLLBACK_COMMANDS = [
  'use image partition primary msm B',
  'reboot msm B',
  'run msm-failover',
  'use image partition primary msm A',
  'reboot msm A',
];

describe.concurrent('hitless rollback', () => {
  it('upgraded, with the release named: takes both MSMs back to 15.3.1.4 with use image, one at a time, no download, no outage', async () =>
    withRig('upgraded', async (rig) => {
      const journal = `${rig.dir}/journal.jsonl`;
      const run = await runAgainst(rig, ['rollback', ...rig.connectArgs(), '--to-version', '15.3.1.4', '--headless', '--yes', '--json', '--poll', '0.05', '--journal', journal]);
      expect(run.code, run.stderr).toBe(0);
      expect(destructiveCommands(rig.sim)).toEqual(ROLLBACK_COMMANDS);
      expect(runningOn(rig.sim, 'A')).toBe('15.3.1.4');
      expect(runningOn(rig.sim, 'B')).toBe('15.3.1.4');
      expect(rig.sim.outages).toEqual([]);
      const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; mode?: string; target?: string });
      expect(events[0]).toMatchObject({ type: 'run-start', mode: 'rollback', target: 'rollback to 15.3.1.4' });
      expect(events.at(-1)).toMatchObject({ type: 'run-end', exitCode: 0, configCopy: `${rig.dir}/journal.config.txt` });

      const again = await runAgainst(rig, ['rollback', ...rig.connectArgs(), '--to-version', '15.3.1.4', '--headless', '--yes', '--json']);
      expect(again.code, again.stderr).toBe(0);
      expect(destructiveCommands(rig.sim)).toEqual(ROLLBACK_COMMANDS);
    }), CLI_TEST_TIMEOUT_MS);

  it('without a recorded upgrade of this chassis: refuses (exit 3) naming the release it would go to and --to-version, sends nothing', async () =>
    withRig('upgraded', async (rig) => {
      const run = await runAgainst(rig, ['rollback', ...rig.connectArgs(), '--headless', '--yes', '--poll', '0.05']);
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/not rolling back to 15\.3\.1\.4 without it named: hitless has no record of upgrading this chassis from 15\.3\.1\.4$/m);
      expect(run.stdout).toMatch(/next: if 15\.3\.1\.4 is the release to go back to, rerun with --to-version 15\.3\.1\.4$/m);
      expect(destructiveCommands(rig.sim)).toEqual([]);
      const plan = await runAgainst(rig, ['plan', '--rollback', ...rig.connectArgs()]);
      expect(plan.code).toBe(3);
      expect(plan.stderr).toMatch(/without it named.*next: if 15\.3\.1\.4 is the release to go back to, rerun with --to-version 15\.3\.1\.4$/m);
    }), CLI_TEST_TIMEOUT_MS);

  it('after hitless upgraded this chassis: rollback goes back to the release it began from without --to-version', async () =>
    withRig('happy', async (rig) => {
      const upgrade = await rig.upgrade();
      expect(upgrade.code, upgrade.stderr).toBe(0);
      const run = await runAgainst(rig, ['rollback', ...rig.connectArgs(), '--headless', '--yes', '--poll', '0.05']);
      expect(run.code, run.stderr).toBe(0);
      expect(runningOn(rig.sim, 'A')).toBe('15.3.1.4');
      expect(runningOn(rig.sim, 'B')).toBe('15.3.1.4');
    }), CLI_TEST_TIMEOUT_MS);

  it('happy, never upgraded by hitless: no silent major downgrade to 12.6.3.3 (exit 3 naming it); with --to-version it goes', async () => {
    const run = await runCli(['rollback', '--simulate', 'happy', '--speed', '0', '--poll', '0.05', '--headless', '--yes']);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/not rolling back to 12\.6\.3\.3 without it named: .* and 12\.6\.3\.3 is a major release back from 15\.3\.1\.4$/m);
    expect(run.stdout).toMatch(/rerun with --to-version 12\.6\.3\.3$/m);
    expect(run.stdout).not.toMatch(/> (use image|reboot|run )/);
    const named = await runCli(['rollback', '--simulate', 'happy', '--to-version', '12.6.3.3', '--speed', '0', '--poll', '0.05', '--headless', '--yes']);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toMatch(/run-start|rollback .* target rollback to 12\.6\.3\.3/);
  }, CLI_TEST_TIMEOUT_MS);

  it('a rollback killed after the first reboot resumes to the same release on the rerun, repeating nothing', async () =>
    withRig('upgraded', async (rig) => {
      const args = ['rollback', ...rig.connectArgs(), '--to-version', '15.3.1.4', '--headless', '--yes', '--json', '--poll', '0.05'];
      const first = await runAgainst(rig, args, {
        onEvent: (event, child) => {
          if (event.type === 'step-end' && event.step === 'reboot-first-backup') child.kill('SIGKILL');
        },
      });
      expect(first.signal).toBe('SIGKILL');
      expect(destructiveCommands(rig.sim)).toEqual(ROLLBACK_COMMANDS.slice(0, 2));
      const rerun = await runAgainst(rig, args);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(rerun.stdout).toContain('resuming the rollback to 15.3.1.4 begun by an earlier run');
      expect(destructiveCommands(rig.sim)).toEqual(ROLLBACK_COMMANDS);
      // The resumed run tells every step once, in order: those the first run did as done when observed.
      const pairs = expectStepPairs(rerun.events, 'resumed rollback');
      expect(pairs).toEqual(STEP_IDS.map((step) => `${step}:${step === 'failback' ? 'skipped' : 'done'}`));
      const foundDone = rerun.events.flatMap((event) => (event.type === 'step-end' && event.detail === FOUND_DONE_DETAIL ? [event.step] : []));
      expect(foundDone).toEqual(expect.arrayContaining(['install-first-backup', 'reboot-first-backup']));
      expect(foundDone).not.toContain('failover');
      expect(rig.sim.outages).toEqual([]);
    }), CLI_TEST_TIMEOUT_MS);

  it('plan --rollback lists the use image steps and sends only reads', async () =>
    withRig('upgraded', async (rig) => {
      const before = chassisSnapshot(rig);
      const run = await runAgainst(rig, ['plan', '--rollback', '--to-version', '15.3.1.4', ...rig.connectArgs(), '--json']);
      expect(run.code, run.stderr).toBe(0);
      for (const command of run.received) expect(command).toMatch(READ_ONLY);
      expect(chassisSnapshot(rig)).toBe(before);
      const { steps } = JSON.parse(run.stdout) as { steps: PlannedStep[] };
      expect(steps.flatMap((step) => (step.command ? [step.command] : []))).toEqual(ROLLBACK_COMMANDS);
      expect(steps[0]?.evidence).toContain('primary of MSM-B holds 15.3.1.4 but is not selected for the next boot: select it, no download');
    }), CLI_TEST_TIMEOUT_MS);

  it('replaced-msm: refuses with exit 3 and one line, sends nothing', async () =>
    withRig('replaced-msm', async (rig) => {
      const run = await runAgainst(rig, ['rollback', ...rig.connectArgs(), '--headless', '--yes']);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/cannot roll back: the MSMs do not hold the same release on their other partition \(MSM-A 12\.6\.3\.3, MSM-B none\): nothing to roll back to$/m);
      expect(run.stdout).toMatch(/next: nothing to roll back to: /);
      expect(run.stdout).not.toContain('hitless plan names');
      expect(run.stderr).not.toMatch(STACK_TRACE);
      for (const command of run.received) expect(command).toMatch(READ_ONLY);
      const plan = await runAgainst(rig, ['plan', '--rollback', ...rig.connectArgs()]);
      expect(plan.code).toBe(3);
      expect(plan.stderr).toMatch(/cannot roll back/);
    }), CLI_TEST_TIMEOUT_MS);

  it('refuses --image with a rollback and --to-version without one (exit 2)', async () => {
    const withImage = await runCli(['rollback', '--simulate', 'upgraded', '--image', '10.0.0.5:bd8800-15.3.1.4.xos']);
    expect(withImage.code).toBe(2);
    expect(withImage.stderr).toMatch(/a rollback downloads nothing/);
    const stray = await runCli(['upgrade', '--simulate', 'happy', '--to-version', '15.3.1.4']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--to-version is for hitless rollback/);
  }, CLI_TEST_TIMEOUT_MS);
});
