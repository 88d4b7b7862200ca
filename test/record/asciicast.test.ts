import { EventEmitter } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { castMarkers, CastWriter, parseCast, redactCast, serializeCast } from '../../source/record/asciicast.js';
import { RecordedScreen } from '../../source/record/recordedScreen.js';
import { MASK, Redactor } from '../../source/record/redact.js';
import { tempDir } from '../support/runCli.js';


/** A clock the test moves by hand (milliseconds). */
function manualClock(start = 1000) {
  let now = start;
  return { clock: () => now, set: (ms: number) => (now = ms) };
}

function lines(path: string): unknown[] {
  return readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
}

describe('CastWriter', () => {
  it('writes an asciicast v2 header with only TERM and SHELL from the environment', () => {
    const path = join(tempDir(), 'a.cast');
    const writer = CastWriter.open(path, { width: 120, height: 36, title: 'demo', now: () => new Date('2026-03-01T10:00:00.900Z'), redactor: new Redactor() });
    writer.close();
    const [header] = lines(path);
    expect(header).toEqual({
      version: 2,
      width: 120,
      height: 36,
      timestamp: Date.parse('2026-03-01T10:00:00Z') / 1000,
      title: 'demo',
      env: { TERM: expect.any(String), SHELL: expect.any(String) },
    });
    expect(Object.keys((header as { env: object }).env)).toEqual(['TERM', 'SHELL']);
  });

  it('writes [time, code, data] events, timed from the first one, never going back in time', () => {
    const path = join(tempDir(), 'b.cast');
    const { clock, set } = manualClock(5000);
    const writer = CastWriter.open(path, { width: 80, height: 24, clock, redactor: new Redactor() });
    set(7000);
    writer.output('first');
    set(8500);
    writer.marker('Install on first backup');
    set(8000); // a clock that stepped back must not produce a decreasing time
    writer.output('second');
    writer.output('');
    set(9250);
    writer.resize(100, 30);
    writer.close();
    writer.output('after close is ignored');
    expect(lines(path).slice(1)).toEqual([
      [0, 'o', 'first'],
      [1.5, 'm', 'Install on first backup'],
      [1.5, 'o', 'second'],
      [2.25, 'r', '100x30'],
    ]);
  });

  it('redacts output, markers and the title before writing them', () => {
    const path = join(tempDir(), 'c.cast');
    const writer = CastWriter.open(path, { width: 80, height: 24, title: 'to tftp://u:pw-9@h/f', redactor: new Redactor({ secrets: ['pw-9'] }) });
    writer.output('vr "pw-9"\r\n');
    writer.marker('step pw-9');
    writer.close();
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('pw-9');
    expect(text).toContain(`vr \\"${MASK}\\"`);
  });
});

describe('parseCast', () => {
  const header = JSON.stringify({ version: 2, width: 80, height: 24, timestamp: 1, env: { TERM: 'xterm', SHELL: '/bin/sh' } });

  it('reads events and markers, skips input events and a cut-off last line', () => {
    const cast = parseCast(`${header}\n[0.1,"o","a"]\n[0.2,"i","typed"]\n[0.3,"m","Step"]\n[0.4,"o","b`);
    expect(cast.events).toEqual([
      [0.1, 'o', 'a'],
      [0.3, 'm', 'Step'],
    ]);
    expect(castMarkers(cast)).toEqual([{ time: 0.3, label: 'Step' }]);
  });

  it('refuses what is not asciicast v2', () => {
    expect(() => parseCast('{"version":1,"width":80,"height":24}', 'x.cast')).toThrow(/x.cast: not an asciicast v2 recording/);
    expect(() => parseCast('nonsense')).toThrow(/first line is not JSON/);
    expect(() => parseCast(`${header}\n[0.1,"x","a"]\n`)).toThrow(/line 2 is not a \[time, code, data\] event/);
    expect(() => parseCast(`${header}\nbroken\n[0.1,"o","a"]\n`)).toThrow(/line 2 is not JSON/);
  });

  it('redactCast masks a foreign recording, serializeCast writes it back', () => {
    const path = join(tempDir(), 'foreign.cast');
    writeFileSync(path, `${header.replace('"timestamp"', '"title":"from http://u:pw@x/y","timestamp"')}\n[0.1,"o","get tftp://u:pw@h/f"]\n[0.2,"r","90x30"]\n`);
    const clean = redactCast(parseCast(readFileSync(path, 'utf8')));
    expect(serializeCast(clean)).not.toContain(':pw@');
    expect(parseCast(serializeCast(clean))).toEqual(clean);
  });
});

