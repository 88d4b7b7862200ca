// One chassis of a fleet: its own connection, redactor (its --password-env value included) and JSONL journal, the
// same headless upgrade as `hitless upgrade --yes`.
import { HitlessError } from '../errors.js';
import { warnOnStderr } from '../privateFiles.js';
import type { EngineEvent, EventSink } from '../engine/events.js';
import { connectAndUpgrade, type Confirm } from '../run/performUpgrade.js';
import { openRunJournal, runEmitter, runRedactor, withRedactedErrors, type PreparedRun, type RunJournal } from '../run/prepareRun.js';
import { StreamRedactor } from '../record/streamRedactor.js';
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

/** How the fleet watches and drives one chassis; without any of it the chassis runs as `hitless upgrade --headless --yes`. */
export interface ChassisDriver {
  /** Each of the run's events, as the journal gets them. */
  sink?: EventSink;
  /** Asks the operator (the view's dialog) instead of confirming every step; absent: every step confirmed (--yes). */
  confirm?: Confirm;
  /** Where password and host-key questions go (the view's dialogs), the connection's warnings then events; absent: the terminal's. */
  questions?: OperatorQuestions;
  /** The switch's raw output, redacted like the single-chassis console's (a secret split over chunks too). */
  onOutput?: (text: string) => void;
}

export async function upgradeChassis(chassis: FleetChassis, signal: AbortSignal, driver: ChassisDriver = {}): Promise<ChassisOutcome> {
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
    const output = driver.onOutput && new StreamRedactor(run.redactor, driver.onOutput);
    try {
      const emit = runEmitter(run, [...journal.sinks, recorder.sink, ...(driver.sink ? [driver.sink] : [])]);
      // The view shows a connection's warning as the chassis' last event; on the terminal it names the chassis.
      const onWarning = driver.questions ? (message: string) => emit({ type: 'warning', message }) : (message: string) => warnOnStderr(`${chassis.name}: ${message}`);
      const io = { onWarning, ...(driver.questions && { questions: driver.questions }), ...(output && { onOutput: (chunk: string) => output.push(chunk) }) };
      const exitCode = await connectAndUpgrade({ run, emit, confirm: driver.confirm ?? (async () => 'confirm'), signal, io });
      const runEnd = recorder.runEnd();
      return { exitCode, detail: recorder.detail(), stopped: recorder.stopped(), ...(runEnd && { runEnd }) };
    } finally {
      output?.flush();
      journal.close();
    }
  });
}
