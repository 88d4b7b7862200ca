// The configuration kept safe before the first destructive step of a run: unsaved changes saved, or the operator's
// choice not to recorded; and a copy of the running configuration (`show configuration`) kept beside the journal.
import { SAVE_CONFIGURATION, SHOW_CONFIGURATION } from '../exos/commands.js';
import { askedQuestion, type AnsweredQuestion } from '../exos/platform.js';
import { parseSaveResult } from '../exos/parseSaveResult.js';
import { HitlessError, type ExitCode } from '../errors.js';
import { saveConfigurationPolicy } from '../procedure/answers.js';
import type { Action, StepId } from '../procedure/types.js';
import type { ConfirmAnswer, ConfirmRequest, EngineEventBody } from './events.js';
import type { RunStateStore } from './runState.js';
import type { SessionLike } from './sessionLike.js';

/**
 * What a run does about the configuration. `unsaved`: when the prompt shows unsaved changes, ask the operator (the
 * full-screen console), save them (--save-config), or warn once and go on.
 */
export interface ConfigKeeping {
  unsaved: 'ask' | 'save' | 'warn';
  /** Where the copy goes: absent for a run that keeps no journal (a program's own run), which keeps no copy either. */
  copy?: {
    /** Writes the copy (redacted, private) beside the journal; returns its path. */
    write: (configuration: string) => string;
    /** Takes an earlier run's copy of the same upgrade as this run's, when its file is still there. */
    reuse: (path: string) => boolean;
  };
}

export interface ConfigKeepingHost {
  keeping: ConfigKeeping;
  session: () => Promise<SessionLike>;
  emit: (event: EngineEventBody) => void;
  ask: (request: ConfirmRequest) => Promise<ConfirmAnswer>;
  logQuestions: (step: StepId, questions: readonly AnsweredQuestion[]) => void;
  runState: RunStateStore;
  targetLabel: string;
  idleTimeoutMs: number;
  now: () => number;
}

export const UNSAVED_WARNING = 'the running configuration has changes not saved (the prompt begins with "* ")';

/**
 * Before `action`, the run's first destructive step: undefined to go on, 'saved' when unsaved changes were just saved
 * (the chassis is read again before deciding), or the exit code of an operator's stop.
 */
export async function keepConfigSafe(host: ConfigKeepingHost, action: Action, unsaved: boolean, stopCode: ExitCode): Promise<ExitCode | 'saved' | undefined> {
  const choice = unsaved ? await unsavedChoice(host, action) : 'continue';
  if (choice === 'abort') return stopCode;
  if (choice === 'save') await saveConfiguration(host, action.step, stopCode);
  await keepCopy(host, stopCode);
  return choice === 'save' ? 'saved' : undefined;
}

async function unsavedChoice(host: ConfigKeepingHost, action: Action): Promise<'save' | 'continue' | 'abort'> {
  const { unsaved } = host.keeping;
  if (unsaved === 'save') return 'save';
  if (unsaved === 'warn') {
    host.emit({ type: 'warning', message: `${UNSAVED_WARNING}; going on without saving them (--save-config saves them first)` });
    return 'continue';
  }
  const answer = await host.ask({
    step: action.step,
    action,
    title: 'Save the configuration before the upgrade changes anything (s: go on with it unsaved)',
    command: SAVE_CONFIGURATION,
    questions: [{ id: 'save-overwrite', text: askedQuestion('save-overwrite').text, answer: 'y' }],
    evidence: [UNSAVED_WARNING, `next: ${'command' in action ? action.command : action.step}`],
    canSkip: true,
  });
  if (answer === 'skip') host.emit({ type: 'warning', message: `${UNSAVED_WARNING}; the operator chose to go on without saving them` });
  return answer === 'confirm' ? 'save' : answer === 'skip' ? 'continue' : 'abort';
}

async function saveConfiguration(host: ConfigKeepingHost, step: StepId, stopCode: ExitCode): Promise<void> {
  const session = await host.session();
  host.emit({ type: 'command', command: SAVE_CONFIGURATION, step });
  const result = await session.run(SAVE_CONFIGURATION, {
    answer: saveConfigurationPolicy,
    idleTimeoutMs: host.idleTimeoutMs,
    onAnswer: (question) => host.logQuestions(step, [question]),
  });
  host.logQuestions(step, result.questions);
  const outcome = parseSaveResult(result.output);
  const problem = result.unexpectedQuestion?.text.trim() ?? [...result.errors, ...outcome.errors][0];
  if (problem !== undefined || !outcome.saved) {
    const why = problem ?? 'no "Configuration saved ... successfully"';
    throw new HitlessError('switch-error', `"${SAVE_CONFIGURATION}" failed: ${why}; nothing else was sent`, stopCode, 'save the configuration by hand (or rerun without --save-config), then rerun');
  }
  host.emit({ type: 'progress', activity: `configuration saved to ${outcome.file ?? 'the switch'}` });
}

/** One copy per upgrade: a rerun keeps the copy its first run took (the configuration as it was before any change). */
async function keepCopy(host: ConfigKeepingHost, stopCode: ExitCode): Promise<void> {
  const { copy } = host.keeping;
  if (!copy) return;
  const saved = host.runState.load();
  const earlier = saved?.target === host.targetLabel ? saved.configCopy : undefined;
  if (earlier && copy.reuse(earlier.path)) {
    host.emit({ type: 'progress', activity: `configuration copy of ${earlier.takenAt} kept in ${earlier.path}` });
    return;
  }
  const session = await host.session();
  const result = await session.run(SHOW_CONFIGURATION, { idleTimeoutMs: host.idleTimeoutMs });
  let path: string;
  try {
    path = copy.write(result.output);
  } catch (err) {
    if (!(err instanceof HitlessError)) throw err;
    throw new HitlessError(err.kind, err.message, stopCode, err.advice);
  }
  const takenAt = new Date(host.now()).toISOString();
  host.runState.save({ ...host.runState.load(), target: host.targetLabel, configCopy: { path, takenAt } });
  host.emit({ type: 'progress', activity: `configuration copy kept in ${path}` });
}
