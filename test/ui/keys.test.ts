import { describe, expect, it } from 'vitest';
import { currentState, initialLocalState, interpretKey, topModal, type KeyContext, type UiLocalState } from '../../source/ui/keys.js';

const idle: KeyContext = { canSkip: false, runInProgress: false, pageLines: 5, viewCount: 1, screenFits: true, dialogFits: false };
const pending: KeyContext = { ...idle, runInProgress: true, pendingConfirmation: { step: 'failover', since: 't1' }, dialogFits: true };
const commandsFor = (data: string, context: KeyContext = idle) => interpretKey(initialLocalState, data, context).commands;
/** Presses keys one after the other, each against the same context. */
function press(context: KeyContext, ...keys: string[]): { state: UiLocalState; commands: unknown[] } {
  let state = initialLocalState;
  const commands: unknown[] = [];
  for (const key of keys) {
    const result = interpretKey(state, key, context);
    state = result.state;
    commands.push(...result.commands);
  }
  return { state, commands };
}

describe('interpretKey', () => {
  it('v cycles the console views (management, then each serial console); B sends BREAK only after y, only on a serial view', () => {
    const withSerials: KeyContext = { ...idle, viewCount: 3 };
    const first = interpretKey(initialLocalState, 'v', withSerials).state;
    expect(first.view).toBe(1);
    expect(interpretKey(interpretKey(first, 'v', withSerials).state, 'v', withSerials).state.view).toBe(0);
    expect(interpretKey(initialLocalState, 'v', idle).state.view).toBe(0);
    expect(interpretKey(initialLocalState, 'B', withSerials).state.question).toBeUndefined();
    const asked = interpretKey(first, 'B', withSerials);
    expect(asked.commands).toEqual([]);
    expect(asked.state.question).toBe('break');
    expect(interpretKey(asked.state, 'n', withSerials).commands).toEqual([]);
    expect(interpretKey(asked.state, 'y', withSerials).commands).toEqual([{ kind: 'send-break', view: 1 }]);
  });

  it('knows the common terminal spellings of the scroll keys', () => {
    expect(commandsFor('\x1b[5~')).toEqual([{ kind: 'scroll', lines: -5 }]);
    expect(commandsFor('\x1b[6~')).toEqual([{ kind: 'scroll', lines: 5 }]);
    for (const shiftUp of ['\x1b[1;2A', '\x1b[a']) expect(commandsFor(shiftUp)).toEqual([{ kind: 'scroll', lines: -1 }]);
    for (const home of ['\x1b[H', '\x1bOH', '\x1b[1~', '\x1b[7~']) expect(commandsFor(home)).toEqual([{ kind: 'scroll-top' }]);
    for (const end of ['\x1b[F', '\x1bOF', '\x1b[4~', '\x1b[8~']) expect(commandsFor(end)).toEqual([{ kind: 'follow' }]);
  });

  it('ignores pasted text and plain arrows outside console mode', () => {
    expect(commandsFor('tab')).toEqual([]);
    expect(commandsFor('cq')).toEqual([]);
    expect(commandsFor('\x1b[A')).toEqual([]);
    expect(interpretKey(initialLocalState, 'tab', idle).state).toBe(initialLocalState);
  });

  it('confirms only a displayed confirmation, never on Enter', () => {
    expect(commandsFor('\r', pending)).toEqual([]);
    expect(commandsFor('c', pending)).toEqual([{ kind: 'confirm', step: 'failover' }]);
    expect(commandsFor('c', idle)).toEqual([]);
    const hidden = { ...initialLocalState, hiddenConfirmation: 't1' };
    expect(interpretKey(hidden, 'c', pending).commands).toEqual([]);
    expect(interpretKey(hidden, 'c', { ...pending, pendingConfirmation: { step: 'failback', since: 't2' } }).commands).toEqual([
      { kind: 'confirm', step: 'failback' },
    ]);
  });

  it('Ctrl-C quits like q', () => {
    expect(commandsFor('\x03')).toEqual([{ kind: 'quit' }]);
    expect(interpretKey(initialLocalState, '\x03', { ...idle, runInProgress: true }).state.question).toBe('quit');
  });
});

