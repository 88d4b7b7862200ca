import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEventBody } from '../../source/engine/events.js';
import { App, type AppCallbacks } from '../../source/ui/App.js';
import { ConsoleBuffer } from '../../source/ui/consoleBuffer.js';
import { createUiStore } from '../../source/ui/store.js';
import { clockTime } from '../../source/ui/format.js';
import { aMasterBInSync, checklistAt, CORE, frameLines, NEW, TARGET_LABEL, timeline } from './fixtures.js';

const KEYS = {
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  leaveConsole: '\x1d',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  end: '\x1b[F',
  up: '\x1b[A',
};

const consoles: ConsoleBuffer[] = [];
afterEach(() => {
  cleanup();
  for (const buffer of consoles.splice(0)) buffer.dispose();
});

/** Lets React render and run effects after input or store changes; frames are checked with `eventually`. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 10));
const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 5000, interval: 10 });

async function setup(options: { canSkip?: boolean; serialConsoles?: boolean } = {}) {
  const store = createUiStore(TARGET_LABEL, NEW);
  const clock = timeline();
  const emit = (...bodies: EngineEventBody[]) => {
    for (const body of bodies) store.dispatch(clock.event(body));
  };
  const consoleBuffer = new ConsoleBuffer({ cols: 80, rows: 5 });
  consoles.push(consoleBuffer);
  const callbacks: { [K in keyof AppCallbacks]: ReturnType<typeof vi.fn> } = {
    onConfirm: vi.fn(),
    onSkip: vi.fn(),
    onAbort: vi.fn(),
    onQuit: vi.fn(),
    onConsoleInput: vi.fn(),
  };
  const serialConsoles = options.serialConsoles
    ? (['A', 'B'] as const).map((slot) => {
        const buffer = new ConsoleBuffer({ cols: 80, rows: 5 });
        consoles.push(buffer);
        return { slot, buffer };
      })
    : undefined;
  const rendered = render(<App store={store} console={consoleBuffer} serialConsoles={serialConsoles} canSkip={() => options.canSkip ?? false} {...callbacks} />);
  await settle();
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      rendered.stdin.write(key);
      await settle();
    }
  };
  return { store, emit, consoleBuffer, serialConsoles, callbacks, press, frame: () => rendered.lastFrame() ?? '', stdout: rendered.stdout };
}

const started: EngineEventBody[] = [{ type: 'run-start', operator: 'op', target: TARGET_LABEL, host: 'core-1', mode: 'upgrade' }];
const askReboot: EngineEventBody = {
  type: 'confirm-request',
  step: 'reboot-first-backup',
  command: 'reboot msm B',
  questions: [{ id: 'reboot-msm', text: 'Are you sure you want to reboot MSM-B? (y/N)', answer: 'y' }],
  evidence: ['MSM-B runs 15.3.1.4 and has 16.1.2.3 in secondary'],
};

describe('App keys', () => {
  it('c and y confirm the step in the dialog; Enter does not', async () => {
    const app = await setup();
    app.emit(...started, askReboot);
    await eventually(() => expect(app.frame()).toContain('$ reboot msm B'));
    await app.press(KEYS.enter, '\n');
    expect(app.callbacks.onConfirm).not.toHaveBeenCalled();
    await app.press('c');
    expect(app.callbacks.onConfirm).toHaveBeenCalledWith('reboot-first-backup');
    await app.press('y');
    expect(app.callbacks.onConfirm).toHaveBeenCalledTimes(2);
  });

  it('s skips only where allowed; a aborts from the dialog', async () => {
    const notSkippable = await setup();
    notSkippable.emit(...started, askReboot);
    await eventually(() => expect(notSkippable.frame()).toContain('Confirm: Reboot first backup'));
    await notSkippable.press('s');
    expect(notSkippable.callbacks.onSkip).not.toHaveBeenCalled();
    await notSkippable.press('a');
    expect(notSkippable.callbacks.onAbort).toHaveBeenCalledTimes(1);
    cleanup();

    const skippable = await setup({ canSkip: true });
    skippable.emit(...started, { ...askReboot, step: 'failback', command: 'run msm-failover' });
    await eventually(() => expect(skippable.frame()).toContain('[s] skip'));
    await skippable.press('s');
    expect(skippable.callbacks.onSkip).toHaveBeenCalledWith('failback');
  });

  it('Esc hides the dialog so c no longer confirms, Esc shows it again; the next request shows anyway', async () => {
    const app = await setup();
    app.emit(...started, askReboot);
    await eventually(() => expect(app.frame()).toContain('Confirm: Reboot first backup'));
    await app.press(KEYS.escape);
    await eventually(() => expect(app.frame()).not.toContain('Confirm: Reboot first backup'));
    await app.press('c');
    expect(app.callbacks.onConfirm).not.toHaveBeenCalled();
    await app.press(KEYS.escape);
    await eventually(() => expect(app.frame()).toContain('Confirm: Reboot first backup'));
    await app.press(KEYS.escape);
    app.emit({ type: 'confirm-response', step: 'reboot-first-backup', answer: 'confirm', by: 'operator' }, { ...askReboot, step: 'failover', command: 'run msm-failover' });
    await eventually(() => expect(app.frame()).toContain('Confirm: Failover'));
  });

  it('? toggles the help overlay, and dialog keys do not act behind it', async () => {
    const app = await setup();
    app.emit(...started, askReboot);
    await eventually(() => expect(app.frame()).toContain('Confirm: Reboot first backup'));
    await app.press('?');
    await eventually(() => expect(app.frame()).toContain('Keys (? or Esc closes this help)'));
    await app.press('c');
    expect(app.callbacks.onConfirm).not.toHaveBeenCalled();
    await app.press('?');
    await eventually(() => expect(app.frame()).not.toContain('Keys (? or Esc closes this help)'));
    await eventually(() => expect(app.frame()).toContain('Confirm: Reboot first backup'));
  });

  it('q quits at once when nothing runs', async () => {
    const app = await setup();
    await app.press('q');
    expect(app.callbacks.onQuit).toHaveBeenCalledTimes(1);
  });

  it('q asks first while a run is in progress: n keeps going, y quits', async () => {
    const app = await setup();
    app.emit(...started);
    await eventually(() => expect(app.frame()).toContain('not connected'));
    await app.press('q');
    expect(app.callbacks.onQuit).not.toHaveBeenCalled();
    await eventually(() => expect(app.frame()).toContain('Quit hitless?'));
    await app.press('n');
    await eventually(() => expect(app.frame()).not.toContain('Quit hitless?'));
    await app.press('q', 'y');
    expect(app.callbacks.onQuit).toHaveBeenCalledTimes(1);
    expect(app.callbacks.onAbort).not.toHaveBeenCalled();
  });

  it('a outside the dialog asks before aborting', async () => {
    const app = await setup();
    app.emit(...started);
    await eventually(() => expect(app.frame()).toContain('not connected'));
    await app.press('a');
    expect(app.callbacks.onAbort).not.toHaveBeenCalled();
    await eventually(() => expect(app.frame()).toContain('Abort the upgrade'));
    await app.press('y');
    expect(app.callbacks.onAbort).toHaveBeenCalledTimes(1);
  });

  it('Tab sends keystrokes to the console line without firing shortcuts, ↑ scrolls instead, until Ctrl-]', async () => {
    const app = await setup();
    app.emit(...started, askReboot);
    await eventually(() => expect(app.frame()).toContain('Confirm: Reboot first backup'));
    await app.press(KEYS.tab);
    await eventually(() => expect(app.frame()).toContain('CONSOLE INPUT — Esc or Ctrl-] to leave'));
    expect(app.callbacks.onConsoleInput).not.toHaveBeenCalled();
    await app.press('s', 'h', 'c', 'q', '?', KEYS.up, KEYS.enter);
    expect(app.callbacks.onConsoleInput.mock.calls.map(([data]) => data)).toEqual(['s', 'h', 'c', 'q', '?', KEYS.enter]);
    expect(app.callbacks.onConfirm).not.toHaveBeenCalled();
    expect(app.callbacks.onQuit).not.toHaveBeenCalled();
    await eventually(() => expect(app.frame()).not.toContain('Keys (? or Esc closes this help)'));
    await app.press(KEYS.leaveConsole);
    await eventually(() => expect(app.frame()).not.toContain('CONSOLE INPUT —'));
    await app.press('x');
    expect(app.callbacks.onConsoleInput).toHaveBeenCalledTimes(6);
    await eventually(() => expect(app.frame()).toContain('Confirm: Reboot first backup'));
  });

  it('Esc and Ctrl-C leave CONSOLE INPUT too, and say so; neither quits', async () => {
    const app = await setup();
    app.emit(...started, askReboot);
    await eventually(() => expect(app.frame()).toContain('Confirm: Reboot first backup'));
    for (const [key, said] of [[KEYS.escape, 'left CONSOLE INPUT (Esc)'], ['\x03', 'left CONSOLE INPUT (Ctrl-C; q quits)']] as const) {
      await app.press(KEYS.tab);
      await eventually(() => expect(app.frame()).toContain('CONSOLE INPUT — Esc or Ctrl-] to leave'));
      await app.press(key);
      await eventually(() => expect(frameLines(app.frame()).at(-1)).toContain(said));
      await eventually(() => expect(app.frame()).toContain('Confirm: Reboot first backup'));
    }
    expect(app.callbacks.onConsoleInput).not.toHaveBeenCalled();
    expect(app.callbacks.onQuit).not.toHaveBeenCalled();
  });

  it('a new confirmation ends CONSOLE INPUT: the new dialog is shown and c confirms it', async () => {
    const app = await setup();
    app.emit(...started, askReboot);
    await eventually(() => expect(app.frame()).toContain('Confirm: Reboot first backup'));
    await app.press(KEYS.tab);
    await eventually(() => expect(app.frame()).toContain('CONSOLE INPUT — Esc or Ctrl-] to leave'));
    app.emit({ type: 'confirm-response', step: 'reboot-first-backup', answer: 'confirm', by: 'key c' }, { ...askReboot, step: 'failover', command: 'run msm-failover' });
    await eventually(() => expect(app.frame()).toContain('Confirm: Failover'));
    expect(app.frame()).not.toContain('CONSOLE INPUT —');
    expect(frameLines(app.frame()).at(-1)).toContain('CONSOLE INPUT ended');
    await app.press('c');
    expect(app.callbacks.onConfirm).toHaveBeenCalledWith('failover');
    expect(app.callbacks.onConsoleInput).not.toHaveBeenCalled();
  });

  it('PgUp scrolls the console back, PgDn forward, End follows', async () => {
    const app = await setup();
    for (let index = 0; index < 100; index++) app.consoleBuffer.write(`switch line ${index}\r\n`);
    await app.consoleBuffer.flush();
    await eventually(() => expect(app.frame()).toContain('switch line 99'));
    await app.press(KEYS.pageUp);
    const scrolled = app.consoleBuffer.scrolledBack;
    expect(scrolled).toBeGreaterThan(0);
    await eventually(() => expect(app.frame()).toContain(`${scrolled} lines back, End to follow`));
    await eventually(() => expect(app.frame()).not.toContain('switch line 99'));
    await app.press(KEYS.pageUp, KEYS.pageDown);
    expect(app.consoleBuffer.scrolledBack).toBe(scrolled);
    await app.press(KEYS.end);
    expect(app.consoleBuffer.following).toBe(true);
    await eventually(() => expect(app.frame()).toContain('switch line 99'));
  });
});

/** Sets the terminal size ink-testing-library's stdout reports; `announce`: also emit resize, as a terminal does. */
function resize(stdout: { emit(event: string): unknown }, columns: number, rows: number, announce = true) {
  Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
  if (announce) stdout.emit('resize');
}

