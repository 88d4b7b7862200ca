// fast-check arbitraries that damage real switch output the way a terminal session can: line endings,
// stray carriage returns, escape/pager residue between lines, very long lines, dropped lines.
import fc from 'fast-check';

export type Mutation = (text: string) => string;

const lines = (text: string) => text.split('\n');

/** Gives a mutation a readable form in fast-check counterexamples. */
export const named = (description: string, mutate: Mutation): Mutation =>
  Object.assign(mutate, { [fc.toStringMethod]: () => description, toString: () => description });

const ESCAPE_NOISE = [
  '\x1b[m\x1b[60;D\x1b[K',
  'Press <SPACE> to continue or <Q> to quit:\x1b[m\x1b[60;D\x1b[K',
  '\x1b[0m',
  '\x1b[1;32m',
  '\x1b]0;switch title\x07',
  '\x1b(B',
  '\x1b7\x1b8',
  '\x1b[?2004h',
];

const toCrlf: fc.Arbitrary<Mutation> = fc.constant(named('crlf', (text) => text.replace(/\n/g, '\r\n')));

const insertedAtRandom = (character: string, description: string): fc.Arbitrary<Mutation> =>
  fc.array(fc.nat(), { minLength: 1, maxLength: 20 }).map((positions) =>
    named(`${description} at ${positions}`, (text) => {
      let out = text;
      for (const position of positions) {
        const at = position % (out.length + 1);
        out = `${out.slice(0, at)}${character}${out.slice(at)}`;
      }
      return out;
    }),
  );

const strayCarriageReturns = insertedAtRandom('\r', 'stray CR');
/** A lone ESC swallows the character after it, as a terminal would: real damage, not noise. */
const loneEscapes = insertedAtRandom('\x1b', 'lone ESC');

/** Escape sequences inserted at the start of random lines (where a pager or a redraw would put them). */
const escapeNoiseBetweenLines: fc.Arbitrary<Mutation> = fc
  .array(fc.tuple(fc.nat(), fc.constantFrom(...ESCAPE_NOISE)), { minLength: 1, maxLength: 10 })
  .map((inserts) => named(`escape noise ${JSON.stringify(inserts)}`, (text) => {
    const out = lines(text);
    for (const [position, noise] of inserts) {
      const index = position % out.length;
      out[index] = `${noise}${out[index]}`;
    }
    return out.join('\n');
  }));

/** A very long line inserted between lines, or appended to an existing line. */
const veryLongLine: fc.Arbitrary<Mutation> = fc
  .record({
    position: fc.nat(),
    length: fc.integer({ min: 1_000, max: 100_000 }),
    filler: fc.constantFrom('x', ' ', '.', '-', 'patch1-1 ', 'MASTER ', 'BACKUP (In Sync) ', ':'),
    append: fc.boolean(),
  })
  .map(({ position, length, filler, append }) => named(`long line ${JSON.stringify({ position, length, filler, append })}`, (text) => {
    const out = lines(text);
    const index = position % out.length;
    const long = filler.repeat(Math.ceil(length / filler.length)).slice(0, length);
    if (append) out[index] = `${out[index]}${long}`;
    else out.splice(index, 0, long);
    return out.join('\n');
  }));

const droppedLines: fc.Arbitrary<Mutation> = fc
  .array(fc.nat(), { minLength: 1, maxLength: 8 })
  .map((positions) => named(`drop lines ${positions}`, (text) => {
    const out = lines(text);
    for (const position of positions) if (out.length > 0) out.splice(position % out.length, 1);
    return out.join('\n');
  }));

const trailingPadding: fc.Arbitrary<Mutation> = fc
  .integer({ min: 0, max: 80 })
  .map((width) => named(`pad lines to ${width}`, (text) => lines(text).map((line) => (width === 0 ? line.trimEnd() : line.padEnd(width))).join('\n')));

const lineDamage = [toCrlf, strayCarriageReturns, escapeNoiseBetweenLines, veryLongLine, droppedLines, trailingPadding];

const chainOf = (mutations: fc.Arbitrary<Mutation>[]): fc.Arbitrary<Mutation> =>
  fc
    .array(fc.oneof(...mutations), { minLength: 1, maxLength: 4 })
    .map((chain) => named(chain.map(String).join(' then '), (text) => chain.reduce((current, mutate) => mutate(current), text)));

/** One to four line-level damages: endings, stray CRs, escape noise between lines, long lines, dropped lines. */
export const lineDamageChain = chainOf(lineDamage);

