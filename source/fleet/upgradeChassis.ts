// One chassis of a fleet: its own connection, redactor (its --password-env value included) and JSONL journal, the
// same headless upgrade as `hitless upgrade --yes`.
import { HitlessError } from '../errors.js';
import type { EngineEvent } from '../engine/events.js';
import { connectAndUpgrade, type OpenGate } from '../run/performUpgrade.js';
import { openRunJournal, runEmitter, runRedactor, withRedactedErrors, type PreparedRun, type RunJournal } from '../run/prepareRun.js';
import { WriteFaults } from '../record/writeFaults.js';
import type { FleetChassis } from './fleetFile.js';
import type { ChassisOutcome } from './runFleet.js';

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

/**
 * @param gate wraps the credential lookup and the first session opening, where a password or host-key question may
 *   appear on the terminal; the fleet passes a one-at-a-time gate then, so questions never interleave.
 */
export async function upgradeChassis(chassis: FleetChassis, signal: AbortSignal, gate?: OpenGate): Promise<ChassisOutcome> {
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
      const emit = runEmitter(run, [...journal.sinks, recorder.sink]);
      const exitCode = await connectAndUpgrade({ run, emit, confirm: async () => 'confirm', signal, gate });
      const runEnd = recorder.runEnd();
      return { exitCode, detail: recorder.detail(), stopped: recorder.stopped(), ...(runEnd && { runEnd }) };
    } finally {
      journal.close();
    }
  });
}
