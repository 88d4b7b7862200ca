// Keyboard handling as a pure function: raw input in, new UI-local state and commands out.
// One modal at a time: a key acts only on what is on top of the screen, and a confirmation key counts only while the
// dialog it confirms is drawn whole — never behind the too-small notice, help, a y/n question or console input.
import type { StepId } from '../procedure/types.js';
import { STEP_LABELS } from './stepLabels.js';

export type Focus = 'shortcuts' | 'console';

export type Question = 'quit' | 'abort' | 'break';

export interface UiLocalState {
  focus: Focus;
  /** `since` of the confirmation that was pending when console input began; a newer one ends console input. */
  consoleDuring?: string;
  help: boolean;
  /** `since` of the confirmation the operator hid with Esc; a new confirmation shows again. */
  hiddenConfirmation?: string;
  /** A y/n question, shown as the modal on top. */
  question?: Question;
  /** Which console the pane shows: 0 = the management session, then each MSM's serial console. */
  view: number;
  /** Both serial consoles side by side under the management console, where the terminal has room (V toggles). */
  split: boolean;
  /** Why the last key did nothing (or what it did), for the status line until the next key. */
  note?: string;
  /** `since` of the confirmation pending when the note was made: a note about another situation is not shown. */
  noteDuring?: string;
  /** The operator's command the note says c waits for: once the switch has returned from it, the note is not shown. */
  noteUntilReturned?: string;
  /** The operator answered y to quit or abort while the run was going: it is stopping. */
  stopping?: boolean;
  /** How far the confirmation dialog `since` is scrolled (`top`), and the furthest it has been (all read at maxTop). */
  dialogView?: { since: string; top: number; furthest: number };
  /** CONSOLE INPUT: Ctrl-V was pressed, the next key goes to the switch as it is. */
  sendNextKey?: boolean;
}

export const initialLocalState: UiLocalState = { focus: 'shortcuts', help: false, view: 0, split: true };

export type KeyCommand =
  | { kind: 'confirm'; step: StepId }
  | { kind: 'skip'; step: StepId }
  | { kind: 'abort' }
  | { kind: 'quit' }
  | { kind: 'scroll'; lines: number }
  | { kind: 'scroll-top' }
  | { kind: 'follow' }
  | { kind: 'console-input'; data: string }
  /** Keys sent to the switch as they are, for a command of the operator's that has not returned (Ctrl-V, then the key). */
  | { kind: 'switch-keys'; data: string }
  | { kind: 'send-break'; view: number }
  /** Back to the fleet view this chassis was opened from (its run goes on); askStop: it asks there whether to stop the fleet. */
  | { kind: 'to-fleet'; askStop: boolean };

export interface KeyContext {
  pendingConfirmation?: { step: StepId; since: string };
  canSkip: boolean;
  runInProgress: boolean;
  /** Console lines scrolled by PgUp / PgDn. */
  pageLines: number;
  /** Consoles the pane can show (1 without serial consoles). */
  viewCount: number;
  /** The terminal is big enough for the screen (otherwise only the too-small notice is drawn). */
  screenFits: boolean;
  /** The confirmation dialog shows its title, its keys and at least a row of the rest in the room it gets. */
  dialogFits: boolean;
  /** How far the dialog's middle can scroll (0 or absent: all of it is shown at once). */
  dialogMaxTop?: number;
  /** Rows of the dialog's middle shown at once (PgUp / PgDn move by this many). */
  dialogPageRows?: number;
  /** The operator's own command the switch has not returned from: confirming waits for it. */
  switchBusy?: string;
  /** The serial consoles are shown side by side now. */
  splitShown?: boolean;
  /** Why V cannot show the serial consoles side by side; undefined: it can. */
  splitUnavailable?: string;
  /** The chassis was opened from the fleet view: Esc and f go back to it, q asks there whether to stop the fleet. */
  inFleet?: boolean;
}

/** What covers the screen, top first; undefined: the normal screen (panes, checklist, console). */
export type Modal = 'too-small' | 'question' | 'help' | 'console-input' | 'dialog';

type NamedKey =
  | 'tab'
  | 'escape'
  | 'ctrl-c'
  | 'page-up'
  | 'page-down'
  | 'home'
  | 'end'
  | 'shift-up'
  | 'shift-down'
  | 'up'
  | 'down';

