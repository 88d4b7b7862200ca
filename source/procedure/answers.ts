// Which switch questions hitless answers, and how, for each action. Anything not listed here is unexpected: the
// session refuses it safely and the step stops.
import type { MsmSlot, ShowSwitch } from '../exos/chassisState.js';
import { msmInSlot, otherSlot, runningVersion, sameVersion } from '../exos/chassisView.js';
import { askedQuestion, type AnswerPolicy, type QuestionId, type Reply, type SwitchQuestion } from '../exos/platform.js';
import { msmName } from './evidence.js';
import type { Action, ExpectedQuestion, UpgradeTarget } from './types.js';

/** True when `text` names `slot` ("MSM-B", "MSM B", "msm B"), and not the other MSM. */
const namesOnly = (text: string, slot: MsmSlot): boolean => {
  const names = (s: MsmSlot) => new RegExp(`\\bmsm[- ]?${s}\\b`, 'i').test(text);
  return names(slot) && !names(otherSlot(slot));
};

/** `install image FILE ...`: the file is already on the switch; every other source is fetched by `download` first. */
const installsOnly = (action: Extract<Action, { kind: 'download' }>): boolean => action.image.source.kind === 'switch';

/** A question about the install [R] is confirmed only when it names neither the other MSM nor the running partition. */
function installAnswer(action: Extract<Action, { kind: 'download' }>, question: SwitchQuestion): Reply | undefined {
  const running = action.partition === 'primary' ? 'secondary' : 'primary';
  const namesElsewhere = new RegExp(`\\bmsm[- ]?${otherSlot(action.slot)}\\b|\\b${running}\\b`, 'i').test(question.text);
  return namesElsewhere ? undefined : { reply: 'y', reason: `install ${action.image.source.file} to the inactive ${action.partition} partition of ${msmName(action.slot)}` };
}

function answerFor(action: Action, target: UpgradeTarget, question: SwitchQuestion): Reply | undefined {
  switch (action.kind) {
    case 'download':
      if (installsOnly(action)) return question.id === 'install-image' ? installAnswer(action, question) : undefined;
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

/**
 * Whether the two MSMs may run different I/O module images, the only case in which the failover asks about an I/O
 * reset or reduced function (docs/exos-cli.md §6.2). The I/O image comes with the core image: MSMs that run the same
 * release run the same one. Unknown releases count as possibly different.
 */
function ioImagesMayDiffer(action: Extract<Action, { kind: 'failover' }>, show: ShowSwitch | undefined): boolean {
  const from = show && msmInSlot(show, action.fromSlot);
  const to = show && msmInSlot(show, action.toSlot);
  const fromVersion = from && runningVersion(from);
  const toVersion = to && runningVersion(to);
  return !fromVersion || !toVersion || !sameVersion(fromVersion, toVersion);
}

/** The questions the switch may ask for `action` in the chassis `show` describes; their texts are the platform table's. */
function expectedIds(action: Action, show: ShowSwitch | undefined): QuestionId[] {
  switch (action.kind) {
    case 'download':
      return [installsOnly(action) ? 'install-image' : 'install-after-download'];
    case 'reboot-backup':
      return ['reboot-msm'];
    case 'failover':
      return ioImagesMayDiffer(action, show) ? ['failover-confirm', 'io-module-reset', 'failover-reduced-function'] : ['failover-confirm'];
    default:
      return [];
  }
}

/**
 * What the switch may ask, as hitless will show it before confirming, with the policy's answer. `show`: the chassis as
 * last read (absent: every question the action can bring).
 */
export function expectedQuestions(action: Action, target: UpgradeTarget, show?: ShowSwitch): ExpectedQuestion[] {
  const policy = answerPolicyFor(action, target);
  const slot = action.kind === 'reboot-backup' || action.kind === 'download' ? action.slot : undefined;
  return expectedIds(action, show).flatMap((id) => {
    const question = askedQuestion(id, slot);
    const answer = policy(question);
    return answer ? [{ id, text: question.text, answer: answer.reply }] : [];
  });
}

/** `save configuration`, which the operator chose (--save-config or the dialog): its overwrite/first-save question is `y`. */
export const saveConfigurationPolicy: AnswerPolicy = (question) =>
  question.id === 'save-overwrite' || question.id === 'save-first'
    ? { reply: 'y', reason: 'the operator chose to save the running configuration before the upgrade changes anything' }
    : undefined;

/** `rm FILE` of the image hitless pushed: its removal question is `y` unless it names another file. */
export const removeFilePolicy =
  (file: string): AnswerPolicy =>
  (question) => {
    const namesOther = (question.text.match(/[\w.-]+\.(?:xos|xmod|lst|cfg|pol|xsf|py)\b/gi) ?? []).some((name) => name !== file);
    return question.id === 'remove-file' && !namesOther
      ? { reply: 'y', reason: `remove ${file}, which hitless pushed and both MSMs have installed` }
      : undefined;
  };
