// The full-screen console around one upgrade run: alternate screen, Ink app, confirmations by key, the operator's own
// `show` commands, and a terminal that is always restored (quit, Ctrl+C, SIGTERM, SIGHUP, crash), with a summary of
// the run left on the normal screen.
import './drawEveryFrame.js';
import { homedir } from 'node:os';
import { render } from 'ink';
import { EXIT, HitlessError, emitError, type ExitCode } from '../errors.js';
import { createEmitter } from '../engine/emitter.js';
import type { ConfirmAnswer, EngineEventBody, EventSink } from '../engine/events.js';
import type { OpenSession, SessionLike } from '../engine/sessionLike.js';
import type { ConfirmRequest } from '../engine/upgrade.js';
import type { StepId } from '../procedure/types.js';
import type { Confirmation } from '../record/auditTrail.js';
import { tapKeys } from '../record/keyTap.js';
import { CONSOLE_SIZE, type RunRecording } from '../record/runRecording.js';
import { StreamRedactor } from '../record/streamRedactor.js';
import type { ChassisRun } from '../run/chassisRun.js';
import type { Connection } from '../run/connect.js';
import { runEmitter, type PreparedRun } from '../run/prepareRun.js';
import type { RunConnection, RunConnectionIo } from '../run/runConnection.js';
import { targetLabel } from '../run/target.js';
import { hostKeyQuestionText, type OperatorQuestions } from '../run/ttyPrompt.js';
import { App, type SerialConsoleView } from '../ui/App.js';
import { ConnectionDialogs } from '../ui/connectionDialogs.js';
import { displayFor, type Display } from '../ui/display.js';
import { finalSummaryLines } from '../ui/finalSummary.js';
import type { UiSnapshot } from '../ui/snapshot.js';
import { createUiStore, type UiStore } from '../ui/store.js';
import { WithConnectionDialogs } from '../ui/WithConnectionDialogs.js';
import { OperatorConsole } from './operatorConsole.js';
import { breakSender, watchSerialConsoles } from './serialConsoleViews.js';
import { QuitControl } from './quitControl.js';
import { AlternateScreen, drawingStream, onStopSignals } from './tuiTerminal.js';

/** The first session, opened behind the first frame, is the engine's first too; every session is tracked. */
async function openFirstSession(connection: Connection, track: (session: SessionLike) => void, signal: AbortSignal): Promise<OpenSession> {
  let first: SessionLike | undefined = await connection.openSession({ signal });
  track(first);
  return async (attempt) => {
    const session = first ?? (await connection.openSession(attempt));
    first = undefined;
    track(session);
    return session;
  };
}

interface ConnectedBehindUi {
  connected: RunConnection;
  openSession: OpenSession;
  claimed: ChassisRun | undefined;
}

/** Password, passphrase and host-key questions as dialogs of the full-screen console, at the first connection and every reconnect. */
export const dialogQuestions = (dialogs: ConnectionDialogs): OperatorQuestions => ({
  secret: dialogs.secret,
  hostKey: (question) => dialogs.trust(hostKeyQuestionText(question)),
});

const stoppedWhileConnecting = () =>
  new HitlessError('stopped', 'stopped by the operator while connecting, before the first step', EXIT.stoppedSafe);

/**
 * Connects while the first frame is on screen (ssh2 and the simulator are loaded only now). A failure here, or the
 * operator quitting first, is the run's error event, then thrown: the UI leaves and cli.tsx prints the line.
 */
async function connectBehindUi(
  run: PreparedRun,
  io: RunConnectionIo,
  emit: (event: EngineEventBody) => void,
  track: (session: SessionLike) => void,
  signal: AbortSignal,
): Promise<ConnectedBehindUi> {
  let connected: RunConnection | undefined;
  let claimed: ChassisRun | undefined;
  const connecting = (async (): Promise<ConnectedBehindUi> => {
    const { openRunConnection } = await import('../run/runConnection.js');
    const { claimRunChassis } = await import('../run/performUpgrade.js');
    connected = await openRunConnection(run.options, io);
    // Before the first session: a second run on the chassis stops without logging in.
    claimed = await claimRunChassis(run.options, connected.connection, emit);
    return { connected, claimed, openSession: await openFirstSession(connected.connection, track, signal) };
  })();
  const stopped = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(stoppedWhileConnecting());
    signal.addEventListener('abort', () => reject(stoppedWhileConnecting()), { once: true });
  });
  // A quit after connecting is the engine's to handle.
  stopped.catch(() => undefined);
  try {
    return await Promise.race([connecting, stopped]);
  } catch (err) {
    // What is open is closed, also when the connection completes only after the operator quit (not waited for then).
    const closing = connecting.then(({ connected }) => connected.close(), () => connected?.close()).finally(() => claimed?.release()).catch(() => undefined);
    if (!signal.aborted) await closing;
    emitError(err, emit);
    throw err;
  }
}

