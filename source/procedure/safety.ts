// The safety invariants, all in one place. The engine re-reads `show switch` immediately before every command that
// changes the chassis and sends it only when every check here passes.
import type { ObservedChassis } from '../exos/chassisState.js';
import { backupOf, chassisKind, masterOf, msmInSlot } from '../exos/chassisView.js';
import { decide } from './decide.js';
import { describeAction, msmName, stateOf } from './evidence.js';
import type { Action, UpgradeTarget } from './types.js';

export type DestructiveAction = Extract<Action, { kind: 'download' | 'select-partition' | 'reboot-backup' | 'failover' }>;
export type SafetyVerdict = { ok: true } | { ok: false; reason: string };

const OK: SafetyVerdict = { ok: true };
const refuse = (reason: string): SafetyVerdict => ({ ok: false, reason });

export const isDestructive = (action: Action): action is DestructiveAction =>
  action.kind === 'download' || action.kind === 'select-partition' || action.kind === 'reboot-backup' || action.kind === 'failover';

/** The only command shapes hitless ever sends that change the chassis. */
const COMMAND_SHAPES: Record<DestructiveAction['kind'], RegExp> = {
  // TFTP (with its block size), URL, memory card, or a file already on the switch: always a partition and an MSM.
  download:
    /^(?:download (?:image (?!memorycard )\S+ \S+ vr "[^"]+"(?: block-size \d{2,5})?|url \S+ vr "[^"]+"|image memorycard \S+)|install image \S+) (primary|secondary) msm ([AB])$/,
  'select-partition': /^use image partition (primary|secondary) msm ([AB])$/,
  'reboot-backup': /^reboot msm ([AB])$/,
  failover: /^(run msm-failover|run failover)( force)?$/,
};

export function checkBeforeSending(action: Action, fresh: ObservedChassis, target: UpgradeTarget): SafetyVerdict {
  if (!isDestructive(action)) return refuse(`"${action.kind}" sends no command`);
  for (const check of [commandShape, rolesNow, sameDecisionNow]) {
    const verdict = check(action, fresh, target);
    if (!verdict.ok) return verdict;
  }
  return OK;
}

function commandShape(action: DestructiveAction, _fresh: ObservedChassis, target: UpgradeTarget): SafetyVerdict {
  const { command } = action;
  if (/[\x00-\x1f\x7f]/.test(command)) return refuse(`the command contains a control character: ${JSON.stringify(command)}`);
  if (/^\s*reboot\b/i.test(command) && !COMMAND_SHAPES['reboot-backup'].test(command)) {
    return refuse(`"${command}" is not "reboot msm A|B": it could reboot the whole chassis`);
  }
  const match = COMMAND_SHAPES[action.kind].exec(command);
  if (!match) return refuse(`"${command}" is not an allowed ${action.kind} command`);
  switch (action.kind) {
    case 'download':
    case 'select-partition':
      return match[1] === action.partition && match[2] === action.slot
        ? OK
        : refuse(`"${command}" does not name ${action.partition} of ${msmName(action.slot)}`);
    case 'reboot-backup':
      return match[1] === action.slot ? OK : refuse(`"${command}" does not name ${msmName(action.slot)}`);
    case 'failover':
      return match[2] && !target.forceFailover ? refuse(`"${command}" forces the failover, which the operator did not ask for`) : OK;
  }
}

function rolesNow(action: DestructiveAction, fresh: ObservedChassis, target: UpgradeTarget): SafetyVerdict {
  const { show } = fresh;
  if (chassisKind(show) !== 'dual-msm') return refuse('the switch does not show a dual-MSM chassis now');
  if (action.kind === 'failover') {
    const master = masterOf(show);
    const backup = backupOf(show);
    if (master?.slot !== action.fromSlot) return refuse(`${msmName(action.fromSlot)} is not the MASTER now (${stateOf(msmInSlot(show, action.fromSlot))})`);
    if (backup?.slot !== action.toSlot) return refuse(`${msmName(action.toSlot)} is not the BACKUP now (${stateOf(msmInSlot(show, action.toSlot))})`);
    if (!backup.inSync && !target.forceFailover) return refuse(`${msmName(action.toSlot)} is ${stateOf(backup)}, not BACKUP (In Sync)`);
    return OK;
  }
  const node = msmInSlot(show, action.slot);
  if (node?.role === 'master') return refuse(`${msmName(action.slot)} is the MASTER: it is never rebooted or written to`);
  // `hitless rollback` takes an MSM in FAIL back as it is (decide: failedOffTarget); nothing else touches a non-BACKUP.
  const failedRollback = target.rollback !== undefined && node?.stateText === 'FAIL';
  if (node?.role !== 'backup' && !failedRollback) return refuse(`${msmName(action.slot)} is not the BACKUP now (${stateOf(node)})`);
  if (action.kind === 'download' || action.kind === 'select-partition') {
    if (!node.booted) return refuse(`cannot tell which partition ${msmName(action.slot)} booted from`);
    if (node.booted === action.partition) return refuse(`${action.partition} is the partition ${msmName(action.slot)} is running from`);
  }
  return OK;
}

/** Reality must still call for exactly this action; otherwise the plan is stale. */
function sameDecisionNow(action: DestructiveAction, fresh: ObservedChassis, target: UpgradeTarget): SafetyVerdict {
  // The failover spelling is the platform's business, not a safety fact: take it from the action itself.
  const now = decide(fresh, target, { failoverCommand: action.kind === 'failover' ? action.spelling : 'run msm-failover' }).action;
  if (actionKey(now) === actionKey(action)) return OK;
  return refuse(`the chassis changed: it now calls for "${describeAction(now)}", not "${describeAction(action)}"`);
}

function actionKey(action: Action): string {
  switch (action.kind) {
    case 'download':
      return `download ${action.slot} ${action.partition} ${action.command}`;
    case 'select-partition':
      return `select ${action.slot} ${action.partition} ${action.command}`;
    case 'reboot-backup':
      return `reboot ${action.slot} ${action.command}`;
    case 'failover':
      return `failover ${action.fromSlot} ${action.toSlot} ${action.command}`;
    default:
      return action.kind;
  }
}
