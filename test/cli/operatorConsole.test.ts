// The operator's own commands in CONSOLE INPUT: a line edited like a shell's, never raw key codes; a monitor sent in its
// form that prints once, or refused; keys for a command still running only when asked for (Ctrl-V), and only to it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleLine } from '../../source/cli/consoleLine.js';
import { OperatorConsole } from '../../source/cli/operatorConsole.js';
import type { SessionLike } from '../../source/engine/sessionLike.js';

const typed = (...chunks: string[]) => {
  const line = new ConsoleLine();
  let submit: string | undefined;
  for (const chunk of chunks) submit = line.feed(chunk).submit ?? submit;
  return { pending: line.pending, submit };
};

describe('ConsoleLine', () => {
  it('moves with ← → Home End and inserts where the cursor is', () => {
    expect(typed('show swtch', '\x1b[D\x1b[D\x1b[D', 'i').pending).toBe('show switch');
    expect(typed('how', '\x1b[H', 's', '\x1b[F', ' switch').pending).toBe('show switch');
    expect(typed('show', '\x01', '\x1b[C', 'X').pending).toBe('sXhow');
  });

  it('Backspace, Delete, Ctrl-U, Ctrl-K and Ctrl-W edit like a shell', () => {
    expect(typed('show switchh', '\x7f').pending).toBe('show switch');
    expect(typed('garbage words', '\x15', 'show switch').pending).toBe('show switch');
    expect(typed('show ports oops', '\x17').pending).toBe('show ports ');
    expect(typed('show ports oops  ', '\x17').pending).toBe('show ports ');
    expect(typed('show switch extra', '\x1b[D'.repeat(6), '\x0b').pending).toBe('show switch');
    expect(typed('xshow', '\x01', '\x1b[3~').pending).toBe('show');
  });

  it('never puts the bytes of PgUp, PgDn, ↑, ↓ or function keys into the line', () => {
    expect(typed('show switch', '\x1b[5~', '\x1b[6~', '\x1b[A', '\x1b[B', '\x1bOP', '\x1b[15~', '\r')).toEqual({ pending: '', submit: 'show switch' });
  });
});

function fakeSession() {
  let finish: (() => void) | undefined;
  const session = {
    run: vi.fn((command: string) => new Promise((resolve) => (finish = () => resolve({ command, output: '', questions: [], errors: [] })))),
    sendKeys: vi.fn(() => true),
    closed: false,
    onClose: () => () => undefined,
    close: () => undefined,
  };
  return { session: session as unknown as SessionLike & typeof session, finish: () => finish?.() };
}

describe('OperatorConsole', () => {
  const consoles: OperatorConsole[] = [];
  afterEach(() => consoles.splice(0).forEach((operator) => operator.dispose()));
  const setUp = () => {
    const operator = new OperatorConsole(120, () => true);
    consoles.push(operator);
    const fake = fakeSession();
    operator.track(fake.session);
    return { operator, ...fake };
  };
  const screenText = async (operator: OperatorConsole) => {
    await operator.buffer.flush();
    return operator.buffer.viewport().join('\n');
  };

  it('sends a show ports monitor as no-refresh, says so, and is busy until the switch returns', async () => {
    const { operator, session, finish } = setUp();
    const changes = vi.fn();
    operator.onChange(changes);
    operator.input('show ports\r');
    expect(session.run).toHaveBeenCalledWith('show ports no-refresh', expect.anything());
    expect(operator.runningCommand()).toBe('show ports no-refresh');
    expect(await screenText(operator)).toContain('% hitless: "show ports" starts the port summary monitor, which holds the terminal: sending "show ports no-refresh"');
    finish();
    await vi.waitFor(() => expect(operator.runningCommand()).toBeUndefined());
    expect(changes).toHaveBeenCalledTimes(2);
  });

  it('refuses a monitor that has no form that prints once, with the reason, sending nothing', async () => {
    const { operator, session } = setUp();
    operator.input('show ports utilization\r');
    expect(session.run).not.toHaveBeenCalled();
    expect(await screenText(operator)).toContain('% hitless: "show ports utilization" starts the port utilization monitor, which holds the terminal until a key: not sent');
  });

  it('sends keys as they are only to a command of the operator that is still running', async () => {
    const { operator, session, finish } = setUp();
    operator.sendKeys('\x1b');
    expect(session.sendKeys).not.toHaveBeenCalled();
    expect(await screenText(operator)).toContain('keys are sent only to a command of yours that is still running');
    operator.input('show switch\r');
    operator.sendKeys('\x1b');
    expect(session.sendKeys).toHaveBeenCalledWith('\x1b');
    operator.input('show version\r');
    expect(session.run).toHaveBeenCalledTimes(1);
    expect(await screenText(operator)).toContain('% hitless: "show switch" has not returned yet: not sent (Ctrl-V Esc ends a monitor)');
    finish();
  });
});
