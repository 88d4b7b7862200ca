// One command (or the login) from the first byte to the next prompt. Pure bookkeeping over the received text: chunk
// boundaries may split anything, so every decision looks at the end of everything received so far. Only that end (a
// few KiB) and the start (for the echo) are kept as strings to look at; the rest is a list of chunks joined once, when
// the prompt arrives: re-reading an ever longer string on every chunk would make a long output quadratic.
import { stripTerminalNoise } from '../exos/outputLines.js';
import {
  PAGER_CONTINUE,
  knownQuestion,
  matchQuestion,
  pagerPattern,
  parsePrompt,
  safeRefusal,
  type AnswerPolicy,
  type AnsweredQuestion,
  type MatchedQuestion,
  type ParsedPrompt,
} from '../exos/platform.js';

export const refuseEverything: AnswerPolicy = () => undefined;

export type ExchangeStep =
  | { kind: 'wait' }
  /** `answered`: the question this write replies to (none for the pager's key). */
  | { kind: 'write'; data: string; answered?: AnsweredQuestion }
  | { kind: 'done'; prompt: ParsedPrompt };

/** Lines worth of tail to look at for a prompt, the pager or a question (a wrapped question spans two plus blanks). */
const TAIL_LINE_BREAKS = 8;
/** How much of the command's end identifies its echo (the line editor may scroll a long line). */
const ECHO_TAIL_CHARS = 16;
/**
 * The most looked at, per chunk, at the end of what was received (and at its start, for the echo). Prompts, the pager
 * line and questions are far shorter; looking further on every chunk of a very long line would make it quadratic.
 */
const MAX_LOOK_CHARS = 4_096;
/** Kept as a string at the end of what was received: the look-back plus the character before it (a line break?). */
const TAIL_KEPT = MAX_LOOK_CHARS + 1;

export class Exchange {
  /** Received text before `tail`, in pieces; read only when the output is complete (or for an error). */
  private readonly settled: string[] = [];
  /** The end of the received text, from one character before the look-back's floor; at most 2 × TAIL_KEPT long. */
  private tail = '';
  /** Characters received (less the removed pager lines); offsets below count from the first byte. */
  private received = 0;
  /** The first characters received, where the echo is looked for, until it is found. */
  private head = '';
  /** Nothing before this offset is looked at again: the echo, an answered question, a removed pager line. */
  private scanFrom = 0;
  private echoEnd: number | undefined;
  /** Where the prompt that ended the exchange starts. */
  private promptStart: number | undefined;
  readonly questions: AnsweredQuestion[] = [];
  unexpectedQuestion: AnsweredQuestion | undefined;

  /**
   * @param command undefined while waiting for the first prompt after login.
   * @param previous the prompt before the command: only a prompt with its sysname ends the exchange, and one with its
   *   counter only after the echo (a redrawn old prompt is not the answer).
   */
  constructor(
    readonly command: string | undefined,
    private readonly previous: ParsedPrompt | undefined,
    private readonly policy: AnswerPolicy,
  ) {
    if (command === undefined) this.echoEnd = 0;
  }

  feed(chunk: string): ExchangeStep {
    this.append(chunk);
    this.findEcho();
    const floor = Math.max(this.scanFrom, this.received - MAX_LOOK_CHARS);
    const recent = this.from(floor);
    const tailStart = floor + lineBreaksBack(recent, TAIL_LINE_BREAKS);
    const tail = this.from(tailStart);

    const promptStart = this.lastLineStartFrom(floor, recent);
    const prompt = promptStart === undefined ? undefined : parsePrompt(stripTerminalNoise(this.from(promptStart)));
    if (promptStart !== undefined && prompt && this.endsExchange(prompt)) {
      this.promptStart = promptStart;
      return { kind: 'done', prompt };
    }

    const pager = pagerPattern.exec(tail);
    if (pager) {
      this.truncate(tailStart + pager.index);
      this.scanFrom = this.received;
      return { kind: 'write', data: PAGER_CONTINUE };
    }

    const question = this.echoEnd === undefined ? undefined : matchQuestion(stripTerminalNoise(tail));
    if (question) {
      this.scanFrom = this.received;
      const answered = this.answer(question);
      this.questions.push(answered);
      return { kind: 'write', data: `${answered.reply}\r`, answered };
    }
    return { kind: 'wait' };
  }

  /**
   * Once done: what the command printed between its echo line and the prompt, cleaned. Read when wanted, not as the
   * prompt arrives: the output of a command typed by the operator is only shown in the console, however long it is.
   */
  output(): string {
    if (this.promptStart === undefined) throw new Error('Exchange.output() before the prompt that ends the exchange');
    const text = this.all();
    const start = this.echoEnd ?? text.indexOf('\n') + 1;
    return stripTerminalNoise(text.slice(start, this.promptStart)).replace(/\n$/, '');
  }

