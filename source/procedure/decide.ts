// The procedure's single decision: what to do next, given only what the chassis shows now.
// It remembers nothing (not even which MSM was master): the phase is read off what runs where, so rerunning it after a
// killed process, a dropped link or a failover continues where the chassis is and never repeats a finished step.
import type { MsmSlot, NodeStatus, ObservedChassis, Partition } from '../exos/chassisState.js';
import { chassisKind, formatVersion, inactivePartition, masterOf, msmInSlot, otherSlot } from '../exos/chassisView.js';
import { failoverCommand, imageToPartitionCommand, rebootMsmCommand, useImagePartitionCommand } from '../exos/commands.js';
import { checklistFor, failbackWanted } from './checklist.js';
import { describeNode, msmName, nodeName, stateOf } from './evidence.js';
import {
  holdsCoreAnywhere,
  imageFileName,
  mismatchedXmods,
  partitionHoldsCore,
  runsTarget,
  stopCode,
  xmodInstalled,
} from './targetOnChassis.js';
import type { Action, Decision, ImageFile, PlatformFacts, StepId, UpgradeTarget } from './types.js';

export { progressStarted } from './targetOnChassis.js';

interface Context {
  observed: ObservedChassis;
  target: UpgradeTarget;
  facts: PlatformFacts;
}

interface Proposal {
  action: Action;
  /** Facts specific to this decision, added after the per-MSM facts. */
  because?: string[];
}

type Pass = 'first' | 'second';

/** An MSM column of `show switch` (MSM-A / MSM-B). */
type Msm = NodeStatus & { slot: MsmSlot };
const isMsm = (node: NodeStatus | undefined): node is Msm => node?.slot !== undefined;

/** The steps of one backup's upgrade; `before` is the step that is running while its backup is not yet ready. */
const PASS_STEPS: Record<Pass, { before: StepId; install: StepId; reboot: StepId; sync: StepId }> = {
  first: { before: 'preflight', install: 'install-first-backup', reboot: 'reboot-first-backup', sync: 'sync-first-backup' },
  second: {
    before: 'reconnect-new-master',
    install: 'install-second-backup',
    reboot: 'reboot-second-backup',
    sync: 'sync-second-backup',
  },
};

export function decide(observed: ObservedChassis, target: UpgradeTarget, facts: PlatformFacts): Decision {
  const ctx: Context = { observed, target, facts };
  const proposal = refuseMismatchedXmods(ctx, propose(ctx));
  const from = target.core.source.kind === 'installed' ? 'already installed: selected, not downloaded' : imageFileName(target.core);
  const evidence = [`target ${formatVersion(target.core.version)} (${from})`];
  if (chassisKind(observed.show) === 'dual-msm') evidence.push(...observed.show.nodes.flatMap(describeNode));
  if (target.failback && target.originalMaster === undefined) {
    evidence.push('failback was asked for, but the original master is not known: failback skipped');
  }
  if (observed.configUnsaved) evidence.push('the prompt begins with "* ": the running configuration has changes not saved');
  evidence.push(...(proposal.because ?? []));
  return { action: proposal.action, evidence, checklist: checklistFor(proposal.action, target) };
}

function propose(ctx: Context): Proposal {
  const { show } = ctx.observed;
  const kind = chassisKind(show);
  if (kind !== 'dual-msm') {
    const what = kind === 'stack' ? 'a stack' : kind === 'single-node' ? 'a single switch' : 'not recognisably a dual-MSM chassis';
    const name = show.sysName ?? show.systemType ?? 'this switch';
    return {
      action: { kind: 'stop', step: 'preflight', exitCode: 3, reason: `${name} is ${what}: a dual-MSM hitless upgrade does not apply` },
      because: [`show switch lists ${show.nodes.map((node) => node.name || '(unnamed)').join(', ') || 'no nodes'}`],
    };
  }
  const master = masterOf(show);
  if (!isMsm(master)) {
    return wait('master-present', stepWithoutMaster(ctx), 'waiting for one MSM to be MASTER');
  }
  const other = msmInSlot(show, otherSlot(master.slot));
  if (isMsm(other) && failedOffTarget(ctx, master, other)) return rollBackFailed(ctx, other);
  if (!isMsm(other) || other.role !== 'backup') {
    const name = msmName(otherSlot(master.slot));
    return wait('backup-present', stepWhileBackupAway(ctx, master, other), `waiting for ${name} to come up as BACKUP (now ${stateOf(other)})`);
  }
  const masterUpgraded = runsTarget(master, ctx.target);
  const backupUpgraded = runsTarget(other, ctx.target);
  if (!masterUpgraded && !backupUpgraded) return upgradeBackup(ctx, 'first', other);
  if (!masterUpgraded) return failoverWhenInSync(ctx, 'failover', 'sync-first-backup', master, other);
  if (!backupUpgraded) return upgradeBackup(ctx, 'second', other);
  return bothUpgraded(ctx, master, other);
}

