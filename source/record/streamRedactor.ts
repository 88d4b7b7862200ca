// Redaction for text that arrives in chunks (the switch console): a secret split over chunks is redacted whole,
// whatever the chunks and their timing. Text goes out as soon as nothing that follows can make it part of a secret;
// what waits is bounded:
// - the end of the text that could begin a known secret or a word a built-in secret begins with (`community`,
//   `password`, `://`, `ssh-rsa`, `-----BEGIN `...): at most the longest of them;
// - from such a word to the end of its line (a PEM block: to its END line), at most MAX_HELD characters; past that the
//   rest is masked from the word on, to the line's end (the block's END line). After `password:` the lead goes out at
//   once (a prompt shows) and the rest of the line is masked as it comes;
// - with --redact patterns, the unfinished line, before any of the above (LineHold).
// Each character is scanned a bounded number of times: a held line is searched only for its end.
import { LineHold, MAX_HELD, cutOutsideMatches } from './lineHold.js';
import { MASK, PEM_BEGIN, type Redactor, type StreamSyntax } from './redact.js';

const PEM_END = '-----END ';
const LINE_BREAK = /[\r\n]/g;

type Hold =
  /** Nothing began a secret: only the end of the text that could still begin one waits. */
  | { kind: 'tail' }
  /** A word that begins a secret, at `at` in the held text: the rest of its line waits (`block`: to the END line). */
  | { kind: 'line' | 'block'; at: number; word: string; searchedTo: number; endLineAt?: number }
  /** After a password's lead: the rest of the line is masked, once. */
  | { kind: 'masking'; masked: boolean }
  /** After a held line grew too long: the rest of the line (`block`: up to the END line) goes, masked already. */
  | { kind: 'dropping-line' }
  | { kind: 'dropping-block' };

export class StreamRedactor {
  private held = '';
  private hold: Hold = { kind: 'tail' };
  /** With --redact patterns: the unfinished line, held before the text reaches the rules above. */
  private readonly lines?: LineHold;

  constructor(
    private readonly redactor: Redactor,
    private readonly deliver: (text: string) => void,
  ) {
    const { patterns } = redactor.streamSyntax;
    if (patterns.length > 0) this.lines = new LineHold(patterns, (text) => this.take(text));
  }

  push(chunk: string): void {
    if (this.lines) this.lines.push(chunk);
    else this.take(chunk);
  }

  /** Delivers everything held (end of stream): the rules then see the text as it ends. */
  flush(): void {
    this.lines?.flush();
    // Masking and dropping hold nothing back: what they take is masked (or dropped) as it comes.
    if (this.hold.kind === 'tail' || this.hold.kind === 'line' || this.hold.kind === 'block') this.send(this.held.length);
    this.held = '';
    this.hold = { kind: 'tail' };
  }

  /** How many characters wait, for a test's bound on the work done. */
  get heldLength(): number {
    return (this.lines?.heldLength ?? 0) + this.held.length;
  }

  private take(chunk: string): void {
    if (chunk === '') return;
    this.held += chunk;
    while (this.settle());
  }

  private get syntax(): StreamSyntax {
    return this.redactor.streamSyntax;
  }

  /** Moves on as far as the held text allows; true when the hold changed and the text must be looked at again. */
  private settle(): boolean {
    switch (this.hold.kind) {
      case 'tail':
        return this.settleTail();
      case 'line':
      case 'block':
        return this.settleHeld(this.hold);
      case 'masking':
        return this.settleMasking(this.hold);
      case 'dropping-line':
        return this.dropUntilLineEnd();
      case 'dropping-block':
        return this.dropUntilBlockEnd();
    }
  }

  private settleTail(): boolean {
    const lineEnd = lineBreakIn(this.held, 0);
    const line = lineEnd < 0 ? this.held : this.held.slice(0, lineEnd);
    const { beginning } = this.syntax;
    beginning.lastIndex = 0;
    const begin = beginning.exec(line);
    if (begin) {
      const cut = this.safeCut(begin.index);
      this.send(cut);
      const word = begin[0].toLowerCase();
      const at = begin.index - cut;
      this.hold = { kind: word === PEM_BEGIN.toLowerCase() ? 'block' : 'line', at, word, searchedTo: at };
      return true;
    }
    if (lineEnd >= 0) {
      const cut = this.safeCut(afterLineBreak(this.held, lineEnd));
      this.send(cut);
      return cut > 0;
    }
    this.send(this.safeCut(this.held.length - this.heldBeginning()));
    return false;
  }

