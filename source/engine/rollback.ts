// Rolling back a backup that did not come up on the new release: offer it (confirmation), re-read `show switch` before
// each command, send them, then wait until the MSM is BACKUP (In Sync) on the release it ran before.
// The run ends with exit 4 either way: the upgrade did not happen, and the one line says where the chassis stands.
// Once the first command is confirmed the rollback is kept in the run state, so a rerun after an interruption finishes
// it (sending only what has not taken effect) instead of beginning the upgrade again.
import type { MsmSlot, ObservedChassis } from '../exos/chassisState.js';
import { parseUseImageResult } from '../exos/parseUseImageResult.js';
import { EXIT, type ExitCode } from '../errors.js';
import { expectedQuestions } from '../procedure/answers.js';
import {
  checkRollbackStep,
  consoleProcedure,
  rollbackActions,
  rollbackSummary,
  rolledBack,
  rollbackTitle,
  stillStuck,
  whatFailed,
  type RollbackAction,
  type StuckBackup,
} from '../procedure/backupRollback.js';
import { formatVersion, masterOf, msmInSlot, otherSlot } from '../exos/chassisView.js';
import type { StepId, UpgradeTarget } from '../procedure/types.js';
import type { CommandResult } from '../session/exosSession.js';
import type { ConfirmAnswer, ConfirmRequest, EngineEventBody, RollbackOutcome } from './events.js';
import type { BackupRollbackState } from './runState.js';

export interface RollbackHost {
  target: UpgradeTarget;
  /** Full-screen (dialog) or headless with --rollback-on-failure; otherwise the run stops and names the flag. */
  offered: boolean;
  timing: { pollMs: number; stepTimeoutMs: number };
  emit: (event: EngineEventBody) => void;
  /** Makes the rollback's step the run's open step (a no-op when it already is: the wait that found the MSM stuck). */
  enterStep: (step: StepId) => void;
  /** Ends the open step: failed, since the upgrade did not happen either way. */
  endStep: (detail: string) => void;
  confirm: (request: ConfirmRequest) => Promise<ConfirmAnswer>;
  observe: () => Promise<ObservedChassis>;
  send: (action: RollbackAction) => Promise<CommandResult>;
  /** Keeps the rollback under way in the run state (undefined: it ended). */
  remember: (rollback: BackupRollbackState | undefined) => void;
  /** Lines the MSMs' serial consoles showed about `slot`'s boot failure in this run (none when no console is watched). */
  consoleEvidence: (slot: MsmSlot) => string[];
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/** How one rollback ends: its rollback event (with the console evidence), the step's end and the run's error line. */
class RollbackEnd {
  constructor(
    private readonly host: RollbackHost,
    private readonly stuck: StuckBackup,
  ) {}

  /** What the consoles showed of the failure so far (oldest first); read when needed, as the lines keep coming. */
  get consoleLines(): string[] {
    return this.host.consoleEvidence(this.stuck.slot);
  }

  /** What failed, with the latest console line about it when a console is watched: every message begins with it. */
  get failed(): string {
    const seen = this.consoleLines.at(-1)?.replace(/\.$/, '');
    return `${whatFailed(this.stuck)}${seen ? `; ${seen}` : ''}`;
  }

