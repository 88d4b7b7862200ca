// One chassis of a fleet: its own connection and JSONL journal, the same headless upgrade as `hitless upgrade --yes`.
import { HitlessError } from '../errors.js';
import { createEmitter } from '../engine/emitter.js';
import type { EngineEvent } from '../engine/events.js';
import { prepareConnection, type Connection } from '../run/connect.js';
import { performUpgrade } from '../cli/upgradeCommand.js';
import { openJournal, type Journal } from '../record/journal.js';
import type { FleetChassis } from './fleetFile.js';
import type { ChassisOutcome } from './runFleet.js';

/** Keeps the last error and the run's summary, to explain the result in one line. */
function outcomeRecorder() {
  let lastError: Extract<EngineEvent, { type: 'error' }> | undefined;
  let summary = '';
  return {
    sink: (event: EngineEvent) => {
      if (event.type === 'error') lastError = event;
      if (event.type === 'run-end') summary = event.summary;
    },
    detail: () => lastError?.message ?? summary,
    stopped: () => lastError?.kind === 'stopped',
  };
}

export type OpenGate = <T>(open: () => Promise<T>) => Promise<T>;

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
export async function upgradeChassis(chassis: FleetChassis, signal: AbortSignal, gate: OpenGate = (open) => open()): Promise<ChassisOutcome> {
  let journal: Journal;
  try {
    journal = openJournal(chassis.journal);
  } catch (err) {
    if (!(err instanceof HitlessError)) throw err;
    return { exitCode: err.exitCode, detail: err.message, stopped: false };
  }
  const recorder = outcomeRecorder();
  const emit = createEmitter([(event) => journal.write(event), recorder.sink]);
  try {
    let connection: Connection;
    try {
      connection = await gate(() => prepareConnection(chassis.options));
    } catch (err) {
      if (!(err instanceof HitlessError)) throw err;
      emit({ type: 'error', kind: err.kind, message: err.message, exitCode: err.exitCode });
      return { exitCode: err.exitCode, detail: err.message, stopped: false };
    }
    try {
      let opened = false;
      const openSession = () => (opened ? connection.openSession() : ((opened = true), gate(connection.openSession)));
      const gated: Connection = { ...connection, openSession };
      const exitCode = await performUpgrade({ options: chassis.options, target: chassis.target, connection: gated, emit, confirm: async () => 'confirm', signal });
      return { exitCode, detail: recorder.detail(), stopped: recorder.stopped() };
    } finally {
      await connection.close();
    }
  } finally {
    journal.close();
  }
}
