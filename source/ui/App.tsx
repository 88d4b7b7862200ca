// The interactive shell around Screen: subscribes to the engine's snapshot and the console buffer, owns UI-local
// state (help, focus, dialog hidden, y/n question) and turns keys into the lead's callbacks. No other IO.
// A key is judged against what the terminal shows now: the size is read again when the key arrives, so a key pressed
// right after a resize to too small never confirms a dialog that is no longer drawn.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useStdin, useStdout } from 'ink';
import type { MsmSlot } from '../exos/chassisState.js';
import type { StepId } from '../procedure/types.js';
import type { ConsoleBuffer } from './consoleBuffer.js';
import { FULL_DISPLAY, type Display } from './display.js';
import { currentState, dialogTop, initialLocalState, interpretKey, topModal, type KeyCommand, type KeyContext, type UiLocalState } from './keys.js';
import { fitsScreen, SPLIT_MIN_COLUMNS, type ScreenLayout, type ScreenSize } from './layout.js';
import { stoppingNote } from './prompts.js';
import { msUntilScreenChanges, onlyRefreshes, runInProgress, type UiSnapshot } from './snapshot.js';
import type { UiSource } from './store.js';
import { confirmDialogContent } from './components/ConfirmDialog.js';
import { Screen, screenLayout, type SerialLines } from './components/Screen.js';

export interface AppCallbacks {
  /** The operator confirmed the step in the dialog. */
  onConfirm(step: StepId): void;
  /** The operator skipped the step in the dialog (only offered when canSkip(step)). */
  onSkip(step: StepId): void;
  /** Stop: answers a pending confirmation with 'abort', or stops the run (already confirmed with y). */
  onAbort(): void;
  /** Leave the UI. While a run is in progress this comes only after the operator answered y to "abort and quit?",
   * so the handler must stop the run before exiting. */
  onQuit(): void;
  /** Keystrokes typed in CONSOLE INPUT mode, for the operator's command line. */
  onConsoleInput(data: string): void;
  /** Keys the operator asked to send to the switch as they are (Ctrl-V, then the key). */
  onSwitchKeys?(data: string): void;
  /** The operator asked (and confirmed y) to send BREAK on that MSM's serial console. */
  onBreak?(slot: MsmSlot): void;
  /** The chassis was opened from the fleet view: Esc or f go back to it (askStop: q, to ask there whether to stop the fleet). */
  onBackToFleet?(askStop: boolean): void;
}

/** An MSM's serial console, watched in the console pane next to the management session. */
export interface SerialConsoleView {
  slot: MsmSlot;
  buffer: ConsoleBuffer;
}

export interface AppProps extends AppCallbacks {
  store: UiSource;
  console: ConsoleBuffer;
  /** Whether the step may be skipped (the engine's ConfirmRequest.canSkip); default: never. */
  canSkip?: (step: StepId) => boolean;
  serialConsoles?: readonly SerialConsoleView[];
  /** ASCII-only and colourless terminals (displayFor); default UTF-8 with colours. */
  display?: Display;
  /** The operator's own command the switch has not returned from, and when that changes. */
  operatorCommand?: OperatorCommandSource;
}

export interface OperatorCommandSource {
  running(): string | undefined;
  onChange(listener: () => void): () => void;
}

const NO_OPERATOR_COMMAND: OperatorCommandSource = { running: () => undefined, onChange: () => () => undefined };

const DEFAULT_SIZE: ScreenSize = { columns: 80, rows: 24 };
const never = () => false;

/** The size as rendered, and a way to read the terminal's size right now. */
export function useScreenSize(): { size: ScreenSize; read: () => ScreenSize } {
  const { stdout } = useStdout();
  const read = useCallback(
    (): ScreenSize => ({ columns: stdout.columns || DEFAULT_SIZE.columns, rows: stdout.rows || DEFAULT_SIZE.rows }),
    [stdout],
  );
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, read]);
  return { size, read };
}

/** Wall-clock time, woken only when something shown changes by itself, so an idle screen costs (almost) no CPU. */
function useClock(snapshot: UiSnapshot): number {
  const [now, setNow] = useState(Date.now);
  const wakeIn = msUntilScreenChanges(snapshot, now);
  useEffect(() => {
    if (wakeIn === undefined) return;
    const timer = setTimeout(() => setNow(Date.now()), wakeIn);
    return () => clearTimeout(timer);
  }, [wakeIn, now]);
  return now;
}