export class ConfirmationBridge {
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

/**
 * Left on the normal screen once the alternate screen is gone, so the outcome outlives the full-screen console. Not for
 * a run that never started (its connection failed or the operator quit while connecting): cli.tsx prints its one line.
 */
function printFinalSummary(terminal: NodeJS.WriteStream | undefined, snapshot: UiSnapshot, journal: string | undefined, display: Display): void {
  if (!terminal || !snapshot.started) return;
  const lines = finalSummaryLines(snapshot, { now: Date.now(), width: terminal.columns || 80, display, journal, home: homedir() });
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

/** The chassis as "connecting" on the first frame; only the screen hears it (the engine announces its own connection). */
function showConnecting(store: UiStore, { options }: PreparedRun): void {
  const description = options.host ?? (options.simulate ? `simulated chassis (${options.simulate})` : (options.consoleA?.description ?? 'the switch'));
  createEmitter([store.dispatch])({ type: 'connecting', description, attempt: 1 });
}

export async function runUpgradeTui(run: PreparedRun, journal: EventSink[], io: TuiIo): Promise<ExitCode> {
  const stdout = io.recording?.stdout ?? io.terminal;
  if (!stdout) throw new Error('runUpgradeTui needs a terminal or a recording to draw on');
  const keys = tapKeys(io.stdin);
  const confirmations = new ConfirmationBridge();
  const dialogs = new ConnectionDialogs();
  // A dialog's keys go to it alone: never to the screen's keys, the key tap or a recording.
  const stopDiverting = dialogs.subscribe(() => keys.divert(dialogs.current() ? dialogs.key : undefined));
  const operator = new OperatorConsole(Math.max(20, (stdout.columns || 80) - 2), () => confirmations.waiting);
  const operatorCommand = { running: operator.runningCommand, onChange: operator.onChange };
  // The screen shows (and records) the switch's output only after redaction.
  const consoleText = new StreamRedactor(run.redactor, (text) => {
    operator.buffer.write(text);
    io.recording?.consoleText(text);
  });
  const store = createUiStore(targetLabel(run.target), run.target.core.version, { pollMs: run.options.pollSeconds * 1000, failbackRequested: run.target.failback });
  const emit = runEmitter(run, [...journal, store.dispatch, ...(io.recording ? [io.recording.sink] : []), ...(io.sinks ?? [])]);

  const controller = new AbortController();
  controller.signal.addEventListener('abort', () => dialogs.close(), { once: true });
  // A file that cannot be written ends a waiting dialog too: the engine then names the file as the cause.
  run.writeFaults.signal.addEventListener('abort', () => confirmations.answer('abort', 'hitless (a file could not be written)'), { once: true });
  const quit = new QuitControl(controller, (by) => confirmations.answer('abort', by));
  const stopListening = onStopSignals(quit.quit);
  // c and s wait for the operator's own command (the dialog says so); abort never does: it sends nothing.
  const answer = (value: ConfirmAnswer, step?: StepId) => {
    if (operator.busy && value !== 'abort') return;
    operator.eraseLine();
    confirmations.answer(value, keys.lastKey(), step);
  };
  const display = displayFor(process.env, { ascii: run.options.ascii });
  let connected: RunConnection | undefined;
  let serialConsoles: SerialConsoleView[] = [];
  const screenTree = () => (
    <WithConnectionDialogs dialogs={dialogs} display={display}>
      <App
        store={store}
        console={operator.buffer}
        canSkip={confirmations.canSkip}
        onConfirm={(step) => answer('confirm', step)}
        onSkip={(step) => answer('skip', step)}
        onAbort={() => (confirmations.waiting ? answer('abort') : controller.abort())}
        onQuit={() => quit.quit(`${keys.lastKey()} (quit)`)}
        onConsoleInput={operator.input}
        onSwitchKeys={operator.sendKeys}
        operatorCommand={operatorCommand}
        serialConsoles={serialConsoles}
        onBreak={breakSender(connected?.consoles ?? {}, emit)}
        display={display}
      />
    </WithConnectionDialogs>
  );
  const screen = new AlternateScreen(display.privateModes ? io.terminal : undefined);
  try {
    showConnecting(store, run);
    const instance = screen.showing(render(screenTree(), { stdout: drawingStream(stdout, display.privateModes), stdin: keys.stdin, exitOnCtrlC: false, patchConsole: false, maxFps: 30 }));
    quit.showing(instance);
    // What the first frame does not need (the engine, SSH, the simulator) loads behind it.
    const { consoleLineEvents, performUpgrade } = await import('../run/performUpgrade.js');
    const connectionIo: RunConnectionIo = {
      onOutput: (chunk) => consoleText.push(chunk),
      onConsoleLine: consoleLineEvents(emit),
      onWarning: (message) => emit({ type: 'warning', message }),
      questions: dialogQuestions(dialogs),
      cols: CONSOLE_SIZE.columns,
      rows: CONSOLE_SIZE.rows,
      redactor: run.redactor,
    };
    const opened = await connectBehindUi(run, connectionIo, emit, operator.track, controller.signal);
    connected = opened.connected;
    serialConsoles = watchSerialConsoles(connected.consoles, operator.buffer.cols, run.redactor);
    if (serialConsoles.length > 0) instance.rerender(screenTree());
    const exitCode = await performUpgrade({
      options: run.options,
      target: run.target,
      connection: { ...connected.connection, openSession: opened.openSession },
      emit,
      confirm: confirmations.ask,
      operatorPresent: true,
      signal: AbortSignal.any([controller.signal, run.writeFaults.signal]),
      claimed: opened.claimed,
      redactor: run.redactor,
    });
    quit.ended();
    await instance.waitUntilExit();
    return exitCode;
  } finally {
    screen.restore();
    printFinalSummary(io.terminal, store.getSnapshot(), run.options.journal, display);
    stopListening();
    dialogs.close();
    stopDiverting();
    await connected?.close();
    consoleText.flush();
    operator.dispose();
    for (const serial of serialConsoles) serial.buffer.dispose();
  }
}
