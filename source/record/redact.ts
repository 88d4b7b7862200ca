// The one redaction step every writer goes through (journal, both recordings, what the UI shows, error messages):
// secrets become *** before anything leaves the process. The rules are data; a run adds the passwords it knows and
// the operator's --redact patterns. Redacting twice changes nothing.
import type { EngineEvent, EventSink } from '../engine/events.js';

export const MASK = '***';

type Replacer = (match: string, ...groups: string[]) => string;

interface Rule {
  /** What the rule catches, for the reader. */
  what: string;
  pattern: RegExp;
  replace: string | Replacer;
}

/** Horizontal white space: a rule never reaches into the next line. */
const H = '[^\\S\\r\\n]';
const VALUE = '("[^"\\r\\n]*"|[^\\s"]+)';

const BUILT_IN_RULES: readonly Rule[] = [
  {
    what: 'PEM blocks (private keys, certificates); an unterminated block is masked to the end of the text',
    pattern: /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(?:-----END \1-----|$)/g,
    replace: (_match, label) => `-----BEGIN ${label}-----${MASK}-----END ${label}-----`,
  },
  {
    what: 'OpenSSH key lines: ssh-ed25519 AAAA..., ssh-rsa AAAA..., ecdsa-sha2-nistp256 AAAA...',
    pattern: /\b((?:sk-)?(?:ssh-(?:ed25519|rsa|dss)|ecdsa-sha2-nistp\d+)(?:@openssh\.com)?) [A-Za-z0-9+/]{12,}={0,3}/g,
    replace: `$1 ${MASK}`,
  },
  {
    what: 'credentials inside URLs: tftp://user:password@host/... (the password may itself contain @)',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s/]+@/gi,
    replace: `$1${MASK}@`,
  },
  {
    what: 'SNMP communities: add community readonly [encrypted] "public", community public RO, Community: public',
    pattern: new RegExp(`\\b(community(?:${H}+(?:readonly|readwrite|read-only|read-write))?(?:${H}+encrypted)?(?:${H}*[:=]${H}*|${H}+))${VALUE}`, 'gi'),
    replace: `$1${MASK}`,
  },
  {
    what: 'SNMPv3 community names and EXOS encrypted secrets: ... name "x", account admin encrypted "..."',
    pattern: new RegExp(`\\b((?:community\\b[^\\r\\n]*?${H}name|encrypted(?:${H}+name)?)${H}+(?:hex${H}+)?)${VALUE}`, 'gi'),
    replace: `$1${MASK}`,
  },
  {
    what: 'the login exchange and key=value secrets: whatever follows "password:" / "passphrase=" on that line',
    pattern: new RegExp(`\\b(pass(?:word|wd|phrase)${H}*[:=]${H}*)([^\\s][^\\r\\n]*)`, 'gi'),
    replace: `$1${MASK}`,
  },
];

export interface RedactionSettings {
  /** Exact values the process knows are secret (the password from --password-env, a typed password). */
  secrets?: string[];
  /** The operator's extra patterns (--redact REGEX); every whole match is masked. */
  patterns?: RegExp[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let secrets: string[] = [];
let patterns: RegExp[] = [];
let rules: readonly Rule[] = BUILT_IN_RULES;

function rebuildRules(): void {
  // Longest first, so a secret that contains another one is masked whole.
  const known = [...new Set(secrets)].filter((secret) => secret !== '' && secret !== MASK).sort((a, b) => b.length - a.length);
  const literal: Rule[] = known.length
    ? [{ what: 'secrets known to this run', pattern: new RegExp(known.map(escapeRegExp).join('|'), 'g'), replace: MASK }]
    : [];
  const extra: Rule[] = patterns.map((pattern) => ({
    what: `--redact ${pattern.source}`,
    pattern: new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`),
    replace: MASK,
  }));
  rules = [...literal, ...BUILT_IN_RULES, ...extra];
}

/** The settings of this run; replaces whatever was configured before. The built-in rules always apply. */
export function configureRedaction(settings: RedactionSettings): void {
  secrets = [...(settings.secrets ?? [])];
  patterns = [...(settings.patterns ?? [])];
  rebuildRules();
}

/** A secret the process learned later (e.g. a password typed at a prompt). */
export function addSecret(secret: string): void {
  secrets.push(secret);
  rebuildRules();
}

const MAX_PASSES = 4;

// A mask can create a match for an earlier rule ("BD-8810ssh-rsa ..." becomes "***ssh-rsa ..."), so the rules are
// applied until nothing changes: that is what makes redacting a redacted text a no-op.
export function redact(text: string): string {
  let result = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let next = result;
    for (const rule of rules) next = next.replace(rule.pattern, rule.replace as Replacer);
    if (next === result) break;
    result = next;
  }
  return result;
}

/** Every string inside a JSON value (an event, a journal line) redacted; keys and structure untouched. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item)])) as T;
  }
  return value;
}

/** One sink that redacts each event once and hands the clean copy to every sink behind it. */
export function redactingSink(sinks: EventSink[]): EventSink {
  return (event: EngineEvent) => {
    const clean = redactDeep(event);
    for (const sink of sinks) sink(clean);
  };
}

/** --redact values as patterns; one that does not compile, or that matches nothing at all (""), is a usage error. */
export function parseRedactPatterns(sources: string[], usage: (message: string) => Error): RegExp[] {
  return sources.map((source) => {
    let pattern: RegExp;
    try {
      pattern = new RegExp(source, 'g');
    } catch (err) {
      throw usage(`--redact ${source}: ${(err as Error).message}`);
    }
    if (new RegExp(source).test('')) throw usage(`--redact ${source}: the pattern matches empty text; it must match the secret itself`);
    return pattern;
  });
}

/** The password a run knows from --password-env, if any. */
export function secretsFromEnvironment(passwordEnv: string | undefined): string[] {
  const value = passwordEnv ? process.env[passwordEnv] : undefined;
  return value ? [value] : [];
}