  readonly end = (outcome: RollbackOutcome, message: string): ExitCode => {
    const { host, stuck, consoleLines } = this;
    // A refused or unfinished rollback stays kept: the rerun picks it up where the chassis is.
    if (outcome === 'done' || outcome === 'declined' || outcome === 'not-offered') host.remember(undefined);
    host.emit({
      type: 'rollback',
      slot: stuck.slot,
      failedOn: formatVersion(stuck.release),
      state: stuck.state,
      to: formatVersion(stuck.previous),
      outcome,
      message,
      ...(consoleLines.length > 0 && { consoleLines }),
    });
    host.endStep(message);
    host.emit({ type: 'error', kind: outcome === 'done' ? 'stopped' : 'switch-error', message, exitCode: EXIT.stoppedSafe });
    return EXIT.stoppedSafe;
  };
}

export async function rollBackStuckBackup(host: RollbackHost, stuck: StuckBackup, step: StepId, evidence: string[]): Promise<ExitCode> {
  host.enterStep(step);
  const ending = new RollbackEnd(host, stuck);
  const { end } = ending;
  const actions = rollbackActions(stuck, step);
  if (!host.offered) {
    return end('not-offered', `${ending.failed}; not rolled back: rerun with --rollback-on-failure to roll it back to ${formatVersion(stuck.previous)}, or ${consoleProcedure(stuck)}`);
  }
  const why = [
    ending.failed,
    ...ending.consoleLines.slice(0, -1),
    `rollback: ${actions.map((action) => `"${action.command}"`).join(' then ')} (${stuck.partition} holds ${formatVersion(stuck.previous)})`,
  ];
  for (const action of actions) {
    const request: ConfirmRequest = {
      step,
      action,
      title: rollbackTitle(action, stuck),
      command: action.command,
      questions: expectedQuestions(action, host.target),
      evidence: [...why, ...evidence],
      canSkip: false,
    };
    host.emit({ type: 'confirm-request', step, title: request.title, command: action.command, questions: request.questions, evidence: request.evidence });
    const answer = await host.confirm(request);
    host.emit({ type: 'confirm-response', step, answer, by: 'operator' });
    if (answer !== 'confirm') return end('declined', `${ending.failed}; the operator left it as it is (not rolled back)`);
    const check = checkRollbackStep(action, await host.observe(), stuck);
    if (!check.ok) return end('refused', `${ending.failed}; not sending "${action.command}": ${check.reason}`);
    host.remember({ step, stuck });
    const result = await host.send(action);
    const refusal = refusalOf(action, result);
    if (refusal) return end('refused', `${ending.failed}; the switch refused "${action.command}" (${refusal}): ${consoleProcedure(stuck)}`);
  }
  return waitUntilBack(host, stuck, ending);
}

/**
 * A rollback an earlier run began: offered again while the MSM still runs the release it failed on (only the commands
 * that have not taken effect), else waited for until it is back on its old release. Undefined when the chassis no
 * longer fits it (another MSM is MASTER, or this one is In Sync on another release): the procedure decides then.
 */
export async function resumeRollback(host: RollbackHost, saved: BackupRollbackState, observed: ObservedChassis): Promise<ExitCode | undefined> {
  const { stuck, step } = saved;
  const node = msmInSlot(observed.show, stuck.slot);
  const inSyncOnOther = node?.role === 'backup' && node.inSync && !rolledBack(observed, stuck);
  if (masterOf(observed.show)?.slot !== otherSlot(stuck.slot) || inSyncOnOther) {
    host.remember(undefined);
    return undefined;
  }
  host.enterStep(step);
  host.emit({ type: 'warning', message: `resuming the rollback of MSM-${stuck.slot} to ${formatVersion(stuck.previous)} begun by an earlier run` });
  const again = stillStuck(observed, stuck);
  if (again) return rollBackStuckBackup(host, again, step, []);
  return waitUntilBack(host, stuck, new RollbackEnd(host, stuck));
}

function refusalOf(action: RollbackAction, result: CommandResult): string | undefined {
  const unexpected = result.unexpectedQuestion;
  if (unexpected) return `it asked "${unexpected.text.trim()}", answered "${unexpected.reply || '<Enter>'}"`;
  if (action.kind === 'select-partition') return [...result.errors, ...parseUseImageResult(result.output).errors][0];
  const declined = result.questions.find((question) => question.id === 'reboot-msm' && question.refused);
  return result.errors[0] ?? (declined ? 'the reboot was not confirmed' : undefined);
}

async function waitUntilBack(host: RollbackHost, stuck: StuckBackup, ending: RollbackEnd): Promise<ExitCode> {
  const { end } = ending;
  const since = host.now();
  for (;;) {
    const observed = await host.observe();
    if (rolledBack(observed, stuck)) return end('done', rollbackSummary(stuck, ending.failed));
    const waited = host.now() - since;
    if (waited > host.timing.stepTimeoutMs) {
      return end('failed', `${ending.failed}; rolled back to ${formatVersion(stuck.previous)}, but it is not BACKUP (In Sync) after ${Math.round(waited / 1000)} s: the chassis is not redundant`);
    }
    host.emit({ type: 'progress', slot: stuck.slot, activity: `rolling back: waiting for MSM-${stuck.slot} to be BACKUP (In Sync) on ${formatVersion(stuck.previous)} (${Math.round(waited / 1000)} s)` });
    await host.sleep(host.timing.pollMs);
  }
}
