// Every state the operator must tell apart gets a text marker as well as a colour, so nothing depends on colour alone.
import type { NodeStatus } from '../exos/chassisState.js';
import type { StepState } from '../procedure/types.js';

export type MarkerColor = 'green' | 'cyan' | 'yellow' | 'red' | 'magenta' | 'gray';

export interface Marker {
  text: string;
  color?: MarkerColor;
}

export const STEP_MARKERS: Record<StepState, Marker> = {
  pending: { text: '[ ]' },
  running: { text: '[>]', color: 'yellow' },
  confirm: { text: '[?]', color: 'magenta' },
  done: { text: '[x]', color: 'green' },
  skipped: { text: '[-]', color: 'gray' },
  failed: { text: '[!]', color: 'red' },
};

export const STEP_STATE_NAMES: Record<StepState, string> = {
  pending: 'pending',
  running: 'running',
  confirm: 'waiting for confirmation',
  done: 'done',
  skipped: 'skipped',
  failed: 'failed',
};

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
