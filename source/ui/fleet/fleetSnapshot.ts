// Everything the fleet view shows, folded by a pure reducer: each chassis keeps its own single-chassis snapshot
// (reduceEvent), plus what only the fleet knows (started, its result, the pause, the stop).
import { formatVersion } from '../../exos/chassisView.js';
import type { EngineEvent } from '../../engine/events.js';
import { STEP_IDS, type StepId } from '../../procedure/types.js';
import { initialSnapshot, reduceEvent, type PendingConfirmation, type UiOptions, type UiSnapshot } from '../snapshot.js';
import { stepLabels } from '../stepLabels.js';
import type { ImageVersion } from '../../exos/chassisState.js';

/** How a chassis' run ended, as the fleet judged it. */
export type FleetResultState = 'done' | 'failed' | 'stopped' | 'not started';

export interface FleetChassisView {
  name: string;
  address: string;
  snapshot: UiSnapshot;
  started: boolean;
  /** The rollback of a backup that did not come up succeeded. */
  rolledBack: boolean;
  /** The latest event worth a line, e.g. "$ download image ...", "installing core.xos to secondary". */
  lastEvent?: string;
  result?: { state: FleetResultState; exitCode?: number; detail: string };
}

export interface FleetSnapshot {
  chassis: FleetChassisView[];
  concurrency: number;
  /** New chassis wait (the p key); running ones go on. */
  paused: boolean;
  /** The operator stopped the fleet: nothing new starts, running upgrades stop at their next safe point. */
  stopping: boolean;
  finished: boolean;
  rollout: FleetRollout;
  /** Every canary chassis ended exit 0: the rest wait for the operator's g. */
  canaryWait?: { ok: number; total: number };
}

/** --canary and --max-failures, for the header (0 and undefined: not in force). */
export interface FleetRollout {
  canary: number;
  maxFailures?: number;
}

export interface FleetChassisPlan {
  name: string;
  address: string;
  target: string;
  targetVersion?: ImageVersion;
  options?: UiOptions;
}

export type FleetAction =
  | { type: 'event'; index: number; event: EngineEvent }
  | { type: 'start'; index: number }
  | { type: 'result'; index: number; state: FleetResultState; exitCode?: number; detail: string }
  | { type: 'pause'; paused: boolean }
  | { type: 'stop' }
  | { type: 'canary-wait'; ok: number; total: number }
  | { type: 'canary-passed' }
  | { type: 'finished' };

export function initialFleetSnapshot(plan: FleetChassisPlan[], concurrency: number, rollout: FleetRollout = { canary: 0 }): FleetSnapshot {
  return {
    chassis: plan.map((c) => ({
      name: c.name,
      address: c.address,
      snapshot: initialSnapshot(c.target, c.targetVersion, c.options),
      started: false,
      rolledBack: false,
    })),
    concurrency,
    paused: false,
    stopping: false,
    finished: false,
    rollout,
  };
}

/** The one line an event leaves in the chassis' row, or undefined for events that say nothing new there. */
function eventLine(event: EngineEvent): string | undefined {
  switch (event.type) {
    case 'command':
      return `$ ${event.command}`;
    case 'progress':
      return event.activity;
    case 'warning':
      return `warning: ${event.message}`;
    case 'error':
      return event.message;
    case 'confirm-request':
      return `waits: ${event.title}`;
    case 'confirm-response':
      return `${event.answer} (${event.by})`;
    case 'rollback':
      return event.message;
    case 'run-end':
      return event.summary;
    default:
      return undefined;
  }
}

function reduceChassis(view: FleetChassisView, action: FleetAction): FleetChassisView {
  switch (action.type) {
    case 'start':
      return { ...view, started: true };
    case 'result':
      return { ...view, result: { state: action.state, exitCode: action.exitCode, detail: action.detail } };
    case 'event': {
      const snapshot = reduceEvent(view.snapshot, action.event);
      const line = eventLine(action.event);
      const rolledBack = view.rolledBack || (action.event.type === 'rollback' && action.event.outcome === 'done');
      if (snapshot === view.snapshot && line === undefined && rolledBack === view.rolledBack) return view;
      return { ...view, snapshot, rolledBack, ...(line !== undefined && { lastEvent: line }) };
    }
    default:
      return view;
  }
}

export function reduceFleet(fleet: FleetSnapshot, action: FleetAction): FleetSnapshot {
  switch (action.type) {
    case 'pause':
      return { ...fleet, paused: action.paused };
    case 'stop':
      return { ...fleet, stopping: true, canaryWait: undefined };
    case 'canary-wait':
      return { ...fleet, canaryWait: { ok: action.ok, total: action.total } };
    case 'canary-passed':
      return { ...fleet, canaryWait: undefined };
    case 'finished':
      return { ...fleet, finished: true };
    default: {
      const before = fleet.chassis[action.index];
      if (!before) return fleet;
      const after = reduceChassis(before, action);
      if (after === before) return fleet;
      return { ...fleet, chassis: fleet.chassis.map((view, index) => (index === action.index ? after : view)) };
    }
  }
}

export type FleetRowState = 'queued' | 'running' | 'waiting' | 'done' | 'refused' | 'failed' | 'stopped' | 'rolled back' | 'not started';

/** Exit 3: a precondition failed and nothing was changed (not in sync, wrong release, no room). */
const REFUSED_EXIT = 3;

export function rowState(view: FleetChassisView): FleetRowState {
  const { result, snapshot } = view;
  if (result) {
    if (result.state === 'failed' && view.rolledBack) return 'rolled back';
    if (result.state === 'failed' && result.exitCode === REFUSED_EXIT) return 'refused';
    return result.state;
  }
  if (!view.started) return 'queued';
  return snapshot.pendingConfirmation ? 'waiting' : 'running';
}

