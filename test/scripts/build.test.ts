// What scripts/build.ts changes in a dependency for the bundle must keep that dependency's answers.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAZY_RGI_EMOJI_TEST, RGI_EMOJI_TEST, withoutBuiltinImports } from '../../scripts/build.js';

const stringWidthSource = () => {
  const entry = createRequire(import.meta.url).resolve('string-width');
  return readFileSync(join(dirname(entry), 'index.js'), 'utf8');
};

describe('the bundle\'s string-width', () => {
  it('still has the emoji test the build replaces', () => {
    expect(stringWidthSource()).toContain(RGI_EMOJI_TEST);
  });

  it('answers the emoji test as \\p{RGI_Emoji} does, for every single code point and for emoji sequences', () => {
    const lazy = new Function(`${LAZY_RGI_EMOJI_TEST}\nreturn rgiEmojiRegex;`)() as RegExp;
    const full = new RegExp(String.raw`^\p{RGI_Emoji}$`, 'v');
    const differing: string[] = [];
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      const text = String.fromCodePoint(codePoint);
      if (lazy.test(text) !== full.test(text)) differing.push(codePoint.toString(16));
    }
    expect(differing).toEqual([]);
    const sequences = ['🇩🇪', '1️⃣', '👍🏽', '👨‍👩‍👧', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '❤️', '🇩', '✓', '●', 'ab'];
    expect(sequences.map((text) => lazy.test(text))).toEqual(sequences.map((text) => full.test(text)));
    expect(sequences.filter((text) => lazy.test(text))).toEqual(['🇩🇪', '1️⃣', '👍🏽', '👨‍👩‍👧', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '❤️']);
  });
});

describe('the bundle\'s imports of Node built-ins', () => {
  it('become process.getBuiltinModule calls; other imports stay', () => {
    const chunk = [
      'import { readFileSync, statSync as stat } from "node:fs";',
      'import process2 from "node:process";',
      'import * as path from "node:path";',
      'import { render } from "./chunk-ABC.js";',
      'import { Client } from "ssh2";',
    ].join('\n');
    expect(withoutBuiltinImports(chunk).split('\n')).toEqual([
      'const { readFileSync, statSync: stat } = process.getBuiltinModule("node:fs");',
      'const process2 = process.getBuiltinModule("node:process");',
      'const path = process.getBuiltinModule("node:path");',
      'import { render } from "./chunk-ABC.js";',
      'import { Client } from "ssh2";',
    ]);
  });
});