const TOO_SMALL: ReadonlyArray<readonly [number, number]> = [
  [79, 24],
  [80, 23],
  [79, 23],
  [60, 20],
  [200, 12],
  [30, 60],
];

describe('App: a key never acts on what the screen does not show', () => {
  it('at every too-small size no key confirms, skips or aborts; enlarged, the same dialog is back and only then c confirms', async () => {
    const app = await setup({ canSkip: true });
    app.emit(...started, { ...askReboot, step: 'failback', command: 'run msm-failover' });
    resize(app.stdout, 80, 24);
    await eventually(() => expect(app.frame()).toContain('Confirm: Failback'));
    for (const [columns, rows] of TOO_SMALL) {
      resize(app.stdout, columns, rows);
      await eventually(() => expect(app.frame().replace(/\s+/g, ' ')).toContain(`terminal too small (need 80x24, have ${columns}x${rows})`));
      await app.press('c', 'y', 's', 'a', KEYS.enter, KEYS.escape);
      expect(app.callbacks.onConfirm).not.toHaveBeenCalled();
      expect(app.callbacks.onSkip).not.toHaveBeenCalled();
      expect(app.callbacks.onAbort).not.toHaveBeenCalled();
    }
    resize(app.stdout, 80, 24);
    await eventually(() => expect(app.frame()).toContain('Confirm: Failback'));
    expect(app.callbacks.onConfirm).not.toHaveBeenCalled();
    await app.press('c');
    expect(app.callbacks.onConfirm).toHaveBeenCalledWith('failback');
  }, 30_000);

  it('a key that arrives after the terminal shrank but before the screen was redrawn does not confirm', async () => {
    const app = await setup();
    app.emit(...started, askReboot);
    resize(app.stdout, 80, 24);
    await eventually(() => expect(app.frame()).toContain('Confirm: Reboot first backup'));
    resize(app.stdout, 79, 24, false);
    await app.press('c', 'y');
    expect(app.callbacks.onConfirm).not.toHaveBeenCalled();
  });

  it('too small during a run: q still asks (the question is drawn on the notice), y quits', async () => {
    const app = await setup();
    app.emit(...started, askReboot);
    resize(app.stdout, 60, 20);
    await eventually(() => expect(app.frame()).toContain('terminal too small'));
    await app.press('q');
    await eventually(() => expect(app.frame()).toContain('Quit hitless?'));
    expect(app.frame()).toContain('"reboot msm B" has not been sent, and will not be.');
    await app.press('y');
    expect(app.callbacks.onQuit).toHaveBeenCalledTimes(1);
  });

  it('c does not confirm behind help or console input at any size', async () => {
    const app = await setup();
    app.emit(...started, askReboot);
    resize(app.stdout, 80, 24);
    await eventually(() => expect(app.frame()).toContain('Confirm: Reboot first backup'));
    await app.press('?', 'c', 'y');
    await app.press('?', KEYS.tab, 'c', 'y');
    expect(app.callbacks.onConfirm).not.toHaveBeenCalled();
  });
});

