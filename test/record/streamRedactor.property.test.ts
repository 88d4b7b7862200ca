// The console stream's redaction holds whatever the chunks: random text carrying every kind of secret, cut at random
// places and delivered with random pauses, comes out exactly as the whole text redacted at once — so no secret ever
// leaves in pieces — and the work is bounded: a megabyte without a line break keeps no more than the longest secret
// (or, after a word that begins a secret or with --redact patterns, one bounded line) waiting.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MASK, Redactor } from '../../source/record/redact.js';
import { MAX_HELD, MAX_REDACT_MATCH } from '../../source/record/lineHold.js';
import { StreamRedactor } from '../../source/record/streamRedactor.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Secret values: long enough to be masked anywhere, and made of letters the filler never uses. */
const secretValue = fc.stringMatching(/^[A-Z][A-Z0-9!%&+=_-]{7,15}$/);
/** Ordinary switch output between the secrets: no begin word can form from these letters. */
const filler = fc.stringMatching(/^[a-z0-9 .,#*()[\]<>-]{0,60}$/).filter((text) => !/pass|comm|encr|ssh|ecdsa|sk-|begin|end/i.test(text));
const base64 = fc.stringMatching(/^[A-Za-z0-9+/]{16,64}$/);
const hex8 = fc.stringMatching(/^[0-9a-f]{8}$/);
const lineBreak = fc.constantFrom('\r\n', '\n', '\r\n\r\n');

interface Secrets {
  env: string;
  typed: string;
  url: string;
  community: string;
  encrypted: string;
  prompted: string;
  token: string;
  /** Longer than any window a stream could keep for a pattern: only holding the line keeps it whole. */
  licence: string;
  pemBody: string[];
  sshKey: string;
}

const secrets: fc.Arbitrary<Secrets> = fc.record({
  env: secretValue,
  typed: secretValue,
  url: secretValue,
  community: secretValue,
  encrypted: secretValue,
  prompted: secretValue,
  token: hex8,
  licence: fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 300, maxLength: 400 }),
  pemBody: fc.array(base64, { minLength: 1, maxLength: 4 }),
  sshKey: base64,
});

/** A line of switch output carrying one secret of each kind (the filler around it is random). */
const SECRET_LINES: readonly ((s: Secrets) => string)[] = [
  (s) => `enable password ${s.env}`,
  (s) => `configure account admin ${s.typed}`,
  (s) => `download url tftp://ops:${s.url}@10.0.0.5/bd8800.xos vr VR-Mgmt`,
  (s) => `configure snmp add community readonly "${s.community}"`,
  (s) => `snmp-server community ${s.community} RO`,
  (s) => `create account admin ops encrypted "${s.encrypted}"`,
  (s) => `Password: ${s.prompted}`,
  (s) => `session token tok-${s.token} issued`,
  (s) => `licence key lic-${s.licence} installed`,
  (s) => ['-----BEGIN OPENSSH PRIVATE KEY-----', ...s.pemBody, '-----END OPENSSH PRIVATE KEY-----'].join('\r\n'),
  (s) => `ssh-rsa ${s.sshKey} ops@jump`,
];

const consoleText = fc
  .tuple(secrets, fc.array(fc.tuple(filler, fc.nat(SECRET_LINES.length - 1), filler, lineBreak), { minLength: 1, maxLength: 12 }), filler)
  .map(([s, lines, prompt]) => ({
    secrets: s,
    // Every secret line starts a line (as a switch prints it) and ends one; the text ends in an unfinished prompt.
    text: lines.map(([before, kind, after, end]) => `${before}\r\n${SECRET_LINES[kind]!(s)} ${after}${end}`).join('') + `* ${prompt} #`,
  }));

/** Cut points (sorted, inside the text) and, per chunk, whether a pause (longer than any idle time) follows it. */
const chunking = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 3 }).map((n) => n > 0)), { maxLength: 40 });

const OPERATOR_PATTERNS = [/tok-[0-9a-f]{8}/g, /lic-[A-Z0-9]{300,}/g];