describe('one modal at a time: a confirmation key counts only while its dialog is on top and whole', () => {
  const confirmationKeys = ['c', 'y', 's', 'C'];

  it('too small: no key confirms, skips or aborts; q still asks, and the dialog is still there once the screen fits again', () => {
    const tooSmall: KeyContext = { ...pending, canSkip: true, screenFits: false, dialogFits: false };
    expect(topModal(initialLocalState, tooSmall)).toBe('too-small');
    for (const key of [...confirmationKeys, 'a', '\r', '\t', 'v', 'B', '?', '\x1b']) {
      const result = interpretKey(initialLocalState, key, tooSmall);
      expect(result.commands, key).toEqual([]);
      expect(result.state.question, key).toBeUndefined();
    }
    // Nothing pressed while too small is kept for later, and nothing was closed: the same dialog is on top again.
    const afterwards = press(tooSmall, 'c', 'y', 'a', '\x1b').state;
    expect(topModal(afterwards, pending)).toBe('dialog');
    expect(interpretKey(afterwards, 'c', pending).commands).toEqual([{ kind: 'confirm', step: 'failover' }]);
    const asked = interpretKey(initialLocalState, 'q', tooSmall).state;
    expect(asked.question).toBe('quit');
    expect(interpretKey(asked, 'y', tooSmall).commands).toEqual([{ kind: 'quit' }]);
  });

  it('a dialog drawn but not whole (command, questions or keys cut) takes no c, y or s', () => {
    const cut: KeyContext = { ...pending, canSkip: true, dialogFits: false };
    for (const key of confirmationKeys) expect(interpretKey(initialLocalState, key, cut).commands, key).toEqual([]);
    expect(interpretKey(initialLocalState, 'c', cut).state.note).toMatch(/enlarge the window/);
  });

  it('help, a y/n question and console input each cover the dialog: c never confirms behind them', () => {
    const behindHelp = press(pending, '?');
    expect(topModal(behindHelp.state, pending)).toBe('help');
    expect(interpretKey(behindHelp.state, 'c', pending).commands).toEqual([]);
    const behindQuit = press(pending, '\x1b', 'q');
    expect(topModal(behindQuit.state, pending)).toBe('question');
    expect(interpretKey(behindQuit.state, 'c', pending).commands).toEqual([]);
    const behindConsole = press(pending, '\t');
    expect(topModal(behindConsole.state, pending)).toBe('console-input');
    expect(interpretKey(behindConsole.state, 'c', pending).commands).toEqual([{ kind: 'console-input', data: 'c' }]);
  });

  it('a dialog that arrives while the quit question is open waits behind it, and is on top once the answer is n', () => {
    const asked = press({ ...idle, runInProgress: true }, 'q').state;
    expect(asked.question).toBe('quit');
    expect(topModal(asked, pending)).toBe('question');
    expect(interpretKey(asked, 'c', pending).commands).toEqual([]);
    const answered = interpretKey(asked, 'n', pending).state;
    expect(topModal(answered, pending)).toBe('dialog');
    expect(interpretKey(answered, 'c', pending).commands).toEqual([{ kind: 'confirm', step: 'failover' }]);
  });
});

describe('keys that do not apply now say why', () => {
  it('v and B without serial consoles, B on the management console, s where a step cannot be skipped, c with nothing to confirm', () => {
    expect(interpretKey(initialLocalState, 'v', idle).state.note).toMatch(/no serial consoles.*--console-a/);
    expect(interpretKey(initialLocalState, 'B', idle).state.note).toMatch(/no serial consoles/);
    expect(interpretKey(initialLocalState, 'B', { ...idle, viewCount: 3 }).state.note).toMatch(/press v/);
    expect(interpretKey(initialLocalState, 's', pending).state.note).toBe('Failover cannot be skipped');
    expect(interpretKey(initialLocalState, 'c', idle).state.note).toBe('c: no confirmation is waiting');
    const hidden = { ...initialLocalState, hiddenConfirmation: 't1' };
    expect(interpretKey(hidden, 'c', pending).state.note).toBe('c: the dialog is hidden, Esc shows it');
    expect(interpretKey(initialLocalState, '\t', idle).state.note).toMatch(/only while a confirmation waits/);
  });

  it('a note lasts one key, and is dropped once a confirmation comes or goes (it was about another moment)', () => {
    const noted = interpretKey(initialLocalState, 'v', idle).state;
    expect(interpretKey(noted, '\x1b[5~', idle).state.note).toBeUndefined();
    const beforeDialog = interpretKey(initialLocalState, 'c', idle).state;
    expect(currentState(beforeDialog, idle).note).toBe('c: no confirmation is waiting');
    expect(currentState(beforeDialog, pending).note).toBeUndefined();
    const duringDialog = interpretKey(initialLocalState, 's', pending).state;
    expect(currentState(duringDialog, pending).note).toBe('Failover cannot be skipped');
    expect(currentState(duringDialog, idle).note).toBeUndefined();
  });
});

describe('interpretKey in console mode', () => {
  const inConsole: UiLocalState = { ...initialLocalState, focus: 'console', consoleDuring: 't1' };

  it('passes everything else through, Tab included', () => {
    for (const data of ['\t', 'q', '\x1b[A', 'show switch\r']) {
      expect(interpretKey(inConsole, data, pending)).toEqual({ state: inConsole, commands: [{ kind: 'console-input', data }] });
    }
  });

  it('leaves on Ctrl-], Esc or Ctrl-C, saying so; bytes before it in the same chunk are sent, bytes after it dropped', () => {
    const left = (data: string) => interpretKey(inConsole, data, pending);
    expect(left('\x1d')).toEqual({ state: expect.objectContaining({ focus: 'shortcuts', note: 'left CONSOLE INPUT (Ctrl-])' }), commands: [] });
    expect(left('ls\x1dq').commands).toEqual([{ kind: 'console-input', data: 'ls' }]);
    expect(left('\x1b')).toEqual({ state: expect.objectContaining({ focus: 'shortcuts', note: 'left CONSOLE INPUT (Esc)' }), commands: [] });
    expect(left('\x03').state).toMatchObject({ focus: 'shortcuts', note: 'left CONSOLE INPUT (Ctrl-C; q quits)' });
    expect(left('sh\x03').commands).toEqual([{ kind: 'console-input', data: 'sh' }]);
  });

  it('ends when a new confirmation arrives: the new dialog is on top, and its keys work', () => {
    const newer: KeyContext = { ...pending, pendingConfirmation: { step: 'failback', since: 't2' } };
    expect(topModal(inConsole, newer)).toBe('dialog');
    expect(interpretKey(inConsole, 'c', newer).commands).toEqual([{ kind: 'confirm', step: 'failback' }]);
  });
});
