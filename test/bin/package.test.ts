// The package as users get it: `npm pack`, then a global install of the tarball with no registry (offline, an empty
// cache, the registry an address nothing answers on) into a prefix of its own; and dist/hitless.mjs copied alone into
// an empty folder. Both must run every command without the checkout's node_modules or TypeScript.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCast } from '../../source/record/asciicast.js';
import { SCENARIOS } from '../../source/simulator/index.js';
import { contractErrors } from '../support/jsonContract.js';
import { HITLESS_BIN, ROOT, tempDir } from '../support/runCli.js';

const run = promisify(execFile);
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const PACK_TIMEOUT_MS = 240_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A tmux server of its own per full-screen run. */
let tmuxRuns = 0;

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const path = join(prefix, name);
    return statSync(join(dir, path)).isDirectory() ? [path + '/', ...filesUnder(dir, path)] : [path];
  });
}

/** A command's environment with no way to a registry, its own state folder, and no colour. */
const isolated = (extra: Record<string, string> = {}) => ({
  ...process.env,
  npm_config_registry: 'http://127.0.0.1:9/',
  XDG_STATE_HOME: tempDir('hitless-state-'),
  CI: 'true',
  FORCE_COLOR: '0',
  ...extra,
});

/** `hitless simulate --port 0 --speed 0 ARGS` from `command`, stopped with SIGTERM once it printed how to connect; its stdout. */
async function simulateUntilServing(command: string[], cwd: string, args: string[] = []): Promise<string> {
  const child = spawn(command[0]!, [...command.slice(1), 'simulate', '--port', '0', '--speed', '0', ...args], { cwd, env: isolated() });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes('Press Ctrl-C to stop.')) child.kill('SIGTERM');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code) => (stdout.includes('Press Ctrl-C to stop.') ? resolve(stdout) : reject(new Error(`exit ${code}: ${stderr}`))));
  });
}

/** status --json, plan --simulate-from that document and simulate --from it, as a twin rehearsal does. */
async function twinCommandsWork(command: string[], cwd: string): Promise<void> {
  const status = await run(command[0]!, [...command.slice(1), 'status', '--simulate', 'master-is-b', '--json'], { cwd, env: isolated() });
  const file = join(cwd, 'status.json');
  writeFileSync(file, status.stdout);
  const plan = await run(command[0]!, [...command.slice(1), 'plan', '--simulate-from', file, '--image', SCENARIOS['master-is-b'].suggested.image, '--json'], {
    cwd,
    env: isolated(),
  });
  expect(contractErrors('plan', JSON.parse(plan.stdout))).toEqual([]);
  expect(plan.stderr).toBe('');
  expect(await simulateUntilServing(command, cwd, ['--from', file])).toContain(`twin of ${file}, speed 0`);
}

/**
 * `COMMAND upgrade --simulate happy` in a tmux pane of 120x40 (in `dir`): it draws the MSM panes and asks to confirm;
 * q then y quits, and the summary of a run stopped safe is left on the normal screen below the shell's earlier line.
 */
