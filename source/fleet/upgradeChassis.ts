// One chassis of a fleet: its own connection, redactor (its --password-env value included) and JSONL journal, the
// same headless upgrade as `hitless upgrade --yes`.
import { HitlessError } from '../errors.js';
import type { EngineEvent, EventSink } from '../engine/events.js';
import { connectAndUpgrade, type Confirm, type OpenGate } from '../run/performUpgrade.js';
import { openRunJournal, runEmitter, runRedactor, withRedactedErrors, type PreparedRun, type RunJournal } from '../run/prepareRun.js';
import { WriteFaults } from '../record/writeFaults.js';
import type { FleetChassis } from './fleetFile.js';
import type { ChassisOutcome } from './runFleet.js';
import type { OperatorQuestions } from '../run/ttyPrompt.js';

/** Keeps the last error and the run-end, to explain the result in one line and hand the run-end on. */
function outcomeRecorder() {
  let lastError: Extract<EngineEvent, { type: 'error' }> | undefined;
  let runEnd: Extract<EngineEvent, { type: 'run-end' }> | undefined;
  return {
    sink: (event: EngineEvent) => {
      if (event.type === 'error') lastError = event;
      if (event.type === 'run-end') runEnd = event;
    },
    detail: () => lastError?.message ?? runEnd?.summary ?? '',
    stopped: () => lastError?.kind === 'stopped',
    runEnd: () => runEnd,
  };
}

/** Runs the opens it is given one after another. */
export function oneAtATime(): OpenGate {
  let tail: Promise<unknown> = Promise.resolve();
  return (open) => {
    const run = tail.then(open);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** How the fleet view watches and drives one chassis; without it the chassis runs as `hitless upgrade --headless --yes`. */
export interface ChassisDriver {
  /** Each of the run's events, as the journal gets them. */
  sink: EventSink;
  /** Asks the operator (the view's dialog) instead of confirming every step; absent: every step confirmed (--yes). */
  confirm?: Confirm;
  /** Where password and host-key questions go (the view's dialogs), the connection's warnings then events; absent: the terminal's. */
  questions?: OperatorQuestions;
}

/**
 * @param gate wraps the credential lookup and the first session opening, where a password or host-key question may
 *   appear on the terminal; the fleet passes a one-at-a-time gate then, so questions never interleave.
 */
export async function upgradeChassis(chassis: FleetChassis, signal: AbortSignal, gate?: OpenGate, driver?: ChassisDriver): Promise<ChassisOutcome> {
  const run: PreparedRun = { options: chassis.options, target: chassis.target, redactor: runRedactor(chassis.options), writeFaults: new WriteFaults() };
  return withRedactedErrors(run.redactor, async () => {
    let journal: RunJournal;
    try {
      journal = openRunJournal(run);
    } catch (err) {
      if (!(err instanceof HitlessError)) throw err;
      return { exitCode: err.exitCode, detail: run.redactor.printable(err.message), stopped: false };
    }
    const recorder = outcomeRecorder();
    try {
      const emit = runEmitter(run, [...journal.sinks, recorder.sink, ...(driver ? [driver.sink] : [])]);
      const io = driver?.questions && { questions: driver.questions, onWarning: (message: string) => emit({ type: 'warning', message }) };
      const exitCode = await connectAndUpgrade({ run, emit, confirm: driver?.confirm ?? (async () => 'confirm'), signal, gate, ...(io && { io }) });
      const runEnd = recorder.runEnd();
      return { exitCode, detail: recorder.detail(), stopped: recorder.stopped(), ...(runEnd && { runEnd }) };
    } finally {
      journal.close();
    }
  });
}
