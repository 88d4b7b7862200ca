// The layer check of `npm test` (dependency-cruiser with the project's .dependency-cruiser.cjs) run on small trees
// laid out like source/: one that breaks every rule once, and one that keeps them.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/runCli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes each file (path → its imports) under a temp dir, next to the project's tsconfig.json. */
function tree(files: Record<string, string[]>): string {
  const dir = tempDir('hitless-layers-');
  dirs.push(dir);
  copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  for (const [path, imports] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), `${imports.join('\n')}\nexport const value = 1;\n`);
  }
  return dir;
}

function checkLayers(dir: string): Promise<{ code: number | null; output: string }> {
  const depcruise = join(ROOT, 'node_modules', '.bin', 'depcruise');
  const child = spawn(depcruise, ['--config', join(ROOT, '.dependency-cruiser.cjs'), '--no-cache', 'source'], { cwd: dir });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

describe('the layer check', () => {
  it('fails on each broken rule, naming the rule and the import', async () => {
    const dir = tree({
      'source/procedure/decision.ts': ["import type { Event } from '../engine/event.js';"],
      'source/engine/event.ts': ["import { value } from '../procedure/pureHelper.js';", 'export type Event = typeof value;'],
      'source/procedure/pureHelper.ts': ["import { isDeepStrictEqual } from 'node:util';", "import { value } from '../exos/parser.js';"],
      'source/exos/parser.ts': ["import { readFileSync } from 'node:fs';", "import { isIPv4 } from 'node:net';"],
      'source/exos/reachesUp.ts': ["import { value } from '../session/line.js';"],
      'source/session/line.ts': [],
      'source/ui/pane.ts': ["import { value } from '../session/line.js';"],
      'source/simulator/chassis.ts': ["import { value } from '../exos/parser.js';"],
      'source/run/prepare.ts': ["import { value } from '../cli/command.js';"],
      'source/cli/command.ts': ["import { value } from '../run/prepare.js';"],
      'source/fleet/many.ts': ["import { value } from '../cli/command.js';"],
      'source/cli/missing.ts': ["import { value } from './notThere.js';"],
    });
    const { code, output } = await checkLayers(dir);
    expect(code).not.toBe(0);
    const errors = output.split('\n').filter((line) => line.trim().startsWith('error ')).map((line) => line.trim());
    expect(errors).toEqual(
      expect.arrayContaining([
        'error procedure-is-pure: source/procedure/decision.ts → source/engine/event.ts',
        'error exos-is-pure: source/exos/parser.ts → fs',
        'error exos-is-pure: source/exos/reachesUp.ts → source/session/line.ts',
        'error ui-never-talks-to-the-switch: source/ui/pane.ts → source/session/line.ts',
        'error simulator-knows-no-parsers: source/simulator/chassis.ts → source/exos/parser.ts',
        'error run-below-cli-and-fleet: source/run/prepare.ts → source/cli/command.ts',
        'error fleet-below-cli: source/fleet/many.ts → source/cli/command.ts',
        'error no-unresolvable: source/cli/missing.ts → ./notThere.js',
      ]),
    );
    expect(errors.some((line) => line.startsWith('error no-cycles: source/cli/command.ts') || line.startsWith('error no-cycles: source/run/prepare.ts'))).toBe(true);
    expect(output).not.toContain('node:util');
    expect(output).not.toMatch(/→ (node:)?net\b/);
  }, 60_000);

  it('passes a tree that keeps the layers', async () => {
    const dir = tree({
      'source/exos/parser.ts': ["import { isIPv4 } from 'node:net';"],
      'source/procedure/decision.ts': ["import { value } from '../exos/parser.js';", "import { isDeepStrictEqual } from 'node:util';"],
      'source/engine/upgrade.ts': ["import { value } from '../procedure/decision.js';", "import { readFileSync } from 'node:fs';"],
      'source/ui/pane.ts': ["import { value } from '../engine/upgrade.js';"],
      'source/run/prepare.ts': ["import { value } from '../engine/upgrade.js';"],
      'source/fleet/many.ts': ["import { value } from '../run/prepare.js';"],
      'source/cli/command.ts': ["import { value } from '../fleet/many.js';", "import { value as ui } from '../ui/pane.js';"],
    });
    const { code, output } = await checkLayers(dir);
    expect(output).toContain('no dependency violations found');
    expect(code).toBe(0);
  }, 60_000);
});
