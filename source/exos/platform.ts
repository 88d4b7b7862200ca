// ExtremeXOS CLI behaviour as data (scrapli style): prompt grammar, pager, the questions the switch asks and the
// commands sent after login. The error lines it prints are in switchErrors.ts. The session layer is generic.
// Section numbers refer to docs/exos-cli.md; [V] verbatim, [T] another tool, [D] docs, [R] reconstruction.
import type { MsmSlot } from './chassisState.js';
import { DISABLE_CLIPAGING } from './commands.js';

// ---------------------------------------------------------------------------------------------------- prompt (§8.1)

export interface ParsedPrompt {
  /** The prompt line as received without the trailing blank, e.g. "* (Software Update Required) X870-96x-8c.1 #". */
  raw: string;
  /** `* `: unsaved configuration changes. */
  unsaved: boolean;
  /** `! `: slots shut down by the system-recovery configuration. */
  shutdownSlots: boolean;
  /** Text of the `(...)` prefix, e.g. "Software Update Required". */
  status?: string;
  /** Stack node prefix, e.g. "Slot-1". */
  slotPrefix?: string;
  vpex: boolean;
  sysname: string;
  /** Per-session command counter: the last `.digits` before the `#` / `>`. */
  counter: number;
  privilege: 'admin' | 'user';
}

/**
 * prompt := [ "! " ] [ "* " ] [ "(" status ") " ] [ "Slot-" n " " ] [ "VPEX " ] sysname "." counter " " ("#"|">") [ " " ]
 * Anchored at the end of the text and at a line start: a prompt is the last line with nothing after it. The sysname
 * is greedy, so a dotted sysname keeps its dots and the counter is the last `.digits`. It may hold blanks
 * (`* DC1 CORE X670.1 #`) but neither starts nor ends with one and never holds `#` or `>`: a line of output with a
 * `#` before its end is no prompt. The prefixes are tried first, so `Slot-1 VPEX ...` stays a stack node's prompt.
 */
