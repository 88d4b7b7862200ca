// The configuration kept safe (unsaved changes warned about or saved first, a redacted private copy beside the journal)
// and `hitless stage` followed by the window's `hitless upgrade`, through the real CLI against the simulated chassis.
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { SCENARIOS } from '../../source/simulator/index.js';
import { SIMULATED_COMMUNITY, SIMULATED_PASSWORD_HASH } from '../../source/simulator/render/showConfiguration.js';
import { contractErrors } from '../support/jsonContract.js';
import { destructiveCommands, runningOn, type Rig } from '../support/simulatedUpgrade.js';
import { CLI_TEST_TIMEOUT_MS, READ_ONLY, runAgainst, withRig } from './cliRig.js';

const IMAGE = SCENARIOS.happy.suggested.image;
const runArgs = (rig: Rig, journal: string) => [
  ...rig.connectArgs(), '--image', IMAGE, '--headless', '--yes', '--json', '--poll', '0.05', '--step-timeout', '4', '--journal', journal,
];

type RunEnd = Extract<EngineEvent, { type: 'run-end' }>;
const runEndOf = (events: EngineEvent[]) => events.find((event): event is RunEnd & { at: string } => event.type === 'run-end')!;
/** Every JSON line of a run is a hitless/1 event (the additive fields included). */
const expectContract = (events: EngineEvent[]) => {
  for (const event of events) expect(contractErrors('event', event), JSON.stringify(event).slice(0, 200)).toEqual([]);
};
const warningsOf = (events: EngineEvent[]) => events.flatMap((event) => (event.type === 'warning' ? [event.message] : []));

function expectPrivateRedactedCopy(path: string | undefined) {
  expect(path).toBeDefined();
  expect(statSync(path!).mode & 0o777).toBe(0o600);
  const copy = readFileSync(path!, 'utf8');
  expect(copy).toContain('configure snmp sysName "BD-8810"');
  expect(copy).toMatch(/^configure account \S+ encrypted \*\*\*$/m);
  expect(copy).not.toContain(SIMULATED_COMMUNITY);
  expect(copy).not.toContain(SIMULATED_PASSWORD_HASH);
}

describe.concurrent('configuration kept safe', () => {
  it('unsaved changes, headless: warned once (event, run-end), not saved, and the run goes on; the copy is private and redacted', async () =>
    withRig('unsaved-config', async (rig) => {
      const run = await runAgainst(rig, ['upgrade', ...runArgs(rig, `${rig.dir}/run.jsonl`)]);
      expect(run.code, run.stderr).toBe(0);
      const unsaved = warningsOf(run.events).filter((message) => message.includes('changes not saved'));
      expect(unsaved).toHaveLength(1);
      expect(unsaved[0]).toContain('--save-config');
      expect(runEndOf(run.events).warnings).toContain(unsaved[0]);
      expect(run.received).not.toContain('save configuration');
      expect(rig.sim.chassis.configUnsaved).toBe(true);
      const preflight = run.events.find((event) => event.type === 'decision');
      expect(preflight?.type === 'decision' && preflight.evidence.join('\n')).toContain('"* "');
      expect(runEndOf(run.events).configCopy).toBe(`${rig.dir}/run.config.txt`);
      expectPrivateRedactedCopy(runEndOf(run.events).configCopy);
    }), CLI_TEST_TIMEOUT_MS);

  it('unsaved changes with --save-config: save configuration, its question answered y, before the first destructive command', async () =>
    withRig('unsaved-config', async (rig) => {
      const run = await runAgainst(rig, ['upgrade', ...runArgs(rig, `${rig.dir}/run.jsonl`), '--save-config']);
      expect(run.code, run.stderr).toBe(0);
      expectContract(run.events);
      const changing = run.received.filter((command) => !READ_ONLY.test(command));
      expect(changing[0]).toBe('save configuration');
      expect(changing[1]).toMatch(/^download image /);
      const questions = run.events.flatMap((event) => (event.type === 'question' ? [event.question] : []));
      expect(questions[0]).toMatchObject({ id: 'save-overwrite', reply: 'y' });
      expect(warningsOf(run.events).filter((message) => message.includes('changes not saved'))).toEqual([]);
      expect(rig.sim.chassis.configUnsaved).toBe(false);
      // The download is decided on a read taken after the save: its evidence no longer names unsaved changes.
      const download = run.events.find((event) => event.type === 'confirm-request' && event.command.startsWith('download'));
      expect(download?.type === 'confirm-request' && download.evidence.join('\n')).not.toContain('"* "');
      expectPrivateRedactedCopy(runEndOf(run.events).configCopy);
    }), CLI_TEST_TIMEOUT_MS);
});

describe.concurrent('hitless stage', () => {
  it('installs on the backup only and stops (exit 0); the window upgrade then starts at the backup reboot and reuses the copy', async () =>
    withRig('happy', async (rig) => {
      const stage = await runAgainst(rig, ['stage', ...runArgs(rig, `${rig.dir}/stage.jsonl`)]);
      expect(stage.code, stage.stderr).toBe(0);
      expectContract(stage.events);
      expect(destructiveCommands(rig.sim)).toEqual([`download image 10.0.0.5 ${IMAGE.split(':')[1]} vr "VR-Mgmt" secondary msm B`]);
      expect(runningOn(rig.sim, 'B')).toBe('15.3.1.4');
      const staged = runEndOf(stage.events);
      expect(staged.summary).toMatch(/^staged: MSM-B holds 15\.3\.5\.2-patch1-5 on secondary; in the window "hitless upgrade" .*"reboot msm B"/);
      expect(staged.outcome).toBe('done');
      expect(staged.next).toBe("in the maintenance window: hitless upgrade with the same options (it starts at the backup's reboot)");

      const again = await runAgainst(rig, ['stage', ...runArgs(rig, `${rig.dir}/stage-again.jsonl`)]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.received.filter((command) => !READ_ONLY.test(command))).toEqual([]);
      expect(runEndOf(again.events).summary).toMatch(/^staged: MSM-B holds 15\.3\.5\.2-patch1-5 on secondary/);

      const window = await runAgainst(rig, ['upgrade', ...runArgs(rig, `${rig.dir}/window.jsonl`)]);
      expect(window.code, window.stderr).toBe(0);
      expectContract(window.events);
      expect(window.received.filter((command) => !READ_ONLY.test(command))[0]).toBe('reboot msm B');
      const install = window.events.find((event) => event.type === 'step-end' && event.step === 'install-first-backup');
      expect(install).toMatchObject({ outcome: 'done', detail: expect.stringMatching(/^done at staging \(\d{4}-\d\d-\d\dT/) });
      expect(runEndOf(window.events).configCopy).toBe(staged.configCopy);
      expectPrivateRedactedCopy(staged.configCopy);
    }), CLI_TEST_TIMEOUT_MS);
});
