// The fleet view's keys as a pure function of its local state, the key and what the screen shows. No key acts on
// something the screen does not show: c opens only the selected chassis' own dialog, and the dialog confirms only once
// every line of it has been on screen.
import type { PendingConfirmation } from '../snapshot.js';
import type { BatchConfirmation } from './fleetSnapshot.js';

export interface FleetLocalState {
  selected: number;
  help: boolean;
  /** q was pressed: y stops every run at its next safe point. */
  askingQuit: boolean;
  /** The chassis whose confirmation dialog is open, how far it is scrolled, and (C) the chassis it confirms with it. */
  dialog?: { index: number; since: string; top: number; furthest: number; batch?: BatchConfirmation };
  /** One line answering the last key (why it did nothing). */
  note?: string;
  /** Enter: the chassis whose own full-screen console is shown instead of the fleet (its keys are that console's). */
  opened?: number;
}

export const initialFleetLocalState: FleetLocalState = { selected: 0, help: false, askingQuit: false };

export type FleetKeyCommand =
  | { kind: 'confirm' | 'skip' | 'abort'; index: number; since: string }
  | { kind: 'stop-chassis'; index: number }
  | { kind: 'pause' }
  | { kind: 'go-on' }
  | { kind: 'quit' };

export interface FleetKeyContext {
  rows: number;
  /** Per row: the confirmation it waits for, if any. */
  pending: ReadonlyArray<PendingConfirmation | undefined>;
  /** Per row: its run is going (started, not ended). */
  running: readonly boolean[];
  canSkip: (index: number) => boolean;
  /** C's dialog for the chassis at `index`, as the screen would show it now. */
  batchAt: (index: number) => BatchConfirmation | undefined;
  screenFits: boolean;
  /** The open dialog's shape at this screen size: undefined maxTop when not even a row of its middle fits. */
  dialogMaxTop?: number;
  dialogPageRows: number;
  finished: boolean;
  /** Every canary chassis ended exit 0 and the screen says so: g starts the rest. */
  canaryWaiting: boolean;
}

export interface FleetKeyResult {
  state: FleetLocalState;
  commands: FleetKeyCommand[];
}

export const FLEET_KEY_HELP: ReadonlyArray<{ keys: string; what: string }> = [
  { keys: '↑ ↓  j k', what: 'select a chassis' },
  { keys: 'Enter', what: "open the selected chassis' own console (f or Esc: back here)" },
  { keys: '  q', what: 'in it: back here, asking to stop the fleet' },
  { keys: 'c', what: "open the selected chassis' confirmation (it waits for you)" },
  { keys: '  c  or  y', what: 'in the dialog: confirm, once all of it has been shown' },
  { keys: '  s  a  Esc', what: 'in the dialog: skip (where allowed), abort that chassis, hide' },
  { keys: 'C', what: 'one dialog for the same step on every chassis waiting at it alike' },
  { keys: '  c  a', what: 'in it: confirm / abort each chassis it lists (those left out wait)' },
  { keys: 's', what: 'stop the selected chassis at its next safe point' },
  { keys: 'p', what: 'pause starting new chassis (running ones go on); again resumes' },
  { keys: 'g', what: 'once every canary chassis ended ok: start the rest' },
  { keys: 'q  Ctrl-C', what: 'asks, then stops every run at its next safe point' },
  { keys: '?', what: 'show / hide this help' },
];

const NAMED: Readonly<Record<string, string>> = {
  '\x1b[A': 'up',
  '\x1bOA': 'up',
  '\x1b[B': 'down',
  '\x1bOB': 'down',
  '\x1b[5~': 'page-up',
  '\x1b[6~': 'page-down',
  '\x1b': 'escape',
  '\x03': 'ctrl-c',
  '\r': 'enter',
};

const plain = (state: FleetLocalState, note?: string): FleetKeyResult => ({ state: { ...state, note }, commands: [] });

/** What the open dialog shows: C's batch, or the chassis' own confirmation. */
export const dialogConfirmation = (dialog: NonNullable<FleetLocalState['dialog']>, pending: FleetKeyContext['pending']): PendingConfirmation | undefined =>
  dialog.batch?.confirmation ?? pending[dialog.index];

/** The dialog open now, if its chassis still waits at the same confirmation. */
export function openDialog(state: FleetLocalState, context: Pick<FleetKeyContext, 'pending'>): FleetLocalState['dialog'] {
  const dialog = state.dialog;
  return dialog && context.pending[dialog.index]?.since === dialog.since ? dialog : undefined;
}