/** Stands in for the operator's terminal: records writes, has a size, emits 'resize'. */
class FakeTerminal extends EventEmitter {
  written = '';
  isTTY = true;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write(text: string) {
    this.written += text;
    return true;
  }
}

function writeTo(screen: RecordedScreen, text: string): Promise<void> {
  return new Promise((resolve) => screen.write(text, () => resolve()));
}

describe('RecordedScreen (Ink\'s stdout while recording)', () => {
  it('tees every write to the terminal unchanged and to the recording as a terminal shows it (\\n -> \\r\\n)', async () => {
    const path = join(tempDir(), 'tee.cast');
    const terminal = new FakeTerminal(100, 30);
    const cast = CastWriter.open(path, { width: 100, height: 30, redactor: new Redactor() });
    const screen = new RecordedScreen(cast, terminal as unknown as NodeJS.WriteStream);
    expect([screen.columns, screen.rows, screen.isTTY]).toEqual([100, 30, true]);
    await writeTo(screen, 'line one\nline two');
    expect(terminal.written).toBe('line one\nline two');

    let resized = 0;
    screen.on('resize', () => resized++);
    terminal.columns = 90;
    terminal.rows = 25;
    terminal.emit('resize');
    expect([screen.columns, screen.rows, resized]).toEqual([90, 25, 1]);
    screen.detach();
    terminal.emit('resize');
    expect(resized).toBe(1);
    cast.close();
    expect(parseCast(readFileSync(path, 'utf8')).events.map(([, code, data]) => [code, data])).toEqual([
      ['o', 'line one\r\nline two'],
      ['r', '90x25'],
    ]);
  });

  it('offscreen: a fixed size, no TTY (no exit hooks on the real stderr), the cursor hidden in the recording', async () => {
    const path = join(tempDir(), 'off.cast');
    const cast = CastWriter.open(path, { width: 120, height: 36, redactor: new Redactor() });
    const screen = new RecordedScreen(cast, undefined, { columns: 120, rows: 36 });
    expect([screen.columns, screen.rows, screen.isTTY]).toEqual([120, 36, false]);
    await writeTo(screen, 'frame 1');
    await writeTo(screen, 'frame 2');
    cast.close();
    expect(parseCast(readFileSync(path, 'utf8')).events.map(([, , data]) => data)).toEqual(['\x1b[?25lframe 1', 'frame 2']);
  });

  it('a marker goes with the next frame (the first to show what it marks); one no frame followed is written on detach', async () => {
    const path = join(tempDir(), 'marks.cast');
    const cast = CastWriter.open(path, { width: 120, height: 36, redactor: new Redactor() });
    const screen = new RecordedScreen(cast, undefined, { columns: 120, rows: 36 });
    await writeTo(screen, 'before');
    screen.markAtNextFrame('Failover');
    await writeTo(screen, 'failover running');
    screen.markAtNextFrame('Finished: exit 0 (done)');
    screen.detach();
    cast.close();
    expect(parseCast(readFileSync(path, 'utf8')).events.map(([, code, data]) => [code, data])).toEqual([
      ['o', '\x1b[?25lbefore'],
      ['o', 'failover running'],
      ['m', 'Failover'],
      ['m', 'Finished: exit 0 (done)'],
    ]);
  });

  it('a frame Ink writes as a synchronized update (begin, frame, end) gets the marker after its end', async () => {
    const path = join(tempDir(), 'sync.cast');
    const cast = CastWriter.open(path, { width: 120, height: 36, redactor: new Redactor() });
    const screen = new RecordedScreen(cast, new FakeTerminal(120, 36) as unknown as NodeJS.WriteStream);
    screen.markAtNextFrame('Failover');
    await writeTo(screen, '\x1b[?2026h');
    await writeTo(screen, 'failover running');
    await writeTo(screen, '\x1b[?2026l');
    screen.detach();
    cast.close();
    expect(parseCast(readFileSync(path, 'utf8')).events.map(([, code, data]) => [code, data])).toEqual([
      ['o', '\x1b[?2026h'],
      ['o', 'failover running'],
      ['o', '\x1b[?2026l'],
      ['m', 'Failover'],
    ]);
  });
});
