// Where each step of the procedure shows on the wire: the command line the simulator receives for it. A fault armed
// with `strikeAt(step, ...)` hits exactly that line (the first one that matches).
import type { MsmSlot, RunningSimulator, ScenarioName } from '../../source/simulator/index.js';
import { SCENARIOS } from '../../source/simulator/index.js';
import type { StepId } from '../../source/procedure/types.js';
import { destructiveCommands } from '../support/simulatedUpgrade.js';

export const MATRIX_STEPS = [
  'install-first-backup',
  'reboot-first-backup',
  'sync-first-backup',
  'failover',
  'reconnect-new-master',
  'install-second-backup',
  'reboot-second-backup',
  'sync-second-backup',
  'failback',
] as const satisfies readonly StepId[];
export type MatrixStep = (typeof MATRIX_STEPS)[number];

const FAILOVER = /^run (msm-)?failover\b/;

/** The MSM that is master before the upgrade, and the one upgraded first. */
export function rolesOf(scenario: ScenarioName): { master: MsmSlot; firstBackup: MsmSlot } {
  const master = SCENARIOS[scenario].initial.master;
  return { master, firstBackup: master === 'A' ? 'B' : 'A' };
}

/** True for the command line that carries `step`; `show switch` steps are the first read after the step's cause. */
export function strikeAt(step: MatrixStep, sim: RunningSimulator): (command: string, msm: MsmSlot) => boolean {
  const { master, firstBackup } = rolesOf(sim.scenario.name);
  /** The command log already holds the line being asked about. */
  const lastChange = () => destructiveCommands(sim).at(-1) ?? '';
  const firstReadAfter = (cause: (change: string) => boolean, on?: MsmSlot) => (command: string, msm: MsmSlot) =>
    command === 'show switch' && cause(lastChange()) && (on === undefined || msm === on);
  const installOn = (slot: MsmSlot) => (command: string) => command.startsWith('download ') && command.endsWith(` msm ${slot}`);
  const rebootOf = (slot: MsmSlot) => (command: string) => command === `reboot msm ${slot}`;
  const failoverFrom = (slot: MsmSlot) => (command: string, msm: MsmSlot) => FAILOVER.test(command) && msm === slot;
  const strikes: Record<MatrixStep, (command: string, msm: MsmSlot) => boolean> = {
    'install-first-backup': installOn(firstBackup),
    'reboot-first-backup': rebootOf(firstBackup),
    'sync-first-backup': firstReadAfter(rebootOf(firstBackup)),
    failover: failoverFrom(master),
    'reconnect-new-master': firstReadAfter((change) => FAILOVER.test(change), firstBackup),
    'install-second-backup': installOn(master),
    'reboot-second-backup': rebootOf(master),
    'sync-second-backup': firstReadAfter(rebootOf(master)),
    failback: failoverFrom(firstBackup),
  };
  return strikes[step];
}

/** The login that carries `step` (only the reconnect to the new master logs in at a step of its own). */
export function loginAt(step: MatrixStep, sim: RunningSimulator): (command: string, msm: MsmSlot) => boolean {
  if (step !== 'reconnect-new-master') throw new Error(`no login of its own at step ${step}`);
  const { firstBackup } = rolesOf(sim.scenario.name);
  return (_login, msm) => msm === firstBackup && FAILOVER.test(destructiveCommands(sim).at(-1) ?? '');
}
