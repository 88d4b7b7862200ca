// The journal writes every event the moment it is announced (a killed process leaves them all), and fsyncs only at
// step boundaries and on close; the fsyncs at boundaries run in the background, so a slow disk never holds up a write.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openJournal } from '../../source/record/journal.js';
import { firstMsmRun } from './runEvents.js';

type Done = (err: NodeJS.ErrnoException | null) => void;
/** `count`: fsyncs started, background or not; `hold`: background fsyncs wait to be released (a slow disk). */
const fsyncs = vi.hoisted(() => ({ count: 0, hold: false, held: [] as (() => void)[], closed: [] as number[] }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    fsyncSync: (fd: number) => (fsyncs.count++, fs.fsyncSync(fd)),
    fsync: (fd: number, done: Done) => {
      fsyncs.count++;
      const run = () => fs.fsync(fd, done);
      if (fsyncs.hold) fsyncs.held.push(run);
      else (fs.fsyncSync(fd), done(null));
    },
    closeSync: (fd: number) => (fsyncs.closed.push(fd), fs.closeSync(fd)),
  };
});

afterEach(() => {
  Object.assign(fsyncs, { count: 0, hold: false, held: [], closed: [] });
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
      'step-start',
      'confirm-request',
      'confirm-response',
      'step-end',
      'step-start',
      'confirm-request',
      'confirm-response',
      'step-end',
      'step-start',
      'step-end',
      'error',
      'run-end',
    ]);
    const beforeClose = fsyncs.count;
    journal.close();
    expect(fsyncs.count).toBe(beforeClose + 1);
  });

  it('does not wait for a slow fsync: later lines are written at once, and the boundaries reached meanwhile share one fsync', async () => {
    const path = journalPath();
    const journal = openJournal(path);
    fsyncs.hold = true;
    const events = firstMsmRun();
    const boundaries = events.filter((event) => ['step-start', 'step-end', 'confirm-request', 'confirm-response'].includes(event.type));
    for (const event of boundaries) journal.write(event);
    expect(lines(path)).toHaveLength(boundaries.length);
    expect(fsyncs.count).toBe(1);

    const release = () => new Promise<void>((resolve) => {
      const run = fsyncs.held.shift()!;
      run();
      setTimeout(resolve, 20);
    });
    await release();
    expect(fsyncs.count).toBe(2);
    expect(fsyncs.held).toHaveLength(1);

    // Closing waits for nothing but its own fsync; the file is closed once the background one has ended.
    journal.close();
    expect(fsyncs.count).toBe(3);
    expect(fsyncs.closed).toEqual([]);
    await release();
    expect(fsyncs.closed).toHaveLength(1);
    expect(fsyncs.held).toEqual([]);
  });
});
