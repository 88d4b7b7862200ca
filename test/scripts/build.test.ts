// What scripts/build.ts changes in esbuild's output must keep the program's meaning, and must not silently stop applying.
import { describe, expect, it } from 'vitest';
import { withoutBuiltinImports } from '../../scripts/build.js';

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

  it('stop the build when esbuild writes one the rewrite does not know', () => {
    expect(() => withoutBuiltinImports('import fs, { readFileSync } from "node:fs";')).toThrow(
      'esbuild wrote an import of a built-in module that scripts/build.ts does not rewrite: import fs, { readFileSync } from "node:fs";',
    );
  });
});