/** Byte sequences terminals send for the keys hitless uses (xterm, VT220 and rxvt spellings). */
const NAMED_KEYS: Readonly<Record<string, NamedKey>> = {
  '\t': 'tab',
  '\x1b': 'escape',
  '\x03': 'ctrl-c',
  '\x1b[5~': 'page-up',
  '\x1b[6~': 'page-down',
  '\x1b[H': 'home',
  '\x1bOH': 'home',
  '\x1b[1~': 'home',
  '\x1b[7~': 'home',
  '\x1b[F': 'end',
  '\x1bOF': 'end',
  '\x1b[4~': 'end',
  '\x1b[8~': 'end',
  '\x1b[1;2A': 'shift-up',
  '\x1b[1;2B': 'shift-down',
  '\x1b[a': 'shift-up',
  '\x1b[b': 'shift-down',
  '\x1b[A': 'up',
  '\x1b[B': 'down',
  '\x1bOA': 'up',
  '\x1bOB': 'down',
};

export const LEAVE_CONSOLE_KEY = '\x1d';
/** In CONSOLE INPUT the key after this one goes to the switch as it is (Esc ends a monitor), like a shell's quoted insert. */
const SEND_NEXT_KEY = '\x16';
const ESCAPE = '\x1b';
const CTRL_C = '\x03';

export interface KeyHelpEntry {
  keys: string;
  what: string;
  /** Not offered in a chassis opened from the fleet view: the operator's own commands need the single run's session, and quitting is the fleet's. */
  singleRunOnly?: true;
}

/** The help overlay's content; also the documentation of every binding. */
export const KEY_HELP: readonly KeyHelpEntry[] = [
  { keys: 'c  or  y', what: 'confirm the step in the dialog, once all of it has been shown' },
  { keys: 's', what: 'skip that step (only where the step allows skipping)' },
  { keys: 'a', what: 'abort (in the dialog at once, otherwise after y/n)' },
  { keys: 'Enter', what: 'does nothing (never confirms by accident)' },
  { keys: 'Esc', what: 'hide / show the confirmation dialog' },
  { keys: 'PgUp  PgDn', what: 'scroll a dialog taller than the window, else the console' },
  { keys: 'Shift-Up/Down', what: 'scroll the console by a line (↑ ↓ scroll a tall dialog)' },
  { keys: 'Home  End', what: 'oldest console output / follow new output' },
  { keys: 'Tab', what: 'type show commands while a dialog waits (← → ^U ^W edit)', singleRunOnly: true },
  { keys: 'Esc  Ctrl-]', what: 'leave CONSOLE INPUT (so does Ctrl-C)', singleRunOnly: true },
  { keys: 'Ctrl-V  key', what: 'CONSOLE INPUT: send it to your command (Esc ends a monitor)', singleRunOnly: true },
  { keys: 'v  /  V', what: 'next console  /  serial consoles side by side (160+ columns)' },
  { keys: 'B', what: 'send BREAK on the serial console shown (asks y/n)' },
  { keys: '?', what: 'show / hide this help' },
  { keys: 'q  or  Ctrl-C', what: 'quit (asks first while the upgrade runs)', singleRunOnly: true },
];

/** The help of a chassis opened from the fleet view: its run goes on in the fleet whatever is pressed here. */
const FLEET_CHASSIS_KEY_HELP: readonly KeyHelpEntry[] = [
  ...KEY_HELP.filter((entry) => !entry.singleRunOnly),
  { keys: 'f  or  Esc', what: 'back to the fleet view (Esc hides a dialog first)' },
  { keys: 'q  or  Ctrl-C', what: 'back to the fleet view, asking there to stop every run' },
];

export const keyHelp = (inFleet: boolean): readonly KeyHelpEntry[] => (inFleet ? FLEET_CHASSIS_KEY_HELP : KEY_HELP);

export interface KeyResult {
  state: UiLocalState;
  commands: KeyCommand[];
}

const unchanged = (state: UiLocalState): KeyResult => ({ state, commands: [] });
/** A note answers one key: the next key clears it. */
const withoutNote = (state: UiLocalState): UiLocalState =>
  state.note === undefined ? state : { ...state, note: undefined, noteDuring: undefined, noteUntilReturned: undefined };
const withNote = (state: UiLocalState, context: Pick<KeyContext, 'pendingConfirmation'>, note: string): UiLocalState => ({
  ...state,
  note,
  noteDuring: context.pendingConfirmation?.since,
});
const noted = (state: UiLocalState, context: Pick<KeyContext, 'pendingConfirmation'>, note: string): KeyResult => ({ state: withNote(state, context, note), commands: [] });

/**
 * The state as it stands now: console input lasts until a confirmation newer than the one it began with arrives (the
 * new dialog comes first), and a note made before a confirmation came or went no longer applies.
 */