export const promptPattern = /(?:^|[\r\n])(! )?(\* )?(?:\(([^()\r\n]*)\) )?(?:(Slot-\d+) )?(VPEX )?([^\s#>](?:[^\r\n\t#>]*[^\s#>])?)\.(\d+) ([#>]) ?$/;

/** The prompt at the very end of `text`, if the last line is one. */
export function parsePrompt(text: string): ParsedPrompt | undefined {
  const line = lastLine(text);
  const m = promptPattern.exec(line);
  if (!m) return undefined;
  const [, shutdown, unsaved, status, slotPrefix, vpex, sysname, counter, mark] = m;
  return {
    raw: line.trimEnd(),
    unsaved: unsaved !== undefined,
    shutdownSlots: shutdown !== undefined,
    ...(status !== undefined && { status }),
    ...(slotPrefix !== undefined && { slotPrefix }),
    vpex: vpex !== undefined,
    sysname: sysname!,
    counter: Number(counter),
    privilege: mark === '#' ? 'admin' : 'user',
  };
}

const lastLine = (text: string) => text.slice(Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1);

// ----------------------------------------------------------------------------------------------------- pager (§8.3)

/** Shown when clipaging is on and a page is full; answered with a space. Tested at the end of the buffer. */
export const pagerPattern = /Press <SPACE> to continue or <Q> to quit:[ \t]*$/;
export const PAGER_CONTINUE = ' ';
// The escape sequence that then wipes the pager line is removed with all others by outputLines.stripTerminalNoise.

// ------------------------------------------------------------------------------------------------- questions (§4-§8)

/**
 * How the switch offers the answers. `refusal` is the reply that cannot do harm: Enter where the switch offers
 * `<cr> - cancel` (for save-and-reboot `n` would still reboot), `n` everywhere else.
 */
export const ANSWER_STYLES = {
  'y/N': { options: /\(y\/N\)$/, refusal: 'n' },
  'y/n': { options: /\(y\/n\)$/, refusal: 'n' },
  'y or n': { options: /\(y or n\)$/, refusal: 'n' },
  'y-n-cancel': { options: /\(y - [^()]*<cr> - cancel[^()]*\)$/, refusal: '' },
} as const satisfies Record<string, { options: RegExp; refusal: string }>;
export type AnswerStyle = keyof typeof ANSWER_STYLES;
const STYLE_NAMES = Object.keys(ANSWER_STYLES) as AnswerStyle[];
/** For reconstructed questions [R]: the options are a guess too, and each style carries its own safe refusal. */
const ANY_STYLE = STYLE_NAMES;

interface QuestionRow {
  id: string;
  /** Matched against the question text before the options, whitespace collapsed to single spaces; ends with `$`. */
  match: RegExp;
  /**
   * The question as the switch is expected to print it, options included: what the operator reads before confirming.
   * `{slot}` stands for the MSM the command names.
   */
  asked: string;
  /** The option styles this question has been seen (or is guessed) with; each style names the harmless answer. */
  styles: readonly AnswerStyle[];
  /** A yes changes the switch (reboots, removes files, resets modules). */
  destructive: boolean;
  /** hitless never confirms this one, whatever the answer policy says. */
  neverConfirm?: true;
  /**
   * A bare "are you sure": not this question when its sentence (everything since the previous `?`) also warns — a
   * warning worded otherwise than the table knows must not be confirmed as the plain question it ends with.
   */
  plainConfirmation?: true;
  provenance: string;
}

/** Words of a warning around a plain confirmation: then the question is unknown, and refused. */
export const WARNING_WORDS = /\b(?:warning|reset|I\/O|outage|lost|traffic|all|every|switch|chassis|system|stack)\b/i;

/**
 * First match wins: the I/O-reset and reduced-function failover warnings precede the plain failover question, and the
 * whole-switch reboots precede the MSM reboot (a question ending in "reboot the switch?" is never an MSM reboot).
 */
const QUESTION_ROWS = [
  {
    id: 'remove-debug-files',
    match: /Do you want to continue with download and remove existing files from internal-memory\?$/,
    asked: 'Do you want to continue with download and remove existing files from internal-memory? (y/N)',
    styles: ['y/N'],
    destructive: true,
    provenance: '§4.2 B [V]',
  },
  {
    id: 'install-after-download',
    match: /Do you want to install image after downloading\?$/,
    asked: 'Do you want to install image after downloading? (y - yes, n - no, <cr> - cancel)',
    styles: ['y-n-cancel'],
    destructive: false,
    provenance: '§4.2 A [V]',
  },
  {
    // No capture of a standalone `install image` shows a question: the likely wordings are taken in case one comes,
    // none of which a damaged download question (above) can turn into.
    id: 'install-image',
    match: /(?:Do you want to|Are you sure you want to) (?:install (?:the )?image (?:on|to|in(?:to)?) [^?]*|continue with (?:the )?install(?:ation)?)\?$/i,
    asked: 'Do you want to install the image on MSM-{slot}? (y/N)',
    styles: ANY_STYLE,
    destructive: false,
    plainConfirmation: true,
    provenance: '§4.7 [R]',
  },
  {
    id: 'save-and-reboot',
    match: /Do you want to save configuration changes to [^?]* and reboot\?$/,
    asked:
      'Do you want to save configuration changes to currently selected configuration file (primary.cfg) and reboot? ' +
      '(y - save and reboot, n - reboot without save, <cr> - cancel command)',
    styles: ['y-n-cancel'],
    destructive: true,
    provenance: '§5 [T] NOC',
  },
  {
    id: 'reboot-stack',
    match: /Are you sure you want to reboot the stack\?$/,
    asked: 'Are you sure you want to reboot the stack? (y/N)',
    styles: ['y/N', 'y/n'],
    destructive: true,
    neverConfirm: true,
    provenance: '§5 [T] NOC',
  },
  {
    id: 'reboot-all',
    match: /reboot (?:all|every)\b[^?]*\?$/,
    asked: 'Are you sure you want to reboot all slots? (y/N)',
    styles: ANY_STYLE,
    destructive: true,
    neverConfirm: true,
    provenance: '§5 [R]',
  },
  {
    id: 'reboot-switch',
    match: /Are you sure you want to reboot the (?:switch|system|chassis)\?$/,
    asked: 'Are you sure you want to reboot the switch? (y/N)',
    styles: ANY_STYLE,
    destructive: true,
    neverConfirm: true,
    provenance: '§5 [T] XIQ, [R] options',
  },
  {
    id: 'reboot-msm',
    match: /reboot\b[^?]*\b(?:MSM|msm|Msm)[- ]?[AB]\b[^?]*\?$/,
    asked: 'Are you sure you want to reboot MSM-{slot}? (y/N)',
    styles: ANY_STYLE,
    destructive: true,
    plainConfirmation: true,
    provenance: '§5 [R] "Are you sure you want to reboot MSM-B? (y/N)"',
  },
  {
    id: 'io-module-reset',
    match: /all I\/O modules will be reset\b[^?]*\?$/,
    asked:
      'WARNING: The other MSM operates with a different version of I/O module image. If you continue with the MSM ' +
      'failover, all I/O modules will be reset. Are you sure you want to failover? (y/n)',
    styles: ANY_STYLE,
    destructive: true,
    provenance: '§6.2 case 3 [R]',
  },
  {
    id: 'failover-reduced-function',
    match: /functionality\b[^?]*\?$/,
    asked: 'The upgrade is hitless but new functionality may be lost. Continue? (y/n)',
    styles: ANY_STYLE,
    destructive: true,
    provenance: '§6.2 case 2 [R] wording unknown',
  },
  {
    id: 'failover-confirm',
    match: /Are you sure you want to (?:run )?(?:msm-)?fail ?over\b[^?]*\?$/,
    asked: 'Are you sure you want to failover? (y/n)',
    styles: ANY_STYLE,
    destructive: true,
    plainConfirmation: true,
    provenance: '§6 [R]',
  },
  {
    id: 'save-overwrite',
    match: /Do you want to save configuration to [\w.-]+\.cfg and overwrite it\?$/,
    asked: 'Do you want to save configuration to primary.cfg and overwrite it? (y/N)',
    styles: ['y/N'],
    destructive: false,
    provenance: '§8.7 [V]',
  },
  {
    id: 'save-first',
    match: /Do you want to save configuration to [\w.-]+\.cfg\?$/,
    asked: 'Do you want to save configuration to primary.cfg? (y/N)',
    styles: ['y/N'],
    destructive: false,
    provenance: '§8.7 [V]',
  },
  {
    id: 'exit-unsaved',
    match: /Do you want to save configuration changes to currently selected configuration file \([^()]*\)\?$/,
    asked: 'Do you want to save configuration changes to currently selected configuration file (primary.cfg)? (y or n)',
    styles: ['y or n'],
    destructive: false,
    provenance: '§8.7 [V] (line-wrapped in the source)',
  },
  {
    id: 'synchronize-save',
    match: /Do you want to save configuration changes to \S+\?$/,
    asked: 'Do you want to save configuration changes to primary.cfg? (y or n)',
    styles: ['y or n'],
    destructive: false,
    provenance: '§7 [D]',
  },
  {
    // `rm FILE` of an image hitless pushed: no capture shows whether EXOS asks; these are the likely wordings.
    id: 'remove-file',
    // Capitalised where a question starts: "remove" inside another question (the download's debug files) is not this one.
    match: /(?:^|\s)(?:rm: (?:remove|delete)|Remove|Delete|(?:Do you want|Are you sure you want) to (?:remove|delete))\b[^?]*\?$/,
    asked: 'Are you sure you want to remove the file? (y/N)',
    styles: ANY_STYLE,
    destructive: true,
    provenance: '§4.7 [R]',
  },
] as const satisfies readonly QuestionRow[];

export type QuestionId = (typeof QUESTION_ROWS)[number]['id'];
export interface KnownQuestion extends QuestionRow {
  id: QuestionId;
}
export const questions: readonly KnownQuestion[] = QUESTION_ROWS;

export interface MatchedQuestion {
  /** A `questions` id, or 'unknown': a question the table does not know, always refused. */
  id: QuestionId | 'unknown';
  /** The question as printed, line breaks and runs of blanks collapsed to single spaces. */
  text: string;
  style: AnswerStyle;
  destructive: boolean;
}

/**
 * Known questions are under 300 characters. A longer sentence before an options marker is an 'unknown' question
 * (refused): the question patterns backtrack polynomially, and a switch printing megabytes must not hang hitless.
 */
const MAX_QUESTION_CHARS = 1_000;

/** Lines looked at when a question is pending: the exit question is printed wrapped over two (§8.7). */
const QUESTION_WINDOW_LINES = 3;

/**
 * The question `text` ends with, if it ends with an answer-options marker and nothing after it but blanks.
 * An options marker that no known question explains is an 'unknown' question (it is destructive until proven not).
 */
export function matchQuestion(text: string): MatchedQuestion | undefined {
  // Every option style ends with `)`: output still arriving is ruled out without splitting it into lines.
  if (!text.trimEnd().endsWith(')')) return undefined;
  const { window, lineStarts } = questionWindow(text);
  for (const style of STYLE_NAMES) {
    const options = ANSWER_STYLES[style].options.exec(window);
    if (!options) continue;
    const asked = window.slice(0, options.index).trimEnd();
    // The question is the sentence that ends at its `?`: an earlier `?` ends some other text.
    const sentenceStart = asked.lastIndexOf('?', asked.length - 2) + 1;
    const sentence = asked.slice(sentenceStart);
    for (const known of sentence.length <= MAX_QUESTION_CHARS ? questions : []) {
      if (!known.styles.includes(style)) continue;
      const m = known.match.exec(sentence);
      if (m && known.plainConfirmation && WARNING_WORDS.test(sentence)) continue;
      if (m) {
        const text = window.slice(lineStartBefore(lineStarts, sentenceStart + m.index));
        return { id: known.id, text, style, destructive: known.destructive };
      }
    }
    // An options line of its own, e.g. "(y - save and reboot, ...)", belongs to the line above it.
    const optionsLine = lineStartBefore(lineStarts, options.index);
    const start = optionsLine === options.index ? lineStartBefore(lineStarts, optionsLine - 1) : optionsLine;
    return { id: 'unknown', text: window.slice(start), style, destructive: true };
  }
  return undefined;
}

/** The last lines of `text`, trimmed and blank-collapsed, joined by single spaces; with the offset where each begins. */
function questionWindow(text: string): { window: string; lineStarts: number[] } {
  const lines = text.split(/\r\n|\r|\n/).map((line) => line.replace(/\s+/g, ' ').trim()).filter((line) => line !== '');
  const kept = lines.slice(-QUESTION_WINDOW_LINES);
  const lineStarts: number[] = [];
  let window = '';
  for (const line of kept) {
    if (window !== '') window += ' ';
    lineStarts.push(window.length);
    window += line;
  }
  return { window, lineStarts };
}

const lineStartBefore = (lineStarts: number[], offset: number) => lineStarts.filter((start) => start <= offset).at(-1) ?? 0;

/** The reply to `question` that cannot do harm. */
export const safeRefusal = (question: Pick<MatchedQuestion, 'style'>): string => ANSWER_STYLES[question.style].refusal;

export const knownQuestion = (id: string): KnownQuestion | undefined => questions.find((q) => q.id === id);

/** A question as the answer policy sees it: which one, and its text as printed (it may name an MSM). */
export type SwitchQuestion = Pick<MatchedQuestion, 'id' | 'text'>;

export interface Reply {
  /** Exact text sent before `\r`, e.g. 'y', 'n', '' (Enter). */
  reply: string;
  reason: string;
}

/** undefined = hitless did not expect this question: the session sends the safe refusal and marks the result. */
export type AnswerPolicy = (question: SwitchQuestion) => Reply | undefined;

export interface AnsweredQuestion extends MatchedQuestion, Reply {
  /** The reply sent is the harmless one for this answer style (`safeRefusal`), whoever chose it. */
  refused: boolean;
}

/** The question `id` as the switch is expected to print it; one that names an MSM names `slot`. */
export function askedQuestion(id: QuestionId, slot?: MsmSlot): SwitchQuestion {
  const { asked } = knownQuestion(id)!;
  return { id, text: slot === undefined ? asked : asked.replace('{slot}', slot) };
}

/**
 * How the I/O-module-reset warning was answered, if the switch asked it: `y` accepts the outage (all I/O modules are
 * reset), `n` declines the failover.
 */
export function ioResetAnswer(answered: readonly Pick<AnsweredQuestion, 'id' | 'reply'>[]): 'accepted' | 'declined' | undefined {
  const reply = answered.find((q) => q.id === 'io-module-reset')?.reply.toLowerCase();
  if (reply?.startsWith('y')) return 'accepted';
  if (reply?.startsWith('n')) return 'declined';
  return undefined;
}

// ----------------------------------------------------------------------------------------------------- on open (§8.3)

/** Sent once after login. Prompting stays ON (no `disable cli prompting`): every question is seen and logged (§8.4). */
export const onOpen: readonly string[] = [DISABLE_CLIPAGING];