export function interpretFleetKey(previous: FleetLocalState, data: string, context: FleetKeyContext): FleetKeyResult {
  const state: FleetLocalState = { ...previous, note: undefined, dialog: openDialog(previous, context) };
  const key = NAMED[data] ?? (data.length === 1 ? data : '');
  if (state.askingQuit) return quitAnswer(state, key);
  if (!context.screenFits) {
    return key === 'q' || key === 'ctrl-c' ? askQuit(state, context) : plain(state);
  }
  if (state.help) return key === '?' || key === 'escape' ? plain({ ...state, help: false }) : plain(state, '? or Esc closes the help first');
  if (state.dialog) {
    const result = dialogKey(state, state.dialog, key, context);
    if (result) return result;
  }
  switch (key) {
    case 'up':
    case 'k':
      return plain({ ...state, selected: Math.max(0, state.selected - 1) });
    case 'down':
    case 'j':
      return plain({ ...state, selected: Math.min(context.rows - 1, state.selected + 1) });
    case 'c': {
      const pending = context.pending[state.selected];
      if (!pending) return plain(state, 'c: the selected chassis does not wait for a confirmation');
      return plain({ ...state, dialog: { index: state.selected, since: pending.since, top: 0, furthest: 0 } });
    }
    case 'C': {
      const batch = context.batchAt(state.selected);
      if (!batch) return plain(state, 'C: the selected chassis does not wait for a confirmation (a decision is never batched)');
      return plain({ ...state, dialog: { index: state.selected, since: batch.members[0]!.since, top: 0, furthest: 0, batch } });
    }
    case 's':
      if (!context.running[state.selected]) return plain(state, 's: the selected chassis is not running');
      return { state: { ...state, note: 'stopping the selected chassis at its next safe point' }, commands: [{ kind: 'stop-chassis', index: state.selected }] };
    case 'p':
      return { state, commands: [{ kind: 'pause' }] };
    case 'g':
      if (!context.canaryWaiting) return plain(state, 'g: nothing waits to go on (g starts the rest after the canary chassis)');
      return { state: { ...state, note: 'starting the rest of the fleet' }, commands: [{ kind: 'go-on' }] };
    case '?':
      return plain({ ...state, help: true });
    case 'q':
    case 'ctrl-c':
      return askQuit(state, context);
    case 'enter':
      return plain({ ...state, opened: state.selected });
    default:
      return plain(state);
  }
}

/** Back from the opened chassis' console; askStop (its q): the fleet's own question whether to stop every run. */
export function backFromChassis(state: FleetLocalState, askStop: boolean, context: Pick<FleetKeyContext, 'finished'>): FleetKeyResult {
  const back = { ...state, opened: undefined, note: undefined };
  return askStop ? askQuit(back, context) : plain(back);
}

function askQuit(state: FleetLocalState, context: Pick<FleetKeyContext, 'finished'>): FleetKeyResult {
  if (context.finished) return { state, commands: [{ kind: 'quit' }] };
  return plain({ ...state, askingQuit: true });
}

function quitAnswer(state: FleetLocalState, key: string): FleetKeyResult {
  if (key === 'y' || key === 'Y') return { state: { ...state, askingQuit: false }, commands: [{ kind: 'quit' }] };
  if (key === 'n' || key === 'N' || key === 'escape') return plain({ ...state, askingQuit: false });
  return plain(state, 'answer y or n');
}

const SCROLL: Readonly<Partial<Record<string, (page: number) => number>>> = {
  'page-down': (page) => page,
  'page-up': (page) => -page,
  down: () => 1,
  up: () => -1,
};

/** undefined: not a dialog key; the fleet's own keys handle it. */
function dialogKey(state: FleetLocalState, dialog: NonNullable<FleetLocalState['dialog']>, key: string, context: FleetKeyContext): FleetKeyResult | undefined {
  const maxTop = context.dialogMaxTop;
  const scroll = SCROLL[key];
  if (scroll) {
    if (!maxTop) return plain(state);
    const top = Math.max(0, Math.min(maxTop, dialog.top + scroll(context.dialogPageRows)));
    return plain({ ...state, dialog: { ...dialog, top, furthest: Math.max(dialog.furthest, top) } });
  }
  const members = dialog.batch?.members ?? [{ index: dialog.index, since: dialog.since }];
  const answer = (kind: 'confirm' | 'skip' | 'abort'): FleetKeyResult => ({
    state: { ...state, dialog: undefined },
    commands: members.map(({ index, since }) => ({ kind, index, since })),
  });
  switch (key) {
    case 'c':
    case 'y': {
      if (maxTop === undefined) return plain(state, 'enlarge the window: the dialog is not shown whole');
      const unread = maxTop - dialog.furthest;
      if (unread > 0) return plain(state, `PgDn first: ${unread} more line${unread === 1 ? '' : 's'} to read`);
      return answer('confirm');
    }
    case 's':
      return !dialog.batch && context.canSkip(dialog.index) ? answer('skip') : plain(state, 'this step cannot be skipped here');
    case 'a':
      return answer('abort');
    case 'escape':
      return plain({ ...state, dialog: undefined });
    case 'q':
    case 'ctrl-c':
    case '?':
      return undefined;
    default:
      return plain(state, 'the dialog waits: c confirms, a aborts, Esc hides it (Enter does nothing)');
  }
}
