// Append-only JSONL journal. Each event is written on its own line the moment it is announced: once written, the
// operating system holds it, so a killed process (SIGKILL included) leaves a valid file with every announced event.
// fsync only matters when the machine itself goes down; it runs at step boundaries and on close, never per event, so a
// crash of the machine loses at most the events of the step in progress. Events arrive redacted: the run's emitter
// redacts each one once for all of its sinks (Redactor.sink).
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { EngineEvent } from '../engine/events.js';
import { HitlessError, EXIT } from '../errors.js';

export interface Journal {
  write(event: EngineEvent): void;
  close(): void;
}

/** Events after which the journal is made durable: a step begins or ends, the operator is asked or answers, the run ends. */
const STEP_BOUNDARIES: ReadonlySet<EngineEvent['type']> = new Set(['step-start', 'step-end', 'confirm-request', 'confirm-response', 'error', 'run-end']);

export function openJournal(path: string): Journal {
  let fd: number;
  try {
    fd = openSync(path, 'a', 0o600);
  } catch (err) {
    throw new HitlessError('usage', `cannot open journal ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, EXIT.usage);
  }
  return {
    write(event) {
      writeSync(fd, JSON.stringify(event) + '\n');
      if (STEP_BOUNDARIES.has(event.type)) fsyncSync(fd);
    },
    close() {
      fsyncSync(fd);
      closeSync(fd);
    },
  };
}
