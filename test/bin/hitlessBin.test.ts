// bin/hitless.js, the command users run (the installed `hitless`, npm start): it runs the built bundle and nothing
// else: no rebuild and no TypeScript at run time (a packed package holds neither the sources nor tsx).
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HITLESS_BIN, ROOT, tempDir } from '../support/runCli.js';

const run = promisify(execFile);
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('bin/hitless.js', () => {
  it('runs dist/hitless.js, whatever the sources say', async () => {
    const dir = tempDir('hitless-bin-');
    cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'hitless.js'), "process.stdout.write('the bundle ran\\n');\n");
    // Executed as a shell would (its shebang line starts node).
    expect(await run(join(dir, 'bin', 'hitless.js'), ['--help'])).toEqual({ stdout: 'the bundle ran\n', stderr: '' });
  });

  it('in a checkout never built, says how to build: one line, exit 1', async () => {
    const dir = tempDir('hitless-bin-');
    cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    await expect(run(process.execPath, [join(dir, 'bin', 'hitless.js'), 'status'])).rejects.toMatchObject({
      code: 1,
      stderr: 'hitless: dist/hitless.js is not built yet: run `npm run build` in this checkout (npm start does)\n',
    });
  });

  it.each(['--version', '-V'])('%s prints the version of the package', async (flag) => {
    expect(await run(process.execPath, [HITLESS_BIN, flag])).toEqual({ stdout: `${VERSION}\n`, stderr: '' });
  });
});