async function fullScreenUpgradeQuitsSafely(command: string, dir: string): Promise<void> {
  const socket = `hitless-package-${process.pid}-${++tmuxRuns}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const waitForScreen = async (predicate: (screen: string) => boolean) => {
    for (let tries = 0; ; tries++) {
      const screen = tmux('capture-pane', '-p', '-J', '-t', 'package');
      if (predicate(screen)) return screen;
      if (tries > 300) throw new Error(`screen never matched; last screen:\n${screen}`);
      await sleep(100);
    }
  };
  const line = `cd ${dir} && printf 'shell-before\\n'; env LANG=C.UTF-8 CI=true XDG_STATE_HOME=${dir} ${command} upgrade --simulate happy --speed 0 --poll 0.05; echo "exit $?"; sleep 600`;
  tmux('new-session', '-d', '-s', 'package', '-x', '120', '-y', '40', line);
  try {
    const panes = await waitForScreen((screen) => screen.includes('on MSM-B (secondary)'));
    expect(panes).toMatch(/MSM A \(you\)\s+★ MASTER\s+MSM B\s+● BACKUP ✓ In Sync/);
    tmux('send-keys', '-t', 'package', 'q');
    await waitForScreen((screen) => screen.includes('Quit hitless?'));
    tmux('send-keys', '-t', 'package', 'y');
    const summary = await waitForScreen((screen) => screen.includes('outcome   exit 4: stopped in a safe state'));
    expect(summary).toContain('shell-before');
    expect(summary).toMatch(/MSM-A\s+MASTER · booted primary: 15\.3\.1\.4/);
    expect(summary).not.toContain('on MSM-B (secondary)');
    expect((await waitForScreen((screen) => /^exit \d+$/m.test(screen))).match(/^exit (\d+)$/m)![1]).toBe('4');
  } finally {
    tmux('kill-server');
  }
}

describe("the checkout's bundle (bin/hitless.js)", () => {
  it('runs the twin commands: plan --simulate-from and simulate --from a status document', async () => {
    await twinCommandsWork([process.execPath, HITLESS_BIN], tempDir('hitless-bundle-twin-'));
  });
});

describe('the packed tarball, installed globally with no registry', () => {
  let prefix = '';
  let installed = '';
  let hitless = '';
  let installOutput = '';

  beforeAll(async () => {
    const dir = tempDir('hitless-pack-');
    const packed = await run('npm', ['pack', '--pack-destination', dir], { cwd: ROOT, env: isolated(), maxBuffer: 16 * 1024 * 1024 });
    const tarball = join(dir, packed.stdout.trim().split('\n').at(-1)!);
    prefix = join(dir, 'prefix');
    const install = await run('npm', ['install', '--global', '--offline', '--cache', join(dir, 'empty-cache'), '--prefix', prefix, tarball], {
      cwd: dir,
      env: isolated(),
    });
    installOutput = install.stdout + install.stderr;
    installed = join(prefix, 'lib', 'node_modules', 'hitless');
    hitless = join(prefix, 'bin', 'hitless');
  }, PACK_TIMEOUT_MS);

  it('installs without an install script and holds what runs: bin, dist, schema, README and licences; no TypeScript, no tsx, no node_modules', () => {
    expect(installOutput).not.toMatch(/install-scripts|patch-package|ERR/);
    const files = filesUnder(installed);
    expect(files.filter((file) => /\.tsx?$/.test(file))).toEqual([]);
    expect(files.filter((file) => /(^|\/)(tsx|node_modules)\//.test(file))).toEqual([]);
    expect(files.filter((file) => !file.startsWith('dist/chunks/') && !file.startsWith('schema/')).sort()).toEqual(
      ['LICENSE', 'README.md', 'bin/', 'bin/hitless.js', 'dist/', 'dist/THIRD-PARTY-LICENSES.md', 'dist/hitless.js', 'dist/hitless.mjs', 'package.json'].sort(),
    );
    const licences = readFileSync(join(installed, 'dist', 'THIRD-PARTY-LICENSES.md'), 'utf8');
    for (const bundled of ['ink', 'react', 'ssh2', '@xterm/headless', 'asciinema-player', 'ajv']) expect(licences).toContain(`## ${bundled} `);
  });

  it('hitless --version prints the version; status --simulate happy --json conforms to the installed schema', async () => {
    expect((await run(hitless, ['--version'], { env: isolated() })).stdout).toBe(`${VERSION}\n`);
    const status = await run(hitless, ['status', '--simulate', 'happy', '--json'], { env: isolated() });
    const document = JSON.parse(status.stdout) as { hitless?: string };
    expect(contractErrors('status', document)).toEqual([]);
    expect(document.hitless).toBe(VERSION);
    expect(readFileSync(join(installed, 'schema', 'status.schema.json'), 'utf8')).toBe(readFileSync(join(ROOT, 'schema', 'status.schema.json'), 'utf8'));
  });

  it('the twin commands work from it: plan --simulate-from and simulate --from a status document', async () => {
    await twinCommandsWork([hitless], tempDir('hitless-installed-twin-'));
  });

  it('hitless upgrade --simulate happy draws the MSM panes in tmux; q then y leaves the summary on the normal screen', async () => {
    await fullScreenUpgradeQuitsSafely(hitless, tempDir('hitless-installed-tmux-'));
  });
});