/** `hitless rollback` of an MSM in FAIL on another release beside a MASTER on the release: it will never be BACKUP there. */
const failedOffTarget = (ctx: Context, master: Msm, other: Msm): boolean =>
  ctx.target.rollback !== undefined && other.stateText === 'FAIL' && runsTarget(master, ctx.target) && !runsTarget(other, ctx.target);

/** Selects the release on its other partition and reboots it, without waiting for a BACKUP state it cannot reach. */
function rollBackFailed(ctx: Context, msm: Msm): Proposal {
  const partition = inactivePartition(msm);
  if (!partition) return stop(ctx, PASS_STEPS.second.install, `cannot tell which partition ${nodeName(msm)} booted from`);
  const next = nextInstallOrReboot(ctx, PASS_STEPS.second, msm, partition);
  return { action: next.action, because: [`${nodeName(msm)} is FAIL: taken back without waiting for it to be BACKUP`, ...(next.because ?? [])] };
}

/** Pass 1 and pass 2 alike: core, then each .xmod, to the backup's inactive partition, then reboot that backup. */
function upgradeBackup(ctx: Context, pass: Pass, backup: Msm): Proposal {
  const steps = PASS_STEPS[pass];
  const waitForSync = (step: StepId) =>
    wait('backup-in-sync', step, `waiting for ${nodeName(backup)} to be BACKUP (In Sync) (now ${stateOf(backup)})`);
  const partition = inactivePartition(backup);
  if (!partition) {
    return backup.inSync ? stop(ctx, steps.install, `cannot tell which partition ${nodeName(backup)} booted from`) : waitForSync(steps.before);
  }
  const next = nextInstallOrReboot(ctx, steps, backup, partition);
  if (next.action.kind === 'stop' || backup.inSync) return next;
  const coreStep = (next.action.kind === 'download' && next.action.image.kind === 'xos') || next.action.kind === 'select-partition';
  return waitForSync(coreStep ? steps.before : next.action.step);
}

function nextInstallOrReboot(ctx: Context, steps: (typeof PASS_STEPS)[Pass], backup: Msm, partition: Partition): Proposal {
  const { target, observed } = ctx;
  const { slot } = backup;
  const where = `${partition} of ${nodeName(backup)}`;
  const holdsCore = partitionHoldsCore(backup, partition, target, observed.images);
  if (!holdsCore) {
    const why = `does not hold ${formatVersion(target.core.version)}`;
    if (target.core.source.kind === 'installed') return stop(ctx, steps.install, `${where} ${why}: nothing to select and nothing to download`);
    return { action: download(ctx, steps.install, slot, partition, target.core), because: [`${where} ${why}`] };
  }
  if (backup.selected !== partition) {
    return {
      action: { kind: 'select-partition', step: steps.install, slot, partition, command: useImagePartitionCommand(partition, slot) },
      because: [`${where} holds ${formatVersion(target.core.version)} but is not selected for the next boot: select it, no download`],
    };
  }
  if (target.xmods.length > 0 && !observed.images) {
    return stop(ctx, steps.install, `cannot tell which .xmod packages ${where} holds: "show version images" was not read`);
  }
  const missing = target.xmods.find((xmod) => !xmodInstalled(backup, partition, xmod, observed.images));
  if (missing) {
    return { action: download(ctx, steps.install, slot, partition, missing), because: [`${where} lacks ${imageFileName(missing)}`] };
  }
  const installed = [target.core, ...target.xmods].map(imageFileName).join(', ');
  return {
    action: { kind: 'reboot-backup', step: steps.reboot, slot, command: rebootMsmCommand(slot) },
    because: [`${where} holds ${installed} and is selected; ${nodeName(backup)} still runs the old image`],
  };
}