  /** Everything received so far, cleaned, for errors and the operator. */
  partialOutput(): string {
    return stripTerminalNoise(this.all());
  }

  /** The last non-blank line received, cleaned, for a one-line error message. */
  lastLine(): string {
    return stripTerminalNoise(this.all()).split('\n').map((line) => line.trim()).filter(Boolean).at(-1) ?? '';
  }

  private append(chunk: string): void {
    this.received += chunk.length;
    if (chunk.length >= TAIL_KEPT) {
      // The chunk alone holds the whole look-back: slices of it are views, nothing is copied.
      this.settled.push(this.tail, chunk.slice(0, chunk.length - TAIL_KEPT));
      this.tail = chunk.slice(chunk.length - TAIL_KEPT);
    } else {
      this.tail += chunk;
      if (this.tail.length >= 2 * TAIL_KEPT) {
        const settle = this.tail.length - TAIL_KEPT;
        this.settled.push(this.tail.slice(0, settle));
        this.tail = this.tail.slice(settle);
      }
    }
    const headRoom = this.echoEnd === undefined ? this.headLength() - this.head.length : 0;
    if (headRoom > 0) this.head += chunk.slice(0, headRoom);
  }

  /** Drops everything from `offset` on (where a pager line starts, after the floor of the look-back). */
  private truncate(offset: number): void {
    this.tail = this.tail.slice(0, offset - this.tailOffset());
    this.received = offset;
    this.head = this.head.slice(0, offset);
  }

  /** The received text from `offset` (at or after the tail's start) to the end. */
  private from(offset: number): string {
    return this.tail.slice(offset - this.tailOffset());
  }

  /**
   * Where the tail starts. It reaches back at least to one character before the look-back's floor: settling keeps the
   * last TAIL_KEPT characters, the floor only moves forward, and a pager line is cut off after the floor.
   */
  private tailOffset(): number {
    return this.received - this.tail.length;
  }

  private all(): string {
    return this.settled.join('') + this.tail;
  }

  /** The echo comes first (after at most a late prompt blank or a log line), never megabytes later. */
  private headLength(): number {
    return MAX_LOOK_CHARS + (this.command?.length ?? 0);
  }

  /** Where the last line starts, if at or after `floor`: a line reaching further back is too long for a prompt. */
  private lastLineStartFrom(floor: number, recent: string): number | undefined {
    const inRecent = lastLineStart(recent);
    if (inRecent > 0) return floor + inRecent;
    return floor === 0 || /[\r\n]/.test(this.tail[floor - 1 - this.tailOffset()]!) ? floor : undefined;
  }

  private findEcho(): void {
    if (this.echoEnd !== undefined || this.command === undefined) return;
    const end = this.command.trim().slice(-ECHO_TAIL_CHARS);
    const at = end === '' ? 0 : this.head.indexOf(end);
    const lineBreak = at < 0 ? -1 : this.head.indexOf('\n', at + end.length);
    if (lineBreak < 0) return;
    this.echoEnd = lineBreak + 1;
    this.head = '';
    this.scanFrom = Math.max(this.scanFrom, this.echoEnd);
  }

  private endsExchange(prompt: ParsedPrompt): boolean {
    if (!this.previous) return true;
    if (prompt.sysname !== this.previous.sysname) return false;
    return this.echoEnd !== undefined || prompt.counter !== this.previous.counter;
  }

  private answer(question: MatchedQuestion): AnsweredQuestion {
    const refusal = safeRefusal(question);
    const chosen = question.id === 'unknown' ? undefined : this.policy(question);
    let answered: AnsweredQuestion;
    if (!chosen) {
      const reason = question.id === 'unknown' ? 'question not known to hitless: refused' : 'not expected for this command: refused';
      answered = { ...question, reply: refusal, reason, refused: true };
    } else if (knownQuestion(question.id)?.neverConfirm && chosen.reply !== refusal) {
      answered = { ...question, reply: refusal, reason: `hitless never confirms ${question.id}: refused`, refused: true };
    } else {
      return { ...question, ...chosen, refused: chosen.reply === refusal };
    }
    this.unexpectedQuestion ??= answered;
    return answered;
  }
}

const lastLineStart = (text: string) => Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1;

/** Offset just after the `count`-th line-break character counted from the end (0 if there are fewer). */
function lineBreaksBack(text: string, count: number): number {
  let at = text.length;
  for (let seen = 0; seen < count; seen++) {
    if (at === 0) return 0;
    const previous = Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1));
    if (previous < 0) return 0;
    at = previous;
  }
  return at + 1;
}
