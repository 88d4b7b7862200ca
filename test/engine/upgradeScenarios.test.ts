// Every simulator scenario through the real CLI: `hitless upgrade --headless --yes --json` over SSH.
import { afterEach, describe, expect, it } from 'vitest';
import { SCENARIOS, type ScenarioName } from '../../source/simulator/index.js';
import { destructiveCommands, runningOn, startRig, type Rig } from '../support/simulatedUpgrade.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const targetLabel = (scenario: ScenarioName) => {
  const file = SCENARIOS[scenario].suggested.image.split(/[:/]/).pop()!;
  return file.replace(/^[a-z0-9]+-/i, '').replace(/\.xos$/, '');
};

/** TFTP host form or URL form. */
const FROM = '(image 10\\.0\\.0\\.5 \\S+|url (tftp|https?)://10\\.0\\.0\\.5/\\S+)';

function fullProcedure(first: 'A' | 'B', failover: string, xmods = 0): RegExp[] {
  const second = first === 'A' ? 'B' : 'A';
  const pass = (slot: string) => [
    new RegExp(`^download ${FROM}\\.xos vr "VR-Mgmt" (primary|secondary) msm ${slot}$`),
    ...Array.from({ length: xmods }, () => new RegExp(`^download ${FROM}\\.xmod vr "VR-Mgmt" (primary|secondary) msm ${slot}$`)),
    new RegExp(`^reboot msm ${slot}$`),
  ];
  return [...pass(first), new RegExp(`^${failover}$`), ...pass(second)];
}

function expectSequence(actual: string[], expected: RegExp[]) {
  expect(actual, actual.join('\n')).toHaveLength(expected.length);
  actual.forEach((command, i) => expect(command).toMatch(expected[i]!));
}

describe('upgrade --headless --yes against the simulated chassis', () => {
  const successes: { scenario: ScenarioName; first: 'A' | 'B'; failover: string; xmods?: number }[] = [
    { scenario: 'happy', first: 'B', failover: 'run msm-failover' },
    { scenario: 'master-is-b', first: 'A', failover: 'run msm-failover' },
    { scenario: 'xmod', first: 'B', failover: 'run msm-failover', xmods: 1 },
    { scenario: 'old-release', first: 'B', failover: 'run msm-failover' },
    { scenario: 'new-release', first: 'B', failover: 'run failover' },
    { scenario: 'slow-links', first: 'B', failover: 'run msm-failover' },
  ];

  for (const { scenario, first, failover, xmods } of successes) {
    it(`${scenario}: upgrades both MSMs with exactly one download, reboot and failover each, no outage`, async () => {
      rig = await startRig(scenario);
      const run = await rig.upgrade();
      expect(run.code, run.stderr).toBe(0);
      expect(runningOn(rig.sim, 'A')).toBe(targetLabel(scenario));
      expect(runningOn(rig.sim, 'B')).toBe(targetLabel(scenario));
      expectSequence(destructiveCommands(rig.sim), fullProcedure(first, failover, xmods));
      expect(rig.sim.outages).toEqual([]);
      expect(rig.sim.chassis.master()?.slot).toBe(first);
      expect(run.events.at(-1)).toMatchObject({ type: 'run-end', exitCode: 0 });
      const answers = run.events.filter((e) => e.type === 'question').map((e) => e.type === 'question' && `${e.question.id}=${e.question.reply}`);
      expect(answers).toContain('install-after-download=y');
      expect(answers).toContain('reboot-msm=y');
    }, 60_000);
  }

  it('xmod with --failback: hands mastership back to the original master', async () => {
    rig = await startRig('xmod');
    const run = await rig.upgrade(['--failback']);
    expect(run.code, run.stderr).toBe(0);
    expect(rig.sim.chassis.master()?.slot).toBe('A');
    expectSequence(destructiveCommands(rig.sim), [...fullProcedure('B', 'run msm-failover', 1), /^run msm-failover$/]);
    expect(rig.sim.outages).toEqual([]);
  }, 60_000);

  it('a second run after success says nothing to do and sends nothing destructive', async () => {
    rig = await startRig('happy');
    expect((await rig.upgrade()).code).toBe(0);
    const before = destructiveCommands(rig.sim).length;
    const again = await rig.upgrade();
    expect(again.code).toBe(0);
    expect(destructiveCommands(rig.sim)).toHaveLength(before);
  }, 60_000);

  it('io-mismatch: refuses the I/O-module reset (answers n), stops with exit 4 and no outage', async () => {
    rig = await startRig('io-mismatch');
    const run = await rig.upgrade();
    expect(run.code).toBe(4);
    const io = run.events.find((e) => e.type === 'question' && e.question.id === 'io-module-reset');
    expect(io).toMatchObject({ question: { reply: 'n' } });
    expect(run.stderr + run.stdout).toMatch(/I\/O modules/);
    // A refusal says what to change: rerunning alone would only repeat it.
    expect(run.events.find((e) => e.type === 'error')).toMatchObject({ advice: expect.stringMatching(/roll MSM-B back with "hitless rollback --to-version 15\.3\.1\.4".*--allow-io-reset/) });
    expect(rig.sim.outages).toEqual([]);
    expect(rig.sim.chassis.master()?.slot).toBe('A');
  }, 60_000);

  it('io-mismatch with --allow-io-reset: the operator accepts the outage, and the journal says so', async () => {
    rig = await startRig('io-mismatch');
    const run = await rig.upgrade(['--allow-io-reset']);
    const io = run.events.find((e) => e.type === 'question' && e.question.id === 'io-module-reset');
    expect(io).toMatchObject({ question: { reply: 'y' } });
    expect(run.events.some((e) => e.type === 'warning' && /accepted an I\/O module reset/.test(e.message))).toBe(true);
    expect(rig.sim.outages.map((o) => o.kind)).toContain('io-modules-reset');
  }, 60_000);

  const failures: { scenario: ScenarioName; code: number; message: RegExp; changes: boolean }[] = [
    { scenario: 'not-in-sync', code: 3, message: /In Sync/i, changes: false },
    { scenario: 'contract-expired', code: 3, message: /service contract expired/i, changes: false },
    { scenario: 'tftp-unreachable', code: 3, message: /download to MSM-B failed/i, changes: false },
    { scenario: 'version-mismatch-xmod', code: 3, message: /xmod/i, changes: false },
    { scenario: 'backup-boot-fails', code: 4, message: /MSM-B/, changes: true },
  ];

  for (const { scenario, code, message, changes } of failures) {
    it(`${scenario}: stops with exit ${code}, says why on one line, no outage`, async () => {
      rig = await startRig(scenario);
      const run = await rig.upgrade(['--step-timeout', '1']);
      expect(run.code, run.stdout).toBe(code);
      const error = run.events.find((e) => e.type === 'error');
      expect(error && error.type === 'error' && error.message).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(rig.sim.outages).toEqual([]);
      const changed = destructiveCommands(rig.sim).some((c) => c.startsWith('reboot') || c.startsWith('run'));
      expect(changed).toBe(changes);
      expect(runningOn(rig.sim, 'A')).not.toBe(targetLabel(scenario));
    }, 60_000);
  }
});