function redactorFor(s: Secrets, withPatterns: boolean): Redactor {
  const redactor = new Redactor({ secrets: [s.env], patterns: withPatterns ? OPERATOR_PATTERNS : [] });
  // A password typed at a prompt is learned during the run, and registered the same way.
  redactor.addSecret(s.typed);
  return redactor;
}

function streamed(redactor: Redactor, text: string, cuts: [number, boolean][], pauses: boolean): string {
  const out: string[] = [];
  const stream = new StreamRedactor(redactor, (piece) => out.push(piece));
  const points = [...new Set(cuts.map(([at]) => Math.floor(at * text.length)))].sort((a, b) => a - b);
  let from = 0;
  points.forEach((to, index) => {
    stream.push(text.slice(from, to));
    from = to;
    if (pauses && cuts[index]![1]) vi.advanceTimersByTime(1000);
  });
  stream.push(text.slice(from));
  if (pauses) vi.advanceTimersByTime(1000);
  stream.flush();
  return out.join('');
}

/** Random text with, here and there, some of `words` (words that mean something to the redactor). */
const textWith = (words: string[]) =>
  fc
    .array(fc.oneof({ arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 12 }, { arbitrary: fc.constantFrom(...words), weight: 2 }), { maxLength: 8 })
    .map((parts) => parts.join(''));

/** No piece of 6 characters of `values` is in `out`, but for a piece the text around them holds by itself. */
function expectNoPieceOf(values: string[], text: string, out: string): void {
  const around = values.reduce((rest, value) => rest.replace(value, ''), text);
  for (const value of values) {
    for (let at = 0; at + 6 <= value.length; at++) {
      const piece = value.slice(at, at + 6);
      if (!around.includes(piece)) expect(out).not.toContain(piece);
    }
  }
}

const builtInValuesOf = (s: Secrets) => [s.env, s.typed, s.url, s.community, s.encrypted, s.prompted, ...s.pemBody, s.sshKey];
const valuesOf = (s: Secrets) => [...builtInValuesOf(s), `tok-${s.token}`, `lic-${s.licence}`];

