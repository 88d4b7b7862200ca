// The whole remaining procedure, predicted: decide, assume the action took effect, decide again, until done or stop.
import { isDeepStrictEqual } from 'node:util';
import type { ObservedChassis } from '../exos/chassisState.js';
import { expectedQuestions } from './answers.js';
import { decide } from './decide.js';
import { predictEffect } from './predict.js';
import { STAGING_STEPS, type Action, type ExpectedQuestion, type PlatformFacts, type StepId, type UpgradeTarget } from './types.js';

export interface PlannedStep {
  step: StepId;
  action: Action;
  command?: string;
  /** The questions the switch is expected to ask, with the answer hitless will give. */
  questions: ExpectedQuestion[];
  evidence: string[];
}

/** The full procedure has fewer than twenty steps; the bound only guards against a prediction that cycles. */
const MAX_PLANNED_STEPS = 40;

export function planFrom(observed: ObservedChassis, target: UpgradeTarget, facts: PlatformFacts): PlannedStep[] {
  const steps: PlannedStep[] = [];
  let state = observed;
  while (steps.length < MAX_PLANNED_STEPS) {
    const { action, evidence } = decide(state, target, facts);
    // `plan --stage`: what `hitless stage` would do, which ends before the first step that touches redundancy.
    if (target.stage && action.kind !== 'done' && !STAGING_STEPS.has(action.step)) break;
    steps.push({
      step: action.step,
      action,
      ...('command' in action && { command: action.command }),
      questions: expectedQuestions(action, target, state.show),
      evidence,
    });
    if (action.kind === 'done' || action.kind === 'stop') break;
    const next = predictEffect(action, state, target);
    // A wait nothing can be predicted to end (e.g. an MSM that is not in the chassis): the plan ends there.
    if (isDeepStrictEqual(next, state)) break;
    state = next;
  }
  return steps;
}
