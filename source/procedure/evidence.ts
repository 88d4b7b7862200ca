// Short human sentences naming the parsed facts behind a decision, and one-line descriptions of actions.
import type { MsmSlot, NodeStatus } from '../exos/chassisState.js';
import { formatVersion, otherPartition, runningVersion, versionIn } from '../exos/chassisView.js';
import { imageFileName } from './targetOnChassis.js';
import type { Action } from './types.js';

export const msmName = (slot: MsmSlot): string => `MSM-${slot}`;

export const nodeName = (node: NodeStatus): string => node.name || (node.slot ? msmName(node.slot) : 'the switch');

export const stateOf = (node: NodeStatus | undefined): string => (node ? node.stateText || 'no state shown' : 'absent');

/** e.g. ["MSM-B is BACKUP (In Sync)", "MSM-B booted primary (12.6.3.3); secondary holds 12.6.2.10"] */
export function describeNode(node: NodeStatus): string[] {
  const facts = [`${nodeName(node)} is ${stateOf(node)}`];
  if (node.booted) {
    const other = otherPartition(node.booted);
    const selected = node.selected && node.selected !== node.booted ? `; ${node.selected} selected for the next boot` : '';
    facts.push(
      `${nodeName(node)} booted ${node.booted} (${formatVersion(runningVersion(node))}); ` +
        `${other} holds ${formatVersion(versionIn(node, other))}${selected}`,
    );
  }
  return facts;
}

/** The title of the dialog that asks to confirm `action`: what confirming does, in the operator's words. */
export function actionTitle(action: Extract<Action, { kind: 'download' | 'select-partition' | 'reboot-backup' | 'failover' }>): string {
  switch (action.kind) {
    case 'download':
      return `Install ${imageFileName(action.image)} on ${msmName(action.slot)} (${action.partition})`;
    case 'select-partition':
      return `Boot ${msmName(action.slot)} from ${action.partition} next`;
    case 'reboot-backup':
      return `Reboot ${msmName(action.slot)}, the backup`;
    case 'failover':
      return `${action.step === 'failback' ? 'Fail back' : 'Fail over'} to ${msmName(action.toSlot)}`;
  }
}

export function describeAction(action: Action): string {
  switch (action.kind) {
    case 'download':
      return `install ${imageFileName(action.image)} to ${action.partition} of ${msmName(action.slot)}`;
    case 'select-partition':
      return `select ${action.partition} of ${msmName(action.slot)} for the next boot`;
    case 'reboot-backup':
      return `reboot ${msmName(action.slot)}`;
    case 'failover':
      return `fail over from ${msmName(action.fromSlot)} to ${msmName(action.toSlot)}`;
    case 'wait':
      return `wait: ${action.detail}`;
    case 'done':
      return `done: ${action.detail}`;
    case 'stop':
      return `stop: ${action.reason}`;
  }
}
