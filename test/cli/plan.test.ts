// `hitless plan` through the real CLI against the simulated chassis: the exact commands, the switch questions with
// hitless' answers, the evidence — and nothing but `show` commands reach the switch.
import { describe, expect, it } from 'vitest';
import { formatPlan, formatPreconditions } from '../../source/cli/planCommand.js';
import type { PlannedStep } from '../../source/procedure/plan.js';
import { parseUpgradeArgs } from '../../source/run/args.js';
import { timingFrom } from '../../source/run/performUpgrade.js';
import type { ScenarioName } from '../../source/simulator/index.js';
import { destructiveCommands, type Rig } from '../support/simulatedUpgrade.js';
import { CLI_TEST_TIMEOUT_MS, chassisSnapshot, READ_ONLY, runAgainst, withRig } from './cliRig.js';

const TARGET = 'bd8800-15.3.5.2-patch1-5.xos';
const XMOD = 'bd8800-15.3.5.2-patch1-5-ssh.xmod';
const download = (file: string, partition: string, slot: string) => `download image 10.0.0.5 ${file} vr "VR-Mgmt" ${partition} msm ${slot}`;

/** Runs `plan` with and without --json; both runs must leave the chassis as it was and send only reads. */
async function plan(rig: Rig, extra: string[]) {
  const before = chassisSnapshot(rig);
  const args = ['plan', ...rig.connectArgs(), ...extra];
  const [text, json] = await Promise.all([runAgainst(rig, args), runAgainst(rig, [...args, '--json'])]);
  expect(text.stderr).toBe('');
  expect(json.stderr).toBe('');
  for (const run of [text, json]) {
    expect(run.received.length).toBeGreaterThan(0);
    for (const command of run.received) expect(command).toMatch(READ_ONLY);
  }
  expect(destructiveCommands(rig.sim)).toEqual([]);
  expect(chassisSnapshot(rig)).toBe(before);
  const { steps } = JSON.parse(json.stdout) as { steps: PlannedStep[] };
  return { text, json, steps };
}

const commandsOf = (steps: PlannedStep[]) => steps.flatMap((step) => (step.command ? [step.command] : []));
const answersOf = (step: PlannedStep | undefined) => Object.fromEntries((step?.questions ?? []).map((q) => [q.id, q.answer]));
const stepNamed = (steps: PlannedStep[], name: string) => steps.find((step) => step.step === name);

/** The numbered lines of the text plan: "step: command-or-description". */
const textSteps = (stdout: string) => stdout.split('\n').flatMap((line) => /^\s*\d+\. (.*)$/.exec(line)?.[1] ?? []);

