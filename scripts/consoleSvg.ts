// `npm run console-svg`: the animated picture of the console at the top of README.md, docs/console.svg, made from a
// recording rather than drawn: `hitless demo --pace fast --record` in a tmux terminal of a fixed size, then the
// recording through svg-term-cli (fetched by npx; it is not a dependency of hitless).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildBundle } from './build.js';

const ROOT = new URL('..', import.meta.url).pathname;
const OUTPUT = join(ROOT, 'docs', 'console.svg');
const SVG_TERM = 'svg-term-cli@2.1.1';
const COLUMNS = 110;
const ROWS = 34;
const DEMO_TIMEOUT_MS = 180_000;

await buildBundle();
const dir = mkdtempSync(join(tmpdir(), 'hitless-console-svg-'));
const cast = join(dir, 'demo.cast');
const exitFile = join(dir, 'exit-code');
const socket = `hitless-console-svg-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

const demo = `cd ${dir} && env -u CI -u CONTINUOUS_INTEGRATION LANG=C.UTF-8 XDG_STATE_HOME=${dir} ${process.execPath} ${join(ROOT, 'bin', 'hitless.js')} demo --pace fast --record ${cast}; echo $? > ${exitFile}`;
tmux('new-session', '-d', '-s', 'demo', '-x', String(COLUMNS), '-y', String(ROWS), `${demo}; sleep 600`);
try {
  const deadline = Date.now() + DEMO_TIMEOUT_MS;
  while (!existsSync(exitFile)) {
    if (Date.now() > deadline) throw new Error(`the demo did not end; its screen:\n${tmux('capture-pane', '-p', '-t', 'demo')}`);
    await sleep(200);
  }
} finally {
  tmux('kill-server');
}
const exitCode = readFileSync(exitFile, 'utf8').trim();
if (exitCode !== '0') throw new Error(`hitless demo ended with exit ${exitCode}`);

execFileSync('npx', ['--yes', SVG_TERM, '--in', cast, '--out', OUTPUT, '--window', '--no-cursor', '--width', String(COLUMNS), '--height', String(ROWS)], {
  stdio: 'inherit',
});
process.stdout.write(`wrote ${OUTPUT} (${(statSync(OUTPUT).size / 1024).toFixed(0)} KiB) from ${cast}\n`);
