// The full-screen console around one upgrade run: alternate screen, Ink app, confirmations by key, the operator's own
// `show` commands, and a terminal that is always restored (quit, Ctrl+C, SIGTERM, SIGHUP, crash).
import { render, type Instance } from 'ink';
import { HitlessError, type ExitCode } from '../errors.js';
import { createEmitter } from '../engine/emitter.js';
import type { ConfirmAnswer, EventSink } from '../engine/events.js';
import type { OpenSession, SessionLike } from '../engine/sessionLike.js';
import type { ConfirmRequest } from '../engine/upgrade.js';
import { isShowCommand } from '../exos/commands.js';
import type { MsmSlot } from '../exos/chassisState.js';
import type { StepId, UpgradeTarget } from '../procedure/types.js';
import type { Confirmation } from '../record/auditTrail.js';
import { tapKeys } from '../record/keyTap.js';
import { redact, redactingSink } from '../record/redact.js';
import { CONSOLE_SIZE, type RunRecording } from '../record/runRecording.js';
import { StreamRedactor } from '../record/streamRedactor.js';
import { App, type SerialConsoleView } from '../ui/App.js';
import { ConsoleBuffer } from '../ui/consoleBuffer.js';
import { createUiStore } from '../ui/store.js';
import type { UpgradeOptions } from '../run/args.js';
import type { Connection } from '../run/connect.js';
import { ConsoleLine } from './consoleLine.js';
import { openRunConnection, type Consoles, type RunConnection } from '../run/runConnection.js';
import { targetLabel } from '../run/target.js';
import { performUpgrade } from './upgradeCommand.js';

const ENTER_ALT_SCREEN = '\x1b[?1049h';
const LEAVE_ALT_SCREEN = '\x1b[?25h\x1b[?1049l';
const FORCED_EXIT_GRACE_MS = 3000;

/** The first session is opened before the UI starts (password and host-key prompts need a plain terminal). */
async function openFirstSession(connection: Connection, track: (session: SessionLike) => void): Promise<OpenSession> {
  let first: SessionLike | undefined = await connection.openSession();
  track(first);
  return async () => {
    const session = first ?? (await connection.openSession());
    first = undefined;
    track(session);
    return session;
  };
}

class ConfirmationBridge {
  private pending?: { request: ConfirmRequest; resolve: (confirmation: Confirmation) => void };

  ask = (request: ConfirmRequest): Promise<Confirmation> =>
    new Promise((resolve) => {
      this.pending = { request, resolve };
    });

  get waiting(): boolean {
    return this.pending !== undefined;
  }

  canSkip = (step: StepId): boolean => this.pending?.request.step === step && this.pending.request.canSkip;

  answer(answer: ConfirmAnswer, by: string, step?: StepId): void {
    if (!this.pending || (step && this.pending.request.step !== step)) return;
    const { resolve } = this.pending;
    this.pending = undefined;
    resolve({ answer, by });
  }
}

export interface TuiIo {
  /** The operator's terminal (alternate screen, restored on exit); absent when the UI is only recorded. */
  terminal?: NodeJS.WriteStream;
  /** Where the keys come from. */
  stdin: NodeJS.ReadStream;
  /** --record / --record-console: Ink then draws through the recording (onto the terminal too, if there is one). */
  recording?: RunRecording;
  /** More sinks for the run's events (the demo's autopilot). */
  sinks?: EventSink[];
}

