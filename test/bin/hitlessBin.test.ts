// bin/hitless.js, the command users run (npx hitless, npm start): it runs the built bundle while that is current and
// rebuilds it first when a source is newer. Run in a copy of the project so the repository's own dist/ is left alone.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/runCli.js';

const run = promisify(execFile);

function projectCopy(): string {
  const dir = tempDir('hitless-bin-');
  for (const entry of ['bin', 'cli.tsx', 'source', 'schema', 'scripts', 'package.json']) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Executes the bin itself, as a shell would (its shebang line starts node). */
const hitless = (dir: string, ...args: string[]) => run(join(dir, 'bin', 'hitless.js'), args, { env: { ...process.env, NO_COLOR: '1' } });

const inTheFuture = (seconds: number) => new Date(Date.now() + seconds * 1000);

describe('bin/hitless.js', () => {
  it('builds the bundle when there is none, runs it while it is current, rebuilds it when a source is newer', { timeout: 180_000 }, async () => {
    const dir = projectCopy();
    const bundle = join(dir, 'dist', 'hitless.js');

    const first = await hitless(dir, '--help');
    expect(first.stderr).toBe('hitless: building dist/hitless.js from the sources...\n');
    expect(first.stdout).toMatch(/^hitless — /);
    expect(existsSync(bundle)).toBe(true);

    // A stand-in bundle newer than every source: the bin runs it, and builds nothing.
    writeFileSync(bundle, "process.stdout.write('the bundle ran\\n');\n");
    utimesSync(bundle, inTheFuture(60), inTheFuture(60));
    expect(await hitless(dir, '--help')).toEqual({ stdout: 'the bundle ran\n', stderr: '' });

    // A source edited after the bundle was built: rebuilt, so the real CLI answers again.
    utimesSync(join(dir, 'source', 'errors.ts'), inTheFuture(120), inTheFuture(120));
    const rebuilt = await hitless(dir, '--help');
    expect(rebuilt.stderr).toBe('hitless: building dist/hitless.js from the sources...\n');
    expect(rebuilt.stdout).toBe(first.stdout);
  });
});
