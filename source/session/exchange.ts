// One command (or the login) from the first byte to the next prompt. Pure bookkeeping over the accumulated text:
// chunk boundaries may split anything, so every decision looks at the tail of everything received so far.
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
  | { kind: 'write'; data: string }
  | { kind: 'done'; prompt: ParsedPrompt; output: string };

/** Lines worth of tail to look at for a prompt, the pager or a question (a wrapped question spans two plus blanks). */
const TAIL_LINE_BREAKS = 8;
/** How much of the command's end identifies its echo (the line editor may scroll a long line). */
const ECHO_TAIL_CHARS = 16;
/**
 * The most looked at, per chunk, at the end of what was received (and at its start, for the echo). Prompts, the pager
 * line and questions are far shorter; looking further on every chunk of a very long line would make it quadratic.
 */
const MAX_LOOK_CHARS = 4_096;

export class Exchange {
  private buffer = '';
  /** Nothing before this offset is looked at again: the echo, an answered question, a removed pager line. */
  private scanFrom = 0;
  private echoEnd: number | undefined;
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
    this.buffer += chunk;
    this.findEcho();
    const floor = Math.max(this.scanFrom, this.buffer.length - MAX_LOOK_CHARS);
    const recent = this.buffer.slice(floor);
    const tailStart = floor + lineBreaksBack(recent, TAIL_LINE_BREAKS);
    const tail = this.buffer.slice(tailStart);

    const promptStart = this.lastLineStartFrom(floor, recent);
    const prompt = promptStart === undefined ? undefined : parsePrompt(stripTerminalNoise(this.buffer.slice(promptStart)));
    if (promptStart !== undefined && prompt && this.endsExchange(prompt)) {
      return { kind: 'done', prompt, output: this.output(promptStart) };
    }

    const pager = pagerPattern.exec(tail);
    if (pager) {
      this.buffer = this.buffer.slice(0, tailStart + pager.index);
      this.scanFrom = this.buffer.length;
      return { kind: 'write', data: PAGER_CONTINUE };
    }

    const question = this.echoEnd === undefined ? undefined : matchQuestion(stripTerminalNoise(tail));
    if (question) {
      this.scanFrom = this.buffer.length;
      const answered = this.answer(question);
      this.questions.push(answered);
      return { kind: 'write', data: `${answered.reply}\r` };
    }
    return { kind: 'wait' };
  }

  /** Everything received so far, cleaned, for errors and the operator. */
  partialOutput(): string {
    return stripTerminalNoise(this.buffer);
  }

  /** The last non-blank line received, cleaned, for a one-line error message. */
  lastLine(): string {
    return stripTerminalNoise(this.buffer).split('\n').map((line) => line.trim()).filter(Boolean).at(-1) ?? '';
  }

  /** Where the last line starts, if at or after `floor`: a line reaching further back is too long for a prompt. */
  private lastLineStartFrom(floor: number, recent: string): number | undefined {
    const inRecent = lastLineStart(recent);
    if (inRecent > 0) return floor + inRecent;
    return floor === 0 || /[\r\n]/.test(this.buffer[floor - 1]!) ? floor : undefined;
  }

  private findEcho(): void {
    if (this.echoEnd !== undefined || this.command === undefined) return;
    const end = this.command.trim().slice(-ECHO_TAIL_CHARS);
    // The echo comes first (after at most a late prompt blank or a log line), never megabytes later.
    const start = this.buffer.slice(0, MAX_LOOK_CHARS + this.command.length);
    const at = end === '' ? 0 : start.indexOf(end);
    const lineBreak = at < 0 ? -1 : start.indexOf('\n', at + end.length);
    if (lineBreak < 0) return;
    this.echoEnd = lineBreak + 1;
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

  private output(promptStart: number): string {
    const start = this.echoEnd ?? this.buffer.indexOf('\n') + 1;
    return stripTerminalNoise(this.buffer.slice(start, promptStart)).replace(/\n$/, '');
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
