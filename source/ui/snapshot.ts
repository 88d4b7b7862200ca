// Everything the screen shows, folded from the engine's events by a pure reducer. Times stay as the events' ISO
// strings; components turn them into elapsed times against a `now` they are given.
import type { ImageVersion, InstalledImage, MsmSlot, ShowSwitch } from '../exos/chassisState.js';
import { msmInSlot, runningVersion } from '../exos/chassisView.js';
import { consoleReadyText, type EngineEvent, type WaitDeadline, type HealthPhase, type TransferProgress } from '../engine/events.js';
import { EMPTY_LEDGER, foldStepEvent, stepStateOf, stepTimings, type StepLedger } from '../procedure/stepLedger.js';
import { STEP_IDS, type Action, type ExpectedQuestion, type StepId, type StepState } from '../procedure/types.js';
import type { StepView } from './markers.js';

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
  /** For a wait: when it gives up. */
  deadline?: WaitDeadline;
  /** A file being pushed to the switch during this activity. */
  transfer?: TransferProgress;
}

export interface StepTime {
  startedAt: string;
  endedAt?: string;
}

export interface PendingConfirmation {
  step: StepId;
  /** What confirming does (absent in journals written before titles). */
  title?: string;
  command: string;
  /** Confirming sends nothing: `command` says what hitless then does. */
  decision?: true;
  questions: ExpectedQuestion[];
  evidence: string[];
  since: string;
}

export interface Problem {
  severity: 'warning' | 'error';
  message: string;
  at: string;
  /** The error's kind, e.g. "stopped" when the operator stopped the run. */
  kind?: string;
  /** What to do next, when the engine says (e.g. what to change after a refusal). */
  advice?: string;
}

/** What the run was started with that the screen needs to tell the truth. */
export interface UiOptions {
  /** Pause between `show switch` reads while waiting: an observation older than this (and a grace) is stale. */
  pollMs?: number;
  /** Whether --failback was given, so a failback not asked for is not shown as one skipped. */
  failbackRequested?: boolean;
}

/** Time a `show switch` read may take on top of the poll before what it showed counts as stale. */
export const READ_GRACE_MS = 2000;
const DEFAULT_POLL_MS = 1000;

/** The latest read of the I/O modules and links, and what was lost since the baseline. */
export interface HealthLine {
  phase: HealthPhase;
  summary: string;
  /** Names what is lost, e.g. "ports down since the failover: 2:3 (esx-07-vmnic0)"; absent when nothing is. */
  lost?: string;
}

export interface UiSnapshot {
  /** How the run names its target, e.g. "bd8800-16.1.2.3.xos (16.1.2.3)". */
  target: string;
  /** The target's version, when known, so each MSM can be told whether it has it. */
  targetVersion?: ImageVersion;
  host?: string;
  /** When the run started (run-start), for its elapsed time. */
  startedAt?: string;
  /** What the MASTER ran when the chassis was first read: the release the run upgrades from. */
  fromVersion?: ImageVersion;
  /** A `hitless rollback` run: the checklist names its steps. */
  rollback?: boolean;
  started: boolean;
  show?: ShowSwitch;
  /** When `show` was read. */
  showAt?: string;
  images?: InstalledImage[];
  pollMs: number;
  failbackRequested?: boolean;
  /** The run's steps as its step-start/step-end events tell them; `checklist` and `stepTimes` are read off it. */
  steps: StepLedger;
  checklist: Record<StepId, StepState>;
  /** Each step's latest attempt. */
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
  health?: HealthLine;
  /** The consoles proven before the first destructive step, as told (consoleReadyText). */
  consolesReady?: Partial<Record<MsmSlot, string>>;
  finished?: RunFinished;
}

