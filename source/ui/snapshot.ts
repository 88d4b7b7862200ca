// Everything the screen shows, folded from the engine's events by a pure reducer. Times stay as the events' ISO
// strings; components turn them into elapsed times against a `now` they are given.
import type { ImageVersion, InstalledImage, MsmSlot, ShowSwitch } from '../exos/chassisState.js';
import { msmInSlot } from '../exos/chassisView.js';
import type { EngineEvent } from '../engine/events.js';
import { STEP_IDS, type Action, type ExpectedQuestion, type StepId, type StepState } from '../procedure/types.js';

export type ConnectionState =
  | { kind: 'idle' }
  | { kind: 'connecting'; since: string; attempt: number; description: string }
  | { kind: 'connected'; since: string; description: string }
  /** Lost the session and trying again; `since` is when it was lost. */
  | { kind: 'reconnecting'; since: string; reason: string; attempt: number }
  | { kind: 'disconnected'; since: string; reason: string };

export interface Activity {
  /** What is going on, e.g. "rebooting", "installing core.xos to secondary". */
  text: string;
  /** Latest progress report for it, e.g. "downloading 43 %". */
  progress?: string;
  since: string;
  kind: 'work' | 'reboot';
  /** Work ends with this step. */
  step?: StepId;
  /** A reboot ends once its MSM, having been seen down or absent, is seen as MASTER or BACKUP again. */
  sawNodeDown: boolean;
}

export interface StepTime {
  startedAt: string;
  endedAt?: string;
}

export interface PendingConfirmation {
  step: StepId;
  command: string;
  questions: ExpectedQuestion[];
  evidence: string[];
  since: string;
}

export interface Problem {
  severity: 'warning' | 'error';
  message: string;
  at: string;
}

export interface UiSnapshot {
  /** How the run names its target, e.g. "bd8800-16.1.2.3.xos (16.1.2.3)". */
  target: string;
  /** The target's version, when known, so each MSM can be told whether it has it. */
  targetVersion?: ImageVersion;
  host?: string;
  started: boolean;
  show?: ShowSwitch;
  images?: InstalledImage[];
  checklist: Record<StepId, StepState>;
  stepTimes: Partial<Record<StepId, StepTime>>;
  /** Why a step ended as it did (failure reason, skip reason). */
  stepDetails: Partial<Record<StepId, string>>;
  /** The latest command sent for each step. */
  stepCommands: Partial<Record<StepId, string>>;
  currentStep?: StepId;
  /** The latest command sent to the switch, whatever step. */
  currentCommand?: string;
  lastAction?: Action;
  evidence: string[];
  slotActivity: Partial<Record<MsmSlot, Activity>>;
  /** Progress that belongs to no particular MSM. */
  chassisActivity?: Activity;
  connection: ConnectionState;
  pendingConfirmation?: PendingConfirmation;
  problem?: Problem;
  finished?: { exitCode: number; summary: string; at: string };
}

const allPending = (): Record<StepId, StepState> =>
  Object.fromEntries(STEP_IDS.map((step) => [step, 'pending'])) as Record<StepId, StepState>;

export function initialSnapshot(target: string, targetVersion?: ImageVersion): UiSnapshot {
  return {
    target,
    targetVersion,
    started: false,
    checklist: allPending(),
    stepTimes: {},
    stepDetails: {},
    stepCommands: {},
    evidence: [],
    slotActivity: {},
    connection: { kind: 'idle' },
  };
}

/** The engine has started and not yet ended: quitting now would interrupt it. */
export const runInProgress = (snapshot: UiSnapshot): boolean => snapshot.started && !snapshot.finished;

/** Something shows a growing elapsed time, so the screen needs a clock. */
export function needsClock(snapshot: UiSnapshot): boolean {
  if (snapshot.finished) return false;
  return (
    Object.values(snapshot.checklist).includes('running') ||
    Object.keys(snapshot.slotActivity).length > 0 ||
    snapshot.chassisActivity !== undefined ||
    snapshot.connection.kind === 'connecting' ||
    snapshot.connection.kind === 'reconnecting' ||
    snapshot.connection.kind === 'disconnected'
  );
}

