// Rolling back a backup that did not come up on the new release: offer it (confirmation), re-read `show switch` before
// each of the two commands, send them, then wait until the MSM is BACKUP (In Sync) on the release it ran before.
// The run ends with exit 4 either way: the upgrade did not happen, and the one line says where the chassis stands.
import type { ObservedChassis } from '../exos/chassisState.js';
import { parseUseImageResult } from '../exos/parseUseImageResult.js';
import { EXIT, type ExitCode } from '../errors.js';
import { expectedQuestions } from '../procedure/answers.js';
import {
  checkRollbackStep,
  consoleProcedure,
  rollbackActions,
  rollbackSummary,
  rolledBack,
  whatFailed,
  type RollbackAction,
  type StuckBackup,
} from '../procedure/backupRollback.js';
import { formatVersion } from '../exos/chassisView.js';
import type { StepId, UpgradeTarget } from '../procedure/types.js';
import type { CommandResult } from '../session/exosSession.js';
import type { ConfirmAnswer, ConfirmRequest, EngineEventBody, RollbackOutcome } from './events.js';

export interface RollbackHost {
  target: UpgradeTarget;
  /** Full-screen (dialog) or headless with --rollback-on-failure; otherwise the run stops and names the flag. */
  offered: boolean;
  timing: { pollMs: number; stepTimeoutMs: number };
  emit: (event: EngineEventBody) => void;
  confirm: (request: ConfirmRequest) => Promise<ConfirmAnswer>;
  observe: () => Promise<ObservedChassis>;
  send: (action: RollbackAction) => Promise<CommandResult>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

export async function rollBackStuckBackup(host: RollbackHost, stuck: StuckBackup, step: StepId, evidence: string[]): Promise<ExitCode> {
  const failed = whatFailed(stuck);
  const end = (outcome: RollbackOutcome, message: string): ExitCode => {
    host.emit({ type: 'rollback', slot: stuck.slot, failedOn: formatVersion(stuck.release), state: stuck.state, to: formatVersion(stuck.previous), outcome, message });
    host.emit({ type: 'step-end', step, outcome: 'failed', detail: message });
    host.emit({ type: 'error', kind: outcome === 'done' ? 'stopped' : 'switch-error', message, exitCode: EXIT.stoppedSafe });
    return EXIT.stoppedSafe;
  };
  const actions = rollbackActions(stuck, step);
  if (!host.offered) {
    return end('not-offered', `${failed}; not rolled back: rerun with --rollback-on-failure to roll it back to ${formatVersion(stuck.previous)}, or ${consoleProcedure(stuck)}`);
  }
  const why = [failed, `rollback: ${actions.map((action) => `"${action.command}"`).join(' then ')} (${stuck.partition} holds ${formatVersion(stuck.previous)})`];
  for (const action of actions) {
    const request: ConfirmRequest = {
      step,
      action,
      command: action.command,
      questions: expectedQuestions(action, host.target),
      evidence: [...why, ...evidence],
      canSkip: false,
    };
    host.emit({ type: 'confirm-request', step, command: action.command, questions: request.questions, evidence: request.evidence });
    const answer = await host.confirm(request);
    host.emit({ type: 'confirm-response', step, answer, by: 'operator' });
    if (answer !== 'confirm') return end('declined', `${failed}; the operator left it as it is (not rolled back)`);
    const check = checkRollbackStep(action, await host.observe(), stuck);
    if (!check.ok) return end('refused', `${failed}; not sending "${action.command}": ${check.reason}`);
    host.emit({ type: 'step-start', step, command: action.command });
    const result = await host.send(action);
    const refusal = refusalOf(action, result);
    if (refusal) return end('refused', `${failed}; the switch refused "${action.command}" (${refusal}): ${consoleProcedure(stuck)}`);
  }
  return waitUntilBack(host, stuck, end);
}

function refusalOf(action: RollbackAction, result: CommandResult): string | undefined {
  const unexpected = result.unexpectedQuestion;
  if (unexpected) return `it asked "${unexpected.text.trim()}", answered "${unexpected.reply || '<Enter>'}"`;
  if (action.kind === 'select-partition') return [...result.errors, ...parseUseImageResult(result.output).errors][0];
  const declined = result.questions.find((question) => question.id === 'reboot-msm' && question.refused);
  return result.errors[0] ?? (declined ? 'the reboot was not confirmed' : undefined);
}

async function waitUntilBack(host: RollbackHost, stuck: StuckBackup, end: (outcome: RollbackOutcome, message: string) => ExitCode): Promise<ExitCode> {
  const since = host.now();
  for (;;) {
    const observed = await host.observe();
    if (rolledBack(observed, stuck)) return end('done', rollbackSummary(stuck));
    const waited = host.now() - since;
    if (waited > host.timing.stepTimeoutMs) {
      return end('failed', `${whatFailed(stuck)}; rolled back to ${formatVersion(stuck.previous)}, but it is not BACKUP (In Sync) after ${Math.round(waited / 1000)} s: the chassis is not redundant`);
    }
    host.emit({ type: 'progress', slot: stuck.slot, activity: `rolling back: waiting for MSM-${stuck.slot} to be BACKUP (In Sync) on ${formatVersion(stuck.previous)} (${Math.round(waited / 1000)} s)` });
    await host.sleep(host.timing.pollMs);
  }
}
