// With the operator's --redact patterns, a console stream holds each unfinished line: a pattern has no word that tells
// where a match begins, so any end of a line may be the beginning of one. A line goes on when it ends, or earlier when
// it ends the way the switch waits for input (a prompt, a question: they must show at once); before it goes, every
// pattern masks its matches in it. Whether a match is cut thus depends on the text only, never on when it arrived.
// What waits is bounded: past MAX_HELD characters of one line, all but the last MAX_REDACT_MATCH go on.
import { ANSWER_STYLES, pagerPattern, parsePrompt } from '../exos/platform.js';
import { MASK } from './redact.js';

/** The most one line (one block) is held for a secret. */
export const MAX_HELD = 64 * 1024;
/** The longest --redact match kept whole in a line longer than MAX_HELD. */
export const MAX_REDACT_MATCH = 4096;

/** Prompts and questions are shorter: only this much of a line's end is looked at. */
const INPUT_END_LOOKBACK = 256;
/** The last visible character of every end the switch waits after (and a few blanks): a cheap test before the real ones. */
const MAY_WAIT_FOR_INPUT = /[#>?:)][ \t]{0,3}$/;
const MAY_WAIT_LOOKBACK = 4;
const ANSWER_OPTIONS = Object.values(ANSWER_STYLES).map(({ options }) => options);
/** The ends of a line after which the switch waits for input (docs/exos-cli.md §8.1-§8.3, the question table). */
const INPUT_ENDS: readonly ((end: string) => boolean)[] = [
  (end) => parsePrompt(end) !== undefined,
  (end) => pagerPattern.test(end),
  (end) => ANSWER_OPTIONS.some((options) => options.test(end.trimEnd())),
  // A question worded otherwise: `Reboot? `, `login: `, `Enter the file name: `.
  (end) => /[?:][ \t]+$/.test(end),
];

/**
 * `cut` moved back (not below `floor`) until no match of `patterns` found within `span` of it crosses it.
 * Each pattern must be global.
 */
export function cutOutsideMatches(text: string, cut: number, patterns: readonly RegExp[], span: number, floor = 0): number {
  for (let moved = patterns.length > 0; moved && cut > floor; ) {
    moved = false;
    const from = Math.max(floor, cut - span);
    const around = text.slice(from, cut + span);
    for (const pattern of patterns) {
      for (const match of around.matchAll(pattern)) {
        const start = from + match.index;
        if (start < cut && start + match[0].length > cut) {
          cut = start;
          moved = true;
        }
      }
    }
  }
  return Math.max(cut, floor);
}

export class LineHold {
  /** The held text, as it came: joined only when some of it goes. */
  private chunks: string[] = [];
  private heldChars = 0;
  /** How much of the held text is the unfinished line (all of it but what precedes the last line break). */
  private unfinished = 0;

  constructor(
    private readonly patterns: readonly RegExp[],
    private readonly deliver: (text: string) => void,
  ) {}

  push(chunk: string): void {
    if (chunk === '') return;
    this.chunks.push(chunk);
    this.heldChars += chunk.length;
    const lineBreak = Math.max(chunk.lastIndexOf('\n'), chunk.lastIndexOf('\r'));
    this.unfinished = lineBreak < 0 ? this.unfinished + chunk.length : chunk.length - lineBreak - 1;
    if (this.waitsForInput()) this.release(this.heldChars);
    else if (this.unfinished > MAX_HELD) this.release(this.heldChars - MAX_REDACT_MATCH, this.heldChars - 2 * MAX_REDACT_MATCH);
    else this.release(this.heldChars - this.unfinished);
  }

  /** Everything held goes (end of stream). */
  flush(): void {
    this.release(this.heldChars);
  }

  get heldLength(): number {
    return this.heldChars;
  }

  private waitsForInput(): boolean {
    if (!MAY_WAIT_FOR_INPUT.test(this.end(Math.min(this.unfinished, MAY_WAIT_LOOKBACK)))) return false;
    const end = this.end(Math.min(this.unfinished, INPUT_END_LOOKBACK));
    return INPUT_ENDS.some((endsHere) => endsHere(end));
  }

  /** The last `length` characters held. */
  private end(length: number): string {
    let end = '';
    for (let index = this.chunks.length - 1; index >= 0 && end.length < length; index--) end = this.chunks[index] + end;
    return end.slice(end.length - length);
  }

  /** The held text up to `upTo` goes, masked by every pattern; with a `floor`, `upTo` first moves out of a match. */
  private release(upTo: number, floor?: number): void {
    if (upTo <= 0) return;
    const held = this.chunks.join('');
    const cut = floor === undefined ? upTo : cutOutsideMatches(held, upTo, this.patterns, MAX_REDACT_MATCH, floor);
    this.chunks = cut < held.length ? [held.slice(cut)] : [];
    this.heldChars -= cut;
    this.unfinished = Math.min(this.unfinished, this.heldChars);
    this.deliver(this.patterns.reduce((text, pattern) => text.replace(pattern, MASK), held.slice(0, cut)));
  }
}