describe('StreamRedactor: random chunkings of text with every kind of secret', () => {
  it('delivers exactly the whole text redacted at once, pauses or not, so no secret leaves in pieces', () => {
    vi.useFakeTimers();
    fc.assert(
      fc.property(consoleText, chunking, ({ secrets: s, text }, cuts) => {
        const redactor = redactorFor(s, false);
        const whole = redactor.text(text);
        for (const value of builtInValuesOf(s)) expect(whole).not.toContain(value);
        expect(streamed(redactor, text, cuts, true)).toBe(whole);
      }),
      { numRuns: 400 },
    );
  });

  it('catches the operator\'s --redact patterns too, however the text is cut and paused', () => {
    vi.useFakeTimers();
    fc.assert(
      fc.property(consoleText, chunking, ({ secrets: s, text }, cuts) => {
        const redactor = redactorFor(s, true);
        const whole = redactor.text(text);
        for (const value of valuesOf(s)) expect(whole).not.toContain(value);
        expect(streamed(redactor, text, cuts, true)).toBe(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('never lets an operator\'s pattern match out in pieces, whatever prompts, questions and text surround it', () => {
    vi.useFakeTimers();
    const anyText = textWith(['\r\n', '\r', '* BD-8810.1 # ', 'BD-8810.2 > ', 'Continue? (y/N) ', 'login: ', 'Reboot? ', 'tok-', 'lic-']);
    const licence = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 300, maxLength: 400 });
    fc.assert(
      fc.property(hex8, licence, anyText, anyText, anyText, chunking, (token, key, a, b, c, cuts) => {
        const matches = [`tok-${token}`, `lic-${key}`];
        const text = `${a}${matches[0]}${b}${matches[1]}${c}`;
        expectNoPieceOf(matches, text, streamed(new Redactor({ patterns: OPERATOR_PATTERNS }), text, cuts, true));
      }),
      { numRuns: 300 },
    );
  });

  it('never lets a known password out, nor any piece of it of 6 characters, whatever text surrounds it', () => {
    vi.useFakeTimers();
    const anyText = textWith(['\r\n', 'password', 'community ', '://', '-----BEGIN ', '"']);
    fc.assert(
      fc.property(secretValue, secretValue, anyText, anyText, anyText, chunking, (env, typed, a, b, c, cuts) => {
        const redactor = new Redactor({ secrets: [env] });
        redactor.addSecret(typed);
        const text = `${a}${env}${b}${typed}${c}`;
        expectNoPieceOf([env, typed], text, streamed(redactor, text, cuts, true));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a match of up to MAX_REDACT_MATCH characters whole in a line too long to hold', () => {
    const pattern = /key-[A-F0-9]+-end/g;
    // Once the line is longer than MAX_HELD, all of it but its last MAX_REDACT_MATCH characters goes: the match is put
    // across that point.
    const share = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_REDACT_MATCH - 8 }), share, fc.integer({ min: 1, max: 64 }), (length, before, chunkSize) => {
        const at = MAX_HELD - MAX_REDACT_MATCH + 32 - Math.floor(before * length);
        const key = `key-${'A0'.repeat(length).slice(0, length)}-end`;
        const text = `${'x'.repeat(at)}${key}${'y'.repeat(MAX_HELD)}`;
        const redactor = new Redactor({ patterns: [pattern] });
        const out: string[] = [];
        const stream = new StreamRedactor(redactor, (piece) => out.push(piece));
        for (let from = 0; from < text.length; from += chunkSize) stream.push(text.slice(from, from + chunkSize));
        stream.flush();
        expect(out.join('')).toBe(redactor.text(text));
      }),
      { numRuns: 40 },
    );
  });

  it('the cases the issue reported: an echo paused inside a password, a community paused inside its quotes', () => {
    vi.useFakeTimers();
    const redactor = new Redactor({ secrets: ['Zq8pw-Secr3t'] });
    const out: string[] = [];
    const stream = new StreamRedactor(redactor, (piece) => out.push(piece));
    for (const piece of ['enable password Zq8pw-', 'Secr3t\r\n', 'configure snmp add community readonly "pub', 'lic-ro"\r\n']) {
      stream.push(piece);
      vi.advanceTimersByTime(500);
    }
    expect(out.join('')).toBe(`enable password ${MASK}\r\nconfigure snmp add community readonly ${MASK}\r\n`);
    expect(out.join('')).not.toMatch(/Zq8|Secr3t|pub|lic-ro/);
  });
});

describe('StreamRedactor: bounded work on a megabyte without a line break in 10-byte chunks', () => {
  const MEGABYTE = 1 << 20;
  const feed = (redactor: Redactor, text: string) => {
    const out: string[] = [];
    const stream = new StreamRedactor(redactor, (piece) => out.push(piece));
    let mostHeld = 0;
    for (let at = 0; at < text.length; at += 10) {
      stream.push(text.slice(at, at + 10));
      mostHeld = Math.max(mostHeld, stream.heldLength);
    }
    stream.flush();
    return { out: out.join(''), mostHeld };
  };

  it('ordinary text goes out as it comes, holding back at most the longest secret', () => {
    const text = 'show log 0123456789 abcdef. '.repeat(MEGABYTE / 28);
    const secret = 'Zq8pw-Secr3t';
    const { out, mostHeld } = feed(new Redactor({ secrets: [secret] }), text);
    expect(out).toBe(text);
    expect(mostHeld).toBeLessThanOrEqual(secret.length + 10);
  });

  it('with --redact patterns, holding back at most one bounded line', () => {
    const text = 'a.'.repeat(MEGABYTE / 2);
    const { out, mostHeld } = feed(new Redactor({ patterns: OPERATOR_PATTERNS }), text);
    expect(out).toBe(text);
    expect(mostHeld).toBeLessThanOrEqual(64 * 1024 + 10);
  });

  it('after a word that begins a secret, holding one bounded line and masking the rest of it', () => {
    for (const start of ['configure snmp community ', 'password ', '-----BEGIN RSA PRIVATE KEY-----', 'tftp://ops:']) {
      const { out, mostHeld } = feed(new Redactor(), start + 'x'.repeat(MEGABYTE));
      expect(out.length).toBeLessThan(start.length + 10);
      expect(out).toContain(MASK);
      expect(mostHeld).toBeLessThanOrEqual(64 * 1024 + 10);
    }
  });
});
