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

  it('a dialog taller than its room: c, y and s count only once PgDn / ↓ have shown its last line; a new dialog starts unread', () => {
    const tall: KeyContext = { ...pending, canSkip: true, dialogMaxTop: 7, dialogPageRows: 5 };
    for (const key of confirmationKeys) expect(interpretKey(initialLocalState, key, tall).commands, key).toEqual([]);
    expect(interpretKey(initialLocalState, 'c', tall).state.note).toBe('PgDn first: 7 more lines to read');
    const onePage = press(tall, '\x1b[6~');
    expect(onePage.state.dialogView).toEqual({ since: 't1', top: 5, furthest: 5 });
    expect(interpretKey(onePage.state, 'c', tall).state.note).toBe('PgDn first: 2 more lines to read');
    const read = press(tall, '\x1b[6~', '\x1b[B', '\x1b[B', '\x1b[5~');
    expect(read.state.dialogView).toEqual({ since: 't1', top: 2, furthest: 7 });
    expect(read.commands).toEqual([]);
    expect(interpretKey(read.state, 'c', tall).commands).toEqual([{ kind: 'confirm', step: 'failover' }]);
    const next: KeyContext = { ...tall, pendingConfirmation: { step: 'failback', since: 't2' } };
    expect(interpretKey(read.state, 'c', next).commands).toEqual([]);
    expect(interpretKey(initialLocalState, '\x1b[6~', pending).commands).toEqual([{ kind: 'scroll', lines: 5 }]);
  });

  it('while the switch has not returned from the operator\'s own command, c says why it waits; a still aborts', () => {
    const busy: KeyContext = { ...pending, switchBusy: 'show ports no-refresh' };
    const waits = interpretKey(initialLocalState, 'c', busy);
    expect(waits.commands).toEqual([]);
    expect(waits.state.note).toBe('c waits until the switch returns from "show ports no-refresh" (Tab, then Ctrl-V Esc ends a monitor)');
    expect(interpretKey(initialLocalState, 'a', busy).commands).toEqual([{ kind: 'abort' }]);
    // The note lasts while the command runs, and goes once the switch has returned from it.
    expect(currentState(waits.state, busy).note).toMatch(/^c waits/);
    expect(currentState(waits.state, pending).note).toBeUndefined();
    expect(interpretKey(waits.state, 'c', pending).commands).toEqual([{ kind: 'confirm', step: 'failover' }]);
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

describe('a chassis opened from the fleet view', () => {
  const inFleet: KeyContext = { ...idle, runInProgress: true, inFleet: true };
  const waiting: KeyContext = { ...pending, inFleet: true };
  const back = { kind: 'to-fleet', askStop: false };

  it('f goes back to the fleet, Esc too once no dialog shows (Esc first hides a shown dialog, then shows it again)', () => {
    expect(press(inFleet, 'f').commands).toEqual([back]);
    expect(press(inFleet, '\x1b').commands).toEqual([back]);
    expect(press(waiting, '\x1b', '\x1b').commands).toEqual([]);
    expect(press(waiting, '\x1b', '\x1b', '\x1b').state.hiddenConfirmation).toBe('t1');
    expect(press(waiting, 'f').commands).toEqual([back]);
    // A dialog hidden before its confirmation was answered hides nothing any more: Esc goes back.
    const hidden = press(waiting, '\x1b').state;
    expect(interpretKey(hidden, '\x1b', inFleet).commands).toEqual([back]);
  });

  it('q and Ctrl-C never quit the chassis: back to the fleet, to ask there, also from the help and the too-small notice', () => {
    const askStop = { kind: 'to-fleet', askStop: true };
    for (const key of ['q', '\x03']) expect(press(inFleet, key)).toEqual({ state: initialLocalState, commands: [askStop] });
    expect(press(inFleet, '?', 'q').commands).toEqual([askStop]);
    const tooSmall = { ...inFleet, screenFits: false };
    expect(press(tooSmall, 'c', 'a', 'q').commands).toEqual([askStop]);
    expect(press(tooSmall, 'f').commands).toEqual([back]);
  });

  it('Tab says show commands are typed only in a single upgrade; in a single upgrade f does nothing', () => {
    const tab = press(waiting, '\t');
    expect(tab.state.focus).toBe('shortcuts');
    expect(tab.state.note).toContain('not from the fleet view');
    expect(press(pending, 'f').commands).toEqual([]);
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

  it('passes the keys of the command line to it, Tab, ← and → included', () => {
    for (const data of ['\t', 'q', '\x1b[D', '\x1b[C', '\x15', 'show switch\r']) {
      expect(interpretKey(inConsole, data, pending)).toEqual({ state: inConsole, commands: [{ kind: 'console-input', data }] });
    }
  });

  it('scrolls on PgUp/PgDn and ↑/↓ instead of sending them anywhere, also in the middle of a paste', () => {
    expect(interpretKey(inConsole, '\x1b[5~', pending).commands).toEqual([{ kind: 'scroll', lines: -5 }]);
    expect(interpretKey(inConsole, '\x1b[6~', pending).commands).toEqual([{ kind: 'scroll', lines: 5 }]);
    expect(interpretKey(inConsole, '\x1b[A', pending).commands).toEqual([{ kind: 'scroll', lines: -1 }]);
    expect(interpretKey(inConsole, 'show switch\x1b[5~\r', pending).commands).toEqual([
      { kind: 'console-input', data: 'show switch' },
      { kind: 'scroll', lines: -5 },
      { kind: 'console-input', data: '\r' },
    ]);
  });

  it('Ctrl-V sends the next key to the switch as it is (Esc included), and only that key', () => {
    const armed = interpretKey(inConsole, '\x16', pending);
    expect(armed.commands).toEqual([]);
    expect(armed.state.note).toMatch(/next key goes to the switch/);
    const sent = interpretKey(armed.state, '\x1b', pending);
    expect(sent.commands).toEqual([{ kind: 'switch-keys', data: '\x1b' }]);
    expect(sent.state.focus).toBe('console');
    expect(interpretKey(sent.state, '\x1b', pending).state.focus).toBe('shortcuts');
    expect(interpretKey(inConsole, '\x16\x03q', pending).commands).toEqual([
      { kind: 'switch-keys', data: '\x03' },
      { kind: 'console-input', data: 'q' },
    ]);
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