describe.concurrent('hitless plan', () => {
  const fullRuns: { scenario: ScenarioName; image: string; first: 'A' | 'B'; failover: string }[] = [
    { scenario: 'happy', image: `10.0.0.5:${TARGET}`, first: 'B', failover: 'run msm-failover' },
    { scenario: 'master-is-b', image: `10.0.0.5:${TARGET}`, first: 'A', failover: 'run msm-failover' },
  ];
  for (const { scenario, image, first, failover } of fullRuns) {
    it(`${scenario}: prints the exact commands, questions with answers and evidence, as text and as JSON`, async () => {
      await withRig(scenario, async (rig) => {
        const { text, json, steps } = await plan(rig, ['--image', image]);
        expect(text.code).toBe(0);
        expect(json.code).toBe(0);
        const second = first === 'A' ? 'B' : 'A';
        const expected = [download(TARGET, 'secondary', first), `reboot msm ${first}`, failover, download(TARGET, 'secondary', second), `reboot msm ${second}`];
        expect(commandsOf(steps)).toEqual(expected);

        // The text shows the same steps, in the same order, with the same commands.
        expect(text.stdout).toMatch(new RegExp(`^ {2}ok {4}MSM-${first} is In Sync$`, 'm'));
        expect(text.stdout).not.toContain('FAIL');
        const lines = textSteps(text.stdout);
        expect(lines).toHaveLength(steps.length);
        steps.forEach((step, i) => expect(lines[i]).toMatch(new RegExp(`^${step.step}: `)));
        for (const command of expected) expect(lines).toContain(`${stepNamed(steps, steps.find((s) => s.command === command)!.step)!.step}: ${command}`);

        for (const step of steps) {
          for (const q of step.questions) expect(text.stdout).toContain(`if the switch asks: "${q.text}" -> answer "${q.answer}"`);
        }
        expect(answersOf(stepNamed(steps, 'install-first-backup'))).toEqual({ 'install-after-download': 'y' });
        expect(answersOf(stepNamed(steps, 'reboot-first-backup'))).toEqual({ 'reboot-msm': 'y' });
        expect(answersOf(stepNamed(steps, 'failover'))).toMatchObject({ 'failover-confirm': 'y', 'io-module-reset': 'n' });
        expect(text.stdout).toContain(`"Are you sure you want to reboot MSM-${first}? (y/N)" -> answer "y"`);
        expect(text.stdout).toMatch(/all I\/O modules will be reset.*" -> answer "n"/);

        const failoverEvidence = stepNamed(steps, 'failover')!.evidence;
        expect(failoverEvidence).toContain(`MSM-${second} is MASTER`);
        expect(failoverEvidence).toContain(`MSM-${first} is BACKUP (In Sync)`);
        for (const line of failoverEvidence) expect(text.stdout).toContain(`because: ${line}`);
        expect(steps.at(-1)).toMatchObject({ step: 'verify', action: { kind: 'done' } });
        expect(json.stdout.trim().split('\n')).toHaveLength(1);
      });
    }, CLI_TEST_TIMEOUT_MS);
  }

  it('new-release: the failover spelling this release knows ("run failover") and the URL form of download', async () => {
    await withRig('new-release', async (rig) => {
      const url = 'http://10.0.0.5/images/bdx8-30.7.1.1.xos';
      const { text, steps } = await plan(rig, ['--image', url]);
      expect(text.code).toBe(0);
      expect(commandsOf(steps)).toEqual([
        `download url ${url} vr "VR-Mgmt" secondary msm B`,
        'reboot msm B',
        'run failover',
        `download url ${url} vr "VR-Mgmt" secondary msm A`,
        'reboot msm A',
      ]);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('a chassis already at the target: one step, nothing to do, exit 0', async () => {
    await withRig('happy', async (rig) => {
      const { text, steps } = await plan(rig, ['--image', '10.0.0.5:bd8800-15.3.1.4.xos']);
      expect(text.code).toBe(0);
      expect(steps).toHaveLength(1);
      expect(steps[0]).toMatchObject({ action: { kind: 'done' } });
      expect(commandsOf(steps)).toEqual([]);
      expect(textSteps(text.stdout)).toEqual([expect.stringMatching(/done — both MSMs run 15\.3\.1\.4/)]);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('--failback: a second failover hands mastership back to MSM-A at the end', async () => {
    await withRig('happy', async (rig) => {
      const { text, steps } = await plan(rig, ['--image', `10.0.0.5:${TARGET}`, '--failback']);
      expect(text.code).toBe(0);
      expect(commandsOf(steps)).toEqual([
        download(TARGET, 'secondary', 'B'),
        'reboot msm B',
        'run msm-failover',
        download(TARGET, 'secondary', 'A'),
        'reboot msm A',
        'run msm-failover',
      ]);
      expect(stepNamed(steps, 'failback')).toMatchObject({ command: 'run msm-failover' });
      expect(steps.at(-1)).toMatchObject({ step: 'verify', action: { kind: 'done', detail: expect.stringMatching(/MSM-A is MASTER/) } });
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('--xmod: each MSM gets the core image and then the .xmod, on the same partition, before its reboot', async () => {
    await withRig('xmod', async (rig) => {
      const { text, json, steps } = await plan(rig, ['--image', `10.0.0.5:${TARGET}`, '--xmod', `10.0.0.5:${XMOD}`]);
      expect(text.code).toBe(0);
      expect(commandsOf(steps)).toEqual([
        download(TARGET, 'secondary', 'B'),
        download(XMOD, 'secondary', 'B'),
        'reboot msm B',
        'run msm-failover',
        download(TARGET, 'secondary', 'A'),
        download(XMOD, 'secondary', 'A'),
        'reboot msm A',
      ]);
      expect(text.received).toContain('show version images');
      expect(json.received).toContain('show version images');
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('not-in-sync: says which precondition fails now and what the upgrade would do about it, exit 3; the wait shows its deadline', async () => {
    await withRig('not-in-sync', async (rig) => {
      const { text, json, steps } = await plan(rig, ['--image', `10.0.0.5:${TARGET}`]);
      expect(text.code).toBe(3);
      expect(json.code).toBe(3);
      expect(text.stdout).toMatch(/^ {2}ok {4}MSM-B is BACKUP$/m);
      expect(text.stdout).toMatch(/^ {2}FAIL {2}MSM-B is In Sync: MSM-B is BACKUP \(Not In Sync\)$/m);
      expect(text.stdout).toContain('Not ready now: the upgrade would wait at most 2m00s (fixed 120 s limit) for it, then stop with exit 3 before changing anything.');
      expect(textSteps(text.stdout)[0]).toMatch(/^preflight: wait — waiting for MSM-B to be BACKUP \(In Sync\).*; gives up after 2m00s \(fixed 120 s limit\)$/);
      expect(steps[0]).toMatchObject({ step: 'preflight', action: { kind: 'wait' } });
      const { preconditions } = JSON.parse(json.stdout) as { preconditions: { need: string; holds: boolean }[] };
      expect(preconditions.filter((p) => !p.holds).map((p) => p.need)).toEqual(['MSM-B is In Sync']);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('--step-timeout shorter than the fixed limit is the limit that applies, and says so', () => {
    const wait: PlannedStep = { step: 'preflight', action: { kind: 'wait', step: 'preflight', until: 'backup-in-sync', detail: 'waiting' }, questions: [], evidence: [] };
    const failing = [{ need: 'MSM-B is In Sync', holds: false, actually: 'MSM-B is BACKUP (Not In Sync)' }];
    const timing = timingFrom(parseUpgradeArgs(['--simulate', 'not-in-sync', '--step-timeout', '90']));
    expect(formatPreconditions(failing, [wait], timing, 3)).toContain('the upgrade would wait at most 1m30s (--step-timeout) for it, then stop with exit 3');
    expect(formatPlan([wait], timing)).toContain('preflight: wait — waiting; gives up after 1m30s (--step-timeout)');
  });

  it('an .xmod built for another core version: the plan says it stops, with exit 3, before any command', async () => {
    await withRig('version-mismatch-xmod', async (rig) => {
      const { text, json, steps } = await plan(rig, ['--image', `10.0.0.5:${TARGET}`, '--xmod', '10.0.0.5:bd8800-15.3.1.4-ssh.xmod']);
      expect(text.code).toBe(3);
      expect(json.code).toBe(3);
      expect(commandsOf(steps)).toEqual([]);
      expect(steps.at(-1)).toMatchObject({ action: { kind: 'stop', exitCode: 3 } });
      expect(text.stdout).toMatch(/STOP \(exit 3\).*xmod/);
    });
  }, CLI_TEST_TIMEOUT_MS);
});
