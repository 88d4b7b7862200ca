// The stdout Ink draws on when the screen is recorded: every write goes to the operator's terminal (if there is one)
// and to the recording. It has the terminal's columns, rows, isTTY and 'resize', so Ink renders exactly as it does on
// the terminal. Without a terminal it is an offscreen screen of a fixed size (demo in CI, headless runs); it then
// says it is no TTY, so Ink registers no exit hook that writes to the process's stderr, and hides the cursor itself.
import { Writable } from 'node:stream';
import type { CastWriter } from './asciicast.js';

export interface ScreenSize {
  columns: number;
  rows: number;
}

/** Size of the screen when there is no terminal to take it from. */
export const OFFSCREEN_SIZE: ScreenSize = { columns: 120, rows: 36 };

const HIDE_CURSOR = '\x1b[?25l';
/** Synchronized output (DEC mode 2026), which Ink brackets each frame with on a terminal that supports it. */
const BEGIN_SYNCHRONIZED_UPDATE = '\x1b[?2026h';
const END_SYNCHRONIZED_UPDATE = '\x1b[?2026l';

export class RecordedScreen extends Writable {
  readonly isTTY: boolean;
  private size: ScreenSize;
  private written = false;
  private pendingMarkers: string[] = [];
  /** Between Ink's begin- and end-synchronized-update writes: a frame is being written. */
  private inFrame = false;
  private readonly onTerminalResize = () => {
    this.size = screenSizeOf(this.terminal);
    this.cast?.resize(this.size.columns, this.size.rows);
    this.emit('resize');
  };

  constructor(
    private readonly cast: CastWriter | undefined,
    private readonly terminal?: NodeJS.WriteStream,
    size: ScreenSize = OFFSCREEN_SIZE,
  ) {
    super({ decodeStrings: false });
    this.isTTY = terminal?.isTTY ?? false;
    this.size = screenSizeOf(terminal, size);
    terminal?.on('resize', this.onTerminalResize);
  }

  get columns(): number {
    return this.size.columns;
  }

  get rows(): number {
    return this.size.rows;
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    this.terminal?.write(text);
    // A terminal's line discipline turns each \n Ink writes into \r\n (ONLCR); a recording holds what the screen got.
    const shown = text.replaceAll('\n', '\r\n');
    this.cast?.output(!this.written && !this.terminal ? HIDE_CURSOR + shown : shown);
    this.written = true;
    if (text.includes(END_SYNCHRONIZED_UPDATE)) this.inFrame = false;
    else if (text.endsWith(BEGIN_SYNCHRONIZED_UPDATE)) this.inFrame = true;
    if (!this.inFrame) this.writePendingMarkers();
    done();
  }

  /**
   * A marker placed after the next frame rather than now: the frame that follows a step's start is the first to show
   * it, and a player jumping to the marker draws the screen up to the marker's time. On a terminal Ink writes a frame
   * in three parts (begin synchronized update, the frame, end), so the marker waits for the end.
   */
  markAtNextFrame(label: string): void {
    this.pendingMarkers.push(label);
  }

  private writePendingMarkers(): void {
    for (const label of this.pendingMarkers.splice(0)) this.cast?.marker(label);
  }

  /** Writes the markers no frame followed and stops following the terminal's size; the recording itself is closed by its owner. */
  detach(): void {
    this.writePendingMarkers();
    this.terminal?.off('resize', this.onTerminalResize);
  }
}

/** The terminal's size when there is one, else `offscreen`. */
export function screenSizeOf(terminal: NodeJS.WriteStream | undefined, offscreen: ScreenSize = OFFSCREEN_SIZE): ScreenSize {
  if (!terminal) return offscreen;
  return { columns: terminal.columns || offscreen.columns, rows: terminal.rows || offscreen.rows };
}