/** What starting `step` does to each MSM, read from the decision that led to it. */
function activitiesForStep(action: Action | undefined, step: StepId, at: string): Partial<Record<MsmSlot, Activity>> {
  if (!action || action.step !== step) return {};
  const base = { since: at, sawNodeDown: false };
  switch (action.kind) {
    case 'download':
      return { [action.slot]: { ...base, kind: 'work', step, text: `installing to ${action.partition}` } };
    case 'reboot-backup':
      return { [action.slot]: { ...base, kind: 'reboot', text: 'rebooting' } };
    case 'failover':
      return {
        [action.fromSlot]: { ...base, kind: 'reboot', text: 'failing over, rebooting' },
        [action.toSlot]: { ...base, kind: 'work', step, text: 'taking over as MASTER' },
      };
    default:
      return {};
  }
}

/** Work belongs to its step and ends when the step stops running; reboots end by themselves (followReboots). */
const outlivesChecklist = (activity: Activity, checklist: Record<StepId, StepState>): boolean =>
  activity.kind !== 'work' || activity.step === undefined || checklist[activity.step] === 'running';

// A reboot is over when the MSM went away (or not ready) and came back as MASTER or BACKUP.
function followReboots(activities: Partial<Record<MsmSlot, Activity>>, show: ShowSwitch): Partial<Record<MsmSlot, Activity>> {
  const next: Partial<Record<MsmSlot, Activity>> = {};
  for (const [slot, activity] of Object.entries(activities) as [MsmSlot, Activity][]) {
    if (activity.kind !== 'reboot') {
      next[slot] = activity;
      continue;
    }
    const node = msmInSlot(show, slot);
    const down = !node || node.role === 'not-ready';
    if (!down && activity.sawNodeDown) continue;
    next[slot] = down && !activity.sawNodeDown ? { ...activity, sawNodeDown: true } : activity;
  }
  return next;
}

function withProgress(existing: Activity | undefined, text: string, at: string, step: StepId | undefined): Activity {
  if (existing) return { ...existing, progress: text };
  return { text, since: at, kind: 'work', step, sawNodeDown: false };
}

const FINAL_STATES: ReadonlySet<StepState> = new Set(['done', 'skipped', 'failed']);

// Steps can start and end through explicit step events or through a decision's checklist (waits have no step-start):
// every checklist change goes through here so elapsed times and step-bound activities follow the states either way.
function withChecklist(snapshot: UiSnapshot, changes: Partial<Record<StepId, StepState>>, at: string): UiSnapshot {
  const stepTimes = { ...snapshot.stepTimes };
  for (const [step, state] of Object.entries(changes) as [StepId, StepState][]) {
    const previous = snapshot.checklist[step];
    const times = stepTimes[step];
    if (state === 'running' && previous !== 'running') stepTimes[step] = { startedAt: at };
    if (FINAL_STATES.has(state) && previous === 'running' && times) stepTimes[step] = { ...times, endedAt: at };
  }
  const checklist = { ...snapshot.checklist, ...changes };
  const chassisActivity = snapshot.chassisActivity;
  return {
    ...snapshot,
    checklist,
    stepTimes,
    slotActivity: Object.fromEntries(
      Object.entries(snapshot.slotActivity).filter(([, activity]) => outlivesChecklist(activity, checklist)),
    ),
    chassisActivity: chassisActivity && outlivesChecklist(chassisActivity, checklist) ? chassisActivity : undefined,
  };
}

const runningStep = (snapshot: UiSnapshot): StepId | undefined =>
  snapshot.currentStep && snapshot.checklist[snapshot.currentStep] === 'running' ? snapshot.currentStep : undefined;