/** Line-level damage plus lone ESCs that eat a character inside a line, which no parser can detect in a value. */
export const anyDamageChain = chainOf([...lineDamage, loneEscapes]);

/** Mutations that keep every character of the original output (only noise and line endings change). */
export const harmlessMutationChain = chainOf([toCrlf, strayCarriageReturns, escapeNoiseBetweenLines, trailingPadding]);

// Damage inside lines, found by fuzzing the parsers on simulator output (test/faults).
const NOISE_SEQUENCES = ['\x1b[m', '\x1b[1m', '\x1b[0;31m', '\x1b[K', '\x1b]0;t\x07', '\x1b(B', '\x00', '\x07'];
/** Escape sequences and control bytes between characters: a terminal shows the same text. */
export const inlineNoise = fc.array(fc.tuple(fc.nat(), fc.constantFrom(...NOISE_SEQUENCES)), { minLength: 1, maxLength: 30 }).map((inserts) =>
  named(`inline noise ${JSON.stringify(inserts)}`, (text) => {
    const noiseAt = new Map<number, string>();
    for (const [position, noise] of inserts) noiseAt.set(position % (text.length + 1), noise);
    return [...text].map((char, at) => (noiseAt.get(at) ?? '') + char).join('') + (noiseAt.get(text.length) ?? '');
  }),
);
/**
 * Characters replaced by, or inserted as, bytes a broken path produces. Never letters, digits or the characters
 * values are made of or separated by (`.`, `-`, `*`, blanks): "b-d8800.xos", " 5.3.1.4" for "15.3.1.4" or a stray `*`
 * marker is damage no parser can tell from data.
 */
export const characterDamage = fc
  .array(fc.tuple(fc.nat(), fc.boolean(), fc.constantFrom('\ufffd', '\xff', '\u2588', '#', '~', '(', ')', '?')), { minLength: 1, maxLength: 12 })
  .map((edits) =>
    named(`characters ${JSON.stringify(edits)}`, (text) => {
      let out = text;
      for (const [position, replace, char] of edits) {
        const at = position % Math.max(1, out.length);
        out = out.slice(0, at) + char + out.slice(replace ? at + 1 : at);
      }
      return out;
    }),
  );
export const noisyCharacterDamage = fc
  .tuple(characterDamage, inlineNoise)
  .map(([damage, noise]) => named(`${String(damage)} then ${String(noise)}`, (text) => noise(damage(text))));
/** Everything, including lone ESCs that delete a character: fine where a deletion cannot forge a claim (roles). */
export const anyHarm = fc.oneof(anyDamageChain, characterDamage, noisyCharacterDamage);
/** No deletions inside lines: a deleted digit makes another valid file name or version, which nothing can detect. */
export const harmKeepingValues = fc.oneof(lineDamageChain, characterDamage, noisyCharacterDamage);

/** Every prefix of `text`, for "truncated at every position" checks. */
export function* truncations(text: string): Generator<string> {
  for (let end = 0; end <= text.length; end += 1) yield text.slice(0, end);
}

/** Random text biased towards switch-like lines: labels, column padding, states, versions, noise. */
export const switchLikeText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc
        .tuple(
          fc.constantFrom('Slot:', 'Current State:', 'Image Selected:', 'Image Booted:', 'Primary ver:', 'Secondary ver:', 'System Type:', 'Image   :', 'Switch      :', 'MSM-A       :'),
          fc.integer({ min: 0, max: 60 }),
          fc.constantFrom('MASTER', 'BACKUP (In Sync)', 'BACKUP (Not In Sync)', 'INIT', '', 'MSM-A *', 'MSM-B', 'Slot-1 *', 'primary', 'secondary', '15.3.1.4', 'ExtremeXOS version 15.3.1.4 v1531b4-patch1-1 by x'),
          fc.integer({ min: 0, max: 60 }),
          fc.constantFrom('MASTER', 'BACKUP (In Sync)', 'INIT', '', 'MSM-B', 'Slot-2', 'secondary', '12.6.2.10'),
        )
        .map(([label, gap1, first, gap2, second]) => `${label}${' '.repeat(gap1)}${first}${' '.repeat(gap2)}${second}`),
      fc.integer({ min: 0, max: 60 }).map((gap) => `${' '.repeat(gap)}patch1-10`),
      fc.constantFrom('', '\x1b[m\x1b[60;D\x1b[K', '%% Invalid input detected at \'^\' marker.', '* BD-8810.3 # '),
    ),
    { maxLength: 30 },
  )
  .chain((rows) => fc.constantFrom('\n', '\r\n', '\r').map((eol) => rows.join(eol)));
