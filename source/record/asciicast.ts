// asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header line, then one [time, code, data]
// line per event. hitless writes output ("o"), markers ("m") and resizes ("r") — never input. Every line is written
// at once, so a killed process leaves a playable file; every text is redacted first.
import { EXIT, HitlessError } from '../errors.js';
import { LineFile, type WriteFailure } from './lineFile.js';
import { printable, redact, type Redactor } from './redact.js';

export interface CastHeader {
  version: 2;
  width: number;
  height: number;
  /** Unix time (seconds) the recording started; optional in asciicast v2 (hitless always writes it). */
  timestamp?: number;
  title?: string;
  env?: Record<string, string | null>;
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
  /** Told once when a line cannot be written (a full disk); the recording then stops at its last whole line. */
  onFailure?: WriteFailure;
}

export class CastWriter {
  private lastTime = 0;
  private closed = false;
  /** Time runs from the first event, so loading and connecting before the first frame is not dead air. */
  private startedAt?: number;
  private readonly clock: () => number;
  private readonly redactor: Redactor;

  private constructor(
    private readonly file: LineFile,
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
    return new CastWriter(LineFile.open(path, 'create', 'recording', options.onFailure ?? (() => {})), options);
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
    this.file.sync();
    this.file.close();
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
    this.file.writeLine(JSON.stringify(value));
  }
}

const EVENT_CODES: ReadonlySet<string> = new Set(['o', 'i', 'm', 'r']);

function castError(where: string, message: string): HitlessError {
  return new HitlessError('usage', `${where}: not an asciicast v2 recording (${message})`, EXIT.usage);
}

/** The largest screen a recording may declare: wider or taller is no recording a terminal could show. */
const MAX_SCREEN = 10_000;

/** The optional header fields of asciicast v2 and the type each must have when present. */
const OPTIONAL_HEADER_FIELDS: Readonly<Record<string, 'number' | 'string' | 'object'>> = {
  timestamp: 'number',
  duration: 'number',
  idle_time_limit: 'number',
  command: 'string',
  title: 'string',
  env: 'object',
  theme: 'object',
};

const isScreenSize = (value: unknown) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_SCREEN;

function headerOf(line: string, where: string): CastHeader {
  let header: unknown;
  try {
    header = JSON.parse(line);
  } catch {
    throw castError(where, 'the first line is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw castError(where, 'the first line is not a header object');
  const fields = header as Record<string, unknown>;
  if (fields.version !== 2 || !isScreenSize(fields.width) || !isScreenSize(fields.height)) {
    throw castError(where, `the header needs version 2, and a width and height from 1 to ${MAX_SCREEN}`);
  }
  for (const [field, type] of Object.entries(OPTIONAL_HEADER_FIELDS)) {
    const value = fields[field];
    if (value !== undefined && (typeof value !== type || value === null || Array.isArray(value))) throw castError(where, `the header's "${field}" must be a ${type}`);
  }
  // A recorder may write null for a variable that was not set.
  if (fields.env !== undefined && !Object.values(fields.env as object).every((value) => typeof value === 'string' || value === null)) {
    throw castError(where, 'the header\'s "env" must map names to strings');
  }
  return header as CastHeader;
}

/**
 * Reads a recording; input events ("i") other recorders write are skipped. A cut-off last line is ignored. Times are
 * made to run forward (a time before the one of the event above is taken as that one), so playing always ends.
 */
export function parseCast(text: string, where = 'recording'): Cast {
  const lines = text.split('\n');
  const header = headerOf(lines[0] ?? '', where);
  const events: CastEvent[] = [];
  let time = 0;
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      if (index === lines.length - 2) return;
      throw castError(where, `line ${index + 2} is not JSON`);
    }
    if (!Array.isArray(event) || event.length !== 3 || typeof event[0] !== 'number' || !EVENT_CODES.has(event[1]) || typeof event[2] !== 'string') {
      throw castError(where, `line ${index + 2} is not a [time, code, data] event`);
    }
    time = Math.max(time, event[0]);
    if (event[1] !== 'i') events.push([time, event[1] as CastEventCode, event[2]]);
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
