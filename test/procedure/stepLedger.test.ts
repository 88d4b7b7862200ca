// The step ledger: only legal transitions, one attempt at a time, and the pairs of the steps a run passes.
import { describe, expect, it } from 'vitest';
import { checklistFor } from '../../source/procedure/checklist.js';
import {
  applyStepChange,
  EMPTY_LEDGER,
  foldStepEvent,
  FOUND_DONE_DETAIL,
  IllegalStepTransition,
  NOT_ASKED_DETAIL,
  StepDriver,
  type StepChange,
  stepStateOf,
  stepTimings,
} from '../../source/procedure/stepLedger.js';
import type { UpgradeTarget } from '../../source/procedure/types.js';

const target = { failback: false } as UpgradeTarget;

describe('the step ledger', () => {
  it('refuses a start while a step is open, an end of a step that is not open, and a second end', () => {
    const open = applyStepChange(EMPTY_LEDGER, { type: 'step-start', step: 'preflight' }, 0);
    expect(() => applyStepChange(open, { type: 'step-start', step: 'failover' }, 1)).toThrow(IllegalStepTransition);
    expect(() => applyStepChange(open, { type: 'step-end', step: 'failover', outcome: 'done' }, 1)).toThrow(/failover cannot end: preflight is open/);
    expect(() => applyStepChange(EMPTY_LEDGER, { type: 'step-end', step: 'preflight', outcome: 'done' }, 1)).toThrow(/no step is open/);
    const ended = applyStepChange(open, { type: 'step-end', step: 'preflight', outcome: 'done' }, 5);
    expect(() => applyStepChange(ended, { type: 'step-end', step: 'preflight', outcome: 'done' }, 6)).toThrow(IllegalStepTransition);
    expect(stepTimings(ended)).toEqual([{ step: 'preflight', startedAt: '1970-01-01T00:00:00.000Z', endedAt: '1970-01-01T00:00:00.005Z', durationMs: 5, outcome: 'done' }]);
  });

  it('reading events back ignores what the rules refuse (an old journal\'s second step-end)', () => {
    const events = [
      { type: 'step-start', step: 'install-first-backup' },
      { type: 'step-end', step: 'install-first-backup', outcome: 'done' },
      { type: 'step-end', step: 'install-first-backup', outcome: 'done' },
      { type: 'decision' },
    ] as const;
    const ledger = events.reduce((folded, event, i) => foldStepEvent(folded, event, i * 1000), EMPTY_LEDGER);
    expect(stepTimings(ledger)).toEqual([expect.objectContaining({ step: 'install-first-backup', durationMs: 1000 })]);
  });

  it('moving to a step ends the open one and gives the steps passed at their first look a pair, failback skipped', () => {
    let now = 0;
    const driver = new StepDriver(() => now);
    expect(driver.moveTo('preflight')).toEqual([{ type: 'step-start', step: 'preflight' }]);
    now = 10;
    const changes = driver.moveTo('verify', checklistFor({ kind: 'done', step: 'verify', detail: '' }, target));
    expect(changes.map((change) => `${change.type} ${change.step}${change.type === 'step-end' ? ` ${change.outcome}` : ''}`)).toEqual([
      'step-end preflight done',
      ...['install-first-backup', 'reboot-first-backup', 'sync-first-backup', 'failover', 'reconnect-new-master', 'install-second-backup', 'reboot-second-backup', 'sync-second-backup']
        .flatMap((step) => [`step-start ${step}`, `step-end ${step} done`]),
      'step-start failback',
      'step-end failback skipped',
      'step-start verify',
    ]);
    expect(changes).toContainEqual({ type: 'step-end', step: 'sync-first-backup', outcome: 'done', detail: FOUND_DONE_DETAIL });
    expect(changes).toContainEqual({ type: 'step-end', step: 'failback', outcome: 'skipped', detail: NOT_ASKED_DETAIL });
    expect(driver.moveTo('verify')).toEqual([]);
  });

  it('a step that failed starts again as a new attempt; attempts are one at a time and add up to the run', () => {
    let now = 0;
    const driver = new StepDriver(() => now);
    const folded: { change: StepChange; at: number }[] = [];
    const record = (changes: StepChange[]) => folded.push(...changes.map((change) => ({ change, at: now })));
    record(driver.moveTo('failover', undefined, 'run msm-failover'));
    now = 3;
    record(driver.endOpen('failed', 'the link dropped while the command ran'));
    now = 4;
    record(driver.moveTo('failover'));
    driver.noteDetail('MSM-B is MASTER');
    now = 9;
    record(driver.endOpen('done'));
    record(driver.endOpen('done'));
    expect(folded.slice(-4).map(({ change }) => change)).toEqual([
      { type: 'step-start', step: 'failover', command: 'run msm-failover' },
      { type: 'step-end', step: 'failover', outcome: 'failed', detail: 'the link dropped while the command ran' },
      { type: 'step-start', step: 'failover' },
      { type: 'step-end', step: 'failover', outcome: 'done', detail: 'MSM-B is MASTER' },
    ]);
    const ledger = folded.reduce((sum, { change, at }) => foldStepEvent(sum, change, at), EMPTY_LEDGER);
    expect(stepStateOf(ledger, 'failover')).toBe('done');
    expect(stepStateOf(ledger, 'verify')).toBe('pending');
    const timings = stepTimings(ledger).filter((timing) => timing.step === 'failover');
    expect(timings.map((timing) => [timing.outcome, timing.durationMs])).toEqual([['failed', 3], ['done', 5]]);
  });
});