export function currentState(state: UiLocalState, context: Pick<KeyContext, 'pendingConfirmation' | 'switchBusy'>): UiLocalState {
  const pending = context.pendingConfirmation;
  if (state.focus === 'console' && pending && pending.since !== state.consoleDuring) {
    return { ...state, focus: 'shortcuts', consoleDuring: undefined, note: 'a new confirmation arrived: CONSOLE INPUT ended', noteDuring: pending.since };
  }
  const returned = state.noteUntilReturned !== undefined && state.noteUntilReturned !== context.switchBusy;
  return state.note !== undefined && (state.noteDuring !== pending?.since || returned) ? withoutNote(state) : state;
}

export function topModal(state: UiLocalState, context: Pick<KeyContext, 'pendingConfirmation' | 'screenFits'>): Modal | undefined {
  if (!context.screenFits) return 'too-small';
  const current = currentState(state, context);
  if (current.question) return 'question';
  if (current.help) return 'help';
  if (current.focus === 'console') return 'console-input';
  const pending = context.pendingConfirmation;
  return pending && pending.since !== current.hiddenConfirmation ? 'dialog' : undefined;
}

export function interpretKey(state: UiLocalState, data: string, context: KeyContext): KeyResult {
  const current = withoutNote(currentState(state, context));
  const modal = topModal(current, context);
  if (modal === 'console-input') return consoleKey(current, data, context);
  // Named keys are words, so they never collide with a single typed character; longer unknown input is ignored.
  const key = NAMED_KEYS[data] ?? (data.length === 1 ? data : '');
  if (modal === 'too-small') return tooSmallKey(current, key, context);
  if (modal === 'question') return answerQuestion(current, current.question!, key, context);
  if (modal === 'help') return helpKey(current, key, context);
  if (modal === 'dialog') {
    const result = dialogKey(current, key, context);
    if (result) return result;
  }
  return generalKey(current, key, context);
}

