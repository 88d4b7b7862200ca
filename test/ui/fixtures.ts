// Parsed `show switch` states and event helpers shared by the UI tests.
import { vi } from 'vitest';
import type { ImageVersion, NodeStatus, ShowSwitch } from '../../source/exos/chassisState.js';
import type { EngineEvent, EngineEventBody } from '../../source/engine/events.js';
import type { ImageFile } from '../../source/exos/imageSource.js';
import { STEP_IDS, type StepId, type StepState } from '../../source/procedure/types.js';
import { initialSnapshot, reduceEvent, type UiSnapshot } from '../../source/ui/snapshot.js';

export const OLD: ImageVersion = { version: '15.3.1.4', patch: 'patch1-10' };
export const NEW: ImageVersion = { version: '16.1.2.3' };
export const TARGET_LABEL = 'bd8800-16.1.2.3.xos (16.1.2.3)';

export const CORE: ImageFile = {
  source: { kind: 'host', host: '10.0.0.5', file: 'bd8800-16.1.2.3.xos' },
  prefix: 'bd8800',
  version: NEW,
  kind: 'xos',
};

type NodeOverrides = Partial<NodeStatus> & Pick<NodeStatus, 'stateText'>;

export function msm(slot: 'A' | 'B', overrides: NodeOverrides): NodeStatus {
  const stateText = overrides.stateText;
  const role = stateText === 'MASTER' ? 'master' : stateText.startsWith('BACKUP') ? 'backup' : 'not-ready';
  return {
    name: `MSM-${slot}`,
    slot,
    local: false,
    role,
    inSync: role === 'backup' && stateText.includes('In Sync') && !stateText.includes('Not In Sync'),
    selected: 'primary',
    booted: 'primary',
    primary: OLD,
    secondary: { version: '15.3.1.4' },
    ...overrides,
  };
}

export function show(...nodes: NodeStatus[]): ShowSwitch {
  return { sysName: 'core-1', systemType: 'BD-8810', layout: 'two-column', isStack: false, nodes };
}

export const aMasterBInSync = show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)' }));

/** Events one second apart from a fixed start, so elapsed times are exact. */
export function timeline(start = '2025-01-01T10:00:00.000Z') {
  let at = Date.parse(start);
  return {
    event(body: EngineEventBody, advanceSeconds = 1): EngineEvent {
      at += advanceSeconds * 1000;
      return { ...body, at: new Date(at).toISOString() } as EngineEvent;
    },
    now: () => at,
  };
}

export const frameLines = (frame: string | undefined): string[] => (frame ?? '').split('\n');

/** The snapshot after `bodies`, one second apart, and the time of the last. */
export function snapshotAfter(...bodies: EngineEventBody[]): { snapshot: UiSnapshot; now: number } {
  const clock = timeline();
  let snapshot = initialSnapshot(TARGET_LABEL, NEW);
  for (const body of bodies) snapshot = reduceEvent(snapshot, clock.event(body));
  return { snapshot, now: clock.now() };
}

/** The checklist a decision carries: steps before `current` done, `current` in `state`, the rest pending. */
export function checklistAt(current: StepId, state: StepState = 'running'): Record<StepId, StepState> {
  const index = STEP_IDS.indexOf(current);
  return Object.fromEntries(
    STEP_IDS.map((step, i) => [step, i < index ? 'done' : i === index ? state : 'pending']),
  ) as Record<StepId, StepState>;
}

/** The start/end pair of each step, as the engine announces steps it passes (done unless told). */
export function stepPairs(steps: StepId[], outcome: 'done' | 'skipped' | 'failed' = 'done'): EngineEventBody[] {
  return steps.flatMap((step): EngineEventBody[] => [
    { type: 'step-start', step },
    { type: 'step-end', step, outcome },
  ]);
}

/** Waits for a frame (or any state) the assertion accepts, however busy the machine. */
export const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 5000, interval: 10 });
