// The one redaction step every writer goes through (journal, both recordings, what the UI shows, error messages):
// secrets become *** before anything leaves the process. The rules are data; each run builds its own Redactor with
// the passwords it knows and the operator's --redact patterns. Redacting twice changes nothing. Text that is printed
// (events, errors, reports) also loses its terminal controls here; the raw console streams keep them (`text`).
import type { EngineEvent, EventSink } from '../engine/events.js';
import { stripTerminalControls } from '../exos/terminalControls.js';
import { HitlessError } from '../errors.js';

export const MASK = '***';

type Replacer = (match: string, ...groups: string[]) => string;

interface Rule {
  /** What the rule catches, for the reader. */
  what: string;
  pattern: RegExp;
  replace: string | Replacer;
  /**
   * For a stream (StreamRedactor): the words, in lower case, one of which every match begins with. The rest of the line
   * after one waits for the line's end, so the secret is redacted whole.
   */
  begins?: readonly string[];
  /** The text before the secret, when the secret runs to the end of the line: a stream may show it and mask the rest. */
  lead?: RegExp;
  /** The first of these after a begin word ends any match that began there, before the line ends. */
  ends?: RegExp;
}

/** Horizontal white space: a rule never reaches into the next line. */
const H = '[^\\S\\r\\n]';
/** A quoted value (its closing quote may be missing) or a word. */
const VALUE = '("[^"\\r\\n]*"?|[^\\s"]+)';

export const PEM_BEGIN = '-----BEGIN ';
/** How far after `community` an SNMPv3 `name` is looked for: a bound keeps a long line's redaction linear. */
const NAME_WITHIN = 200;
const PASSWORD_LEAD = `pass(?:word|wd|phrase)${H}*[:=]${H}*`;

const BUILT_IN_RULES: readonly Rule[] = [
  {
    what: 'PEM blocks (private keys, certificates); an unterminated block is masked to the end of the text',
    pattern: /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(?:-----END \1-----|$)/g,
    replace: (_match, label) => `-----BEGIN ${label}-----${MASK}-----END ${label}-----`,
    begins: [PEM_BEGIN.toLowerCase()],
  },
  {
    what: 'OpenSSH key lines: ssh-ed25519 AAAA..., ssh-rsa AAAA..., ecdsa-sha2-nistp256 AAAA...',
    pattern: /\b((?:sk-)?(?:ssh-(?:ed25519|rsa|dss)|ecdsa-sha2-nistp\d+)(?:@openssh\.com)?) [A-Za-z0-9+/]{12,}={0,3}/g,
    replace: `$1 ${MASK}`,
    begins: ['ssh-ed25519', 'ssh-rsa', 'ssh-dss', 'sk-ssh-', 'ecdsa-sha2-nistp', 'sk-ecdsa-sha2-nistp'],
  },
  {
    what: 'credentials inside URLs: tftp://user:password@host/... (the password may itself contain @)',
    pattern: /(:\/\/[^\s:/@]*:)[^\s/]+@/g,
    replace: `$1${MASK}@`,
    begins: ['://'],
    ends: /[\s/]/g,
  },
  {
    what: 'SNMP communities: add community readonly [encrypted] "public", community public RO, Community: public',
    pattern: new RegExp(`\\b(community(?:${H}+(?:readonly|readwrite|read-only|read-write))?(?:${H}+encrypted)?(?:${H}*[:=]${H}*|${H}+))${VALUE}`, 'gi'),
    replace: `$1${MASK}`,
    begins: ['community'],
  },
  {
    what: 'SNMPv3 community names and EXOS encrypted secrets: ... name "x", account admin encrypted "..."',
    pattern: new RegExp(`\\b((?:community\\b[^\\r\\n]{0,${NAME_WITHIN}}?${H}name|encrypted(?:${H}+name)?)${H}+(?:hex${H}+)?)${VALUE}`, 'gi'),
    replace: `$1${MASK}`,
    begins: ['community', 'encrypted'],
  },
  {
    what: 'the login exchange and key=value secrets: whatever follows "password:" / "passphrase=" on that line',
    pattern: new RegExp(`\\b(${PASSWORD_LEAD})([^\\s][^\\r\\n]*)`, 'gi'),
    replace: `$1${MASK}`,
    begins: ['password', 'passwd', 'passphrase'],
    lead: new RegExp(PASSWORD_LEAD, 'iy'),
  },
];