/** How the run ended, from its run-end event. */
export interface RunFinished {
  exitCode: number;
  summary: string;
  at: string;
  /** What to do now, decided for this outcome (absent in journals written before run-end carried it). */
  next?: string;
  /** The run's journal file. */
  journal?: string;
  /** The copy of the configuration taken before the first destructive step (run-end configCopy). */
  configCopy?: string;
  /** What happened after the last `show switch` that it cannot show (run-end sinceFinalState). */
  sinceRead?: string[];
}

const allPending = (): Record<StepId, StepState> =>
  Object.fromEntries(STEP_IDS.map((step) => [step, 'pending'])) as Record<StepId, StepState>;

export function initialSnapshot(target: string, targetVersion?: ImageVersion, options: UiOptions = {}): UiSnapshot {
  return {
    target,
    targetVersion,
    pollMs: options.pollMs ?? DEFAULT_POLL_MS,
    failbackRequested: options.failbackRequested,
    started: false,
    steps: EMPTY_LEDGER,
    checklist: allPending(),
    stepTimes: {},
    stepDetails: {},
    stepCommands: {},
    evidence: [],
    slotActivity: {},
    connection: { kind: 'idle' },
  };
}

/** The line under the checklist shows a problem or, while there is none, the latest health read. */

/** The engine has started and not yet ended: quitting now would interrupt it. */
export const runInProgress = (snapshot: UiSnapshot): boolean => snapshot.started && !snapshot.finished;

/**
 * When what the panes show was read, if it is no longer current: the session is down, or the last read is older than
 * a poll (and a read's time). undefined: current, or nothing read yet.
 */
export const staleSince = (snapshot: UiSnapshot, now: number): string | undefined =>
  readNoLongerCurrent(snapshot, snapshot.finished ? Date.parse(snapshot.finished.at) : now);

/**
 * When the last `show switch` was read, if it was no longer current at `at` (the session down, older than a poll, or
 * followed by something it cannot show: a command sent, the link lost, as the run-end says).
 */
