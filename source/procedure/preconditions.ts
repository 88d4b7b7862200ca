// What must hold on the chassis now for the upgrade to go ahead without waiting: read off one observation, so
// `plan` can say which fail before anything is sent.
import { chassisKind, masterOf, msmInSlot, otherSlot } from '../exos/chassisView.js';
import { msmName, stateOf } from './evidence.js';
import { imageFileName, mismatchedXmods } from './targetOnChassis.js';
import type { ObservedChassis, UpgradeTarget } from './types.js';

export interface Precondition {
  /** What must hold, e.g. "MSM-B is In Sync". */
  need: string;
  holds: boolean;
  /** What the chassis shows instead, when it does not hold. */
  actually?: string;
}

const check = (need: string, holds: boolean, actually: string): Precondition => (holds ? { need, holds } : { need, holds, actually });

export function preconditionsNow(observed: ObservedChassis, target: UpgradeTarget): Precondition[] {
  const { show } = observed;
  const kind = chassisKind(show);
  const checks = [check('a chassis with two MSMs', kind === 'dual-msm', `show switch shows ${kind === 'stack' ? 'a stack' : kind === 'single-node' ? 'a single switch' : 'no MSM pair'}`)];
  const mismatched = mismatchedXmods(target);
  const xmods = target.xmods.length > 0 ? [check('each .xmod carries the core image\'s version', mismatched.length === 0, `${mismatched.map(imageFileName).join(', ')} does not`)] : [];
  if (kind !== 'dual-msm') return [...checks, ...xmods];
  const master = masterOf(show);
  checks.push(check('one MSM is MASTER', master?.slot !== undefined, 'no MSM is MASTER'));
  if (master?.slot) {
    const slot = otherSlot(master.slot);
    const other = msmInSlot(show, slot);
    const name = msmName(slot);
    checks.push(check(`${name} is BACKUP`, other?.role === 'backup', `${name} is ${stateOf(other)}`));
    if (other?.role === 'backup') checks.push(check(`${name} is In Sync`, other.inSync, `${name} is ${stateOf(other)}`));
  }
  return [...checks, ...xmods];
}
