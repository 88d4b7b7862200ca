// The chassis claim in process: the lock file, the versioned run-state record and what is left on disk.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { RunState } from '../../source/engine/runState.js';
import { claimChassis } from '../../source/run/chassisRun.js';
import { tempDir } from '../support/runCli.js';

let runs: string;
const warnings: string[] = [];
const claim = (journal = 'run.jsonl') => claimChassis({ host: 'core-1', port: 22, journal, warn: (message) => warnings.push(message) });

beforeEach(() => {
  const state = tempDir();
  vi.stubEnv('XDG_STATE_HOME', state);
  runs = join(state, 'hitless', 'runs');
  warnings.length = 0;
});
afterEach(() => vi.unstubAllEnvs());

it('holds the chassis until released: a second claim is refused naming the holder, then succeeds', async () => {
  const first = await claim('/var/tmp/first.jsonl');
  const lock = JSON.parse(readFileSync(join(runs, 'core-1_22.lock'), 'utf8')) as Record<string, unknown>;
  expect(lock).toEqual({ pid: process.pid, hostname: hostname(), since: expect.stringMatching(/Z$/), journal: '/var/tmp/first.jsonl' });
  await expect(claim()).rejects.toMatchObject({
    exitCode: 2,
    message: `core-1:22 is being upgraded by another hitless run (process ${process.pid} on ${hostname()}, since ${String(lock.since)}, journal /var/tmp/first.jsonl): let it finish or stop it, then run again (lock ${join(runs, 'core-1_22.lock')})`,
  });
  first.release();
  expect(existsSync(join(runs, 'core-1_22.lock'))).toBe(false);
  (await claim()).release();
  expect(warnings).toEqual([]);
});

it("takes over a dead process's lock with a warning, but never one from another host", async () => {
  mkdirSync(runs, { recursive: true, mode: 0o700 });
  const dead = { pid: 2 ** 22 + 17, hostname: hostname(), since: '2026-01-01T00:00:00.000Z', journal: '/var/tmp/old.jsonl' };
  writeFileSync(join(runs, 'core-1_22.lock'), JSON.stringify(dead));
  const taken = await claim();
  expect(warnings).toEqual([`took over the lock of core-1:22 from a run that is gone (process ${dead.pid} on ${hostname()}, since 2026-01-01T00:00:00.000Z, journal /var/tmp/old.jsonl)`]);
  taken.release();
  writeFileSync(join(runs, 'core-1_22.lock'), JSON.stringify({ ...dead, hostname: 'other-host' }));
  await expect(claim()).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(`process ${dead.pid} on other-host`) });
});

it('writes one versioned record through a temporary file of its own, and reads the state written before records were versioned', async () => {
  mkdirSync(runs, { recursive: true, mode: 0o700 });
  writeFileSync(join(runs, 'core-1_22.json'), JSON.stringify({ target: 'a.xos (15.3.5.2)', originalMaster: 'B' }));
  const run = await claim();
  expect(run.store.load()).toEqual({ target: 'a.xos (15.3.5.2)', originalMaster: 'B' });
  run.store.save({ target: 'a.xos (15.3.5.2)', originalMaster: 'B', lastDestructive: { command: 'reboot msm A', sentAt: 1 } });
  expect(JSON.parse(readFileSync(join(runs, 'core-1_22.json'), 'utf8'))).toEqual({
    version: 1,
    chassis: 'core-1:22',
    state: { target: 'a.xos (15.3.5.2)', originalMaster: 'B', lastDestructive: { command: 'reboot msm A', sentAt: 1 } },
  });
  expect(run.store.load()?.lastDestructive).toEqual({ command: 'reboot msm A', sentAt: 1 });
  run.release();
  expect(readdirSync(runs)).toEqual(['core-1_22.json']);
});

it("keeps a failover's System MAC beside the command, and reads a record written before that field existed", async () => {
  mkdirSync(runs, { recursive: true, mode: 0o700 });
  const older: RunState = { target: 'a.xos (15.3.5.2)', originalMaster: 'A', lastDestructive: { command: 'run msm-failover', sentAt: 1 } };
  writeFileSync(join(runs, 'core-1_22.json'), JSON.stringify({ version: 1, chassis: 'core-1:22', state: older }));
  const run = await claim();
  expect(run.store.load()).toEqual(older);
  const failover = { command: 'run msm-failover', sentAt: 2, failoverFrom: { systemMac: '00:04:96:1F:A2:60' } };
  run.store.save({ ...older, lastDestructive: failover });
  run.release();
  const rerun = await claim();
  expect(rerun.store.load()?.lastDestructive).toEqual(failover);
  rerun.release();
});

it('refuses an unreadable run state with one line naming the file, and leaves the chassis unlocked', async () => {
  mkdirSync(runs, { recursive: true, mode: 0o700 });
  writeFileSync(join(runs, 'core-1_22.json'), '{"version":2,"chassis":"core-1:22","state":{"target":"x"}}');
  await expect(claim()).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(new RegExp(`^${join(runs, 'core-1_22.json')} is not a readable hitless run state \\(.+\\): `)) });
  expect(existsSync(join(runs, 'core-1_22.lock'))).toBe(false);
});