  private settleHeld(hold: Extract<Hold, { kind: 'line' | 'block' }>): boolean {
    const rule = this.syntax.words.get(hold.word);
    if (hold.kind === 'line' && rule?.lead) {
      rule.lead.lastIndex = hold.at;
      const lead = rule.lead.exec(this.held);
      const leadEnd = lead ? hold.at + lead[0].length : -1;
      if (lead && this.safeCut(leadEnd) === leadEnd) {
        this.send(leadEnd);
        this.hold = { kind: 'masking', masked: false };
        return true;
      }
    }
    if (hold.kind === 'line' && rule?.ends) {
      rule.ends.lastIndex = Math.max(hold.at + hold.word.length, hold.searchedTo);
      const over = rule.ends.exec(this.held);
      if (over && this.release(this.safeCut(over.index + 1))) return true;
    }
    const end = this.heldEnd(hold);
    if (end >= 0 && this.release(this.safeCut(end))) return true;
    if (this.held.length <= MAX_HELD) return false;
    // Too long to wait for: the word stays readable (unless a match began before it), everything after it is masked.
    this.deliver(hold.at === 0 ? `${this.held.slice(0, hold.word.length)}${MASK}` : MASK);
    this.held = '';
    this.hold = { kind: hold.kind === 'block' && hold.endLineAt === undefined ? 'dropping-block' : 'dropping-line' };
    return true;
  }

  private release(cut: number): boolean {
    if (cut <= 0) return false;
    this.send(cut);
    this.hold = { kind: 'tail' };
    return true;
  }

  /** Where the held line (block) ends, after its line break; -1 while it goes on. Text already searched is not searched again. */
  private heldEnd(hold: Extract<Hold, { kind: 'line' | 'block' }>): number {
    if (hold.kind === 'block' && hold.endLineAt === undefined) {
      const endLine = this.held.indexOf(PEM_END, hold.searchedTo);
      if (endLine < 0) {
        hold.searchedTo = Math.max(hold.at, this.held.length - (PEM_END.length - 1));
        return -1;
      }
      hold.endLineAt = hold.searchedTo = endLine;
    }
    const lineEnd = lineBreakIn(this.held, hold.searchedTo);
    if (lineEnd < 0) {
      hold.searchedTo = this.held.length;
      return -1;
    }
    return afterLineBreak(this.held, lineEnd);
  }

  private settleMasking(hold: Extract<Hold, { kind: 'masking' }>): boolean {
    const lineEnd = lineBreakIn(this.held, 0);
    const line = lineEnd < 0 ? this.held : this.held.slice(0, lineEnd);
    if (!hold.masked) {
      const blanks = /^[^\S\r\n]*/.exec(line)![0];
      if (blanks) this.deliver(blanks);
      if (line.length > blanks.length) {
        this.deliver(MASK);
        hold.masked = true;
      }
    }
    return this.dropThrough(lineEnd);
  }

  private dropUntilLineEnd(): boolean {
    return this.dropThrough(lineBreakIn(this.held, 0));
  }

  private dropUntilBlockEnd(): boolean {
    const end = this.held.indexOf(PEM_END);
    if (end < 0) {
      this.held = this.held.slice(-(PEM_END.length - 1));
      return false;
    }
    this.held = this.held.slice(end + PEM_END.length);
    this.hold = { kind: 'dropping-line' };
    return true;
  }

  /** Drops the held text up to a line break (kept, the next line starts there), or all of it. */
  private dropThrough(lineEnd: number): boolean {
    if (lineEnd < 0) {
      this.held = '';
      return false;
    }
    this.held = this.held.slice(lineEnd);
    this.hold = { kind: 'tail' };
    return true;
  }

  /** The length of the longest end of the held text that could begin a begin word or a known secret. */
  private heldBeginning(): number {
    const { words, secrets } = this.syntax.beginnings;
    return Math.max(beginningAtEnd(this.held, secrets, false), beginningAtEnd(this.held, words, true));
  }

  /** `cut` moved back until no known secret matches across it. */
  private safeCut(cut: number): number {
    const { uncut, span } = this.syntax;
    return cutOutsideMatches(this.held, cut, uncut, span);
  }

  private send(upTo: number): void {
    if (upTo <= 0) return;
    const text = this.held.slice(0, upTo);
    this.held = this.held.slice(upTo);
    this.deliver(this.redactor.text(text));
  }
}

/** CR LF stays together when both are here. */
const afterLineBreak = (text: string, lineBreak: number) => (text.startsWith('\r\n', lineBreak) ? lineBreak + 2 : lineBreak + 1);

function lineBreakIn(text: string, from: number): number {
  LINE_BREAK.lastIndex = from;
  return LINE_BREAK.exec(text)?.index ?? -1;
}

/** The length of the longest end of `text` that is how one of `candidates` begins (case-insensitively: the candidates are lower case). */
function beginningAtEnd(text: string, candidates: readonly string[], ignoreCase: boolean): number {
  const last = ignoreCase ? text.at(-1)?.toLowerCase() : text.at(-1);
  if (last === undefined) return 0;
  let longest = 0;
  for (const candidate of candidates) {
    for (let length = Math.min(candidate.length, text.length); length > longest; length--) {
      if (candidate[length - 1] !== last) continue;
      const end = text.slice(text.length - length);
      if ((ignoreCase ? end.toLowerCase() : end) === candidate.slice(0, length)) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}