/** When the step a running or waiting chassis is on started (epoch ms); undefined when it shows no running time. */
export function openStepStartedAt(view: FleetChassisView): number | undefined {
  const { snapshot } = view;
  const step = stepOf(snapshot);
  const times = step && snapshot.stepTimes[step];
  if (!times || times.endedAt || snapshot.finished || view.result) return undefined;
  return Date.parse(times.startedAt);
}

const SECOND = 1000;
const MINUTE = 60_000;

/**
 * Milliseconds until a row's shown time changes by itself, so the view's clock wakes only then; undefined: none will.
 * A running chassis shows its step's time to the second, one waiting for the operator to the minute: a fleet that
 * only waits for its operator redraws about once a minute, not every second.
 */
export function msUntilFleetChanges(fleet: FleetSnapshot, now: number): number | undefined {
  if (fleet.finished) return undefined;
  let soonest: number | undefined;
  for (const view of fleet.chassis) {
    const state = rowState(view);
    // At the wall clock's second, as the single-chassis console's times turn.
    if (state === 'running') return SECOND - (now % SECOND);
    const startedAt = state === 'waiting' ? openStepStartedAt(view) : undefined;
    if (startedAt === undefined) continue;
    const untilNextMinute = MINUTE - ((now - startedAt) % MINUTE);
    soonest = Math.min(soonest ?? untilNextMinute, untilNextMinute);
  }
  return soonest;
}

/** The steps this chassis' run takes, in order: failback only when asked for. */
function runSteps(snapshot: UiSnapshot): StepId[] {
  return STEP_IDS.filter((step) => step !== 'failback' || snapshot.failbackRequested || snapshot.checklist.failback !== 'pending');
}

export interface FleetStep {
  number: number;
  of: number;
  label: string;
}

/** The step the chassis is on, waits at, or last was on; undefined before its first. */
export const stepOf = (snapshot: UiSnapshot): StepId | undefined => snapshot.pendingConfirmation?.step ?? snapshot.currentStep;

export function currentFleetStep(snapshot: UiSnapshot): FleetStep | undefined {
  const step = stepOf(snapshot);
  if (!step) return undefined;
  const steps = runSteps(snapshot);
  return { number: steps.indexOf(step) + 1, of: steps.length, label: stepLabels(snapshot.rollback)[step] };
}

/** "16.1.1.4 → 16.1.2.3": what the chassis runs (when read) and the target. */
export function releaseText(snapshot: UiSnapshot): string {
  const to = snapshot.targetVersion ? formatVersion(snapshot.targetVersion) : snapshot.target;
  return `${snapshot.fromVersion ? formatVersion(snapshot.fromVersion) : '?'} → ${to}`;
}

/**
 * The row's last line: why the run did not finish, else its error, else its last event (a warning while it is the
 * latest: one that stays would hide the progress after it).
 */
export function lastLine(view: FleetChassisView): string {
  if (view.result && view.result.state !== 'done') return view.result.detail;
  const problem = view.snapshot.problem;
  return (problem?.severity === 'error' ? problem.message : undefined) ?? view.lastEvent ?? view.result?.detail ?? '';
}

export type FleetTotals = Record<'done' | 'running' | 'waiting' | 'failed' | 'queued', number>;

export function fleetTotals(fleet: FleetSnapshot): FleetTotals {
  const totals: FleetTotals = { done: 0, running: 0, waiting: 0, failed: 0, queued: 0 };
  for (const view of fleet.chassis) {
    const state = rowState(view);
    if (state === 'done' || state === 'running' || state === 'waiting' || state === 'queued') totals[state]++;
    else if (state !== 'not started') totals.failed++;
  }
  return totals;
}

/** C: one dialog for the same step on every chassis waiting at it with the same command, questions and evidence. */
export interface BatchConfirmation {
  /** The selected chassis' confirmation, its evidence followed by who else it confirms and who is left out and why. */
  confirmation: PendingConfirmation;
  /** The chassis it confirms (the selected one first), each at the confirmation it waited at. */
  members: ReadonlyArray<{ index: number; since: string }>;
}

/** Why `other` cannot be confirmed with `lead`'s dialog; undefined when it waits at exactly the same. */
function differenceFrom(lead: PendingConfirmation, other: PendingConfirmation): string | undefined {
  if (other.decision) return 'it waits for a decision of its own';
  if (other.command !== lead.command) return `its command differs: ${other.command}`;
  if (JSON.stringify(other.questions) !== JSON.stringify(lead.questions)) return 'the switch may ask it other questions';
  const differing = other.evidence.find((line) => !lead.evidence.includes(line)) ?? lead.evidence.find((line) => !other.evidence.includes(line));
  return differing === undefined ? undefined : `its evidence differs: ${differing}`;
}

export function batchConfirmation(fleet: FleetSnapshot, index: number): BatchConfirmation | undefined {
  const lead = fleet.chassis[index]?.snapshot.pendingConfirmation;
  if (!lead || lead.decision) return undefined;
  const members = [{ index, since: lead.since }];
  const leftOut: string[] = [];
  fleet.chassis.forEach((view, other) => {
    const pending = view.snapshot.pendingConfirmation;
    if (other === index || pending?.step !== lead.step) return;
    const why = differenceFrom(lead, pending);
    if (why) leftOut.push(`left out: ${view.name}: ${why}`);
    else members.push({ index: other, since: pending.since });
  });
  const names = members.map((member) => fleet.chassis[member.index]!.name).join(', ');
  const confirmation: PendingConfirmation = {
    ...lead,
    title: `On ${members.length} chassis (${names}): ${lead.title}`,
    evidence: [...lead.evidence, `the same command, questions and evidence on each of: ${names}`, ...leftOut],
  };
  return { confirmation, members };
}