export async function runUpgradeTui(options: UpgradeOptions, target: UpgradeTarget, journal: EventSink[], io: TuiIo): Promise<ExitCode> {
  const terminal = io.terminal;
  const stdout = io.recording?.stdout ?? terminal;
  if (!stdout) throw new Error('runUpgradeTui needs a terminal or a recording to draw on');
  const keys = tapKeys(io.stdin);
  const consoleBuffer = new ConsoleBuffer({ cols: Math.max(20, (stdout.columns || 80) - 2), rows: 10 });
  // The screen shows (and records) the switch's output only after redaction.
  const consoleText = new StreamRedactor((text) => {
    consoleBuffer.write(text);
    io.recording?.consoleText(text);
  });
  const store = createUiStore(targetLabel(target), target.core.version);
  const emit = createEmitter([redactingSink([...journal, store.dispatch, ...(io.recording ? [io.recording.sink] : []), ...(io.sinks ?? [])])]);
  const confirmations = new ConfirmationBridge();
  const controller = new AbortController();
  const line = new ConsoleLine();
  let session: SessionLike | undefined;
  let operatorCommandRunning = false;

  let run: RunConnection;
  let connection: Connection;
  let openSession: OpenSession;
  try {
    run = await openRunConnection(options, {
      onOutput: (chunk) => consoleText.push(chunk),
      onWarning: (message) => emit({ type: 'warning', message }),
      cols: CONSOLE_SIZE.columns,
      rows: CONSOLE_SIZE.rows,
    });
    connection = run.connection;
    openSession = await openFirstSession(connection, (opened) => (session = opened));
  } catch (err) {
    if (!(err instanceof HitlessError)) throw err;
    emit({ type: 'error', kind: err.kind, message: err.message, exitCode: err.exitCode });
    process.stderr.write(`hitless: ${redact(err.message)}\n`);
    return err.exitCode;
  }

  let instance: Instance | undefined;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      instance?.unmount();
    } catch {
      // Unmounting a broken tree must not stop the terminal from being restored.
    }
    terminal?.write(LEAVE_ALT_SCREEN);
  };

  let finished = false;
  let quitRequested = false;
  const stopRun = (by: string) => {
    quitRequested = true;
    controller.abort();
    confirmations.answer('abort', by);
    if (finished) instance?.unmount();
    else setTimeout(() => instance?.unmount(), FORCED_EXIT_GRACE_MS).unref();
  };
  const onSignal = (signal: NodeJS.Signals) => stopRun(signal);
  process.on('SIGTERM', onSignal).on('SIGHUP', onSignal);
  process.on('exit', restore);

  const runOperatorCommand = async (command: string) => {
    if (!isShowCommand(command)) {
      consoleBuffer.write(`\r\n% hitless: only "show ..." commands can be typed here\r\n`);
      return;
    }
    if (!session || session.closed || operatorCommandRunning) return;
    operatorCommandRunning = true;
    try {
      await session.run(command, { idleTimeoutMs: 30_000 });
    } catch {
      // The console shows what happened; the engine notices a dead session on its next read.
    } finally {
      operatorCommandRunning = false;
    }
  };

  const onConsoleInput = (data: string) => {
    if (!confirmations.waiting) {
      consoleBuffer.write('\x07');
      return;
    }
    const edit = line.feed(data);
    if (edit.echo) consoleBuffer.write(edit.echo);
    if (edit.submit !== undefined && edit.submit.trim() !== '') void runOperatorCommand(edit.submit);
  };

  const answer = (value: ConfirmAnswer, step?: StepId) => {
    if (operatorCommandRunning) return;
    consoleBuffer.write(line.erase());
    confirmations.answer(value, keys.lastKey(), step);
  };

  const serialConsoles = watchSerialConsoles(run.consoles, consoleBuffer.cols);
  const sendBreak = (slot: MsmSlot) => {
    try {
      run.consoles[slot]?.sendBreak();
      emit({ type: 'warning', message: `BREAK sent on MSM-${slot}'s serial console by the operator` });
    } catch (err) {
      emit({ type: 'warning', message: err instanceof Error ? err.message : String(err) });
    }
  };

  terminal?.write(ENTER_ALT_SCREEN);
  try {
    instance = render(
      <App
        store={store}
        console={consoleBuffer}
        canSkip={confirmations.canSkip}
        onConfirm={(step) => answer('confirm', step)}
        onSkip={(step) => answer('skip', step)}
        onAbort={() => (confirmations.waiting ? answer('abort') : controller.abort())}
        onQuit={() => stopRun(`${keys.lastKey()} (quit)`)}
        onConsoleInput={onConsoleInput}
        serialConsoles={serialConsoles}
        onBreak={sendBreak}
      />,
      { stdout, stdin: keys.stdin, exitOnCtrlC: false, patchConsole: false, maxFps: 30 },
    );
    const exitCode = await performUpgrade({
      options,
      target,
      connection: { ...connection, openSession },
      emit,
      confirm: confirmations.ask,
      signal: controller.signal,
    });
    finished = true;
    if (quitRequested) instance.unmount();
    await instance.waitUntilExit();
    return exitCode;
  } finally {
    restore();
    process.off('SIGTERM', onSignal).off('SIGHUP', onSignal).off('exit', restore);
    await run.close();
    consoleText.flush();
    consoleBuffer.dispose();
    for (const serial of serialConsoles) serial.buffer.dispose();
  }
}

/** Each MSM's serial console, redacted, in its own terminal buffer; the line is opened to watch, not to log in. */
function watchSerialConsoles(consoles: Consoles, cols: number): SerialConsoleView[] {
  return (['A', 'B'] as const).flatMap((slot) => {
    const console = consoles[slot];
    if (!console) return [];
    const buffer = new ConsoleBuffer({ cols, rows: 10 });
    const text = new StreamRedactor((redacted) => buffer.write(redacted));
    console.onOutput((chunk) => text.push(chunk));
    console.connect().catch((err: unknown) => buffer.write(`\r\n% hitless: console not reachable: ${redact(err instanceof Error ? err.message : String(err))}\r\n`));
    return [{ slot, buffer }];
  });
}
