// Where each step of the procedure shows on the wire: the command line the simulator receives for it. A fault armed
// with `strikeAt(step, ...)` hits exactly that line (the first one that matches).
import type { MsmSlot, RunningSimulator, ScenarioName } from '../../source/simulator/index.js';
import { SCENARIOS } from '../../source/simulator/index.js';
import { SHOW_PORTS_NO_REFRESH, SHOW_SLOT } from '../../source/exos/commands.js';
import type { StepId } from '../../source/procedure/types.js';
import { destructiveCommands } from '../support/simulatedUpgrade.js';

const UPGRADE_STEPS = [
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

/** The reads of the health check: the baseline before the first destructive step, the comparison after the failover. */
export const HEALTH_STEPS = ['health-baseline', 'health-after-failover'] as const;

/**
 * The rollback of a backup that did not come up (scenario backup-boot-fails, --rollback-on-failure): `use image
 * partition` and `reboot msm` of the failed backup, then the wait until it is In Sync on the old release.
 */
export const ROLLBACK_STEPS = ['rollback-select', 'rollback-reboot', 'rollback-sync'] as const;

export const MATRIX_STEPS = [...UPGRADE_STEPS, ...HEALTH_STEPS, ...ROLLBACK_STEPS] as const;
export type MatrixStep = (typeof MATRIX_STEPS)[number];

export const isRollbackStep = (step: MatrixStep): boolean => (ROLLBACK_STEPS as readonly MatrixStep[]).includes(step);

const FAILOVER = /^run (msm-)?failover\b/;
const USE_IMAGE = /^use image /;

/** The MSM that is master before the upgrade, and the one upgraded first. */
export function rolesOf(scenario: ScenarioName): { master: MsmSlot; firstBackup: MsmSlot } {
  const master = SCENARIOS[scenario].initial.master;
  return { master, firstBackup: master === 'A' ? 'B' : 'A' };
}

/** True for the command line that carries `step`; `show switch` steps are the first read after the step's cause. */
export function strikeAt(step: MatrixStep, sim: RunningSimulator): (command: string, msm: MsmSlot) => boolean {
  const { master, firstBackup } = rolesOf(sim.scenario.name);
  /** The destructive commands so far; when a destructive line is asked about, the log already holds it (at -1). */
  const changes = () => destructiveCommands(sim);
  const lastChange = () => changes().at(-1) ?? '';
  const firstReadAfter = (cause: (change: string) => boolean, on?: MsmSlot) => (command: string, msm: MsmSlot) =>
    command === 'show switch' && cause(lastChange()) && (on === undefined || msm === on);
  const installOn = (slot: MsmSlot) => (command: string) => /^(?:download|install) /.test(command) && command.endsWith(` msm ${slot}`);
  const rebootOf = (slot: MsmSlot) => (command: string) => command === `reboot msm ${slot}`;
  const failoverFrom = (slot: MsmSlot) => (command: string, msm: MsmSlot) => FAILOVER.test(command) && msm === slot;
  /** The reboot that follows the rollback's `use image` (not the upgrade's reboot of the same MSM). */
  const rollbackReboot = (command: string) => rebootOf(firstBackup)(command) && USE_IMAGE.test(changes().at(-2) ?? '');
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
    'health-baseline': (command) => command === SHOW_SLOT && changes().length === 0,
    'health-after-failover': (command) => command === SHOW_PORTS_NO_REFRESH && FAILOVER.test(lastChange()),
    'rollback-select': (command) => USE_IMAGE.test(command) && command.endsWith(` msm ${firstBackup}`),
    'rollback-reboot': rollbackReboot,
    'rollback-sync': (command) => command === 'show switch' && rollbackReboot(lastChange()),
  };
  return strikes[step];
}

/** The login that carries `step` (only the reconnect to the new master logs in at a step of its own). */
export function loginAt(step: MatrixStep, sim: RunningSimulator): (command: string, msm: MsmSlot) => boolean {
  if (step !== 'reconnect-new-master') throw new Error(`no login of its own at step ${step}`);
  const { firstBackup } = rolesOf(sim.scenario.name);
  return (_login, msm) => msm === firstBackup && FAILOVER.test(destructiveCommands(sim).at(-1) ?? '');
}