describe('App: one modal at a time, each saying what will happen', () => {
  const download = 'download image 10.0.0.5 bd8800-16.1.2.3.xos vr "VR-Mgmt" secondary msm B';
  const downloading: EngineEventBody[] = [
    {
      type: 'decision',
      action: { kind: 'download', step: 'install-first-backup', slot: 'B', partition: 'secondary', image: CORE, command: download },
      evidence: [],
      checklist: checklistAt('install-first-backup'),
    },
    { type: 'step-start', step: 'install-first-backup', command: download },
    { type: 'command', command: download, step: 'install-first-backup' },
  ];

  it('quit with a confirmation waiting: nothing is running, the command will not be sent', async () => {
    const app = await setup();
    app.emit(...started, askReboot);
    await eventually(() => expect(app.frame()).toContain('Confirm: Reboot first backup'));
    await app.press('q');
    await eventually(() => expect(app.frame()).toContain('Quit hitless?'));
    const frame = app.frame();
    expect(frame).toContain('"reboot msm B" has not been sent, and will not be. Nothing else is running.');
    expect(frame).not.toContain('A step is running');
    expect(frame).not.toContain('Confirm: Reboot first backup');
  });

  it('quit during a download: says the switch carries on with the transfer and hitless waits for it', async () => {
    const app = await setup();
    app.emit(...started, ...downloading);
    await eventually(() => expect(app.frame()).toContain('Install on first backup'));
    await app.press('q');
    await eventually(() => expect(app.frame()).toContain('Quit hitless?'));
    const frame = app.frame();
    expect(frame).toContain('MSM-B is downloading and installing bd8800-16.1.2.3.xos now. The switch carries on with that');
    const prose = frame.replace(/\x1b\[[0-9;]*m/g, '').replace(/[│\s]+/g, ' ');
    expect(prose).toContain('hitless waits for the transfer to end (this screen stays up until then), sends nothing more, then stops (exit 4).');
    // After y the screen says what it is waiting for, up to the last frame.
    await app.press('y');
    expect(app.callbacks.onQuit).toHaveBeenCalledTimes(1);
    await eventually(() => expect(frameLines(app.frame()).at(-1)).toContain('stopping: waiting for the transfer to MSM-B to end, then exit 4'));
    // While it stops the status line no longer offers q.
    expect(frameLines(app.frame()).at(-1)).toMatch(/\? help$/);
    expect(frameLines(app.frame()).at(-1)).not.toContain('q quit');
    // q again asks nothing more: it is already stopping, and the screen says so.
    await app.press('q');
    await eventually(() => expect(frameLines(app.frame()).at(-1)).toContain('already stopping: the screen closes once the run has ended'));
    expect(app.frame()).not.toContain('Quit hitless?');
    await app.press('x');
    await eventually(() => expect(frameLines(app.frame()).at(-1)).toContain('stopping: waiting for the transfer to MSM-B to end, then exit 4'));
  });

  it('a dialog that arrives while the quit question is open is shown after n, and then c confirms it', async () => {
    const app = await setup();
    app.emit(...started);
    await eventually(() => expect(app.frame()).toContain('not connected'));
    await app.press('q');
    await eventually(() => expect(app.frame()).toContain('Quit hitless?'));
    app.emit(askReboot);
    await eventually(() => expect(app.frame()).toContain('"reboot msm B" has not been sent'));
    expect(app.frame()).not.toContain('[c] confirm');
    await app.press('c');
    expect(app.callbacks.onConfirm).not.toHaveBeenCalled();
    await app.press('n');
    await eventually(() => expect(app.frame()).toContain('Confirm: Reboot first backup'));
    await app.press('c');
    expect(app.callbacks.onConfirm).toHaveBeenCalledWith('reboot-first-backup');
  });
});

describe('App: keys that do not apply now say why in the status line', () => {
  it('v and B without serial consoles, s on a step that cannot be skipped, c with nothing to confirm', async () => {
    const app = await setup();
    app.emit(...started);
    await app.press('v');
    await eventually(() => expect(frameLines(app.frame()).at(-1)).toContain('v: no serial consoles (start with --console-a / --console-b)'));
    await app.press('B');
    await eventually(() => expect(frameLines(app.frame()).at(-1)).toContain('B: no serial consoles'));
    await app.press('c');
    // One message after the connection state, set apart from it (it used to read "● connected no confirmation is waiting").
    await eventually(() => expect(frameLines(app.frame()).at(-1)).toMatch(/^○ not connected · c: no confirmation is waiting +q quit/));
    app.emit(askReboot);
    await eventually(() => expect(app.frame()).toContain('Confirm: Reboot first backup'));
    await app.press('s');
    await eventually(() => expect(frameLines(app.frame()).at(-1)).toContain('Reboot first backup cannot be skipped'));
  });
});

describe('App layout', () => {
  it('fills the terminal minus one row, re-lays out on resize, and sizes the console to its box', async () => {
    const app = await setup();
    // ink-testing-library's stdout has 100 columns and no rows: the App assumes 24.
    expect(frameLines(app.frame())).toHaveLength(23);
    Object.defineProperty(app.stdout, 'columns', { value: 80, configurable: true });
    Object.defineProperty(app.stdout, 'rows', { value: 24, configurable: true });
    app.stdout.emit('resize');
    await settle();
    const lines = frameLines(app.frame());
    expect(lines).toHaveLength(23);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    await eventually(() => expect(app.consoleBuffer.cols).toBe(80));
    const consoleLinesAt24 = app.consoleBuffer.rows;

    Object.defineProperty(app.stdout, 'rows', { value: 40, configurable: true });
    app.stdout.emit('resize');
    await eventually(() => expect(frameLines(app.frame())).toHaveLength(39));
    await eventually(() => expect(app.consoleBuffer.rows).toBeGreaterThan(consoleLinesAt24));

    Object.defineProperty(app.stdout, 'columns', { value: 60, configurable: true });
    Object.defineProperty(app.stdout, 'rows', { value: 20, configurable: true });
    app.stdout.emit('resize');
    await eventually(() => expect(app.frame()).toContain('terminal too small (need 80x24, have 60x20)'));
    await app.press('q');
    expect(app.callbacks.onQuit).toHaveBeenCalledTimes(1);
  });

  it('shows console output written to the buffer and engine events dispatched to the store', async () => {
    const app = await setup();
    app.consoleBuffer.write('\x1b[1m* core-1.1 #\x1b[0m show switch\r\n');
    await app.consoleBuffer.flush();
    app.emit(...started, { type: 'disconnected', reason: 'the old master rebooted (failover)', expected: true });
    await eventually(() => expect(app.frame()).toContain('* core-1.1 # show switch'));
    await eventually(() => expect(frameLines(app.frame()).at(-1)).toMatch(/^◌ reconnecting for \S+ \(the old master rebooted/));
  });
});

describe('App: both serial consoles side by side', () => {
  it('from 160 columns on, under the management console; V shows one console at a time and back; narrower, V says why', async () => {
    const app = await setup({ serialConsoles: true });
    resize(app.stdout, 200, 50);
    app.emit(...started);
    app.consoleBuffer.write('* core-1.1 # show switch\r\n');
    app.serialConsoles![0]!.buffer.write('MSM-A: Starting BootROM\r\n');
    app.serialConsoles![1]!.buffer.write('MSM-B: login:\r\n');
    await eventually(() => expect(app.frame()).toMatch(/^MSM-A: Starting BootROM +MSM-B: login:/m));
    expect(app.frame()).toContain('* core-1.1 # show switch');
    await eventually(() => expect(app.serialConsoles![0]!.buffer.cols).toBe(99));

    await app.press('v');
    await eventually(() => expect(frameLines(app.frame()).at(-1)).toContain('v: both serial consoles are shown; V shows one console at a time'));
    await app.press('V');
    await eventually(() => expect(app.frame()).not.toContain('MSM-A: Starting BootROM'));
    await app.press('v');
    await eventually(() => expect(app.frame()).toContain('MSM-A serial (watch only) — v next console, B break'));
    await eventually(() => expect(app.frame()).toContain('MSM-A: Starting BootROM'));
    await app.press('V');
    await eventually(() => expect(app.frame()).toMatch(/^MSM-A: Starting BootROM +MSM-B: login:/m));

    resize(app.stdout, 120, 40);
    await eventually(() => expect(app.frame()).not.toContain('MSM-B: login:'));
    await app.press('V');
    await eventually(() => expect(frameLines(app.frame()).at(-1)).toContain('V: needs a terminal of at least 160 columns (this one has 120)'));
  });

  it('without both serial consoles V says what it needs', async () => {
    const app = await setup();
    app.emit(...started);
    await app.press('V');
    await eventually(() => expect(frameLines(app.frame()).at(-1)).toContain('V: needs both serial consoles'));
  });
});

describe('App frames while the console floods', () => {
  it('engine refreshes wait for the console’s next frame instead of drawing their own, a step starting does not; the frame after the flood shows the latest state', async () => {
    const store = createUiStore(TARGET_LABEL, NEW);
    const clock = timeline();
    const consoleBuffer = new ConsoleBuffer({ cols: 80, rows: 5 });
    consoles.push(consoleBuffer);
    const noop = vi.fn();
    const rendered = render(<App store={store} console={consoleBuffer} onConfirm={noop} onSkip={noop} onAbort={noop} onQuit={noop} onConsoleInput={noop} />);
    await settle();
    const framesBefore = rendered.stdout.frames.length;
    const consoleFramesBefore = consoleBuffer.revision;

    // Counted by what happened, not by time, so a loaded machine (fewer events, longer pauses) reads the same: a refresh
    // dispatched before the output counts as a flood may draw a frame of its own, one dispatched during it may not.
    let lastEvent = clock.event({ type: 'state', show: aMasterBInSync });
    let refreshesBeforeFlood = 0;
    let refreshesDuringFlood = 0;
    let stepShownAtOnce: boolean | undefined;
    const deadline = Date.now() + 20_000;
    for (let line = 0; refreshesDuringFlood < 60 && Date.now() < deadline; line++) {
      consoleBuffer.write(`show log line ${line}\r\n`.repeat(30));
      const flooding = consoleBuffer.flooding;
      lastEvent = clock.event({ type: 'state', show: aMasterBInSync });
      store.dispatch(lastEvent);
      if (flooding) refreshesDuringFlood++;
      else refreshesBeforeFlood++;
      if (refreshesDuringFlood === 30 && stepShownAtOnce === undefined) {
        // A step starting is not a refresh: drawn at once, flood or not.
        store.dispatch(clock.event({ type: 'step-start', step: 'preflight' }));
        await Promise.resolve();
        stepShownAtOnce = frameLines(rendered.lastFrame()).some((line) => line.startsWith('[>] Preflight checks'));
      }
      await new Promise((resolve) => setTimeout(resolve, 4));
    }
    expect(refreshesDuringFlood).toBe(60);
    expect(stepShownAtOnce).toBe(true);
    const framesDuringFlood = rendered.stdout.frames.length - framesBefore;
    const consoleFrames = consoleBuffer.revision - consoleFramesBefore;
    // ink-testing-library draws every commit: unpaced, each of the 60 refreshes during the flood would be a frame of its
    // own on top of the console's. Paced, the frames are the console's, the refreshes before the flood and the step
    // (and, rarely, a refresh whose wait ended a hair before the console's frame).
    expect(framesDuringFlood).toBeLessThanOrEqual(consoleFrames + refreshesBeforeFlood + 1 + 3);
    await eventually(() => expect(rendered.lastFrame()).toContain(clockTime(lastEvent.at)));
  });
});
