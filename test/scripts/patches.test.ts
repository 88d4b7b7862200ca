// The changes hitless makes to other projects (README, Development: "Patches to other projects"): patch-package applies
// patches/*.patch to node_modules when a checkout runs `npm install`, so the tests, the bench and the bundle all run
// the patched code; scripts/build.ts rewrites esbuild's output. Each was written for one version of its package.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REWRITTEN_FOR_ESBUILD } from '../../scripts/build.js';
import { ROOT } from '../support/runCli.js';

const installedVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/** patches/<name>+<version>.patch (a scope's slash written as '+'), as patch-package names them. */
const PATCHES = readdirSync(join(ROOT, 'patches')).map((file) => {
  const [, name, version] = /^(.+)\+([^+]+)\.patch$/.exec(file)!;
  return { file, name: name!.replace('+', '/'), version: version! };
});

describe('patches to other projects', () => {
  it('are the Ink renderer, yoga-layout and string-width patches', () => {
    expect(PATCHES.map((patch) => patch.name).sort()).toEqual(['ink', 'string-width', 'yoga-layout']);
  });

  it.each(PATCHES)('$name: the installed version is the one $file was written for', ({ file, name, version }) => {
    const installed = installedVersion(name);
    if (installed !== version) {
      expect.fail(`${name} is now ${installed} but ${file} was written for ${version}: check the patch still applies and is still needed, then rename it`);
    }
  });

  it('esbuild: the installed version is the one the rewrite of its output was written for', () => {
    const installed = installedVersion('esbuild');
    if (installed !== REWRITTEN_FOR_ESBUILD) {
      expect.fail(`esbuild is now ${installed} but scripts/build.ts rewrites the output of ${REWRITTEN_FOR_ESBUILD}: check withoutBuiltinImports, then update REWRITTEN_FOR_ESBUILD`);
    }
  });

  it('ink: its renderer keeps its caches across frames (the patch is applied)', () => {
    expect(readFileSync(join(ROOT, 'node_modules/ink/build/output.js'), 'utf8')).toContain('hitless patch (patches/ink+6.8.0.patch)');
  });

  it('yoga-layout: loads its WebAssembly without fetch()', async () => {
    const script = [
      'let fetched = false;',
      "globalThis.fetch = () => { fetched = true; return Promise.reject(new Error('offline')); };",
      "const { default: Yoga } = await import('yoga-layout');",
      'process.stdout.write(JSON.stringify({ loaded: typeof Yoga.Node.create, fetched }));',
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT });
    expect(JSON.parse(stdout)).toEqual({ loaded: 'function', fetched: false });
  });

  it('string-width: its emoji test answers as \\p{RGI_Emoji} does, for every single code point and for emoji sequences', () => {
    const source = readFileSync(join(ROOT, 'node_modules/string-width/index.js'), 'utf8');
    const patched = /^const singleEmojiRegex[^]*?^};$/m.exec(source)?.[0];
    expect(patched, 'the patch of string-width is not applied').toBeDefined();
    const lazy = new Function(`${patched}\nreturn rgiEmojiRegex;`)() as RegExp;
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
