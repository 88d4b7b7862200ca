// A system name that tries to clear the operator's screen and set the window title, in 8-bit (C1) and 7-bit (ESC)
// form, reaches the full-screen header only as plain text: the frame, written to a real terminal, changes no title and
// clears nothing. The switch's raw output in the console pane is interpreted by the pane's own xterm, so its OSC
// title and clipboard sequences stay there.
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmitter } from '../../source/engine/emitter.js';
import { parseShowSwitch } from '../../source/exos/parseShowSwitch.js';
import { Redactor } from '../../source/record/redact.js';
import { App } from '../../source/ui/App.js';
import { ConsoleBuffer } from '../../source/ui/consoleBuffer.js';
import { createUiStore } from '../../source/ui/store.js';
import { loadSample, RECONSTRUCTED } from '../exos/samples.js';
import { BEFORE, onTerminal, TERMINAL_CONTROL } from '../support/terminalScreen.js';
import { NEW, TARGET_LABEL } from './fixtures.js';

const HOSTILE_NAMES = {
  c1: 'lab\u009b2J\u009d0;TITLE\u009c\u009d52;c;aGFja2Vk\u009c-core',
  esc: 'lab\x1b[2J\x1b]0;TITLE\x07\x1b]52;c;aGFja2Vk\x1b\\-core',
};

const buffers: ConsoleBuffer[] = [];
afterEach(() => {
  cleanup();
  for (const buffer of buffers.splice(0)) buffer.dispose();
});

const noop = () => {};
const renderApp = (store: ReturnType<typeof createUiStore>, consoleBuffer: ConsoleBuffer) =>
  render(<App store={store} console={consoleBuffer} canSkip={() => false} onConfirm={noop} onSkip={noop} onAbort={noop} onQuit={noop} onConsoleInput={noop} />);

describe('terminal controls from the switch on the full-screen console', () => {
  for (const [form, name] of Object.entries(HOSTILE_NAMES)) {
    it(`shows a system name with ${form} controls as plain text: no title set, no screen cleared`, async () => {
      const parsed = parseShowSwitch(loadSample(RECONSTRUCTED.dualMsmInSync).replace('SysName:          BD-8810', `SysName:          ${name}`));
      if (!parsed.ok) throw new Error(parsed.reason);
      const store = createUiStore(TARGET_LABEL, NEW);
      // As in a run: every event reaches the screen through the run's redactor.
      createEmitter([new Redactor().sink([store.dispatch])])({ type: 'state', show: parsed.value });
      const consoleBuffer = new ConsoleBuffer({ cols: 80, rows: 5 });
      buffers.push(consoleBuffer);
      const rendered = renderApp(store, consoleBuffer);
      await vi.waitFor(() => expect(rendered.lastFrame()).toContain('lab-core'), { timeout: 5000, interval: 10 });

      const frame = rendered.lastFrame()!;
      expect(frame).not.toMatch(TERMINAL_CONTROL);
      const terminal = await onTerminal(frame);
      expect(terminal.titles).toEqual([]);
      expect(terminal.oscs).toEqual([]);
      expect(terminal.screen).toContain(BEFORE);
      expect(terminal.screen).toContain('lab-core');
    });
  }

  it('keeps the OSC title and clipboard sequences of the raw console inside the pane: its cells hold no controls', async () => {
    const consoleBuffer = new ConsoleBuffer({ cols: 80, rows: 5 });
    buffers.push(consoleBuffer);
    const store = createUiStore(TARGET_LABEL, NEW);
    const rendered = renderApp(store, consoleBuffer);
    await new Promise<void>((resolve) =>
      consoleBuffer.write(`before\r\n${HOSTILE_NAMES.c1}\r\n${HOSTILE_NAMES.esc}\r\n\u009b31mred\u009b0m after\r\n`, resolve),
    );
    await vi.waitFor(() => expect(rendered.lastFrame()).toContain('red after'), { timeout: 5000, interval: 10 });

    const frame = rendered.lastFrame()!;
    expect(frame).not.toMatch(TERMINAL_CONTROL);
    expect(frame).not.toContain('TITLE');
    const terminal = await onTerminal(frame);
    expect(terminal.titles).toEqual([]);
    expect(terminal.oscs).toEqual([]);
    expect(terminal.screen).toContain(BEFORE);
  });
});