export interface RedactionSettings {
  /** Exact values the process knows are secret (the password from --password-env, a typed password). */
  secrets?: string[];
  /** The operator's extra patterns (--redact REGEX); every whole match is masked. */
  patterns?: RegExp[];
  /** Called once, the first time a secret shorter than SHORT_SECRET is added (it is then masked only as a word). */
  onShortSecret?: () => void;
}

/** A secret shorter than this is masked only where it stands alone: inside other words it would mask every `x` of `.xos`. */
export const SHORT_SECRET = 4;

/** What a stream (StreamRedactor) needs to know to never let a secret out in pieces. */
export interface StreamSyntax {
  /** Finds (case-insensitively) the words a built-in secret begins with. */
  beginning: RegExp;
  /** The lead and the end of the rule a begin word (lower case) belongs to, where it has them. */
  words: ReadonlyMap<string, Pick<Rule, 'lead' | 'ends'>>;
  /** Texts whose beginning, at the end of the stream so far, is held back: the begin words (lower case) and the secrets. */
  beginnings: { words: readonly string[]; secrets: readonly string[] };
  /** The secrets known to the run, which a cut must never fall inside, and the longest one's length. */
  uncut: readonly RegExp[];
  span: number;
  /** The operator's patterns, whose matches have no begin word: a stream holds the unfinished line for them. */
  patterns: readonly RegExp[];
}

const BEGIN_WORDS: ReadonlyMap<string, Pick<Rule, 'lead' | 'ends'>> = new Map(
  BUILT_IN_RULES.flatMap((rule) => (rule.begins ?? []).map((word) => [word, { lead: rule.lead, ends: rule.ends }] as const)),
);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const BEGINNING = new RegExp([...BEGIN_WORDS.keys()].map((word) => escapeRegExp(word)).join('|'), 'gi');
const standingAlone = (literal: string) => `(?<![A-Za-z0-9_])${literal}(?![A-Za-z0-9_])`;

const MAX_PASSES = 4;

/**
 * The redaction of one run: the built-in rules, the secrets the run knows and the operator's patterns. Every sink of
 * the run (journal, recordings, screen, error messages) gets its text through the same redactor.
 */
export class Redactor {
  private readonly secrets: string[] = [];
  private readonly patterns: RegExp[];
  private readonly onShortSecret?: () => void;
  private warnedShort = false;
  private rules: readonly Rule[] = BUILT_IN_RULES;
  private syntax!: StreamSyntax;

  constructor(settings: RedactionSettings = {}) {
    this.patterns = [...(settings.patterns ?? [])];
    this.onShortSecret = settings.onShortSecret;
    for (const secret of settings.secrets ?? []) this.remember(secret);
    this.rebuildRules();
  }

  /** A secret the run learned (e.g. a password typed at a prompt). */
  addSecret(secret: string): void {
    if (this.remember(secret)) this.rebuildRules();
  }

  /** What a stream redacting with this redactor must hold back; changes when a secret is added. */
  get streamSyntax(): StreamSyntax {
    return this.syntax;
  }

