// Damaged `show switch` output may fail to parse or lose information, but must never make the parser throw
// or report a node as master/backup/in-sync/local when the undamaged output says otherwise.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ShowSwitch } from '../../source/exos/chassisState.js';
import { parseShowSwitch } from '../../source/exos/parseShowSwitch.js';
import { harmlessMutationChain, anyDamageChain, switchLikeText, truncations } from './mutations.js';
import { loadSample, RECONSTRUCTED, SHOW_SWITCH_SAMPLES } from './samples.js';

const REAL_SAMPLES = Object.values(SHOW_SWITCH_SAMPLES);
const RECONSTRUCTED_SAMPLES = Object.values(RECONSTRUCTED);

function originalOf(name: string): { text: string; show: ShowSwitch } {
  const text = loadSample(name);
  const result = parseShowSwitch(text);
  if (!result.ok) throw new Error(`${name} must parse: ${result.reason}`);
  return { text, show: result.value };
}

/** Every claim the damaged parse makes about a column must hold for that column in the original. */
function expectNoFalseClaims(original: ShowSwitch, damagedText: string): void {
  const damaged = parseShowSwitch(damagedText);
  if (!damaged.ok) {
    expect(damaged.reason).not.toMatch(/\n/);
    return;
  }
  damaged.value.nodes.forEach((node, column) => {
    const truth = original.nodes[column];
    if (node.role !== 'not-ready') expect({ column, role: truth?.role }).toEqual({ column, role: node.role });
    if (node.inSync) expect({ column, inSync: truth?.inSync }).toEqual({ column, inSync: true });
    if (node.local) expect({ column, local: truth?.local }).toEqual({ column, local: true });
    if (node.slot) expect({ column, slot: truth?.slot }).toEqual({ column, slot: node.slot });
  });
}

describe.each([
  ...REAL_SAMPLES.map((name) => [name, name] as const),
  ...RECONSTRUCTED_SAMPLES.map((name) => [`${name} (depends on RECONSTRUCTION)`, name] as const),
])('parseShowSwitch on damaged %s', (_title, name) => {
  const original = originalOf(name);

  it('either fails or reads every node exactly as the whole output when truncated at any position', () => {
    for (const prefix of truncations(original.text)) {
      const result = parseShowSwitch(prefix);
      if (result.ok) expect(result.value.nodes).toEqual(original.show.nodes);
    }
  });

  it('never makes a false claim under random damage (CRLF, stray CR, escape noise, long lines, dropped lines, lone ESC)', () => {
    fc.assert(
      fc.property(anyDamageChain, (mutate) => expectNoFalseClaims(original.show, mutate(original.text))),
      { numRuns: 150 },
    );
  });

  it('reads exactly the same values when only line endings, padding and escape noise change', () => {
    fc.assert(
      fc.property(harmlessMutationChain, (mutate) => {
        expect(parseShowSwitch(mutate(original.text))).toEqual({ ok: true, value: original.show });
      }),
      { numRuns: 100 },
    );
  });
});

describe('parseShowSwitch on arbitrary text', () => {
  it('never throws, and only reports master/backup for MASTER/BACKUP state text in a two-column block', () => {
    fc.assert(
      fc.property(switchLikeText, (text) => {
        const result = parseShowSwitch(text);
        if (!result.ok) return;
        for (const node of result.value.nodes) {
          if (node.role === 'master') expect(node.stateText).toBe('MASTER');
          if (node.role === 'backup') expect(node.stateText.startsWith('BACKUP')).toBe(true);
          if (node.role !== 'not-ready') expect(result.value.layout).toBe('two-column');
          if (node.inSync) expect(node.role).toBe('backup');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on random unicode or binary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })), (text) => {
        expect(typeof parseShowSwitch(text).ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('handles megabyte-sized lines and inputs (completes, no catastrophic backtracking)', () => {
    const stack = loadSample(SHOW_SWITCH_SAMPLES.x450aStack);
    const huge = [
      'a'.repeat(1_000_000),
      `Current State:${' '.repeat(1_000_000)}MASTER`,
      `${'1.'.repeat(500_000)} #`,
      `(${'x'.repeat(1_000_000)}`,
      '\x1b]'.padEnd(1_000_000, 'x'),
      `${stack}\n${' '.repeat(47)}${'patch1-1 '.repeat(100_000)}`,
      stack.repeat(200),
    ];
    for (const text of huge) expect(typeof parseShowSwitch(text).ok).toBe('boolean');
    expect(parseShowSwitch(huge[1]!)).toMatchObject({ ok: false });
  });
});
