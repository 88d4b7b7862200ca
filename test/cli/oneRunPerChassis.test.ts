// One run per chassis, through the real CLI against one simulated chassis: a second upgrade started alongside the
// first stops at once (exit 2) naming the run that holds the chassis; once the first has ended, or was killed, a rerun
// proceeds; an unreadable run state is one line naming its file.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import type { CliRun } from '../support/runCli.js';
import { destructiveCommands, runningOn, startRig, type Rig } from '../support/simulatedUpgrade.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const errorOf = (run: CliRun) => run.events.find((event): event is Extract<EngineEvent, { type: 'error' }> => event.type === 'error');
const journalOf = (run: CliRun) => run.events.find((event): event is Extract<EngineEvent, { type: 'run-end' }> => event.type === 'run-end')?.journal;
const lockFile = (rig: Rig) => join(rig.dir, 'state', 'hitless', 'runs', `127.0.0.1_${rig.sim.port}.lock`);

it('two upgrades started at once on one chassis: one runs, the other stops at once with exit 2 naming it; a rerun proceeds', async () => {
  rig = await startRig('happy');
  // Whichever run gets the chassis is held still at its first step, so the other surely meets its lock.
  let holder: ChildProcess | undefined;
  const hold = (event: EngineEvent, child: ChildProcess) => {
    if (event.type === 'step-start' && !holder) {
      holder = child;
      child.kill('SIGSTOP');
    }
  };
  const started = [0, 1].map(() => rig!.upgrade([], { onEvent: hold }));
  const first = await Promise.race(started);
  holder?.kill('SIGCONT');
  const runs = await Promise.all(started);
  const stopped = runs.find((run) => run.code === 2);
  const ran = runs.find((run) => run !== stopped);
  expect(stopped, runs.map((run) => run.stderr).join('\n')).toBe(first);
  expect(ran!.code, ran!.stderr).toBe(0);
  // It stopped before it connected, and said who holds the chassis: process, since when, journal.
  expect(stopped!.events.map((event) => event.type)).toEqual(['run-start', 'error', 'run-end']);
  expect(errorOf(stopped!)?.message).toMatch(
    new RegExp(`^127\\.0\\.0\\.1:${rig.sim.port} is being upgraded by another hitless run \\(process ${holder!.pid} on .+, since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, journal ${journalOf(ran!)!.replace(/[.]/g, '\\.')}\\)`),
  );
  expect(stopped!.stderr).toBe('');
  expect(destructiveCommands(rig.sim)).toEqual(['download image 10.0.0.5 bd8800-15.3.5.2-patch1-5.xos vr "VR-Mgmt" secondary msm B', 'reboot msm B', 'run msm-failover', 'download image 10.0.0.5 bd8800-15.3.5.2-patch1-5.xos vr "VR-Mgmt" secondary msm A', 'reboot msm A']);
  expect(existsSync(lockFile(rig))).toBe(false);
  const rerun = await rig.upgrade();
  expect(rerun.code, rerun.stderr).toBe(0);
  expect(rerun.events.some((event) => event.type === 'state')).toBe(true);
}, 150_000);

it('takes over the lock of a run killed with SIGKILL, with a warning, and finishes the upgrade', async () => {
  rig = await startRig('happy');
  let killed: number | undefined;
  const first = await rig.upgrade([], {
    onEvent: (event, child) => {
      if (event.type === 'step-start' && event.step === 'reboot-first-backup') {
        killed = child.pid;
        child.kill('SIGKILL');
      }
    },
  });
  expect(first.signal).toBe('SIGKILL');
  expect(existsSync(lockFile(rig))).toBe(true);
  const rerun = await rig.upgrade();
  expect(rerun.code, rerun.stderr).toBe(0);
  const warning = rerun.events.find((event) => event.type === 'warning');
  expect(warning?.type === 'warning' && warning.message).toMatch(new RegExp(`^took over the lock of 127\\.0\\.0\\.1:${rig.sim.port} from a run that is gone \\(process ${killed} on `));
  expect(runningOn(rig.sim, 'A')).toBe('15.3.5.2-patch1-5');
  expect(runningOn(rig.sim, 'B')).toBe('15.3.5.2-patch1-5');
  expect(rig.sim.outages).toEqual([]);
  expect(existsSync(lockFile(rig))).toBe(false);
}, 150_000);

it('stops with one line naming an unreadable run-state file (exit 2), before it connects', async () => {
  rig = await startRig('happy');
  const runs = join(rig.dir, 'state', 'hitless', 'runs');
  mkdirSync(runs, { recursive: true });
  const file = join(runs, `127.0.0.1_${rig.sim.port}.json`);
  writeFileSync(file, '{"version":1,"chassis":"127.0.0.1","state":{"target":"x","originalMaster":"C"}}\n');
  const run = await rig.upgrade();
  expect(run.code).toBe(2);
  expect(errorOf(run)?.message).toBe(`${file} is not a readable hitless run state (/state/originalMaster must be equal to one of the allowed values): check the chassis with hitless status, then move the file away`);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(rig.sim.commandLog).toEqual([]);
  expect(existsSync(lockFile(rig))).toBe(false);
}, 60_000);
