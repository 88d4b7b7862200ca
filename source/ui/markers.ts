// Every state the operator must tell apart gets a text marker as well as a colour, so nothing depends on colour alone.
import type { NodeStatus } from '../exos/chassisState.js';
import type { StepState } from '../procedure/types.js';

export type MarkerColor = 'green' | 'cyan' | 'yellow' | 'red' | 'magenta' | 'gray';

export interface Marker {
  text: string;
  color?: MarkerColor;
}

/**
 * A step as the operator should read it: the procedure's state, and after the run ended, whether a step that was
 * running failed or was stopped by the operator, and which steps were never reached.
 */
export type StepView = StepState | 'stopped' | 'not-reached' | 'not-asked';

export const STEP_MARKERS: Record<StepView, Marker> = {
  pending: { text: '[ ]' },
  running: { text: '[>]', color: 'yellow' },
  confirm: { text: '[?]', color: 'magenta' },
  done: { text: '[x]', color: 'green' },
  skipped: { text: '[-]', color: 'gray' },
  failed: { text: '[!]', color: 'red' },
  stopped: { text: '[/]', color: 'yellow' },
  'not-reached': { text: '[ ]', color: 'gray' },
  'not-asked': { text: '[-]', color: 'gray' },
};

export const STEP_STATE_NAMES: Record<StepView, string> = {
  pending: 'pending',
  running: 'running',
  confirm: 'waiting for you',
  done: 'done',
  skipped: 'skipped',
  failed: 'failed',
  stopped: 'stopped by you',
  'not-reached': 'not reached',
  'not-asked': 'not asked for',
};

/** Short names for the on-screen legend, where room is scarce. */
export const STEP_SHORT_NAMES: Record<StepView, string> = {
  pending: 'to do',
  running: 'now',
  confirm: 'ask',
  done: 'done',
  skipped: 'skip',
  failed: 'fail',
  stopped: 'stop',
  'not-reached': 'not run',
  'not-asked': 'skip',
};

/** The legend in help: every marker once. */
export const MARKER_LEGEND: ReadonlyArray<{ marker: string; meaning: string }> = [
  { marker: '[x]', meaning: 'done' },
  { marker: '[>]', meaning: 'running now' },
  { marker: '[?]', meaning: 'waiting for your confirmation' },
  { marker: '[!]', meaning: 'failed' },
  { marker: '[-]', meaning: 'skipped, or not asked for (failback)' },
  { marker: '[/]', meaning: 'stopped by you' },
  { marker: '[ ]', meaning: 'to do; after the run: not reached' },
];

// Any state text that is neither MASTER nor BACKUP: first matching row wins.
const NOT_READY_MARKERS: ReadonlyArray<{ pattern: RegExp; marker: (stateText: string) => Marker }> = [
  { pattern: /FAIL/i, marker: (stateText) => ({ text: `✗ ${stateText}`, color: 'red' }) },
  { pattern: /^INIT/i, marker: () => ({ text: '◌ booting (INIT)', color: 'yellow' }) },
  { pattern: /^(DOWN)?$/i, marker: () => ({ text: '◌ DOWN', color: 'yellow' }) },
];

export function roleMarker(node: NodeStatus | undefined): Marker {
  if (!node) return { text: '– absent', color: 'gray' };
  if (node.role === 'master') return { text: '★ MASTER', color: 'green' };
  if (node.role === 'backup') return { text: '● BACKUP', color: 'cyan' };
  const stateText = node.stateText.trim();
  const row = NOT_READY_MARKERS.find(({ pattern }) => pattern.test(stateText));
  return row ? row.marker(stateText) : { text: `◌ ${stateText}`, color: 'yellow' };
}

/** Only a backup has a sync state worth showing. */
export function syncMarker(node: NodeStatus | undefined): Marker | undefined {
  if (node?.role !== 'backup') return undefined;
  return node.inSync ? { text: '✓ In Sync', color: 'green' } : { text: '○ Not In Sync', color: 'yellow' };
}
