// Append-only JSONL journal. Each event is written and fsync'ed on its own line, so a killed process leaves a valid
// file that holds every event that was announced. Events arrive redacted: the run's emitter redacts each one once for
// all of its sinks (Redactor.sink).
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import type { EngineEvent } from '../engine/events.js';
import { HitlessError, EXIT } from '../errors.js';

export interface Journal {
  write(event: EngineEvent): void;
  close(): void;
}

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
      fsyncSync(fd);
    },
    close() {
      closeSync(fd);
    },
  };
}
