// A backup rebooted onto the target that did not come up (FAIL at once; INIT, DOWN or Not In Sync past the step
// timeout): which partition holds the release it ran before, the exact commands that take it back, and the checks
// before each of them. The MASTER is never touched; the commands are the ones of docs/exos-health-and-rollback.md.
import type { ImageVersion, MsmSlot, ObservedChassis, Partition } from '../exos/chassisState.js';
import { formatVersion, masterOf, msmInSlot, otherPartition, otherSlot, runningVersion, versionIn } from '../exos/chassisView.js';
import { rebootMsmCommand, useImagePartitionCommand } from '../exos/commands.js';
import { msmName, stateOf } from './evidence.js';
import { runsTarget } from './targetOnChassis.js';
import type { Action, StepId, UpgradeTarget } from './types.js';

export interface StuckBackup {
  slot: MsmSlot;
  /** The state it shows, e.g. "FAIL", "INIT", "BACKUP (Not In Sync)". */
  state: string;
  /** FAIL is final: the rollback is offered at once, not after the step timeout. */
  failed: boolean;
  /** The release it did not come up on. */
  release: ImageVersion;
  /** The release it ran before and the partition that holds it. */
  previous: ImageVersion;
  partition: Partition;
  /** The partition selected for its next boot, as last read. */
  selected?: Partition;
}

export type RollbackAction = Extract<Action, { kind: 'select-partition' | 'reboot-backup' }>;

const SYNC_STEPS: readonly StepId[] = ['sync-first-backup', 'sync-second-backup'];

/**
 * The MSM that is not MASTER, runs the target and is not BACKUP (In Sync), while the procedure waits for it at a
 * sync step; undefined when there is none or the release it ran before is not on its other partition.
 */
export function stuckBackup(observed: ObservedChassis, target: UpgradeTarget, step: StepId): StuckBackup | undefined {
  if (!SYNC_STEPS.includes(step)) return undefined;
  const master = masterOf(observed.show);
  if (!master?.slot) return undefined;
  const node = msmInSlot(observed.show, otherSlot(master.slot));
  if (!node?.slot || !node.booted || (node.role === 'backup' && node.inSync) || !runsTarget(node, target)) return undefined;
  const partition = otherPartition(node.booted);
  const previous = versionIn(node, partition);
  if (!previous || previous.version === target.core.version.version) return undefined;
  return {
    slot: node.slot,
    state: stateOf(node),
    failed: node.stateText === 'FAIL',
    release: runningVersion(node)!,
    previous,
    partition,
    ...(node.selected && { selected: node.selected }),
  };
}

/**
 * The commands of the rollback, as actions of `step`: select the old partition (unless it is selected already, e.g. by
 * an interrupted run), then reboot that MSM only.
 */
export function rollbackActions(stuck: StuckBackup, step: StepId): RollbackAction[] {
  const { slot, partition } = stuck;
  const reboot: RollbackAction = { kind: 'reboot-backup', step, slot, command: rebootMsmCommand(slot) };
  if (stuck.selected === partition) return [reboot];
  return [{ kind: 'select-partition', step, slot, partition, command: useImagePartitionCommand(partition, slot) }, reboot];
}

/** The title of the dialog that confirms one rollback command. */
export function rollbackTitle(action: RollbackAction, stuck: StuckBackup): string {
  const what = action.kind === 'select-partition' ? `boot it from ${action.partition} next` : 'reboot it';
  return `Roll back ${msmName(stuck.slot)} to ${formatVersion(stuck.previous)}: ${what}`;
}

/** The MSM an earlier run began to roll back, as the chassis shows it now: still on the release it did not come up on. */
export function stillStuck(observed: ObservedChassis, stuck: StuckBackup): StuckBackup | undefined {
  const node = msmInSlot(observed.show, stuck.slot);
  const onFailedRelease = node?.booted !== undefined && node.booted !== stuck.partition && formatVersion(runningVersion(node)) === formatVersion(stuck.release);
  if (!node || !onFailedRelease || (node.role === 'backup' && node.inSync)) return undefined;
  return { ...stuck, state: stateOf(node), failed: node.stateText === 'FAIL', ...(node.selected && { selected: node.selected }) };
}

export type RollbackVerdict = { ok: true } | { ok: false; reason: string };

/** Re-read before each rollback command: the other MSM is MASTER, this one is not, and it still runs the target. */
export function checkRollbackStep(action: RollbackAction, fresh: ObservedChassis, stuck: StuckBackup): RollbackVerdict {
  const node = msmInSlot(fresh.show, action.slot);
  const master = masterOf(fresh.show);
  if (action.slot !== stuck.slot) return { ok: false, reason: `${msmName(action.slot)} is not the MSM that did not come up` };
  if (!node || node.role === 'master') return { ok: false, reason: `${msmName(action.slot)} is ${stateOf(node)}: only the backup is rolled back` };
  if (master?.slot !== otherSlot(action.slot)) return { ok: false, reason: `${msmName(otherSlot(action.slot))} is not the MASTER now` };
  if (node.role === 'backup' && node.inSync) return { ok: false, reason: `${msmName(action.slot)} is BACKUP (In Sync) now: nothing to roll back` };
  if (action.kind === 'select-partition' && node.booted === action.partition) {
    return { ok: false, reason: `${action.partition} is the partition ${msmName(action.slot)} is running from` };
  }
  if (action.kind === 'reboot-backup' && node.selected !== undefined && node.selected !== stuck.partition) {
    return { ok: false, reason: `${msmName(action.slot)} has ${node.selected} selected, not ${stuck.partition}, for the next boot` };
  }
  return { ok: true };
}

/** True once the rolled-back MSM is BACKUP (In Sync) on the release it ran before. */
export function rolledBack(observed: ObservedChassis, stuck: StuckBackup): boolean {
  const node = msmInSlot(observed.show, stuck.slot);
  return node?.role === 'backup' && node.inSync && formatVersion(runningVersion(node)) === formatVersion(stuck.previous);
}

/** What failed, for the dialog, the error line and the journal. */
export const whatFailed = (stuck: StuckBackup): string => `${msmName(stuck.slot)} did not come up on ${formatVersion(stuck.release)} (${stuck.state})`;

/** The one line a finished rollback ends with; `failed` may add what the console showed to whatFailed. */
export const rollbackSummary = (stuck: StuckBackup, failed = whatFailed(stuck)): string =>
  `${failed}; rolled back to ${formatVersion(stuck.previous)} and In Sync again; the chassis is redundant`;

/** The commands to type when hitless cannot send them: on the MASTER's console, for the backup only. */
export function consoleProcedure(stuck: StuckBackup): string {
  const select = useImagePartitionCommand(stuck.partition, stuck.slot);
  const reboot = rebootMsmCommand(stuck.slot);
  return (
    `on ${msmName(otherSlot(stuck.slot))}'s (the MASTER's) console type "${select}", then "${reboot}" and answer y; ` +
    `wait until "show switch" shows ${msmName(stuck.slot)} BACKUP (In Sync) on ${formatVersion(stuck.previous)}`
  );
}
