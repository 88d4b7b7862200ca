// What the operator should do after a run, decided in one place from how it ended: the run-end event carries it
// (`next`, and the summary of a stop), so the screen, the summary left after the full-screen console, the headless text
// and the JSON all give the same advice — and a refusal says what to change, never just "rerun".
import { EXIT, type ErrorKind, type ExitCode } from '../errors.js';
import type { MsmSlot } from '../exos/chassisState.js';
import type { RollbackOutcome } from '../engine/events.js';

export interface RunEndFacts {
  exitCode: ExitCode;
  /** The run's last error event; `advice` is the engine's own when rerunning alone would not help. */
  error?: { kind: ErrorKind; message?: string; advice?: string };
  /** The rollback of a backup that did not come up, when there was one; `consoleLines`: its console showed the failure. */
  rollback?: { slot: MsmSlot; outcome: RollbackOutcome; message: string; to: string; consoleLines: boolean };
  /** The MSM that was MASTER at the run's first read and the one at its last, when they differ (no failback). */
  mastership?: { first: MsmSlot; last: MsmSlot };
  /** What the final verify found lost since the baseline (the operator accepted it), on one line. */
  regressions?: string;
  /** `hitless stage` ended staged: what the backup holds and how the window goes on. */
  staged?: string;
  /** The copy of the configuration as it was before the first destructive step. */
  configCopy?: string;
  /** The chassis was the embedded simulated one (--simulate, --simulate-from): it ends with the run. */
  simulated?: boolean;
}

const OUTCOME_LABEL: Record<ExitCode, string> = {
  [EXIT.ok]: 'done',
  [EXIT.internal]: 'internal error',
  [EXIT.usage]: 'bad input',
  [EXIT.precondition]: 'a precondition failed; nothing was changed',
  [EXIT.stoppedSafe]: 'stopped in a safe state',
};

export const RERUN_TO_RESUME = 'rerun the same command to resume';
/** A stop of a run on the embedded simulated chassis: there is nothing to resume, the next run gets a new one. */
const RERUN_SIMULATED =
  'rerun the same command to start again on a new simulated chassis (this one ended with the run; to rehearse a resume, serve one with hitless simulate and connect to it)';

/** The error kinds `hitless plan` explains: a precondition of the procedure, or a wait for one that gave up. */
const PLAN_NAMES: readonly ErrorKind[] = ['precondition', 'timeout'];

function afterRollback({ slot, outcome, to, consoleLines }: NonNullable<RunEndFacts['rollback']>): string {
  switch (outcome) {
    case 'done':
      return (
        `the upgrade did not happen: find out why MSM-${slot} failed on the new release ` +
        `(${consoleLines ? 'its console lines are in the journal' : 'hitless did not watch its console: --console-' + slot.toLowerCase() + ' does'}) before trying again`
      );
    case 'not-offered':
      return `MSM-${slot} is not rolled back: rerun with --rollback-on-failure, or recover it from its console as the line above says`;
    case 'declined':
      return `MSM-${slot} was left as it is: roll it back with "hitless rollback --to-version ${to}" (same connection options), or from its console, before upgrading again`;
    case 'refused':
    case 'failed':
      return `recover MSM-${slot} from its console as the line above says, then check the chassis before upgrading again`;
  }
}

function afterStop(error: RunEndFacts['error'], simulated: boolean): string {
  const rerun = simulated ? RERUN_SIMULATED : RERUN_TO_RESUME;
  if (!error || error.kind === 'stopped') return rerun;
  return `deal with the cause the error names, then ${rerun}`;
}

/** What to do next, true for this outcome. */
export function nextStep({ exitCode, error, rollback, regressions, staged, simulated = false }: RunEndFacts): string {
  if (rollback) return afterRollback(rollback);
  if (exitCode === EXIT.ok) {
    if (staged) return 'in the maintenance window: hitless upgrade with the same options (it starts at the backup\'s reboot)';
    return regressions
      ? `the upgrade is done, but ${regressions}: check them (hitless status --json lists the modules and ports) before closing the change`
      : 'nothing: the run is complete';
  }
  if (error?.advice) return error.advice;
  switch (exitCode) {
    case EXIT.internal:
      return 'report it as a bug, with the journal';
    case EXIT.usage:
      return error?.kind === 'host-key-changed' || error?.kind === 'host-key-unknown'
        ? 'check the host key as the error says, then run again'
        : 'correct what the error names, then run again';
    case EXIT.precondition:
      return error && !PLAN_NAMES.includes(error.kind)
        ? 'deal with the cause the error names, then run again'
        : 'run again once the chassis meets it (hitless plan names the preconditions that fail now)';
    case EXIT.stoppedSafe:
      return afterStop(error, simulated);
  }
}

/** The run-end summary: the outcome (or where a rollback left the chassis) and, after a stop, what to do next. */
export function runEndSummary(facts: RunEndFacts): string {
  if (facts.rollback) return facts.rollback.message;
  if (facts.exitCode === EXIT.ok) {
    if (facts.regressions) return `done with regressions: ${facts.regressions}`;
    if (facts.staged) return facts.staged;
    const moved = facts.mastership;
    return moved ? `done; MSM-${moved.last} stays MASTER (MSM-${moved.first} was when the run began; no failback)` : OUTCOME_LABEL[EXIT.ok];
  }
  const label = OUTCOME_LABEL[facts.exitCode];
  return facts.exitCode === EXIT.stoppedSafe ? `${label}; ${nextStep(facts)}` : label;
}