/** One key of `data`: an escape sequence (CSI or SS3) whole, else one character (a paste is many keys). */
const KEY = /\x1b\[[0-9;]*[ -/]*[@-~]|\x1bO.|\x1b|[\s\S]/g;
export const splitKeys = (data: string): string[] => [...data.matchAll(KEY)].map(([key]) => key);

/** Keys that scroll the console in CONSOLE INPUT instead of reaching the line (the line uses ← → Home End). */
const CONSOLE_SCROLL_KEYS: Readonly<Record<string, 'page' | 'line'>> = {
  '\x1b[5~': 'page',
  '\x1b[6~': 'page',
  '\x1b[A': 'line',
  '\x1b[B': 'line',
  '\x1bOA': 'line',
  '\x1bOB': 'line',
  '\x1b[1;2A': 'line',
  '\x1b[1;2B': 'line',
  '\x1b[a': 'line',
  '\x1b[b': 'line',
};
const scrollsUp = (key: string): boolean => key === '\x1b[5~' || /[Aa]$/.test(key);

// Fast typing or a paste can arrive as one chunk: keys before Ctrl-] (or Ctrl-C) still go to the line, keys after it
// are dropped rather than read as shortcuts. Esc leaves only as a key of its own: arrows start with it too. Nothing
// reaches the switch as it is but the key after Ctrl-V.
function consoleKey(state: UiLocalState, data: string, context: KeyContext): KeyResult {
  const leaving = { ...state, focus: 'shortcuts' as const, consoleDuring: undefined, sendNextKey: undefined };
  if (data === ESCAPE && !state.sendNextKey) return noted(leaving, context, 'left CONSOLE INPUT (Esc)');
  const commands: KeyCommand[] = [];
  let typed = '';
  const flush = () => {
    if (typed) commands.push({ kind: 'console-input', data: typed });
    typed = '';
  };
  let sendNext = state.sendNextKey === true;
  for (const key of splitKeys(data)) {
    if (sendNext) {
      flush();
      commands.push({ kind: 'switch-keys', data: key });
      sendNext = false;
    } else if (key === SEND_NEXT_KEY) {
      sendNext = true;
    } else if (key === LEAVE_CONSOLE_KEY || key === CTRL_C) {
      flush();
      return { state: withNote(leaving, context, `left CONSOLE INPUT (${key === CTRL_C ? 'Ctrl-C; q quits' : 'Ctrl-]'})`), commands };
    } else if (CONSOLE_SCROLL_KEYS[key]) {
      flush();
      const lines = CONSOLE_SCROLL_KEYS[key] === 'page' ? context.pageLines : 1;
      commands.push({ kind: 'scroll', lines: scrollsUp(key) ? -lines : lines });
    } else {
      typed += key;
    }
  }
  flush();
  const next = sendNext === (state.sendNextKey === true) ? state : { ...state, sendNextKey: sendNext || undefined };
  return sendNext ? { state: withNote(next, context, 'Ctrl-V: the next key goes to the switch as it is'), commands } : { state: next, commands };
}

/** Only the notice is on screen, so only what it offers works: q (with its question) — nothing is kept for later. */
function tooSmallKey(state: UiLocalState, key: string, context: KeyContext): KeyResult {
  if (state.question) return answerQuestion(state, state.question, key, context);
  if (key === 'q' || key === 'ctrl-c') return quit(state, context);
  if (context.inFleet && (key === 'f' || key === 'escape')) return toFleet(state, false);
  return unchanged(state);
}

function answerQuestion(state: UiLocalState, question: Question, key: string, context: KeyContext): KeyResult {
  if (key === 'y' || key === 'Y') {
    const command: KeyCommand = question === 'break' ? { kind: 'send-break', view: state.view } : { kind: question };
    return { state: { ...state, question: undefined, stopping: state.stopping || question !== 'break' }, commands: [command] };
  }
  if (key === 'n' || key === 'N' || key === 'escape') return { state: { ...state, question: undefined }, commands: [] };
  return noted(state, context, 'answer y or n');
}

function helpKey(state: UiLocalState, key: string, context: KeyContext): KeyResult {
  if (key === '?' || key === 'escape') return { state: { ...state, help: false }, commands: [] };
  if (key === 'q' || key === 'ctrl-c') return quit({ ...state, help: false }, context);
  return noted(state, context, '? or Esc closes the help first');
}

/** Where the dialog pending now is scrolled to; a new dialog starts at its top. */
export function dialogTop(state: UiLocalState, context: Pick<KeyContext, 'pendingConfirmation' | 'dialogMaxTop'>): { top: number; furthest: number } {
  const view = state.dialogView;
  if (!view || view.since !== context.pendingConfirmation?.since) return { top: 0, furthest: 0 };
  return { top: Math.min(view.top, context.dialogMaxTop ?? 0), furthest: view.furthest };
}

const DIALOG_SCROLL_KEYS: Readonly<Partial<Record<string, (page: number) => number>>> = {
  'page-down': (page) => page,
  'page-up': (page) => -page,
  down: () => 1,
  up: () => -1,
};

/** A note on why c (or s) did not count; one saying it waits for the operator's command goes once the switch returns. */
function refusedConfirmation(state: UiLocalState, context: KeyContext, refusal: string): KeyResult {
  const noted = withNote(state, context, refusal);
  const waitsFor = context.dialogFits ? context.switchBusy : undefined;
  return { state: waitsFor ? { ...noted, noteUntilReturned: waitsFor } : noted, commands: [] };
}

/** Why c (or s) cannot count now; undefined: it can. */
function confirmationRefusal(state: UiLocalState, context: KeyContext): string | undefined {
  if (!context.dialogFits) return 'enlarge the window: the dialog is not shown whole';
  if (context.switchBusy) return `c waits until the switch returns from "${context.switchBusy}" (Tab, then Ctrl-V Esc ends a monitor)`;
  const unread = (context.dialogMaxTop ?? 0) - dialogTop(state, context).furthest;
  return unread > 0 ? `PgDn first: ${unread} more line${unread === 1 ? '' : 's'} to read` : undefined;
}

/** undefined: not a dialog key, handle it as a general key. */
function dialogKey(state: UiLocalState, key: string, context: KeyContext): KeyResult | undefined {
  const pending = context.pendingConfirmation!;
  const scroll = DIALOG_SCROLL_KEYS[key];
  if (scroll && (context.dialogMaxTop ?? 0) > 0) {
    const { top, furthest } = dialogTop(state, context);
    const next = Math.max(0, Math.min(context.dialogMaxTop!, top + scroll(context.dialogPageRows ?? 1)));
    return { state: { ...state, dialogView: { since: pending.since, top: next, furthest: Math.max(furthest, next) } }, commands: [] };
  }
  switch (key) {
    case 'c':
    case 'y': {
      const refusal = confirmationRefusal(state, context);
      return refusal ? refusedConfirmation(state, context, refusal) : { state, commands: [{ kind: 'confirm', step: pending.step }] };
    }
    case 's': {
      if (!context.canSkip) return noted(state, context, `${STEP_LABELS[pending.step]} cannot be skipped`);
      const refusal = confirmationRefusal(state, context);
      return refusal ? refusedConfirmation(state, context, refusal.replace(/^c /, 's ')) : { state, commands: [{ kind: 'skip', step: pending.step }] };
    }
    case 'a':
      return { state, commands: [{ kind: 'abort' }] };
    case 'escape':
      return { state: { ...state, hiddenConfirmation: pending.since }, commands: [] };
    default:
      return undefined;
  }
}

const toFleet = (state: UiLocalState, askStop: boolean): KeyResult => ({ state, commands: [{ kind: 'to-fleet', askStop }] });

/**
 * Once the run is stopping (y to quit or abort), q asks nothing more: the screen closes when the run has ended. A chassis
 * of a fleet never quits by itself: q asks on the fleet view whether to stop the whole fleet, as q does there.
 */
function quit(state: UiLocalState, context: KeyContext): KeyResult {
  if (context.inFleet) return toFleet(state, true);
  if (!context.runInProgress) return { state, commands: [{ kind: 'quit' }] };
  if (state.stopping) return { state: withNote(state, context, 'already stopping: the screen closes once the run has ended'), commands: [{ kind: 'quit' }] };
  return { state: { ...state, question: 'quit' }, commands: [] };
}

function confirmationKeyNote(key: string, state: UiLocalState, context: KeyContext): string {
  if (context.pendingConfirmation && state.hiddenConfirmation === context.pendingConfirmation.since) return `${key}: the dialog is hidden, Esc shows it`;
  return `${key}: no confirmation is waiting`;
}

const NO_SERIAL_CONSOLES = 'no serial consoles (start with --console-a / --console-b)';

function generalKey(state: UiLocalState, key: string, context: KeyContext): KeyResult {
  switch (key) {
    case '?':
      return { state: { ...state, help: true }, commands: [] };
    case 'q':
    case 'ctrl-c':
      return quit(state, context);
    case 'a':
      return context.runInProgress ? { state: { ...state, question: 'abort' }, commands: [] } : noted(state, context, 'nothing to abort: no upgrade is running');
    case 'c':
    case 'y':
    case 's':
      return noted(state, context, confirmationKeyNote(key, state, context));
    case 'escape': {
      const dialogHidden = context.pendingConfirmation !== undefined && state.hiddenConfirmation === context.pendingConfirmation.since;
      if (context.inFleet && !dialogHidden) return toFleet(state, false);
      return state.hiddenConfirmation !== undefined ? { state: { ...state, hiddenConfirmation: undefined }, commands: [] } : unchanged(state);
    }
    case 'f':
      return context.inFleet ? toFleet(state, false) : unchanged(state);
    case 'tab':
      if (context.inFleet) return noted(state, context, 'Tab: show commands are typed in a single `hitless upgrade`, not from the fleet view');
      if (!context.pendingConfirmation) return noted(state, context, 'show commands can be typed only while a confirmation waits');
      return { state: { ...state, focus: 'console', consoleDuring: context.pendingConfirmation.since, view: 0 }, commands: [] };
    case 'V':
      if (context.splitUnavailable) return noted(state, context, `V: ${context.splitUnavailable}`);
      return { state: { ...state, split: !state.split }, commands: [] };
    case 'v':
      if (context.splitShown) return noted(state, context, 'v: both serial consoles are shown; V shows one console at a time');
      return context.viewCount > 1 ? { state: { ...state, view: (state.view + 1) % context.viewCount }, commands: [] } : noted(state, context, `v: ${NO_SERIAL_CONSOLES}`);
    case 'B':
      if (context.splitShown) return noted(state, context, 'B: press V to show one console, then v to pick the serial console');
      if (state.view > 0) return { state: { ...state, question: 'break' }, commands: [] };
      return noted(state, context, context.viewCount > 1 ? 'B sends BREAK on a serial console: press v to show one first' : `B: ${NO_SERIAL_CONSOLES}`);
    case 'page-up':
      return { state, commands: [{ kind: 'scroll', lines: -context.pageLines }] };
    case 'page-down':
      return { state, commands: [{ kind: 'scroll', lines: context.pageLines }] };
    case 'shift-up':
      return { state, commands: [{ kind: 'scroll', lines: -1 }] };
    case 'shift-down':
      return { state, commands: [{ kind: 'scroll', lines: 1 }] };
    case 'home':
      return { state, commands: [{ kind: 'scroll-top' }] };
    case 'end':
      return { state, commands: [{ kind: 'follow' }] };
    default:
      return unchanged(state);
  }
}
