// The one owner of the run's checklist steps: which step is open, which attempts ended how and when. Only legal
// transitions exist: a step starts when no step is open (once per attempt: again only after that attempt ended), and
// only the open step ends, once. The engine moves it and emits the step-start/step-end it returns; the screen, the
// journal's timings, the run-end `steps`, the recordings' markers and `hitless report` fold those same events back
// through it, so every reader tells the same story.
import { STEP_IDS, type StepId, type StepState } from './types.js';

export type StepOutcome = 'done' | 'skipped' | 'failed';

/** A transition of the ledger, shaped as the event that announces it. */
export type StepChange =
  | { type: 'step-start'; step: StepId; command?: string }
  | { type: 'step-end'; step: StepId; outcome: StepOutcome; detail?: string };

/** One attempt of a step in this run (the journal's timings; run-end `steps`). */
export interface StepTiming {
  step: StepId;
  startedAt: string;
  endedAt?: string;
  durationMs?: number;
  outcome?: StepOutcome;
}

interface Attempt {
  step: StepId;
  startedAtMs: number;
  endedAtMs?: number;
  outcome?: StepOutcome;
  /** While open: what to say if it ends done (e.g. "… installed to secondary on MSM-B"); once ended: what its end said. */
  detail?: string;
}

export interface StepLedger {
  /** Every attempt, in the order they started; only the last can be open. */
  readonly attempts: readonly Attempt[];
}

export const EMPTY_LEDGER: StepLedger = { attempts: [] };

/** What a step at the first look already is: done, or skipped (failback not asked for). */
const FINISHED_AT_FIRST_LOOK: ReadonlySet<StepState> = new Set<StepState>(['done', 'skipped']);

/** Detail of a step that was already done (or not asked for) when the run first saw it current or passed it. */
export const FOUND_DONE_DETAIL = 'already done when observed';
export const NOT_ASKED_DETAIL = 'not asked for';

export class IllegalStepTransition extends Error {}

const lastOf = (ledger: StepLedger): Attempt | undefined => ledger.attempts.at(-1);

const lastAttemptOf = (ledger: StepLedger, step: StepId): Attempt | undefined =>
  [...ledger.attempts].reverse().find((attempt) => attempt.step === step);

export function openStep(ledger: StepLedger): StepId | undefined {
  const last = lastOf(ledger);
  return last && last.endedAtMs === undefined ? last.step : undefined;
}

/** The one rule set: returns the ledger after `change`, or throws IllegalStepTransition. */
export function applyStepChange(ledger: StepLedger, change: StepChange, atMs: number): StepLedger {
  const open = openStep(ledger);
  if (change.type === 'step-start') {
    if (open !== undefined) throw new IllegalStepTransition(`${change.step} cannot start while ${open} is open`);
    return { attempts: [...ledger.attempts, { step: change.step, startedAtMs: atMs }] };
  }
  if (open !== change.step) throw new IllegalStepTransition(`${change.step} cannot end: ${open ?? 'no step'} is open`);
  const last = lastOf(ledger)!;
  return { attempts: [...ledger.attempts.slice(0, -1), { ...last, endedAtMs: atMs, outcome: change.outcome, detail: change.detail }] };
}

/** Folds an event read back (a journal, the screen): a transition the rules refuse (an old journal's) changes nothing. */
export function foldStepEvent(ledger: StepLedger, event: { type: string }, atMs: number): StepLedger {
  if (event.type !== 'step-start' && event.type !== 'step-end') return ledger;
  try {
    return applyStepChange(ledger, event as StepChange, atMs);
  } catch (err) {
    if (err instanceof IllegalStepTransition) return ledger;
    throw err;
  }
}

/** Where the engine moves the ledger; each method returns the transitions it made, in order, to announce. */
export class StepDriver {
  private ledger: StepLedger = EMPTY_LEDGER;

  constructor(private readonly now: () => number) {}

  get open(): StepId | undefined {
    return openStep(this.ledger);
  }

  /**
   * Makes `step` the open step: ends the open one (done), gives every earlier step this run never started its pair
   * (as `checklist` shows it: done, or skipped), then starts `step`. Nothing when `step` is already open.
   */
  moveTo(step: StepId, checklist?: Partial<Record<StepId, StepState>>, command?: string): StepChange[] {
    if (this.open === step) return [];
    const changes = this.endOpen('done');
    const seen = new Set(this.ledger.attempts.map((attempt) => attempt.step));
    for (const passed of STEP_IDS.slice(0, STEP_IDS.indexOf(step))) {
      if (seen.has(passed)) continue;
      const state = checklist?.[passed] ?? 'done';
      if (!FINISHED_AT_FIRST_LOOK.has(state)) continue;
      const outcome = state as 'done' | 'skipped';
      changes.push(...this.apply({ type: 'step-start', step: passed }));
      changes.push(...this.apply({ type: 'step-end', step: passed, outcome, detail: outcome === 'done' ? FOUND_DONE_DETAIL : NOT_ASKED_DETAIL }));
    }
    changes.push(...this.apply({ type: 'step-start', step, ...(command ? { command } : {}) }));
    return changes;
  }

  /** Ends the open step, if one is; a `done` without `detail` says what `noteDetail` kept. */
  endOpen(outcome: StepOutcome, detail?: string): StepChange[] {
    const open = lastOf(this.ledger);
    if (this.open === undefined || !open) return [];
    const said = detail ?? (outcome === 'done' ? open.detail : undefined);
    return this.apply({ type: 'step-end', step: open.step, outcome, ...(said ? { detail: said } : {}) });
  }

  /** What the open step will say when it ends done. */
  noteDetail(detail: string): void {
    const last = lastOf(this.ledger);
    if (this.open === undefined || !last) return;
    this.ledger = { attempts: [...this.ledger.attempts.slice(0, -1), { ...last, detail }] };
  }

  private apply(change: StepChange): StepChange[] {
    this.ledger = applyStepChange(this.ledger, change, this.now());
    return [change];
  }
}

/** Milliseconds the open step's attempt has taken so far, or the last attempt of `step` took. */
export function attemptDurationMs(ledger: StepLedger, step: StepId, atMs: number): number | undefined {
  const attempt = lastAttemptOf(ledger, step);
  return attempt && (attempt.endedAtMs ?? atMs) - attempt.startedAtMs;
}

/** Every attempt in the order it started: one at a time, so their durations add up to at most the run's length. */
export function stepTimings(ledger: StepLedger): StepTiming[] {
  return ledger.attempts.map(({ step, startedAtMs, endedAtMs, outcome }) => ({
    step,
    startedAt: new Date(startedAtMs).toISOString(),
    ...(endedAtMs !== undefined ? { endedAt: new Date(endedAtMs).toISOString(), durationMs: endedAtMs - startedAtMs, outcome } : {}),
  }));
}

/** The step's state as far as the ledger knows it: running while open, its last attempt's outcome, else pending. */
export function stepStateOf(ledger: StepLedger, step: StepId): StepState {
  const attempt = lastAttemptOf(ledger, step);
  if (!attempt) return 'pending';
  return attempt.outcome ?? 'running';
}
