// The checklist follows from the current step alone: everything before it is done, everything after it pending.
import { STEP_IDS, type Action, type StepId, type StepState, type UpgradeTarget } from './types.js';

/** Failback needs to know which MSM to hand mastership back to. */
export const failbackWanted = (target: UpgradeTarget): boolean => target.failback && target.originalMaster !== undefined;

export function checklistFor(action: Action, target: UpgradeTarget): Record<StepId, StepState> {
  const current = STEP_IDS.indexOf(action.step);
  const stateAt = (step: StepId, index: number): StepState => {
    if (step === 'failback' && !failbackWanted(target)) return 'skipped';
    if (action.kind === 'done' || index < current) return 'done';
    if (index > current) return 'pending';
    return action.kind === 'stop' ? 'failed' : 'running';
  };
  return Object.fromEntries(STEP_IDS.map((step, index) => [step, stateAt(step, index)])) as Record<StepId, StepState>;
}