// Raw input, not useInput: in console mode every byte sequence (arrows, Ctrl keys) must reach the switch unchanged,
// and one listener for both modes means the Tab that enters console mode is never also sent to the switch.
// Listening from the commit on (a layout effect): a screen mounted by a key (the fleet's Enter) takes the very next
// key, where a passive effect may run only at the next render.
export function useRawKeys(handler: (data: string) => void): void {
  const { isRawModeSupported, setRawMode, internal_eventEmitter: input } = useStdin();
  const handlerRef = useRef(handler);
  handlerRef.current = handler;
  useLayoutEffect(() => {
    if (!isRawModeSupported) return;
    setRawMode(true);
    const listener = (data: string) => handlerRef.current(data);
    input.on('input', listener);
    return () => {
      input.off('input', listener);
      setRawMode(false);
    };
  }, [isRawModeSupported, setRawMode, input]);
}

const NO_SERIAL: readonly SerialConsoleView[] = [];

/** Re-renders when any of `buffers` (a list kept stable while the same consoles are shown) reports a change. */
function useConsoles(buffers: readonly ConsoleBuffer[]): void {
  const subscribe = useCallback(
    (listener: () => void) => {
      const unsubscribe = buffers.map((buffer) => buffer.onChange(listener));
      return () => unsubscribe.forEach((stop) => stop());
    },
    [buffers],
  );
  useSyncExternalStore(subscribe, () => buffers.map((buffer) => buffer.revision).join(' '));
}

/**
 * The engine's snapshot. While a console floods, a change that only refreshes what is shown waits for that console's
 * next frame (at most its sustained frame interval) instead of drawing a frame of its own: every frame draws the
 * latest snapshot anyway, and what keys act on is what the last frame drew. Anything else is drawn at once.
 * `drawn`: the consoles on screen as of the last render; a frame of one of them is the frame a refresh waits for.
 */
function usePacedSnapshot(store: UiSource, consoles: readonly ConsoleBuffer[], drawn: { readonly current: readonly ConsoleBuffer[] }): UiSnapshot {
  const subscribe = useCallback(
    (listener: () => void) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let told = store.getSnapshot();
      /** What is drawn (or about to be) is the latest snapshot: nothing waits any more. */
      const caughtUp = () => {
        clearTimeout(timer);
        timer = undefined;
        told = store.getSnapshot();
      };
      const tell = () => {
        caughtUp();
        listener();
      };
      const stop = store.subscribe(() => {
        const flooding = consoles.find((buffer) => buffer.flooding);
        if (!flooding || !onlyRefreshes(told, store.getSnapshot())) return tell();
        timer ??= setTimeout(tell, flooding.floodFrameMs);
      });
      const stopWaiting = consoles.map((buffer) =>
        buffer.onChange(() => {
          if (timer !== undefined && drawn.current.includes(buffer)) caughtUp();
        }),
      );
      return () => {
        stop();
        stopWaiting.forEach((stopOne) => stopOne());
        clearTimeout(timer);
      };
    },
    [store, consoles, drawn],
  );
  return useSyncExternalStore(subscribe, store.getSnapshot);
}

function splitUnavailable(serialConsoles: readonly SerialConsoleView[], size: ScreenSize): string | undefined {
  if (serialConsoles.length < 2) return 'needs both serial consoles (start with --console-a and --console-b)';
  if (size.columns < SPLIT_MIN_COLUMNS) return `needs a terminal of at least ${SPLIT_MIN_COLUMNS} columns (this one has ${size.columns})`;
  return undefined;
}

const serialLines = (serial: SerialConsoleView): SerialLines => ({
  label: `MSM-${serial.slot} serial`,
  lines: serial.buffer.styledViewport(),
  scrolledBack: serial.buffer.scrolledBack,
});

