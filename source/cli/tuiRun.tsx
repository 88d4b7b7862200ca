// The full-screen console around one upgrade run: alternate screen, Ink app, confirmations by key, the operator's own
// `show` commands, and a terminal that is always restored (quit, Ctrl+C, SIGTERM, SIGHUP, crash), with a summary of
// the run left on the normal screen.
import { render } from 'ink';
import { emitError, type ExitCode } from '../errors.js';
import type { ConfirmAnswer, EngineEventBody, EventSink } from '../engine/events.js';
import type { OpenSession, SessionLike } from '../engine/sessionLike.js';
import type { ConfirmRequest } from '../engine/upgrade.js';
import type { StepId } from '../procedure/types.js';
import type { Confirmation } from '../record/auditTrail.js';
import { tapKeys } from '../record/keyTap.js';
import { CONSOLE_SIZE, type RunRecording } from '../record/runRecording.js';
import { StreamRedactor } from '../record/streamRedactor.js';
import type { Connection } from '../run/connect.js';
import { consoleLineEvents, performUpgrade } from '../run/performUpgrade.js';
import { runEmitter, type PreparedRun } from '../run/prepareRun.js';
import { openRunConnection, type RunConnection } from '../run/runConnection.js';
import { targetLabel } from '../run/target.js';
import { App } from '../ui/App.js';
import { displayFor, type Display } from '../ui/display.js';
import { finalSummaryLines } from '../ui/finalSummary.js';
import type { UiSnapshot } from '../ui/snapshot.js';
import { createUiStore } from '../ui/store.js';
import { OperatorConsole } from './operatorConsole.js';
import { breakSender, watchSerialConsoles } from './serialConsoleViews.js';
import { QuitControl } from './quitControl.js';
import { AlternateScreen, onStopSignals } from './tuiTerminal.js';

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

interface ConnectedBeforeUi {
  connected: RunConnection;
  openSession: OpenSession;
}

/** A failure here is the run's error event, then thrown: the UI never started, cli.tsx prints it. */
async function connectBeforeUi(
  run: PreparedRun,
  emit: (event: EngineEventBody) => void,
  onOutput: (chunk: string) => void,
  track: (session: SessionLike) => void,
): Promise<ConnectedBeforeUi> {
  let connected: RunConnection | undefined;
  try {
    connected = await openRunConnection(run.options, {
      onOutput,
      onConsoleLine: consoleLineEvents(emit),
      onWarning: (message) => emit({ type: 'warning', message }),
      cols: CONSOLE_SIZE.columns,
      rows: CONSOLE_SIZE.rows,
      redactor: run.redactor,
    });
    return { connected, openSession: await openFirstSession(connected.connection, track) };
  } catch (err) {
    await connected?.close();
    emitError(err, emit);
    throw err;
  }
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

/** Left on the normal screen once the alternate screen is gone, so the outcome outlives the full-screen console. */
function printFinalSummary(terminal: NodeJS.WriteStream | undefined, snapshot: UiSnapshot, journal: string | undefined, display: Display): void {
  if (!terminal) return;
  const lines = finalSummaryLines(snapshot, { now: Date.now(), width: terminal.columns || 80, display, journal });
  terminal.write(`${lines.join('\n')}\n`);
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

export async function runUpgradeTui(run: PreparedRun, journal: EventSink[], io: TuiIo): Promise<ExitCode> {
  const stdout = io.recording?.stdout ?? io.terminal;
  if (!stdout) throw new Error('runUpgradeTui needs a terminal or a recording to draw on');
  const keys = tapKeys(io.stdin);
  const confirmations = new ConfirmationBridge();
  const operator = new OperatorConsole(Math.max(20, (stdout.columns || 80) - 2), () => confirmations.waiting);
  // The screen shows (and records) the switch's output only after redaction.
  const consoleText = new StreamRedactor(run.redactor, (text) => {
    operator.buffer.write(text);
    io.recording?.consoleText(text);
  });
  const store = createUiStore(targetLabel(run.target), run.target.core.version, { pollMs: run.options.pollSeconds * 1000, failbackRequested: run.target.failback });
  const emit = runEmitter(run, [...journal, store.dispatch, ...(io.recording ? [io.recording.sink] : []), ...(io.sinks ?? [])]);
  const { connected, openSession } = await connectBeforeUi(run, emit, (chunk) => consoleText.push(chunk), operator.track);

  const controller = new AbortController();
  const quit = new QuitControl(controller, (by) => confirmations.answer('abort', by));
  const stopListening = onStopSignals(quit.quit);
  const answer = (value: ConfirmAnswer, step?: StepId) => {
    if (operator.busy) return;
    operator.eraseLine();
    confirmations.answer(value, keys.lastKey(), step);
  };
  const serialConsoles = watchSerialConsoles(connected.consoles, operator.buffer.cols, run.redactor);
  const display = displayFor(process.env, { ascii: run.options.ascii });
  const screen = new AlternateScreen(io.terminal);
  try {
    const instance = screen.showing(
      render(
        <App
          store={store}
          console={operator.buffer}
          canSkip={confirmations.canSkip}
          onConfirm={(step) => answer('confirm', step)}
          onSkip={(step) => answer('skip', step)}
          onAbort={() => (confirmations.waiting ? answer('abort') : controller.abort())}
          onQuit={() => quit.quit(`${keys.lastKey()} (quit)`)}
          onConsoleInput={operator.input}
          serialConsoles={serialConsoles}
          onBreak={breakSender(connected.consoles, emit)}
          display={display}
        />,
        { stdout, stdin: keys.stdin, exitOnCtrlC: false, patchConsole: false, maxFps: 30 },
      ),
    );
    quit.showing(instance);
    const exitCode = await performUpgrade({
      options: run.options,
      target: run.target,
      connection: { ...connected.connection, openSession },
      emit,
      confirm: confirmations.ask,
      operatorPresent: true,
      signal: controller.signal,
    });
    quit.ended();
    await instance.waitUntilExit();
    return exitCode;
  } finally {
    screen.restore();
    printFinalSummary(io.terminal, store.getSnapshot(), run.options.journal, display);
    stopListening();
    await connected.close();
    consoleText.flush();
    operator.dispose();
    for (const serial of serialConsoles) serial.buffer.dispose();
  }
}
