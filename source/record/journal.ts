// Append-only JSONL journal. Each event is written on its own line the moment it is announced: once written, the
// operating system holds it, so a killed process (SIGKILL included) leaves a valid file with every announced event.
// fsync only matters when the machine itself goes down; it runs at step boundaries and on close, never per event, so a
// crash of the machine loses at most the events of the step in progress. Events arrive redacted: the run's emitter
// redacts each one once for all of its sinks (Redactor.sink). A write or fsync that fails (a full disk) leaves the
// journal at its last whole line and is reported to `onFailure` once; the journal then takes nothing more.
import { fsync } from 'node:fs';
import type { EngineEvent } from '../engine/events.js';
import { LineFile, type WriteFailure } from './lineFile.js';

export interface Journal {
  write(event: EngineEvent): void;
  close(): void;
}

/** Events after which the journal is made durable: a step begins or ends, the operator is asked or answers, the run ends. */
const STEP_BOUNDARIES: ReadonlySet<EngineEvent['type']> = new Set(['step-start', 'step-end', 'confirm-request', 'confirm-response', 'error', 'run-end']);

/** Shown while they happen, not kept: two a second for the whole of a transfer would drown the journal. */
const NOT_JOURNALED: ReadonlySet<EngineEvent['type']> = new Set(['transfer-progress']);

export function openJournal(path: string, onFailure: WriteFailure = () => {}): Journal {
  const file = LineFile.open(path, 'append', 'journal', onFailure);
  const durability = backgroundSync(file);
  return {
    write(event) {
      if (NOT_JOURNALED.has(event.type)) return;
      if (file.writeLine(JSON.stringify(event)) && STEP_BOUNDARIES.has(event.type)) durability.sync();
    },
    close() {
      file.sync();
      durability.closeWhenIdle();
    },
  };
}

/**
 * fsync away from the thread that draws the screen: on a slow or busy disk (a home directory on NFS, a loaded build
 * machine) one fsync can take seconds, and the console must not freeze for it. One runs at a time; boundaries reached
 * meanwhile share the next one, which covers every line written before it starts.
 */
function backgroundSync(file: LineFile): { sync(): void; closeWhenIdle(): void } {
  let running = false;
  let wanted = false;
  let closing = false;
  const start = (): void => {
    running = true;
    wanted = false;
    fsync(file.fd, (err) => {
      running = false;
      if (err) file.fail(err);
      if (closing) file.close();
      else if (wanted) start();
    });
  };
  return {
    sync() {
      if (running) wanted = true;
      else start();
    },
    closeWhenIdle() {
      closing = true;
      if (!running) file.close();
    },
  };
}
