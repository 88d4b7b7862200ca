// The console stream's redaction on a megabyte without a line break, delivered in 10-byte chunks (the worst case the
// issue measured at 139 s of CPU): its CPU time against simply concatenating the same chunks.
import { Redactor } from '../source/record/redact.js';
import { StreamRedactor } from '../source/record/streamRedactor.js';

export const REDACTION_BYTES = 1 << 20;
export const REDACTION_CHUNK = 10;

const ORDINARY = 'show log 0123456789 abcdef. '.repeat(Math.ceil(REDACTION_BYTES / 28)).slice(0, REDACTION_BYTES);
const OPERATOR_PATTERN = /tok-[0-9a-f]{8}/g;

/**
 * Ordinary text (no word a secret begins with) and text whose first word begins a secret (held, then masked), each
 * with a known password; with an operator's pattern (the unfinished line waits) and without.
 */
export const REDACTION_CASES = [
  { label: 'ordinary, one --redact pattern', text: ORDINARY, patterns: [OPERATOR_PATTERN] },
  {
    label: 'after "community", one --redact pattern',
    text: `configure snmp add community readonly "${'x'.repeat(REDACTION_BYTES)}`.slice(0, REDACTION_BYTES),
    patterns: [OPERATOR_PATTERN],
  },
  { label: 'ordinary, no --redact pattern', text: ORDINARY, patterns: [] },
] as const;

const chunksOf = (text: string) => Array.from({ length: Math.ceil(text.length / REDACTION_CHUNK) }, (_, i) => text.slice(i * REDACTION_CHUNK, (i + 1) * REDACTION_CHUNK));

/** CPU milliseconds to redact `text` in chunks, with a known secret (and the operator's patterns) as a run would have. */
export function streamRedactionCpuMs(text: string, patterns: readonly RegExp[]): number {
  const chunks = chunksOf(text);
  const redactor = new Redactor({ secrets: ['Zq8pw-Secr3t'], patterns: [...patterns] });
  let delivered = 0;
  const stream = new StreamRedactor(redactor, (piece) => (delivered += piece.length));
  const before = process.cpuUsage();
  for (const chunk of chunks) stream.push(chunk);
  stream.flush();
  const used = process.cpuUsage(before);
  if (delivered === 0) throw new Error('the stream redactor delivered nothing');
  return (used.user + used.system) / 1000;
}

/** The baseline: the same chunks only joined. */
export function concatenationCpuMs(text: string): number {
  const chunks = chunksOf(text);
  const before = process.cpuUsage();
  let joined = '';
  for (const chunk of chunks) joined += chunk;
  if (joined.length !== text.length) throw new Error('lost chunks');
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** One complete 1 MB line crowded with words that begin secrets, as an event or a journal line would carry it. */
export const CROWDED_LINE = 'community x name '.repeat(Math.ceil(REDACTION_BYTES / 17)).slice(0, REDACTION_BYTES);

/** CPU milliseconds to redact `text` at once (the rules on a whole text). */
export function wholeRedactionCpuMs(text: string): number {
  const redactor = new Redactor({ secrets: ['Zq8pw-Secr3t'] });
  const before = process.cpuUsage();
  const redacted = redactor.text(text);
  const used = process.cpuUsage(before);
  if (redacted === text) throw new Error('nothing was masked');
  return (used.user + used.system) / 1000;
}
