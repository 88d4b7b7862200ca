// The real CLI as a user runs it: in a tmux terminal (start-up, first frame, memory, idle CPU, the fleet view) or
// headless as a child process (a complete upgrade, the fleet), against simulated chassis in a separate process.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCENARIOS } from '../source/simulator/index.js';
import { cpuTicks, CLOCK_TICKS_PER_SECOND, peakRssBytes, rssBytes } from './lib/proc.js';
import type { SimHost } from './lib/simHost.js';
import type { Tmux } from './lib/tmux.js';

export const ROOT = new URL('..', import.meta.url).pathname;
const PASSWORD_ENV = 'HITLESS_BENCH_PASSWORD';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const BIN = join(ROOT, 'bin', 'hitless.js');

/**
 * How to start hitless: the `hitless` command itself (bin/hitless.js run by its shebang line, as `npx hitless` and an
 * installed `hitless` do: the bundle from `npm run build`), or the TypeScript sources through tsx (the former entry).
 */
export const ENTRIES = {
  bin: BIN,
  tsx: `node --import tsx ${join(ROOT, 'cli.tsx')}`,
} as const;
export type Entry = keyof typeof ENTRIES;

/** The V8 flags bin/hitless.js starts node with (its shebang line); the bench runs its own hitless code with them too. */
export function cliNodeFlags(): string[] {
  const shebang = readFileSync(BIN, 'utf8').split('\n', 1)[0]!;
  const flags = /^#!\/usr\/bin\/env -S node((?: --\S+)*)$/.exec(shebang);
  if (!flags) throw new Error(`bin/hitless.js starts with ${JSON.stringify(shebang)}; update bench/cliRuns.ts to read its node flags`);
  return flags[1]!.trim().split(' ').filter(Boolean);
}

const freshDir = () => mkdtempSync(join(tmpdir(), 'hitless-bench-'));

function upgradeArgs(port: number, dir: string): string {
  const image = SCENARIOS.happy.suggested.image;
  return `upgrade --host 127.0.0.1 --port ${port} --user admin --password-env ${PASSWORD_ENV} --known-hosts ${dir}/known_hosts --accept-new --image ${image}`;
}

export interface UiStart {
  /** From starting the process to the first screen drawn by Ink (seen in the terminal). */
  firstFrameMs: number;
  /** Resident memory when the first frame appeared. */
  rssAtFirstFrame: number;
  pid: number;
}

/**
 * The package as users install it: `npm pack`, then a global install of the tarball, offline, into a temporary
 * prefix. Returns its `hitless` command.
 */
