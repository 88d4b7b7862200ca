// The advice after a run is decided once, from how it ended: true for that outcome, and a refusal says what to change.
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../source/errors.js';
import { nextStep, RERUN_TO_RESUME, runEndSummary } from '../../source/run/nextStep.js';

const IO_RESET_ADVICE = 'rerunning alone repeats this refusal: make the I/O module images match, or rerun with --allow-io-reset only if an outage is acceptable';

describe('nextStep', () => {
  it('after the I/O-module-reset refusal: what to change (--allow-io-reset), never "rerun the same command"', () => {
    const facts = { exitCode: EXIT.stoppedSafe, error: { kind: 'switch-error' as const, advice: IO_RESET_ADVICE } };
    expect(nextStep(facts)).toBe(IO_RESET_ADVICE);
    expect(runEndSummary(facts)).toBe(`stopped in a safe state; ${IO_RESET_ADVICE}`);
    expect(runEndSummary(facts)).not.toContain(RERUN_TO_RESUME);
  });

  it('after the operator stopped: rerun the same command to resume (the summary as it always read)', () => {
    const facts = { exitCode: EXIT.stoppedSafe, error: { kind: 'stopped' as const } };
    expect(nextStep(facts)).toBe(RERUN_TO_RESUME);
    expect(runEndSummary(facts)).toBe('stopped in a safe state; rerun the same command to resume');
  });

  it('after a stop on an error without advice: the cause first, then resume', () => {
    expect(nextStep({ exitCode: EXIT.stoppedSafe, error: { kind: 'timeout' } })).toBe(`deal with the cause the error names, then ${RERUN_TO_RESUME}`);
  });

  it('a stop on the embedded simulated chassis: the rerun starts again on a new one, never "resume" (nothing is left to resume)', () => {
    for (const error of [{ kind: 'stopped' as const }, { kind: 'timeout' as const }]) {
      const advice = nextStep({ exitCode: EXIT.stoppedSafe, error, simulated: true });
      expect(advice).not.toContain(RERUN_TO_RESUME);
      expect(advice).toContain('rerun the same command to start again on a new simulated chassis');
      expect(advice).toContain('hitless simulate');
    }
    expect(runEndSummary({ exitCode: EXIT.stoppedSafe, error: { kind: 'stopped' }, simulated: true })).toMatch(/^stopped in a safe state; rerun the same command to start again/);
  });

  it('a failed precondition changed nothing: run again once it holds, with plan naming what fails', () => {
    const facts = { exitCode: EXIT.precondition, error: { kind: 'timeout' as const } };
    expect(nextStep(facts)).toMatch(/^run again once the chassis meets it \(hitless plan names/);
    expect(runEndSummary(facts)).toBe('a precondition failed; nothing was changed');
  });

  it('after a rollback: never "rerun to resume"; the summary is the rollback line', () => {
    const done = { exitCode: EXIT.stoppedSafe, error: { kind: 'stopped' as const }, rollback: { slot: 'B' as const, outcome: 'done' as const, message: 'MSM-B rolled back', to: '15.3.1.4', consoleLines: true } };
    expect(nextStep(done)).toMatch(/^the upgrade did not happen: find out why MSM-B failed .*\(its console lines are in the journal\)/);
    expect(nextStep({ ...done, rollback: { ...done.rollback, consoleLines: false } })).not.toContain('in the journal');
    expect(nextStep({ ...done, rollback: { ...done.rollback, outcome: 'declined' } })).toContain('"hitless rollback --to-version 15.3.1.4"');
    expect(runEndSummary(done)).toBe('MSM-B rolled back');
    for (const outcome of ['not-offered', 'declined', 'refused', 'failed'] as const) {
      expect(nextStep({ ...done, rollback: { ...done.rollback, outcome } })).not.toContain(RERUN_TO_RESUME);
    }
    expect(nextStep({ ...done, rollback: { ...done.rollback, outcome: 'not-offered' } })).toContain('--rollback-on-failure');
  });

  it('a precondition plan cannot explain (a switch refusal) does not send the operator to plan', () => {
    expect(nextStep({ exitCode: EXIT.precondition, error: { kind: 'switch-error' } })).toBe('deal with the cause the error names, then run again');
  });

  it('done with an accepted regression: the summary and the advice name it, never "nothing"', () => {
    const facts = { exitCode: EXIT.ok, regressions: 'I/O modules not Operational since the upgrade began: slot 3 (Failed)' };
    expect(runEndSummary(facts)).toBe('done with regressions: I/O modules not Operational since the upgrade began: slot 3 (Failed)');
    expect(nextStep(facts)).toMatch(/^the upgrade is done, but I\/O modules not Operational .*slot 3/);
    expect(runEndSummary({ exitCode: EXIT.ok, mastership: { first: 'A', last: 'B' } })).toBe('done; MSM-B stays MASTER (MSM-A was when the run began; no failback)');
  });

  it('done, bad input, internal error: each its own', () => {
    expect(nextStep({ exitCode: EXIT.ok })).toBe('nothing: the run is complete');
    expect(runEndSummary({ exitCode: EXIT.ok })).toBe('done');
    expect(nextStep({ exitCode: EXIT.usage, error: { kind: 'auth' } })).toBe('correct what the error names, then run again');
    expect(nextStep({ exitCode: EXIT.usage, error: { kind: 'host-key-changed' } })).toBe('check the host key as the error says, then run again');
    expect(nextStep({ exitCode: EXIT.internal })).toBe('report it as a bug, with the journal');
  });
});
