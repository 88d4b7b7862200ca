// The switch output of every chassis of a fleet, at a bounded cost: each chassis keeps only the tail of its text, and
// only the chassis opened full-screen (Enter) has a console buffer (a headless xterm), filled from its tail and then
// written live. Fifty chassis hold fifty tails, never fifty terminals.
import { ConsoleBuffer } from '../consoleBuffer.js';

/** How much of each chassis' recent output is kept for the moment it is opened. */
export const CONSOLE_TAIL_CHARS = 64 * 1024;

/** A tail cut at a line break, so the opened console never starts inside an escape sequence or a line. */
function trimmed(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const kept = text.slice(text.length - limit);
  const lineStart = kept.indexOf('\n') + 1;
  return lineStart > 0 ? kept.slice(lineStart) : kept;
}

export class FleetConsoles {
  private readonly tails: string[];
  private opened?: { index: number; buffer: ConsoleBuffer };

  constructor(
    chassisCount: number,
    private readonly tailChars = CONSOLE_TAIL_CHARS,
  ) {
    this.tails = Array.from({ length: chassisCount }, () => '');
  }

  /** The chassis' output, as the switch sent it (redacted). */
  write(index: number, text: string): void {
    const tail = (this.tails[index] ?? '') + text;
    // Cut only once it is twice the limit, so a steady stream is copied a bounded number of times per character.
    this.tails[index] = tail.length > 2 * this.tailChars ? trimmed(tail, this.tailChars) : tail;
    if (this.opened?.index === index) this.opened.buffer.write(text);
  }

  /** The recent output the chassis keeps (at most twice the limit). */
  tail(index: number): string {
    return this.tails[index] ?? '';
  }

  /** The console of the chassis opened now, with its recent output; the one opened before is let go. */
  open(index: number, size: { cols: number; rows: number }): ConsoleBuffer {
    this.close();
    const buffer = new ConsoleBuffer(size);
    const tail = this.tail(index);
    if (tail) buffer.write(trimmed(tail, this.tailChars));
    this.opened = { index, buffer };
    return buffer;
  }

  close(): void {
    this.opened?.buffer.dispose();
    this.opened = undefined;
  }
}
