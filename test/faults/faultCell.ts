// One cell of the fault matrix: a scenario, a step, a fault. Runs `hitless upgrade` against a simulator that
// misbehaves once at that step, reruns it as an operator would, and lists every broken promise: an exit that is not
// "done" or "stopped safely", an outage, a reboot or failover that happened twice, a destructive command sent again
// although it had taken effect, a journal that is not valid JSONL or lost a line the run had printed. The rollback
// rows end differently: the backup that did not come up is back In Sync on the old release, and the run that says so
// ends with exit 4.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultRule } from '../../source/simulator/faultInjector.js';
import type { MsmSlot, ScenarioName } from '../../source/simulator/index.js';
import { SCENARIOS } from '../../source/simulator/index.js';
import type { CliOptions, CliRun } from '../support/runCli.js';
import { destructiveCommands, runningOn, startRig, type Rig } from '../support/simulatedUpgrade.js';
import { isRollbackStep, loginAt, rolesOf, strikeAt, type MatrixStep } from './matrixSteps.js';

/** The files a run writes, each of which the disk can fill up under (test/faults/diskFull.mjs). */
export type WrittenFile = 'journal' | 'recording' | 'run state';

export interface MatrixFault {
  name: string;
  /** What the simulator does at the step; none for a fault of hitless' own disk. */
  rule?: Pick<FaultRule, 'fault' | 'at' | 'on'>;
  /** The disk holding this file is full from the step on: writes there fail with ENOSPC (the first one half done). */
  diskFull?: WrittenFile;
  /** What one of the runs must print about it (e.g. the time it gave up after): proof the fault was handled as meant. */
  mustReport?: RegExp;
  /** The hitless process is killed with SIGKILL the moment the fault strikes. */
  kill?: true;
  /** The command hit never takes effect, so sending it once more is right (and needed). */
  effectLost: boolean;
}

export interface Cell {
  scenario: ScenarioName;
  step: MatrixStep;
  fault: MatrixFault;
  seed: number;
}

export interface CellResult {
  cell: Cell;
  /** Exit code (or signal) of the faulted run and of each rerun. */
  exits: string[];
  problems: string[];
}

const RERUNS = 3;
/**
 * Short, so a stalled switch is given up on quickly; still far above any wait of the simulator at MATRIX_SPEED, and
 * above what a loaded CI machine can stall a run for (at 3 s a CI run once timed out before the faulted step).
 */
export const STEP_TIMEOUT_SECONDS = 6;
/** Reboots take ~0.1 s: the engine really waits for the backup to come back In Sync. */
const MATRIX_SPEED = 0.001;
const FAILOVER = /^run (msm-)?failover\b/;
const SAFE_EXITS = new Set([0, 3, 4]);

export async function runCell(cell: Cell): Promise<CellResult> {
  const rig = await startRig(cell.scenario, { speed: MATRIX_SPEED });
  try {
    return await exercise(rig, cell);
  } finally {
    await rig.close();
    rmSync(rig.dir, { recursive: true, force: true });
  }
}

/** How a cell's runs end when every promise is kept, and what the chassis shows then. */
interface Journey {
  args: string[];
  /** The run after which the operator reruns no more. */
  finished: (run: CliRun) => boolean;
  /** What that run is said to be in the report of a cell that did not get there. */
  goal: string;
  finalMaster: MsmSlot;
  /** The release each MSM runs at the end. */
  release: string;
  downs: Record<MsmSlot, number>;
  /** How often each destructive command is sent when no send is lost. */
  times: (command: string) => number;
  /** Different download commands sent. */
  downloads: number;
}

const targetRelease = (scenario: ScenarioName): string =>
  SCENARIOS[scenario].suggested.image.split(/[:/]/).pop()!.replace(/^[a-z0-9]+-/i, '').replace(/\.xos$/, '');

function journeyOf(rig: Rig, cell: Cell): Journey {
  const { master, firstBackup } = rolesOf(cell.scenario);
  const xmods = SCENARIOS[cell.scenario].suggested.xmods.length;
  if (isRollbackStep(cell.step)) {
    // The upgrade's reboot leaves the first backup in FAIL; it is rolled back at once and the run ends with exit 4.
    return {
      args: ['--rollback-on-failure'],
      finished: (run) => run.code === 4 && run.events.some((event) => event.type === 'rollback' && event.outcome === 'done'),
      goal: 'rolled back (exit 4)',
      finalMaster: master,
      release: runningOn(rig.sim, master),
      downs: { [firstBackup]: 2, [master]: 0 } as Record<MsmSlot, number>,
      times: (command) => (command === `reboot msm ${firstBackup}` ? 2 : 1),
      downloads: 1 + xmods,
    };
  }
  const failback = cell.step === 'failback';
  return {
    args: failback ? ['--failback'] : [],
    finished: (run) => run.code === 0,
    goal: 'done (exit 0)',
    finalMaster: failback ? master : firstBackup,
    release: targetRelease(cell.scenario),
    downs: { [firstBackup]: failback ? 2 : 1, [master]: 2 } as Record<MsmSlot, number>,
    times: (command) => (FAILOVER.test(command) && failback ? 2 : 1),
    downloads: 2 * (1 + xmods),
  };
}