  // A mask can create a match for an earlier rule ("BD-8810ssh-rsa ..." becomes "***ssh-rsa ..."), so the rules are
  // applied until nothing changes: that is what makes redacting a redacted text a no-op.
  text(text: string): string {
    let result = text;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      let next = result;
      for (const rule of this.rules) next = next.replace(rule.pattern, rule.replace as Replacer);
      if (next === result) break;
      result = next;
    }
    return result;
  }

  /** Text that is printed on a terminal or a page, or stored in a journal: no terminal controls, and redacted. */
  printable(text: string): string {
    return this.text(stripTerminalControls(text));
  }

  /** Every string inside a JSON value (an event, a journal line) made printable; keys and structure untouched. */
  deep<T>(value: T): T {
    if (typeof value === 'string') return this.printable(value) as T;
    if (Array.isArray(value)) return value.map((item: unknown) => this.deep(item)) as T;
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.deep(item)])) as T;
    }
    return value;
  }

  /**
   * One sink that redacts each event once and hands the clean copy to every sink behind it. The fields that name what
   * the event is come from the code, never from the switch or the operator, and stay as they are: a password that
   * happens to be `console` must not turn `console-line` into `***-line`.
   */
  sink(sinks: EventSink[]): EventSink {
    return (event: EngineEvent) => {
      const clean = { ...this.deep(event), ...identityOf(event) } as EngineEvent;
      for (const sink of sinks) sink(clean);
    };
  }

  /** The error with its message (and stack) redacted, for the one place that prints errors. */
  error(err: unknown): unknown {
    if (err instanceof HitlessError) return new HitlessError(err.kind, this.printable(err.message), err.exitCode, err.advice && this.printable(err.advice));
    if (!(err instanceof Error)) return new Error(this.printable(String(err)));
    const clean = new Error(this.printable(err.message));
    clean.stack = err.stack === undefined ? undefined : this.printable(err.stack);
    return clean;
  }

  private remember(secret: string): boolean {
    // A secret inside the mask would be found again in every mask.
    if (secret === '' || MASK.includes(secret)) return false;
    this.secrets.push(secret);
    if (secret.length < SHORT_SECRET && !this.warnedShort) {
      this.warnedShort = true;
      this.onShortSecret?.();
    }
    return true;
  }

  private rebuildRules(): void {
    // Longest first, so a secret that contains another one is masked whole.
    const known = [...new Set(this.secrets)].sort((a, b) => b.length - a.length);
    const literal: Rule[] = known.length
      ? [
          {
            what: 'secrets known to this run (short ones only where they stand alone)',
            pattern: new RegExp(known.map((secret) => (secret.length < SHORT_SECRET ? standingAlone(escapeRegExp(secret)) : escapeRegExp(secret))).join('|'), 'g'),
            replace: MASK,
          },
        ]
      : [];
    const extra: Rule[] = this.patterns.map((pattern) => ({
      what: `--redact ${pattern.source}`,
      pattern: new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`),
      replace: MASK,
    }));
    this.rules = [...literal, ...BUILT_IN_RULES, ...extra];
    const patterns = extra.map((rule) => rule.pattern);
    this.syntax = {
      beginning: BEGINNING,
      words: BEGIN_WORDS,
      beginnings: { words: [...BEGIN_WORDS.keys()], secrets: known },
      uncut: literal.map((rule) => rule.pattern),
      span: known[0]?.length ?? 0,
      patterns,
    };
  }
}

const IDENTITY_FIELDS = ['type', 'step', 'at', 'schema'] as const;

function identityOf(event: EngineEvent): Partial<Record<(typeof IDENTITY_FIELDS)[number], unknown>> {
  const record = event as unknown as Record<string, unknown>;
  return Object.fromEntries(IDENTITY_FIELDS.filter((field) => field in record).map((field) => [field, record[field]]));
}

const BUILT_IN = new Redactor();

/** The built-in rules only: for text no run has seen (a journal or recording from elsewhere, a message before a run). */
export const redact = (text: string): string => BUILT_IN.text(text);

/** The longest --redact pattern: a secret's shape fits in far less, and the regex engine refuses far more. */
export const MAX_REDACT_PATTERN = 1000;

const shown = (source: string) => JSON.stringify(source.length > 40 ? `${source.slice(0, 40)}…` : source);

/** `redact` for text that is printed: no terminal controls either (a report of a journal written elsewhere, an error). */
export const printable = (text: string): string => BUILT_IN.printable(text);

/** --redact values as patterns; one that does not compile, is too long, or matches nothing at all (""), is a usage error. */
export function parseRedactPatterns(sources: string[], usage: (message: string) => Error): RegExp[] {
  return sources.map((source) => {
    if (source.length > MAX_REDACT_PATTERN) throw usage(`--redact ${shown(source)}: the pattern is ${source.length} characters long; at most ${MAX_REDACT_PATTERN}`);
    let pattern: RegExp;
    try {
      pattern = new RegExp(source, 'g');
      // V8 compiles a pattern when it first runs: a pattern too large for the engine fails here, not in a writer.
      pattern.test('');
    } catch (err) {
      throw usage(`--redact ${shown(source)}: ${(err as Error).message.split(': ').at(-1)}`);
    }
    if (new RegExp(source).test('')) throw usage(`--redact ${source}: the pattern matches empty text; it must match the secret itself`);
    return pattern;
  });
}
