// asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header line, then one [time, code, data]
// line per event. hitless writes output ("o"), markers ("m") and resizes ("r") — never input. Every line is written
// at once, so a killed process leaves a playable file; every text is redacted first.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { EXIT, HitlessError } from '../errors.js';
import { printable, redact, type Redactor } from './redact.js';

export interface CastHeader {
  version: 2;
  width: number;
  height: number;
  /** Unix time (seconds) the recording started. */
  timestamp: number;
  title?: string;
  env: { TERM: string; SHELL: string };
}

export type CastEventCode = 'o' | 'm' | 'r';
export type CastEvent = [time: number, code: CastEventCode, data: string];

export interface Cast {
  header: CastHeader;
  events: CastEvent[];
}

export interface CastWriterOptions {
  width: number;
  height: number;
  title?: string;
  /** The run's redactor: every text is redacted before it is written. */
  redactor: Redactor;
  /** Milliseconds from a monotonic source; injectable for tests. */
  clock?: () => number;
  /** Wall clock for the header's timestamp. */
  now?: () => Date;
}

export class CastWriter {
  private lastTime = 0;
  private closed = false;
  /** Time runs from the first event, so loading and connecting before the first frame is not dead air. */
  private startedAt?: number;
  private readonly clock: () => number;
  private readonly redactor: Redactor;

  private constructor(
    private readonly fd: number,
    options: CastWriterOptions,
  ) {
    this.clock = options.clock ?? (() => performance.now());
    this.redactor = options.redactor;
    const header: CastHeader = {
      version: 2,
      width: options.width,
      height: options.height,
      timestamp: Math.floor((options.now?.() ?? new Date()).getTime() / 1000),
      ...(options.title ? { title: this.redactor.printable(options.title) } : {}),
      env: { TERM: process.env.TERM || 'xterm-256color', SHELL: process.env.SHELL || '/bin/sh' },
    };
    this.line(header);
  }

  static open(path: string, options: CastWriterOptions): CastWriter {
    let fd: number;
    try {
      fd = openSync(path, 'w', 0o600);
    } catch (err) {
      throw new HitlessError('usage', `cannot write recording ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, EXIT.usage);
    }
    return new CastWriter(fd, options);
  }

  output(data: string): void {
    if (data !== '') this.event('o', this.redactor.text(data));
  }

  /** A named point players can jump to. */
  marker(label: string): void {
    this.event('m', this.redactor.printable(label));
  }

  resize(columns: number, rows: number): void {
    this.event('r', `${columns}x${rows}`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fsyncSync(this.fd);
    closeSync(this.fd);
  }

  /** Seconds since the start, never less than the previous event's. */
  private time(): number {
    const now = this.clock();
    this.startedAt ??= now;
    const seconds = Math.round(now - this.startedAt) / 1000;
    this.lastTime = Math.max(this.lastTime, seconds);
    return this.lastTime;
  }

  private event(code: CastEventCode, data: string): void {
    if (this.closed) return;
    this.line([this.time(), code, data]);
  }

  private line(value: unknown): void {
    writeSync(this.fd, JSON.stringify(value) + '\n');
  }
}

const EVENT_CODES: ReadonlySet<string> = new Set(['o', 'i', 'm', 'r']);

function castError(where: string, message: string): HitlessError {
  return new HitlessError('usage', `${where}: not an asciicast v2 recording (${message})`, EXIT.usage);
}

/** Reads a recording; input events ("i") other recorders write are skipped. A cut-off last line is ignored. */
export function parseCast(text: string, where = 'recording'): Cast {
  const lines = text.split('\n');
  let header: CastHeader;
  try {
    header = JSON.parse(lines[0] ?? '') as CastHeader;
  } catch {
    throw castError(where, 'the first line is not JSON');
  }
  if (header?.version !== 2 || !Number.isInteger(header.width) || !Number.isInteger(header.height)) {
    throw castError(where, 'the header needs version 2, width and height');
  }
  const events: CastEvent[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      if (index === lines.length - 2) return;
      throw castError(where, `line ${index + 2} is not JSON`);
    }
    if (!Array.isArray(event) || typeof event[0] !== 'number' || !EVENT_CODES.has(event[1]) || typeof event[2] !== 'string') {
      throw castError(where, `line ${index + 2} is not a [time, code, data] event`);
    }
    if (event[1] !== 'i') events.push(event as CastEvent);
  });
  return { header, events };
}

/**
 * The recording with every text redacted (for sharing a recording that came from elsewhere). Output is a terminal's
 * byte stream and keeps its controls; the title and the markers are labels and lose them.
 */
export function redactCast(cast: Cast): Cast {
  const header = cast.header.title === undefined ? cast.header : { ...cast.header, title: printable(cast.header.title) };
  const events = cast.events.map(([time, code, data]): CastEvent => [time, code, code === 'r' ? data : code === 'm' ? printable(data) : redact(data)]);
  return { header, events };
}

export const serializeCast = (cast: Cast): string => [cast.header, ...cast.events].map((line) => JSON.stringify(line)).join('\n') + '\n';

export interface CastMarker {
  time: number;
  label: string;
}

export const castMarkers = (cast: Cast): CastMarker[] =>
  cast.events.filter(([, code]) => code === 'm').map(([time, , label]) => ({ time, label }));

export const castDuration = (cast: Cast): number => cast.events.at(-1)?.[0] ?? 0;