export function readNoLongerCurrent(snapshot: UiSnapshot, at: number): string | undefined {
  const readAt = snapshot.showAt;
  if (!readAt) return undefined;
  if (snapshot.finished?.sinceRead) return readAt;
  const sessionDown = snapshot.connection.kind !== 'connected';
  return sessionDown || at - Date.parse(readAt) > snapshot.pollMs + READ_GRACE_MS ? readAt : undefined;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Something moves on screen by itself every second: a running step's time, a wait's deadline, a connection attempt. */
function inMotion(snapshot: UiSnapshot): boolean {
  return (
    Object.values(snapshot.checklist).includes('running') ||
    Object.keys(snapshot.slotActivity).length > 0 ||
    snapshot.chassisActivity !== undefined ||
    snapshot.connection.kind === 'connecting' ||
    snapshot.connection.kind === 'reconnecting' ||
    snapshot.connection.kind === 'disconnected'
  );
}

/**
 * Whether `next` only refreshes what `previous` shows (a new read of the chassis, progress): a change that may wait for
 * the console's next frame while its output floods. A step changing state, a question, a problem, the run's end or the
 * connection coming or going is drawn at once.
 */
export function onlyRefreshes(previous: UiSnapshot, next: UiSnapshot): boolean {
  return (
    previous.checklist === next.checklist &&
    previous.pendingConfirmation === next.pendingConfirmation &&
    previous.problem === next.problem &&
    previous.finished === next.finished &&
    previous.connection.kind === next.connection.kind
  );
}

/**
 * Milliseconds until something the screen shows changes by itself, so the clock wakes only then; undefined: nothing
 * will. Waiting for the operator only the run time (to the minute) and a read turning stale change: an
 * idle screen redraws about once a minute, not every second.
 */
export function msUntilScreenChanges(snapshot: UiSnapshot, now: number): number | undefined {
  if (snapshot.finished) return undefined;
  if (inMotion(snapshot)) return SECOND;
  if (!snapshot.started || snapshot.show === undefined) return undefined;
  const untilRunTimeChanges = snapshot.startedAt ? MINUTE - ((now - Date.parse(snapshot.startedAt)) % MINUTE) : Infinity;
  const turnsStale = snapshot.showAt && !readNoLongerCurrent(snapshot, now) ? Date.parse(snapshot.showAt) + snapshot.pollMs + READ_GRACE_MS + 1 : Infinity;
  return Math.max(1, Math.min(untilRunTimeChanges, turnsStale - now));
}

/** What sending the decided action's command does to each MSM (from when it is sent, not while it waits to be confirmed). */
function activitiesForCommand(action: Action | undefined, command: string, at: string): Partial<Record<MsmSlot, Activity>> {
  if (!action || !('command' in action) || action.command !== command) return {};
  const { step } = action;
  const base = { since: at, sawNodeDown: false };
  switch (action.kind) {
    case 'download':
      return { [action.slot]: { ...base, kind: 'work', step, text: `installing to ${action.partition}` } };
    case 'select-partition':
      return { [action.slot]: { ...base, kind: 'work', step, text: `selecting ${action.partition}` } };
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

function withTransfer(existing: Activity | undefined, text: string | undefined, transfer: TransferProgress, at: string, step: StepId | undefined): Activity {
  if (existing && existing.step === step) return { ...existing, ...(text !== undefined && { text }), transfer };
  return { text: text ?? 'copying the image to the switch', since: at, kind: 'work', step, sawNodeDown: false, transfer };
}

/**
 * A file being pushed: the chassis' activity (the current-step line), and the activity of the MSM whose install it is
 * for (its pane); `text` starts them afresh, progress updates them.
 */
function withTransferShown(snapshot: UiSnapshot, text: string | undefined, transfer: TransferProgress, at: string): UiSnapshot {
  const step = runningStep(snapshot);
  const slot = snapshot.lastAction?.kind === 'download' ? snapshot.lastAction.slot : undefined;
  const fresh = text !== undefined;
  return {
    ...snapshot,
    chassisActivity: withTransfer(fresh ? undefined : snapshot.chassisActivity, text, transfer, at, step),
    ...(slot && { slotActivity: { ...snapshot.slotActivity, [slot]: withTransfer(fresh ? undefined : snapshot.slotActivity[slot], text, transfer, at, step) } }),
  };
}

const withoutTransfer = (activity: Activity | undefined): Activity | undefined => {
  if (!activity?.transfer) return activity;
  const { transfer: _ended, ...rest } = activity;
  return rest;
};

/** A stop ends the step that was running then; its time stops with the run. */
function endRunningSteps(stepTimes: UiSnapshot['stepTimes'], checklist: UiSnapshot['checklist'], at: string): UiSnapshot['stepTimes'] {
  const ended = { ...stepTimes };
  for (const [step, times] of Object.entries(stepTimes) as [StepId, StepTime][]) {
    if (checklist[step] === 'running' && !times.endedAt) ended[step] = { ...times, endedAt: at };
  }
  return ended;
}

/**
 * The checklist and step times as the step ledger tells them (a step waiting for its confirmation shows `confirm`);
 * step-bound activities end with their step.
 */
function withSteps(snapshot: UiSnapshot, steps: StepLedger, pending: PendingConfirmation | undefined): UiSnapshot {
  const checklist = Object.fromEntries(
    STEP_IDS.map((step) => {
      const state = stepStateOf(steps, step);
      return [step, pending?.step === step && (state === 'running' || state === 'pending') ? 'confirm' : state];
    }),
  ) as Record<StepId, StepState>;
  const stepTimes: UiSnapshot['stepTimes'] = {};
  for (const { step, startedAt, endedAt } of stepTimings(steps)) stepTimes[step] = { startedAt, ...(endedAt && { endedAt }) };
  const chassisActivity = snapshot.chassisActivity;
  return {
    ...snapshot,
    steps,
    pendingConfirmation: pending,
    checklist,
    stepTimes,
    slotActivity: Object.fromEntries(
      Object.entries(snapshot.slotActivity).filter(([, activity]) => outlivesChecklist(activity, checklist)),
    ),
    chassisActivity: chassisActivity && outlivesChecklist(chassisActivity, checklist) ? chassisActivity : undefined,
  };
}

function masterVersion(show: ShowSwitch): ImageVersion | undefined {
  const master = show.nodes.find((node) => node.role === 'master');
  return master && runningVersion(master);
}

const runningStep = (snapshot: UiSnapshot): StepId | undefined =>
  snapshot.currentStep && snapshot.checklist[snapshot.currentStep] === 'running' ? snapshot.currentStep : undefined;

export function reduceEvent(snapshot: UiSnapshot, event: EngineEvent): UiSnapshot {
  switch (event.type) {
    case 'run-start':
      return { ...snapshot, started: true, startedAt: event.at, target: event.target, host: event.host, rollback: event.mode === 'rollback', finished: undefined };
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
        showAt: event.at,
        fromVersion: snapshot.fromVersion ?? masterVersion(event.show),
        images: event.images ?? snapshot.images,
        slotActivity: followReboots(snapshot.slotActivity, event.show),
      };
    case 'decision':
      return {
        ...snapshot,
        currentStep: event.action.step,
        lastAction: event.action,
        evidence: event.evidence,
      };
    case 'step-start': {
      const started = withSteps(snapshot, foldStepEvent(snapshot.steps, event, Date.parse(event.at)), snapshot.pendingConfirmation);
      return {
        ...started,
        currentStep: event.step,
        stepDetails: { ...snapshot.stepDetails, [event.step]: undefined },
        stepCommands: event.command ? { ...snapshot.stepCommands, [event.step]: event.command } : snapshot.stepCommands,
      };
    }
    case 'step-end':
      return {
        ...withSteps(snapshot, foldStepEvent(snapshot.steps, event, Date.parse(event.at)), snapshot.pendingConfirmation),
        stepDetails: event.detail ? { ...snapshot.stepDetails, [event.step]: event.detail } : snapshot.stepDetails,
      };
    case 'confirm-request': {
      const pending = {
        step: event.step,
        ...(event.title && { title: event.title }),
        command: event.command,
        ...(event.decision && { decision: event.decision }),
        questions: event.questions,
        evidence: event.evidence,
        since: event.at,
      };
      return {
        ...withSteps(snapshot, snapshot.steps, pending),
        currentStep: event.step,
        stepCommands: event.decision ? snapshot.stepCommands : { ...snapshot.stepCommands, [event.step]: event.command },
      };
    }
    case 'confirm-response': {
      const stepDetails = event.answer === 'skip' ? { ...snapshot.stepDetails, [event.step]: `skipped by the operator (${event.by})` } : snapshot.stepDetails;
      return { ...withSteps(snapshot, snapshot.steps, undefined), stepDetails };
    }
    case 'command':
      return {
        ...snapshot,
        slotActivity: { ...snapshot.slotActivity, ...activitiesForCommand(snapshot.lastAction, event.command, event.at) },
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
        const chassisActivity: Activity = { text: event.activity, since, kind: 'work', step, sawNodeDown: false, deadline: event.deadline };
        return { ...snapshot, chassisActivity };
      }
    case 'transfer-start':
      return withTransferShown(snapshot, `copying ${event.file} to the switch (${event.via.toUpperCase()})`, { bytesSent: 0, bytesTotal: event.bytesTotal }, event.at);
    case 'transfer-progress': {
      const { bytesSent, bytesTotal, bytesPerSecond, secondsLeft } = event;
      const transfer = { bytesSent, bytesTotal, ...(bytesPerSecond !== undefined && { bytesPerSecond }), ...(secondsLeft !== undefined && { secondsLeft }) };
      return withTransferShown(snapshot, undefined, transfer, event.at);
    }
    case 'transfer-end': {
      const slotActivity = Object.fromEntries(Object.entries(snapshot.slotActivity).map(([slot, activity]) => [slot, withoutTransfer(activity)]));
      return { ...snapshot, chassisActivity: withoutTransfer(snapshot.chassisActivity), slotActivity };
    }
    case 'rollback':
      // The error event that follows carries the same line.
      return snapshot;
    case 'health':
      return { ...snapshot, health: { phase: event.phase, summary: event.summary, ...(event.description && { lost: event.description }) } };
    case 'console-ready':
      return { ...snapshot, consolesReady: { ...snapshot.consolesReady, [event.slot]: consoleReadyText(event) } };
    case 'warning':
      return { ...snapshot, problem: { severity: 'warning', message: event.message, at: event.at } };
    case 'error':
      return { ...snapshot, problem: { severity: 'error', message: event.message, at: event.at, kind: event.kind, advice: event.advice } };
    case 'run-end':
      return {
        ...snapshot,
        stepTimes: endRunningSteps(snapshot.stepTimes, snapshot.checklist, event.at),
        finished: {
          exitCode: event.exitCode,
          summary: event.summary,
          at: event.at,
          ...(event.next && { next: event.next }),
          ...(event.journal && { journal: event.journal }),
          ...(event.configCopy && { configCopy: event.configCopy }),
          ...(event.sinceFinalState && { sinceRead: event.sinceFinalState }),
        },
        // The run no longer tries to reach the switch: a reconnect under way ended with it.
        connection: endedConnection(snapshot.connection, event.at),
        pendingConfirmation: undefined,
        slotActivity: {},
        chassisActivity: undefined,
      };
    default:
      // An event the screen does not know (e.g. its type mangled on the way) changes nothing on it.
      return snapshot;
  }
}

function endedConnection(connection: ConnectionState, at: string): ConnectionState {
  if (connection.kind === 'reconnecting') return { kind: 'disconnected', since: connection.since, reason: connection.reason };
  if (connection.kind === 'connecting') return { kind: 'disconnected', since: at, reason: 'the run ended before a session was up' };
  return connection;
}

/** The step as the operator should read it (see StepView). */
export function stepView(snapshot: UiSnapshot, step: StepId): StepView {
  const state = snapshot.checklist[step];
  if (step === 'failback' && (state === 'skipped' || state === 'pending') && snapshot.failbackRequested === false) return 'not-asked';
  if (!snapshot.finished) return state;
  // The step the operator's stop ended (the last one the ledger started) was stopped, not failed.
  const endedByStop = snapshot.problem?.kind === 'stopped' && (state !== 'failed' || snapshot.steps.attempts.at(-1)?.step === step);
  if (state === 'running' || state === 'confirm' || state === 'failed') return endedByStop ? 'stopped' : 'failed';
  return state === 'pending' ? 'not-reached' : state;
}

/** What stopping now would interrupt, for the quit and abort questions. */
export type RunSituation =
  | { kind: 'confirmation'; command: string; decision?: true }
  | { kind: 'download'; slot: MsmSlot; file: string }
  | { kind: 'command'; command: string }
  | { kind: 'waiting'; activity: string }
  | { kind: 'other' };

export function runSituation(snapshot: UiSnapshot): RunSituation {
  const pending = snapshot.pendingConfirmation;
  if (pending) return { kind: 'confirmation', command: pending.command, ...(pending.decision && { decision: pending.decision }) };
  const step = runningStep(snapshot);
  const action = snapshot.lastAction;
  if (step && action?.kind === 'download' && action.step === step) return { kind: 'download', slot: action.slot, file: action.image.source.file };
  const command = step && snapshot.stepCommands[step];
  if (step && command) return { kind: 'command', command };
  const activity = snapshot.chassisActivity?.text ?? Object.values(snapshot.slotActivity)[0]?.text;
  return activity ? { kind: 'waiting', activity } : { kind: 'other' };
}