export function reduceEvent(snapshot: UiSnapshot, event: EngineEvent): UiSnapshot {
  switch (event.type) {
    case 'run-start':
      return { ...snapshot, started: true, target: event.target, host: event.host, finished: undefined };
    case 'connecting': {
      const previous = snapshot.connection;
      const connection: ConnectionState =
        previous.kind === 'reconnecting' || previous.kind === 'disconnected'
          ? { kind: 'reconnecting', since: previous.since, reason: previous.reason, attempt: event.attempt }
          : {
              kind: 'connecting',
              since: previous.kind === 'connecting' ? previous.since : event.at,
              attempt: event.attempt,
              description: event.description,
            };
      return { ...snapshot, connection };
    }
    case 'connected':
      return { ...snapshot, connection: { kind: 'connected', since: event.at, description: event.description } };
    case 'disconnected':
      return {
        ...snapshot,
        connection: event.expected
          ? { kind: 'reconnecting', since: event.at, reason: event.reason, attempt: 0 }
          : { kind: 'disconnected', since: event.at, reason: event.reason },
      };
    case 'state':
      return {
        ...snapshot,
        // Reading the chassis proves the session is up, even if no 'connected' event came with the new session.
        connection:
          snapshot.connection.kind === 'connected'
            ? snapshot.connection
            : { kind: 'connected', since: event.at, description: snapshot.host ?? '' },
        show: event.show,
        images: event.images ?? snapshot.images,
        slotActivity: followReboots(snapshot.slotActivity, event.show),
      };
    case 'decision':
      return {
        ...withChecklist(snapshot, event.checklist, event.at),
        currentStep: event.action.step,
        lastAction: event.action,
        evidence: event.evidence,
      };
    case 'step-start': {
      const started = withChecklist(snapshot, { [event.step]: 'running' }, event.at);
      return {
        ...started,
        currentStep: event.step,
        stepTimes: { ...started.stepTimes, [event.step]: { startedAt: event.at } },
        stepDetails: { ...snapshot.stepDetails, [event.step]: undefined },
        stepCommands: event.command ? { ...snapshot.stepCommands, [event.step]: event.command } : snapshot.stepCommands,
        currentCommand: event.command ?? snapshot.currentCommand,
        slotActivity: { ...started.slotActivity, ...activitiesForStep(snapshot.lastAction, event.step, event.at) },
      };
    }
    case 'step-end':
      return {
        ...withChecklist(snapshot, { [event.step]: event.outcome }, event.at),
        stepDetails: event.detail ? { ...snapshot.stepDetails, [event.step]: event.detail } : snapshot.stepDetails,
      };
    case 'confirm-request':
      return {
        ...withChecklist(snapshot, { [event.step]: 'confirm' }, event.at),
        currentStep: event.step,
        stepCommands: { ...snapshot.stepCommands, [event.step]: event.command },
        pendingConfirmation: {
          step: event.step,
          command: event.command,
          questions: event.questions,
          evidence: event.evidence,
          since: event.at,
        },
      };
    case 'confirm-response': {
      const afterAnswer: Record<typeof event.answer, StepState> = { confirm: 'running', skip: 'skipped', abort: 'pending' };
      const answered = snapshot.checklist[event.step] === 'confirm' ? { [event.step]: afterAnswer[event.answer] } : {};
      return { ...withChecklist(snapshot, answered, event.at), pendingConfirmation: undefined };
    }
    case 'command':
      return {
        ...snapshot,
        currentCommand: event.command,
        stepCommands: event.step ? { ...snapshot.stepCommands, [event.step]: event.command } : snapshot.stepCommands,
      };
    case 'question':
    case 'console-line':
      return snapshot;
    case 'progress':
      if (event.slot) {
        const activity = withProgress(snapshot.slotActivity[event.slot], event.activity, event.at, runningStep(snapshot));
        return { ...snapshot, slotActivity: { ...snapshot.slotActivity, [event.slot]: activity } };
      }
      {
        const step = runningStep(snapshot);
        const previous = snapshot.chassisActivity;
        const since = previous && previous.step === step ? previous.since : event.at;
        return { ...snapshot, chassisActivity: { text: event.activity, since, kind: 'work', step, sawNodeDown: false } };
      }
    case 'warning':
      return { ...snapshot, problem: { severity: 'warning', message: event.message, at: event.at } };
    case 'error':
      return { ...snapshot, problem: { severity: 'error', message: event.message, at: event.at } };
    case 'run-end':
      return {
        ...snapshot,
        finished: { exitCode: event.exitCode, summary: event.summary, at: event.at },
        pendingConfirmation: undefined,
        slotActivity: {},
        chassisActivity: undefined,
      };
  }
}
