import { describe, expect, it } from 'vitest';
import { initialLocalState, interpretKey, type KeyContext } from '../../source/ui/keys.js';

const idle: KeyContext = { canSkip: false, runInProgress: false, pageLines: 5, viewCount: 1 };
const commandsFor = (data: string, context: KeyContext = idle) => interpretKey(initialLocalState, data, context).commands;

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
    const pending: KeyContext = { ...idle, runInProgress: true, pendingConfirmation: { step: 'failover', since: 't1' } };
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

describe('interpretKey in console mode', () => {
  const inConsole = { ...initialLocalState, focus: 'console' as const };

  it('passes everything through, Ctrl-C and Tab included', () => {
    for (const data of ['\x03', '\t', 'q', '\x1b[A', 'show switch\r']) {
      expect(interpretKey(inConsole, data, idle)).toEqual({ state: inConsole, commands: [{ kind: 'console-input', data }] });
    }
  });

  it('leaves on Ctrl-], sending what came before it in the same chunk and dropping what came after', () => {
    expect(interpretKey(inConsole, '\x1d', idle)).toEqual({ state: initialLocalState, commands: [] });
    expect(interpretKey(inConsole, 'ls\x1dq', idle)).toEqual({ state: initialLocalState, commands: [{ kind: 'console-input', data: 'ls' }] });
  });
});
