import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent, EngineEventBody } from '../../source/engine/events.js';
import { parseCast } from '../../source/record/asciicast.js';
import { createAuditTrail } from '../../source/record/auditTrail.js';
import { KeyFeed } from '../../source/record/autopilot.js';
import { describeKey, splitAsInkReads, tapKeys } from '../../source/record/keyTap.js';
import { Redactor } from '../../source/record/redact.js';
import { RunRecording } from '../../source/record/runRecording.js';
import { PassThrough } from 'node:stream';
import { tempDir } from '../support/runCli.js';
import { firstMsmRun } from './runEvents.js';

const strip = ({ at: _at, ...body }: EngineEvent): EngineEventBody => body as EngineEventBody;

describe('createAuditTrail', () => {
  function audited(events: EngineEvent[], by?: Record<string, string>) {
    const out: EngineEventBody[] = [];
    let now = 0;
    const audit = createAuditTrail((body) => out.push(body), () => now);
    for (const event of events) {
      now = Date.parse(event.at);
      if (event.type === 'confirm-response' && by?.[event.step]) audit.confirmedBy(by[event.step]!);
      audit.emit(strip(event));
    }
    return out;
  }

  it('names what gave each confirmation; without a name the engine\'s stays', () => {
    const out = audited(firstMsmRun(), { 'install-first-backup': '--yes' });
    const responses = out.filter((event) => event.type === 'confirm-response');
    expect(responses.map((event) => event.type === 'confirm-response' && event.by)).toEqual(['--yes', 'key y']);
  });

  it('adds the step\'s duration to step-end, and the final state and all step timings to run-end', () => {
    const out = audited(firstMsmRun());
    const ends = out.filter((event) => event.type === 'step-end');
    expect(ends.map((event) => event.type === 'step-end' && event.durationMs)).toEqual([19_000, 6_000, 32_000]);
    const runEnd = out.at(-1)!;
    expect(runEnd).toMatchObject({
      type: 'run-end',
      exitCode: 4,
      finalState: [
        { name: 'MSM-A', state: 'MASTER', booted: 'primary', primary: '15.3.1.4-patch1-10', secondary: '15.3.1.4' },
        { name: 'MSM-B', state: 'BACKUP (In Sync)', booted: 'secondary', primary: '15.3.1.4-patch1-10', secondary: '16.1.2.3' },
      ],
    });
    expect(runEnd.type === 'run-end' && runEnd.steps?.map((step) => step.step)).toEqual(['install-first-backup', 'reboot-first-backup', 'sync-first-backup']);
  });
});

describe('RunRecording step markers', () => {
  it('puts one marker per started checklist step, labelled as the checklist shows it, and one for the outcome', () => {
    const path = join(tempDir(), 'steps.cast');
    const recording = RunRecording.open({ screen: path }, 'test', new Redactor(), undefined, { columns: 100, rows: 30 });
    for (const event of firstMsmRun()) recording.sink(event);
    recording.close();
    const cast = parseCast(readFileSync(path, 'utf8'));
    expect(cast.header).toMatchObject({ width: 100, height: 30, title: 'test' });
    expect(cast.events.filter(([, code]) => code === 'm').map(([, , label]) => label)).toEqual([
      'Install on first backup',
      'Reboot first backup',
      'First backup in sync',
      'Finished: exit 4 (stopped in a safe state; rerun the same command to resume)',
    ]);
  });
});

describe('tapKeys', () => {
  it('remembers the last key the UI read, for the journal', async () => {
    const input = new PassThrough();
    const tap = tapKeys(input as unknown as NodeJS.ReadStream);
    expect(tap.lastKey()).toBe('key (unknown)');
    input.write('c');
    await new Promise((resolve) => setImmediate(resolve));
    expect(tap.stdin.read()?.toString()).toBe('c');
    expect(tap.lastKey()).toBe('key c');
    expect([describeKey('\r'), describeKey('\x03'), describeKey('\x1b[A'), describeKey('\x1b[1;5A')]).toEqual([
      'key Enter',
      'key Ctrl-C',
      'key Up',
      'key "\\u001b[1;5A"',
    ]);
  });

  it('hands keys read in one chunk to the UI one at a time, so the journal names the key that confirmed', async () => {
    const input = new PassThrough();
    input.setEncoding('utf8');
    const tap = tapKeys(input as unknown as NodeJS.ReadStream);
    input.write('\x1b[6~c');
    await new Promise((resolve) => setImmediate(resolve));
    expect(tap.stdin.read()).toBe('\x1b[6~');
    expect(tap.lastKey()).toBe('key PgDn');
    expect(tap.stdin.read()).toBe('c');
    expect(tap.lastKey()).toBe('key c');
    expect(tap.stdin.read()).toBeNull();
  });

  it('splits a chunk as Ink reads keys: text runs whole, each escape sequence alone, a cut sequence kept for the rest', () => {
    expect(splitAsInkReads('\x1b[6~c')).toEqual(['\x1b[6~', 'c']);
    expect(splitAsInkReads('show switch\x1b[D\x1bOA\x1b\x1b[5~')).toEqual(['show switch', '\x1b[D', '\x1bOA', '\x1b\x1b', '[5~']);
    expect(splitAsInkReads('ab\x1bx\x1b[1;5')).toEqual(['ab', '\x1bx', '\x1b[1;5']);
    expect(splitAsInkReads('\x1b')).toEqual(['\x1b']);
  });

  it('diverts keys one at a time: the keys after the one that ends the diversion are the UI\'s again', async () => {
    const input = new PassThrough();
    input.setEncoding('utf8');
    const tap = tapKeys(input as unknown as NodeJS.ReadStream);
    const diverted: string[] = [];
    tap.divert((key) => {
      diverted.push(key);
      if (key.endsWith('\r')) tap.divert(undefined);
    });
    input.write('\x1b[Dpw\r\x1b[A');
    await new Promise((resolve) => setImmediate(resolve));
    expect(tap.stdin.read()).toBe('\x1b[A');
    expect(tap.lastKey()).toBe('key Up');
    expect(diverted).toEqual(['\x1b[D', 'pw\r']);
  });

  it('names the demo, not a key, for what the autopilot pressed; a person forwarded on the same keyboard stays a key', async () => {
    const keys = new KeyFeed();
    const tap = tapKeys(keys.asStdin);
    keys.press('c', 'demo');
    await new Promise((resolve) => setImmediate(resolve));
    tap.stdin.read();
    expect(tap.lastKey()).toBe('demo');
    keys.press('q');
    await new Promise((resolve) => setImmediate(resolve));
    tap.stdin.read();
    expect(tap.lastKey()).toBe('key q');
  });
});
