// The journal writes every event the moment it is announced (a killed process leaves them all), and fsyncs only at
// step boundaries and on close.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openJournal } from '../../source/record/journal.js';
import { firstMsmRun } from './runEvents.js';

const fsyncs = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return { ...fs, fsyncSync: (fd: number) => (fsyncs.count++, fs.fsyncSync(fd)) };
});

afterEach(() => {
  fsyncs.count = 0;
});

const journalPath = () => join(mkdtempSync(join(tmpdir(), 'hitless-journal-')), 'journal.jsonl');
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

describe('journal', () => {
  it('hands each event to the operating system as it is written, whole and on its own line', () => {
    const path = journalPath();
    const journal = openJournal(path);
    const events = firstMsmRun();
    for (const [index, event] of events.entries()) {
      journal.write(event);
      expect(lines(path).map((line) => JSON.parse(line))).toEqual(events.slice(0, index + 1));
    }
    journal.close();
  });

  it('fsyncs after the events that begin or end a step, ask or answer the operator, or end the run, and on close', () => {
    const journal = openJournal(journalPath());
    const synced: string[] = [];
    for (const event of firstMsmRun()) {
      const before = fsyncs.count;
      journal.write(event);
      if (fsyncs.count > before) synced.push(event.type);
    }
    expect(synced).toEqual([
      'confirm-request',
      'confirm-response',
      'step-start',
      'step-end',
      'confirm-request',
      'confirm-response',
      'step-start',
      'step-end',
      'error',
      'run-end',
    ]);
    const beforeClose = fsyncs.count;
    journal.close();
    expect(fsyncs.count).toBe(beforeClose + 1);
  });
});
