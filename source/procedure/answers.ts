// Which switch questions hitless answers, and how, for each action. Anything not listed here is unexpected: the
// session refuses it safely and the step stops.
import type { MsmSlot } from '../exos/chassisState.js';
import { otherSlot } from '../exos/chassisView.js';
import type { ExpectedQuestion } from '../engine/events.js';
import { msmName } from './evidence.js';
import type { Action, UpgradeTarget } from './types.js';

export interface SwitchQuestion {
  id: string;
  text: string;
}

export interface Answer {
  reply: string;
  reason: string;
}

export type AnswerPolicy = (question: SwitchQuestion) => Answer | undefined;

/** True when `text` names `slot` ("MSM-B", "MSM B", "msm B"), and not the other MSM. */
const namesOnly = (text: string, slot: MsmSlot): boolean => {
  const names = (s: MsmSlot) => new RegExp(`\\bmsm[- ]?${s}\\b`, 'i').test(text);
  return names(slot) && !names(otherSlot(slot));
};

function answerFor(action: Action, target: UpgradeTarget, question: SwitchQuestion): Answer | undefined {
  switch (action.kind) {
    case 'download':
      return question.id === 'install-after-download'
        ? { reply: 'y', reason: `install to the inactive ${action.partition} partition of ${msmName(action.slot)}` }
        : undefined;
    case 'reboot-backup':
      return question.id === 'reboot-msm' && namesOnly(question.text, action.slot)
        ? { reply: 'y', reason: `reboots only ${msmName(action.slot)}, the backup` }
        : undefined;
    case 'failover':
      return failoverAnswer(target, question.id);
    default:
      return undefined;
  }
}

function failoverAnswer(target: UpgradeTarget, id: string): Answer | undefined {
  switch (id) {
    case 'failover-confirm':
      return { reply: 'y', reason: 'the backup runs the new image and is in sync' };
    case 'io-module-reset':
      return target.allowIoReset
        ? { reply: 'y', reason: 'the operator accepted an outage (--allow-io-reset): all I/O modules will be reset' }
        : { reply: 'n', reason: 'would reset all I/O modules (not hitless)' };
    case 'failover-reduced-function':
      return { reply: 'n', reason: 'the new master would run with reduced functionality; an operator has to decide that' };
    default:
      return undefined;
  }
}

export function answerPolicyFor(action: Action, target: UpgradeTarget): AnswerPolicy {
  return (question) => answerFor(action, target, question);
}

/**
 * What the switch is expected to ask, as hitless will show it before confirming. The texts are the reference's
 * best knowledge (§4.2 verbatim; reboot and failover texts are reconstructions); the answers come from the policy.
 */
function expectedTexts(action: Action): SwitchQuestion[] {
  switch (action.kind) {
    case 'download':
      return [{ id: 'install-after-download', text: 'Do you want to install image after downloading? (y - yes, n - no, <cr> - cancel)' }];
    case 'reboot-backup':
      return [{ id: 'reboot-msm', text: `Are you sure you want to reboot ${msmName(action.slot)}? (y/N)` }];
    case 'failover':
      return [
        { id: 'failover-confirm', text: 'Are you sure you want to failover? (y/n)' },
        {
          id: 'io-module-reset',
          text:
            'WARNING: The other MSM operates with a different version of I/O module image. If you continue with the MSM ' +
            'failover, all I/O modules will be reset. Are you sure you want to failover? (y/n)',
        },
        { id: 'failover-reduced-function', text: 'The upgrade is hitless but new functionality may be lost. Continue? (y/n)' },
      ];
    default:
      return [];
  }
}

export function expectedQuestions(action: Action, target: UpgradeTarget): ExpectedQuestion[] {
  const policy = answerPolicyFor(action, target);
  return expectedTexts(action).flatMap((question) => {
    const answer = policy(question);
    return answer ? [{ id: question.id, text: question.text, answer: answer.reply }] : [];
  });
}
