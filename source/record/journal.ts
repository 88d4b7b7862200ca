// Append-only JSONL journal. Each event is written on its own line the moment it is announced: once written, the
// operating system holds it, so a killed process (SIGKILL included) leaves a valid file with every announced event.
// fsync only matters when the machine itself goes down; it runs at step boundaries and on close, never per event, so a
// crash of the machine loses at most the events of the step in progress. Events arrive redacted: the run's emitter
// redacts each one once for all of its sinks (Redactor.sink).
import { closeSync, fsync, fsyncSync, writeSync } from 'node:fs';
import type { EngineEvent } from '../engine/events.js';
import { HitlessError, EXIT } from '../errors.js';
import { openPrivateFile } from '../privateFiles.js';

export interface Journal {
  write(event: EngineEvent): void;
  close(): void;
}

/** Events after which the journal is made durable: a step begins or ends, the operator is asked or answers, the run ends. */
const STEP_BOUNDARIES: ReadonlySet<EngineEvent['type']> = new Set(['step-start', 'step-end', 'confirm-request', 'confirm-response', 'error', 'run-end']);

export function openJournal(path: string): Journal {
  let fd: number;
  try {
    fd = openPrivateFile(path, 'a');
  } catch (err) {
    throw new HitlessError('usage', `cannot open journal ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, EXIT.usage);
  }
  const durability = backgroundSync(fd);
  return {
    write(event) {
      writeSync(fd, JSON.stringify(event) + '\n');
      if (STEP_BOUNDARIES.has(event.type)) durability.sync();
    },
    close() {
      fsyncSync(fd);
      durability.closeWhenIdle();
    },
  };
}

/**
 * fsync away from the thread that draws the screen: on a slow or busy disk (a home directory on NFS, a loaded build
 * machine) one fsync can take seconds, and the console must not freeze for it. One runs at a time; boundaries reached
 * meanwhile share the next one, which covers every line written before it starts.
 */
function backgroundSync(fd: number): { sync(): void; closeWhenIdle(): void } {
  let running = false;
  let wanted = false;
  let closing = false;
  const start = (): void => {
    running = true;
    wanted = false;
    fsync(fd, () => {
      running = false;
      if (closing) closeSync(fd);
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
      if (!running) closeSync(fd);
    },
  };
}