export function installedPackage(): string {
  const dir = freshDir();
  const env = { ...process.env, npm_config_registry: 'http://127.0.0.1:9/' };
  const tarball = execFileSync('npm', ['pack', '--pack-destination', dir], { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const prefix = join(dir, 'prefix');
  execFileSync('npm', ['install', '--global', '--offline', '--cache', join(dir, 'cache'), '--prefix', prefix, join(dir, tarball.trim().split('\n').at(-1)!)], {
    cwd: dir,
    env,
    stdio: 'ignore',
  });
  return join(prefix, 'bin', 'hitless');
}

/** Starts the full-screen console against the simulator; resolves at its first frame. `command`: how hitless is started. */
export async function startConsoleUi(tmux: Tmux, name: string, command: string, sims: SimHost): Promise<UiStart> {
  const dir = freshDir();
  const start = performance.now();
  const pid = tmux.start(name, `env XDG_STATE_HOME=${dir} ${PASSWORD_ENV}=admin ${command} ${upgradeArgs(sims.ports[0]!, dir)}`);
  const first = await tmux.waitFor(name, (screen) => screen.includes('MSM A'));
  return { firstFrameMs: first.at - start, rssAtFirstFrame: rssBytes(pid), pid };
}

/** `npm start` as a new user runs it (the embedded simulated chassis): time to its first frame. */
export async function npmStartFirstFrameMs(tmux: Tmux, name: string): Promise<number> {
  const dir = freshDir();
  const start = performance.now();
  tmux.start(name, `env XDG_STATE_HOME=${dir} npm --prefix ${ROOT} start`);
  const first = await tmux.waitFor(name, (screen) => screen.includes('MSM A'));
  tmux.kill(name);
  return first.at - start;
}

/** Time until npm has run a script that prints one line: what npm itself adds to `npm start`. */
export async function bareNpmFirstOutputMs(tmux: Tmux, name: string): Promise<number> {
  const start = performance.now();
  tmux.start(name, `npm --prefix ${ROOT} exec -c "echo npm-ready; sleep 1000"`);
  const seen = await tmux.waitFor(name, (screen) => screen.includes('npm-ready'));
  tmux.kill(name);
  return seen.at - start;
}

/** Time until a bare Node.js process has printed one line in the same kind of terminal: the floor for any start-up. */
export async function bareNodeFirstOutputMs(tmux: Tmux, name: string): Promise<number> {
  const start = performance.now();
  tmux.start(name, `node -e "process.stdout.write('node-ready'); setInterval(() => {}, 1e6)"`);
  const seen = await tmux.waitFor(name, (screen) => screen.includes('node-ready'));
  tmux.kill(name);
  return seen.at - start;
}

/** CPU used by each process over `seconds`, as a percentage of one core. */
export async function idleCpuPercent(pids: number[], seconds: number): Promise<number[]> {
  const before = pids.map(cpuTicks);
  await sleep(seconds * 1000);
  return pids.map((pid, i) => ((cpuTicks(pid) - before[i]!) / CLOCK_TICKS_PER_SECOND / seconds) * 100);
}

/** A bare Node.js process holding a terminal in raw mode and doing nothing: the idle-CPU floor. */
export function startIdleNode(tmux: Tmux, name: string): number {
  return tmux.start(name, `node -e "process.stdin.setRawMode(true); process.stdin.resume()"`);
}

/** What /proc last told of a process: its peak memory and the CPU time it has used. */
interface ProcessReadings {
  /** Highest VmHWM seen while it ran. */
  peakRss: number;
  /** utime + stime at the last reading (at most one sampling interval before it exited). */
  cpuSeconds: number;
}

/** Samples `pid` into `readings`; false once the process is gone. CPU first: a zombie still has its times, not its memory. */
function sampleProcess(pid: number, readings: ProcessReadings): boolean {
  try {
    readings.cpuSeconds = cpuTicks(pid) / CLOCK_TICKS_PER_SECOND;
    readings.peakRss = Math.max(readings.peakRss, peakRssBytes(pid));
    return true;
  } catch {
    return false;
  }
}

const SAMPLE_MS = 50;

export interface ChildRun extends ProcessReadings {
  code: number | null;
  wallMs: number;
  stdout: string;
  stderr: string;
}

/** Runs hitless headless as a child process, sampling its peak memory. */
export function runHitless(entry: Entry, args: string[], env: Record<string, string> = {}): Promise<ChildRun> {
  const [command, ...prefix] = ENTRIES[entry].split(' ');
  const start = performance.now();
  const child = spawn(command!, [...prefix, ...args], {
    cwd: ROOT,
    env: { ...process.env, XDG_STATE_HOME: freshDir(), [PASSWORD_ENV]: 'admin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const readings: ProcessReadings = { peakRss: 0, cpuSeconds: 0 };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const sampler = setInterval(() => sampleProcess(child.pid!, readings), SAMPLE_MS);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearInterval(sampler);
      resolve({ code, wallMs: performance.now() - start, ...readings, stdout, stderr });
    });
  });
}

/** A fleet file upgrading the simulated chassis on `ports` all at once, continuing past failures; `defaults` adds fleet keys. */
export function writeFleetFile(ports: number[], defaults: Record<string, unknown> = {}): string {
  const file = join(freshDir(), 'fleet.json');
  const fleet = {
    concurrency: ports.length,
    onFailure: 'continue',
    defaults: { user: 'admin', passwordEnv: PASSWORD_ENV, knownHosts: 'known_hosts', acceptNew: true, image: SCENARIOS.happy.suggested.image, ...defaults },
    chassis: ports.map((port, i) => ({ name: `sim-${i + 1}`, host: '127.0.0.1', port })),
  };
  writeFileSync(file, JSON.stringify(fleet, null, 2));
  return file;
}

/** The fleet view (`hitless fleet FILE`, no --yes) of `file` in tmux; resolves once `ready` holds for its screen. */
export async function startFleetView(tmux: Tmux, name: string, file: string, ready: (screen: string) => boolean): Promise<number> {
  const pid = tmux.start(name, `env XDG_STATE_HOME=${freshDir()} ${PASSWORD_ENV}=admin ${ENTRIES.bin} fleet ${file}`);
  await tmux.waitFor(name, ready, 120_000, 100);
  return pid;
}

export interface FleetViewRun extends ProcessReadings {
  wallMs: number;
  /** When each frame Ink drew reached the terminal, as seen by sampling (performance.now()). */
  frameTimes: number[];
  /** Everything the view wrote to its terminal, the summary after it last. */
  output: string;
}

/** Ink brackets every frame it draws on a terminal with synchronized output (begin: ?2026h). */
const FRAME_START = '\x1b[?2026h';

const occurrences = (text: string, what: string, from: number) => {
  let count = 0;
  for (let at = text.indexOf(what, from); at >= 0; at = text.indexOf(what, at + what.length)) count++;
  return count;
};

/**
 * `hitless fleet FILE --yes` on a terminal (tmux, 120x40) from start to exit: the full-screen fleet view upgrading the
 * fleet. Its peak memory, CPU time and the frames in its terminal output (tmux pipe-pane) are sampled every 50 ms.
 */
export async function runFleetView(tmux: Tmux, name: string, file: string): Promise<FleetViewRun> {
  const piped = join(freshDir(), 'terminal-output');
  const start = performance.now();
  const pid = tmux.startPiped(name, `env XDG_STATE_HOME=${freshDir()} ${PASSWORD_ENV}=admin ${ENTRIES.bin} fleet ${file} --yes`, piped);
  const readings: ProcessReadings = { peakRss: 0, cpuSeconds: 0 };
  const frameTimes: number[] = [];
  let output = '';
  const readFrames = () => {
    if (!existsSync(piped)) return;
    const before = output.length;
    output = readFileSync(piped, 'latin1');
    const seen = performance.now();
    const from = Math.max(0, before - FRAME_START.length + 1);
    for (let i = occurrences(output, FRAME_START, from); i > 0; i--) frameTimes.push(seen);
  };
  while (sampleProcess(pid, readings)) {
    readFrames();
    await sleep(SAMPLE_MS);
  }
  const wallMs = performance.now() - start;
  // tmux hands the pane's last output to the pipe as the pane closes.
  await sleep(500);
  readFrames();
  return { wallMs, ...readings, frameTimes, output };
}
