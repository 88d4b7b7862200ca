// Keyboard handling as a pure function: raw input in, new UI-local state and commands out.
import type { StepId } from '../procedure/types.js';

export type Focus = 'shortcuts' | 'console';

export interface UiLocalState {
  focus: Focus;
  help: boolean;
  /** `since` of the confirmation the operator hid with Esc; a new confirmation shows again. */
  hiddenConfirmation?: string;
  /** A y/n question in the status line. */
  question?: 'quit' | 'abort' | 'break';
  /** Which console the pane shows: 0 = the management session, then each MSM's serial console. */
  view: number;
}

export const initialLocalState: UiLocalState = { focus: 'shortcuts', help: false, view: 0 };

export type KeyCommand =
  | { kind: 'confirm'; step: StepId }
  | { kind: 'skip'; step: StepId }
  | { kind: 'abort' }
  | { kind: 'quit' }
  | { kind: 'scroll'; lines: number }
  | { kind: 'scroll-top' }
  | { kind: 'follow' }
  | { kind: 'console-input'; data: string }
  | { kind: 'send-break'; view: number };

export interface KeyContext {
  pendingConfirmation?: { step: StepId; since: string };
  canSkip: boolean;
  runInProgress: boolean;
  /** Console lines scrolled by PgUp / PgDn. */
  pageLines: number;
  /** Consoles the pane can show (1 without serial consoles). */
  viewCount: number;
}

type NamedKey =
  | 'tab'
  | 'escape'
  | 'ctrl-c'
  | 'page-up'
  | 'page-down'
  | 'home'
  | 'end'
  | 'shift-up'
  | 'shift-down';

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
};

export const LEAVE_CONSOLE_KEY = '\x1d';

/** The help overlay's content; also the documentation of every binding. */
export const KEY_HELP: ReadonlyArray<{ keys: string; what: string }> = [
  { keys: 'c  or  y', what: 'confirm the step shown in the confirmation dialog' },
  { keys: 's', what: 'skip that step (only where the step allows skipping)' },
  { keys: 'a', what: 'abort (in the dialog at once, otherwise after y/n)' },
  { keys: 'Enter', what: 'does nothing (never confirms by accident)' },
  { keys: 'Esc', what: 'hide / show the confirmation dialog' },
  { keys: 'PgUp  PgDn', what: 'scroll the console by a page' },
  { keys: 'Shift-Up  Shift-Down', what: 'scroll the console by a line' },
  { keys: 'Home  End', what: 'oldest console output / follow new output' },
  { keys: 'Tab', what: 'type show commands into the switch session (CONSOLE INPUT mode)' },
  { keys: 'v', what: 'next console: management session, MSM-A serial, MSM-B serial' },
  { keys: 'B', what: 'send BREAK on the serial console shown (asks y/n first)' },
  { keys: 'Ctrl-]', what: 'leave CONSOLE INPUT mode' },
  { keys: '?', what: 'show / hide this help' },
  { keys: 'q  or  Ctrl-C', what: 'quit (asks first while the upgrade runs)' },
];

export interface KeyResult {
  state: UiLocalState;
  commands: KeyCommand[];
}

const unchanged = (state: UiLocalState): KeyResult => ({ state, commands: [] });

export const dialogVisible = (state: UiLocalState, context: Pick<KeyContext, 'pendingConfirmation'>): boolean =>
  context.pendingConfirmation !== undefined &&
  context.pendingConfirmation.since !== state.hiddenConfirmation &&
  state.focus === 'shortcuts' &&
  !state.help;

export function interpretKey(state: UiLocalState, data: string, context: KeyContext): KeyResult {
  if (state.focus === 'console') return consoleKey(state, data);
  // Named keys are words, so they never collide with a single typed character; longer unknown input is ignored.
  const key = NAMED_KEYS[data] ?? (data.length === 1 ? data : '');
  if (state.question) return answerQuestion(state, state.question, key);
  if (state.help) return helpKey(state, key, context);
  const pending = context.pendingConfirmation;
  if (pending && dialogVisible(state, context)) {
    const result = dialogKey(state, key, pending.step, pending.since, context.canSkip);
    if (result) return result;
  }
  return generalKey(state, key, context);
}

// Fast typing or a paste can arrive as one chunk: bytes before Ctrl-] still go to the switch, bytes after it are
// dropped rather than read as shortcuts.
function consoleKey(state: UiLocalState, data: string): KeyResult {
  const leaveAt = data.indexOf(LEAVE_CONSOLE_KEY);
  if (leaveAt < 0) return { state, commands: [{ kind: 'console-input', data }] };
  const before = data.slice(0, leaveAt);
  return {
    state: { ...state, focus: 'shortcuts' },
    commands: before ? [{ kind: 'console-input', data: before }] : [],
  };
}

function answerQuestion(state: UiLocalState, question: NonNullable<UiLocalState['question']>, key: string): KeyResult {
  if (key === 'y' || key === 'Y') {
    const command: KeyCommand = question === 'break' ? { kind: 'send-break', view: state.view } : { kind: question };
    return { state: { ...state, question: undefined }, commands: [command] };
  }
  if (key === 'n' || key === 'N' || key === 'escape') return { state: { ...state, question: undefined }, commands: [] };
  return unchanged(state);
}

function helpKey(state: UiLocalState, key: string, context: KeyContext): KeyResult {
  if (key === '?' || key === 'escape') return { state: { ...state, help: false }, commands: [] };
  if (key === 'q' || key === 'ctrl-c') return quit(state, context);
  return unchanged(state);
}

/** undefined: not a dialog key, handle it as a general key. */
function dialogKey(state: UiLocalState, key: string, step: StepId, since: string, canSkip: boolean): KeyResult | undefined {
  switch (key) {
    case 'c':
    case 'y':
      return { state, commands: [{ kind: 'confirm', step }] };
    case 's':
      return canSkip ? { state, commands: [{ kind: 'skip', step }] } : unchanged(state);
    case 'a':
      return { state, commands: [{ kind: 'abort' }] };
    case 'escape':
      return { state: { ...state, hiddenConfirmation: since }, commands: [] };
    default:
      return undefined;
  }
}

function quit(state: UiLocalState, context: KeyContext): KeyResult {
  return context.runInProgress ? { state: { ...state, question: 'quit' }, commands: [] } : { state, commands: [{ kind: 'quit' }] };
}

function generalKey(state: UiLocalState, key: string, context: KeyContext): KeyResult {
  switch (key) {
    case '?':
      return { state: { ...state, help: true }, commands: [] };
    case 'q':
    case 'ctrl-c':
      return quit(state, context);
    case 'a':
      return context.runInProgress ? { state: { ...state, question: 'abort' }, commands: [] } : unchanged(state);
    case 'escape':
      return state.hiddenConfirmation !== undefined ? { state: { ...state, hiddenConfirmation: undefined }, commands: [] } : unchanged(state);
    case 'tab':
      return { state: { ...state, focus: 'console', view: 0 }, commands: [] };
    case 'v':
      return context.viewCount > 1 ? { state: { ...state, view: (state.view + 1) % context.viewCount }, commands: [] } : unchanged(state);
    case 'B':
      return state.view > 0 ? { state: { ...state, question: 'break' }, commands: [] } : unchanged(state);
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