export function App({ store, console: management, canSkip = never, serialConsoles = NO_SERIAL, display = FULL_DISPLAY, operatorCommand = NO_OPERATOR_COMMAND, ...callbacks }: AppProps) {
  const switchBusy = useSyncExternalStore(operatorCommand.onChange, operatorCommand.running);
  const views = useMemo(() => [management, ...serialConsoles.map((serial) => serial.buffer)], [management, serialConsoles]);
  const drawnConsoles = useRef<readonly ConsoleBuffer[]>([]);
  const snapshot = usePacedSnapshot(store, views, drawnConsoles);
  const [local, setLocal] = useState<UiLocalState>(initialLocalState);
  const { size, read: readSize } = useScreenSize();
  const now = useClock(snapshot);

  const pending = snapshot.pendingConfirmation;
  const skippable = pending ? canSkip(pending.step) : false;
  const splitWanted = local.split && serialConsoles.length >= 2;
  // The layout with the dialog drawn: whether it is shown whole there decides whether c may confirm.
  const dialogLayout = pending ? screenLayout(snapshot, size, { dialog: { confirmation: pending, canSkip: skippable }, split: splitWanted }) : undefined;
  const baseContext = { pendingConfirmation: pending, screenFits: fitsScreen(size) };
  const modal = topModal(currentState(local, baseContext), baseContext);
  const layout: ScreenLayout | undefined = modal === 'dialog' ? dialogLayout : screenLayout(snapshot, size, { split: splitWanted });
  const splitShown = (layout?.serialRows ?? 0) > 0;
  const consoleBuffer = splitShown ? management : (views[local.view] ?? management);
  drawnConsoles.current = useMemo(() => (splitShown ? [management, ...serialConsoles.map((serial) => serial.buffer)] : [consoleBuffer]), [splitShown, consoleBuffer, management, serialConsoles]);
  useConsoles(drawnConsoles.current);

  useEffect(() => {
    if (!layout) return;
    management.resize(layout.width, layout.consoleLines);
    for (const serial of serialConsoles) {
      if (splitShown) serial.buffer.resize(Math.floor((layout.width - 1) / 2), layout.serialRows - 1);
      else serial.buffer.resize(layout.width, layout.consoleLines);
    }
  }, [management, serialConsoles, layout?.width, layout?.consoleLines, layout?.serialRows, splitShown]);

  const dialogContent =
    pending && dialogLayout && confirmDialogContent({ confirmation: pending, canSkip: skippable, width: dialogLayout.width, height: dialogLayout.dialogRows, switchBusy });
  const context: KeyContext = {
    ...baseContext,
    canSkip: skippable,
    runInProgress: runInProgress(snapshot),
    pageLines: Math.max(1, (layout?.consoleLines ?? 2) - 1),
    viewCount: views.length,
    dialogFits: dialogContent?.maxTop !== undefined,
    dialogMaxTop: dialogContent?.maxTop,
    dialogPageRows: Math.max(1, (dialogContent?.lines.length ?? 4) - 4),
    switchBusy,
    splitShown,
    splitUnavailable: splitUnavailable(serialConsoles, size),
    inFleet: callbacks.onBackToFleet !== undefined,
  };
  const shown = currentState(local, context);

  // Keys arrive between renders; the refs hold what the latest render saw so a handler never acts on stale state.
  const latest = useRef({ local, context, callbacks });
  latest.current = { local, context, callbacks };

  const run = (command: KeyCommand, target: AppCallbacks): void => {
    switch (command.kind) {
      case 'confirm':
        return target.onConfirm(command.step);
      case 'skip':
        return target.onSkip(command.step);
      case 'abort':
        return target.onAbort();
      case 'quit':
        return target.onQuit();
      case 'console-input':
        return target.onConsoleInput(command.data);
      case 'switch-keys':
        return target.onSwitchKeys?.(command.data);
      case 'send-break': {
        const serial = serialConsoles[command.view - 1];
        return serial ? target.onBreak?.(serial.slot) : undefined;
      }
      case 'scroll':
        return consoleBuffer.scroll(command.lines);
      case 'scroll-top':
        return consoleBuffer.scrollToTop();
      case 'follow':
        return consoleBuffer.scrollToBottom();
      case 'to-fleet':
        return target.onBackToFleet?.(command.askStop);
    }
  };

  useRawKeys((data) => {
    const current = latest.current;
    // Drawn at the last render and still fitting now: a resize closes nothing, and re-arms nothing until it is drawn.
    const screenFits = current.context.screenFits && fitsScreen(readSize());
    const context = { ...current.context, screenFits, dialogFits: current.context.dialogFits && screenFits };
    const result = interpretKey(current.local, data, context);
    if (result.state !== current.local) {
      current.local = result.state;
      setLocal(result.state);
    }
    for (const command of result.commands) run(command, current.callbacks);
  });

  return (
    <Screen
      snapshot={snapshot}
      consoleLines={consoleBuffer.styledViewport()}
      consoleScrolledBack={consoleBuffer.scrolledBack}
      consoleLabel={!splitShown && local.view > 0 ? `MSM-${serialConsoles[local.view - 1]?.slot} serial` : undefined}
      splitConsoles={splitShown ? [serialLines(serialConsoles[0]!), serialLines(serialConsoles[1]!)] : undefined}
      size={size}
      modal={modal === 'too-small' ? undefined : modal}
      question={shown.question}
      canSkip={context.canSkip}
      dialogTop={dialogTop(shown, context).top}
      dialogUnread={(context.dialogMaxTop ?? 0) > dialogTop(shown, context).furthest}
      switchBusy={switchBusy}
      note={shown.note ?? (shown.stopping && !snapshot.finished ? stoppingNote(snapshot) : undefined)}
      stopping={shown.stopping === true && !snapshot.finished}
      inFleet={context.inFleet}
      now={now}
      display={display}
    />
  );
}