async function exercise(rig: Rig, cell: Cell): Promise<CellResult> {
  const journey = journeyOf(rig, cell);
  const journal = join(rig.dir, 'journal.jsonl');
  const recording = join(rig.dir, 'console.cast');
  const { rule, diskFull } = cell.fault;
  const args = ['--journal', journal, ...(diskFull ? ['--record-console', recording] : []), '--step-timeout', String(STEP_TIMEOUT_SECONDS), ...journey.args];
  let child: ChildProcess | undefined;
  const diskFullAt = join(rig.dir, 'disk-full');
  if (rule) {
    rig.sim.faults.injectOnce({
      ...rule,
      when: rule.on === 'login' ? loginAt(cell.step, rig.sim) : strikeAt(cell.step, rig.sim),
      seed: cell.seed,
      ...(cell.fault.kill && { onFire: () => child?.kill('SIGKILL') }),
    });
  } else {
    // Never taken: it only watches for the step's command line, and the disk fills up as the switch receives it.
    const atStep = strikeAt(cell.step, rig.sim);
    rig.sim.faults.injectOnce({ fault: 'drop', when: (command, msm) => (atStep(command, msm) && writeFileSync(diskFullAt, ''), false) });
  }
  const diskFullEnv = diskFull && {
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${join(import.meta.dirname, 'diskFull.mjs')}`,
    HITLESS_TEST_DISK_FULL_FILE: { journal, recording, 'run state': join(rig.dir, 'state', 'hitless', 'runs') }[diskFull],
    HITLESS_TEST_DISK_FULL_AFTER: diskFullAt,
  };
  const problems: string[] = [];
  const runs: CliRun[] = [];
  /** Exit 3 promises "nothing was changed": hold each such run to it. */
  const upgrade = async (options: CliOptions = {}) => {
    const before = chassisChanges(rig);
    // The disk is full for the faulted run only: the operator makes room before rerunning.
    const run = await rig.upgrade(args, runs.length === 0 && diskFullEnv ? { ...options, env: diskFullEnv } : options);
    if (run.code === 3 && chassisChanges(rig) !== before) {
      problems.push(`run ${runs.length + 1} exited 3 ("nothing was changed") but it changed the chassis (${lastError(run)})`);
    }
    runs.push(run);
  };
  await upgrade({ onEvent: (_event, spawned) => (child = spawned) });
  const struck = rule ? rig.sim.faults.fired.length === 1 : existsSync(diskFullAt);
  if (!struck) problems.push(`the fault never struck: the step was not reached as expected (the first run ended ${lastError(runs[0]!)})`);
  while (!journey.finished(runs.at(-1)!) && runs.length <= RERUNS) await upgrade();

  const exits = runs.map((run) => (run.signal ? run.signal : String(run.code)));
  runs.forEach((run, index) => {
    const killedByUs = index === 0 && cell.fault.kill && run.signal === 'SIGKILL';
    if (!killedByUs && !SAFE_EXITS.has(run.code ?? -1)) {
      problems.push(`run ${index + 1} ended with ${exits[index]}: ${firstLine(run.stderr) || lastError(run)}`);
    }
  });
  if (!journey.finished(runs.at(-1)!)) problems.push(`not ${journey.goal} after ${RERUNS} reruns: ${lastError(runs.at(-1)!)}`);
  if (cell.fault.kill && runs[0]!.signal !== 'SIGKILL') problems.push('the first run was not killed');
  const { mustReport } = cell.fault;
  if (mustReport && !runs.some((run) => mustReport.test(run.stdout))) problems.push(`no run reported ${mustReport}`);
  problems.push(...chassisProblems(rig, cell, journey), ...journalProblems(journal, runs, Boolean(cell.fault.kill), diskFull === 'journal'));
  if (diskFull && !completeLines(recording)) problems.push('the console recording does not end with a complete line');
  return { cell, exits, problems };
}

/** What the upgrade changes on the chassis: images, selected partitions, reboots. */
function chassisChanges({ sim }: Rig): string {
  const images = (['A', 'B'] as const).map((slot) => {
    const msm = sim.chassis.msm[slot];
    return { selected: msm.selected, primary: msm.partitions.primary, secondary: msm.partitions.secondary };
  });
  const downs = sim.chassis.stateHistory.filter((change) => change.state === 'DOWN').length;
  return JSON.stringify({ images, downs });
}

/** Each reboot/failover took effect as often as the journey needs, no outage, each destructive command sent as often (once more if its first send was lost). */
function chassisProblems(rig: Rig, cell: Cell, journey: Journey): string[] {
  const problems: string[] = [];
  const { sim } = rig;
  if (sim.outages.length > 0) problems.push(`outage: ${sim.outages.map((o) => `${o.kind} by "${o.command}"`).join(', ')}`);
  const downs = (slot: MsmSlot) => sim.chassis.stateHistory.filter((c) => c.slot === slot && c.state === 'DOWN').length;
  for (const slot of ['A', 'B'] as const) {
    if (downs(slot) !== journey.downs[slot]) problems.push(`MSM-${slot} went DOWN ${downs(slot)} times, expected ${journey.downs[slot]}`);
  }
  if (sim.chassis.master()?.slot !== journey.finalMaster) problems.push(`master at the end is ${sim.chassis.master()?.slot ?? 'none'}, expected ${journey.finalMaster}`);
  for (const slot of ['A', 'B'] as const) {
    if (runningOn(sim, slot) !== journey.release) problems.push(`MSM-${slot} runs ${runningOn(sim, slot)}, expected ${journey.release}`);
  }

  const struck = sim.faults.fired[0]?.command;
  const sent = destructiveCommands(sim);
  const times = (command: string) => sent.filter((c) => c === command).length;
  const expectedTimes = (command: string) => journey.times(command) + (command === struck && cell.fault.effectLost ? 1 : 0);
  for (const command of new Set(sent)) {
    if (times(command) !== expectedTimes(command)) problems.push(`"${command}" sent ${times(command)} times, expected ${expectedTimes(command)}`);
  }
  const downloads = new Set(sent.filter((c) => /^(?:download|install) /.test(c))).size;
  if (downloads !== journey.downloads) problems.push(`${downloads} different downloads sent, expected ${journey.downloads}`);
  return problems;
}

/**
 * The journal is valid JSONL and holds every line each run printed, in order; a killed run may have journaled one
 * event more than it printed (written and fsync'ed, killed before printing), never fewer.
 */
function journalProblems(path: string, runs: CliRun[], firstKilled: boolean, firstCut: boolean): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return [`journal unreadable: ${String(error)}`];
  }
  if (!text.endsWith('\n')) return ['journal does not end with a complete line'];
  const lines = text.slice(0, -1).split('\n');
  const types: string[] = [];
  for (const [index, line] of lines.entries()) {
    try {
      types.push((JSON.parse(line) as { type: string }).type);
    } catch {
      return [`journal line ${index + 1} is not JSON: ${line.slice(0, 80)}`];
    }
  }
  const starts = types.flatMap((type, index) => (type === 'run-start' ? [index] : []));
  if (starts.length !== runs.length || starts[0] !== 0) return [`journal holds ${starts.length} runs, expected ${runs.length}`];
  const problems: string[] = [];
  runs.forEach((run, index) => {
    const journaled = lines.slice(starts[index], starts[index + 1] ?? lines.length);
    // Only complete lines count as printed: a kill may cut the last one.
    const printed = run.stdout.split('\n').slice(0, -1).filter((line) => line.startsWith('{'));
    const extra = journaled.length - printed.length;
    const allowedExtra = index === 0 && firstKilled ? 1 : 0;
    // A journal on a full disk holds what the run printed until the disk filled up, and nothing after.
    const allowedMissing = index === 0 && firstCut ? printed.length - 1 : 0;
    const prefixMatches = journaled.every((line, i) => printed[i] === undefined || printed[i] === line);
    if (!prefixMatches || extra < -allowedMissing || extra > allowedExtra) {
      problems.push(`run ${index + 1}: printed ${printed.length} events, journal holds ${journaled.length}${prefixMatches ? '' : ' (different)'}`);
    }
  });
  return problems;
}

/** A recording every line of which is whole (a full disk cuts it back to its last complete line). */
function completeLines(path: string): boolean {
  const text = readFileSync(path, 'utf8');
  return text.endsWith('\n') && text.slice(0, -1).split('\n').every((line) => {
    try {
      JSON.parse(line);
      return true;
    } catch {
      return false;
    }
  });
}

/** The message of an internal error, not its stack. */
const firstLine = (text: string) => text.trim().split('\n')[0] ?? '';

function lastError(run: CliRun): string {
  const error = [...run.events].reverse().find((event) => event.type === 'error');
  return error?.type === 'error' ? `${error.kind}: ${error.message}` : `exit ${run.code ?? run.signal}`;
}
