// Which switch questions hitless answers, and how, for each action. Anything not listed here is unexpected: the
// session refuses it safely and the step stops.
import type { MsmSlot } from '../exos/chassisState.js';
import { otherSlot } from '../exos/chassisView.js';
import { askedQuestion, type AnswerPolicy, type QuestionId, type Reply, type SwitchQuestion } from '../exos/platform.js';
import { msmName } from './evidence.js';
import type { Action, ExpectedQuestion, UpgradeTarget } from './types.js';

/** True when `text` names `slot` ("MSM-B", "MSM B", "msm B"), and not the other MSM. */
const namesOnly = (text: string, slot: MsmSlot): boolean => {
  const names = (s: MsmSlot) => new RegExp(`\\bmsm[- ]?${s}\\b`, 'i').test(text);
  return names(slot) && !names(otherSlot(slot));
};

function answerFor(action: Action, target: UpgradeTarget, question: SwitchQuestion): Reply | undefined {
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

function failoverAnswer(target: UpgradeTarget, id: SwitchQuestion['id']): Reply | undefined {
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

/** The questions the switch is expected to ask for `action`; their texts are the platform table's. */
function expectedIds(action: Action): QuestionId[] {
  switch (action.kind) {
    case 'download':
      return ['install-after-download'];
    case 'reboot-backup':
      return ['reboot-msm'];
    case 'failover':
      return ['failover-confirm', 'io-module-reset', 'failover-reduced-function'];
    default:
      return [];
  }
}

/** What the switch is expected to ask, as hitless will show it before confirming, with the policy's answer. */
export function expectedQuestions(action: Action, target: UpgradeTarget): ExpectedQuestion[] {
  const policy = answerPolicyFor(action, target);
  const slot = action.kind === 'reboot-backup' ? action.slot : undefined;
  return expectedIds(action).flatMap((id) => {
    const question = askedQuestion(id, slot);
    const answer = policy(question);
    return answer ? [{ id, text: question.text, answer: answer.reply }] : [];
  });
}