function bothUpgraded(ctx: Context, master: Msm, backup: Msm): Proposal {
  const { target } = ctx;
  const handBack = failbackWanted(target) && master.slot !== target.originalMaster;
  if (handBack) return failoverWhenInSync(ctx, 'failback', 'sync-second-backup', master, backup);
  if (!backup.inSync) {
    const step = failbackWanted(target) ? 'verify' : 'sync-second-backup';
    return wait('backup-in-sync', step, `waiting for ${nodeName(backup)} to be BACKUP (In Sync) (now ${stateOf(backup)})`);
  }
  const version = formatVersion(target.core.version);
  const original = target.originalMaster;
  const stays = original && master.slot !== original ? ` (${msmName(original)} was MASTER before; no failback)` : '';
  return {
    action: { kind: 'done', step: 'verify', detail: `both MSMs run ${version}; ${nodeName(master)} is MASTER${stays}, ${nodeName(backup)} is ${backup.stateText}` },
  };
}

function failoverWhenInSync(ctx: Context, step: StepId, waitStep: StepId, master: Msm, backup: Msm): Proposal {
  if (!backup.inSync) {
    return wait('backup-in-sync', waitStep, `waiting for ${nodeName(backup)} to be BACKUP (In Sync) before failover (now ${stateOf(backup)})`);
  }
  const spelling = ctx.facts.failoverCommand;
  const command = failoverCommand(spelling, ctx.target.forceFailover);
  return {
    action: { kind: 'failover', step, fromSlot: master.slot, toSlot: backup.slot, spelling, command },
    because: [`${nodeName(backup)} runs ${formatVersion(ctx.target.core.version)} and is in sync; ${nodeName(master)} is MASTER`],
  };
}

/** With no master the roles are unknown; what runs where still tells how far the procedure got. */
function stepWithoutMaster(ctx: Context): StepId {
  const upgraded = ctx.observed.show.nodes.filter((node) => node.slot && runsTarget(node, ctx.target)).length;
  if (upgraded === 0) return 'preflight';
  if (upgraded === 1) return 'reconnect-new-master';
  return failbackWanted(ctx.target) ? 'failback' : 'verify';
}

/**
 * The other MSM is down, booting or missing: after our reboot, after a failover, or before anything started. Our
 * reboot is what it boots into the target: its selected partition holds it. Holding the target on the other partition
 * (a rollback, an image staged earlier) is not enough: after a failover the old master comes back on its old release.
 */
function stepWhileBackupAway(ctx: Context, master: NodeStatus, other: NodeStatus | undefined): StepId {
  const { target, observed } = ctx;
  const otherRuns = other !== undefined && runsTarget(other, target);
  const bootsTarget =
    other !== undefined &&
    (other.selected ? partitionHoldsCore(other, other.selected, target, observed.images) : holdsCoreAnywhere(other, target, observed.images));
  if (!runsTarget(master, target)) return otherRuns ? 'sync-first-backup' : bootsTarget ? 'reboot-first-backup' : 'preflight';
  if (otherRuns) return failbackWanted(target) && master.slot === target.originalMaster ? 'verify' : 'sync-second-backup';
  return bootsTarget ? 'reboot-second-backup' : 'reconnect-new-master';
}

function download(ctx: Context, step: StepId, slot: MsmSlot, partition: Partition, image: ImageFile): Action {
  const { source } = image;
  if (source.kind === 'installed') {
    return stop(ctx, step, `${imageFileName(image)} is not on ${partition} of ${msmName(slot)} and there is nothing to download it from`).action;
  }
  return { kind: 'download', step, slot, partition, image, command: imageToPartitionCommand(source, ctx.target.vr, partition, slot) };
}

function wait(until: Extract<Action, { kind: 'wait' }>['until'], step: StepId, detail: string): Proposal {
  return { action: { kind: 'wait', step, until, detail } };
}

function stop(ctx: Context, step: StepId, reason: string): Proposal {
  return { action: { kind: 'stop', step, exitCode: stopCode(ctx.observed, ctx.target), reason } };
}

/** A target with an .xmod built for another core is refused before (or instead of) whatever comes next. */
function refuseMismatchedXmods(ctx: Context, proposal: Proposal): Proposal {
  const mismatched = mismatchedXmods(ctx.target);
  if (mismatched.length === 0 || proposal.action.kind === 'stop') return proposal;
  const names = mismatched.map(imageFileName).join(', ');
  return stop(
    ctx,
    proposal.action.step,
    `${names} cannot run with ${imageFileName(ctx.target.core)}: an .xmod must carry the core image's version`,
  );
}