describe('dist/hitless.mjs copied alone into an empty folder', () => {
  let dir = '';
  const hitless = () => [process.execPath, join(dir, 'hitless.mjs')];

  beforeAll(() => {
    dir = tempDir('hitless-one-file-');
    copyFileSync(join(ROOT, 'dist', 'hitless.mjs'), join(dir, 'hitless.mjs'));
  });

  it('prints status --json, and performs a headless upgrade with a recording that it exports as a page with the player inlined', async () => {
    const [node, file] = hitless();
    const status = await run(node!, [file!, 'status', '--simulate', 'happy', '--json'], { cwd: dir, env: isolated() });
    expect(contractErrors('status', JSON.parse(status.stdout))).toEqual([]);

    const upgrade = await run(node!, [file!, 'upgrade', '--simulate', 'happy', '--speed', '0', '--yes', '--json', '--record', 'run.cast'], { cwd: dir, env: isolated() });
    const end = JSON.parse(upgrade.stdout.trimEnd().split('\n').at(-1)!) as { type: string; outcome: string };
    expect(end).toMatchObject({ type: 'run-end', outcome: 'done' });

    const exported = await run(node!, [file!, 'export', 'run.cast', '--html', 'run.html'], { cwd: dir, env: isolated() });
    expect(exported.stdout).toMatch(/^wrote run\.html/);
    const page = readFileSync(join(dir, 'run.html'), 'utf8');
    expect(page).toContain('AsciinemaPlayer.create');
    expect(page).toContain('.ap-player');
    expect(readdirSync(dir).sort()).toEqual(['hitless.mjs', 'run.cast', 'run.html']);
  });

  it('the twin commands work from it: plan --simulate-from and simulate --from a status document', async () => {
    await twinCommandsWork(hitless(), dir);
  });

  it('serves a simulated chassis (hitless simulate)', async () => {
    expect(await simulateUntilServing(hitless(), dir)).toMatch(/ssh -p \d+ admin@127\.0\.0\.1/);
  });

  it('prints its version, plans, rolls back with a journal, reports that journal, and runs a fleet', async () => {
    const [node, file] = hitless();
    const hitlessJson = (args: string[]) => run(node!, [file!, ...args], { cwd: dir, env: isolated() }).then(({ stdout }) => stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>));

    expect((await run(node!, [file!, '--version'], { cwd: dir, env: isolated() })).stdout).toBe(`${VERSION}\n`);
    const [plan] = await hitlessJson(['plan', '--simulate', 'happy', '--json']);
    expect(contractErrors('plan', plan)).toEqual([]);
    expect(plan).toMatchObject({ hitless: VERSION, steps: expect.arrayContaining([expect.objectContaining({ command: 'run msm-failover' })]) });

    const rollback = await hitlessJson(['rollback', '--simulate', 'upgraded', '--to-version', '15.3.1.4', '--speed', '0', '--headless', '--yes', '--json', '--journal', 'rollback.jsonl']);
    for (const event of rollback) expect(contractErrors('event', event)).toEqual([]);
    expect(rollback.at(-1)).toMatchObject({ type: 'run-end', outcome: 'done', hitless: VERSION });
    const report = await run(node!, [file!, 'report', 'rollback.jsonl', '--format', 'md'], { cwd: dir, env: isolated() });
    expect(report.stdout).toMatch(/^# Change record: hitless rollback of /);
    expect(report.stdout).toContain('| Outcome | exit 0 — done');
    expect(report.stdout).toContain('| What | rollback to 15.3.1.4 |');

    writeFileSync(join(dir, 'fleet.json'), JSON.stringify({ chassis: [{ name: 'core-1', simulate: 'happy', speed: 0, poll: 0.05 }] }));
    const fleet = await hitlessJson(['fleet', 'fleet.json', '--yes', '--json']);
    for (const line of fleet) expect(contractErrors('fleet', line)).toEqual([]);
    expect(fleet.at(-1)).toMatchObject({ type: 'fleet-end', exitCode: 0, counts: { done: 1 } });
  });

  it('runs the demo with a recording, and replays that recording', async () => {
    const [node, file] = hitless();
    const demo = await run(node!, [file!, 'demo', '--scenario', 'happy', '--pace', 'fast', '--record', 'demo.cast', '--journal', 'demo.jsonl'], { cwd: dir, env: isolated() });
    expect(demo.stderr).toBe('');
    expect(readFileSync(join(dir, 'demo.jsonl'), 'utf8').trimEnd().split('\n').at(-1)).toMatch(/"type":"run-end".*"outcome":"done"/);
    const recorded = parseCast(readFileSync(join(dir, 'demo.cast'), 'utf8'));
    const replay = await run(node!, [file!, 'replay', 'demo.cast', '--speed', '1000'], { cwd: dir, env: isolated() });
    expect(replay.stdout).toBe(recorded.events.filter(([, code]) => code === 'o').map(([, , data]) => data).join(''));
    expect(replay.stdout).toContain('MSM A');
  });

  it('draws the full-screen upgrade in tmux; q then y leaves the summary on the normal screen', async () => {
    await fullScreenUpgradeQuitsSafely(hitless().join(' '), dir);
  });
});
