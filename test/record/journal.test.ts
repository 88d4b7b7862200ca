// The journal writes every event the moment it is announced (a killed process leaves them all), and fsyncs only at
// step boundaries and on close; the fsyncs at boundaries run in the background, so a slow disk never holds up a write.
// A full disk or a failing fsync leaves it at its last whole line, reported once.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openJournal } from '../../source/record/journal.js';
import { firstMsmRun } from './runEvents.js';

type Done = (err: NodeJS.ErrnoException | null) => void;
/**
 * `count`: fsyncs started, background or not; `hold`: background fsyncs wait to be released (a slow disk); `full`: the
 * disk is full (the next write lands half, later ones fail with ENOSPC); `failFsync`: background fsyncs fail with EIO.
 */
const fsyncs = vi.hoisted(() => ({ count: 0, hold: false, held: [] as (() => void)[], closed: [] as number[], full: false, halfWritten: false, failFsync: false }));
const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    fsyncSync: (fd: number) => (fsyncs.count++, fs.fsyncSync(fd)),
    writeSync: (fd: number, buffer: Buffer, offset: number, length: number) => {
      if (!fsyncs.full) return fs.writeSync(fd, buffer, offset, length);
      if (fsyncs.halfWritten) throw errno('ENOSPC');
      fsyncs.halfWritten = true;
      return fs.writeSync(fd, buffer, offset, Math.floor(length / 2));
    },
    fsync: (fd: number, done: Done) => {
      fsyncs.count++;
      if (fsyncs.failFsync) return done(errno('EIO'));
      const run = () => fs.fsync(fd, done);
      if (fsyncs.hold) fsyncs.held.push(run);
      else (fs.fsyncSync(fd), done(null));
    },
    closeSync: (fd: number) => (fsyncs.closed.push(fd), fs.closeSync(fd)),
  };
});

afterEach(() => {
  Object.assign(fsyncs, { count: 0, hold: false, held: [], closed: [], full: false, halfWritten: false, failFsync: false });
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

  it('keeps a copy\'s start and end but not its progress (two a second for the whole transfer)', () => {
    const path = journalPath();
    const journal = openJournal(path);
    const stamp = { schema: 'hitless/1' as const, at: '2026-01-01T00:00:00.000Z' };
    journal.write({ ...stamp, type: 'transfer-start', file: 'bd8800-16.1.2.3.xos', bytesTotal: 2048, via: 'sftp' });
    journal.write({ ...stamp, type: 'transfer-progress', bytesSent: 1024, bytesTotal: 2048 });
    journal.write({ ...stamp, type: 'transfer-end', file: 'bd8800-16.1.2.3.xos', bytesSent: 2048, outcome: 'done' });
    journal.close();
    expect(lines(path).map((line) => (JSON.parse(line) as { type: string }).type)).toEqual(['transfer-start', 'transfer-end']);
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

  it('on a full disk keeps its last whole line: the half-written one is cut back, the failure reported once, nothing written after', () => {
    const path = journalPath();
    const failures: unknown[] = [];
    const journal = openJournal(path, (err) => failures.push(err));
    const events = firstMsmRun();
    for (const event of events.slice(0, 3)) journal.write(event);
    const before = readFileSync(path, 'utf8');
    fsyncs.full = true;
    for (const event of events.slice(3)) journal.write(event);
    journal.close();
    expect(fsyncs.halfWritten).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect(failures).toEqual([expect.objectContaining({ code: 'ENOSPC' })]);
  });

  it('reports a background fsync that fails, and writes nothing after it', async () => {
    const path = journalPath();
    const failures: unknown[] = [];
    const journal = openJournal(path, (err) => failures.push(err));
    fsyncs.failFsync = true;
    const [start, , , request, ...rest] = firstMsmRun();
    journal.write(start!);
    journal.write(request!);
    for (const event of rest) journal.write(event);
    expect(failures).toEqual([expect.objectContaining({ code: 'EIO' })]);
    expect(lines(path)).toHaveLength(2);
    journal.close();
  });

  it('continues a journal whose last line a killed process cut off after its last whole line', () => {
    const path = journalPath();
    const [first, second] = firstMsmRun().map((event) => JSON.stringify(event));
    writeFileSync(path, `${first}\n{"type":"step-st`);
    const journal = openJournal(path);
    journal.write(JSON.parse(second!));
    journal.close();
    expect(readFileSync(path, 'utf8')).toBe(`${first}\n${second}\n`);
  });
});
