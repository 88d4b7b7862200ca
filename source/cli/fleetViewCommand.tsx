// hitless fleet FILE: on a terminal, the full-screen fleet view (a row per chassis, each chassis' confirmations asked
// in its own dialog, keys to stop a chassis, pause new starts or stop the fleet, Enter for a chassis' own console), then
// the summary table on the normal screen; with --headless, --json or no terminal, the headless fleet of fleetCommand.ts.
// --record FILE.cast records the view (headless: drawn into the recording only).
import './drawEveryFrame.js';
import { render } from 'ink';
import { PassThrough } from 'node:stream';
import { createJournalFolders, parseFleetArgs, reasonLines, runFleetCommand, showsFleetView, summaryLines, type ChassisAsShown, type FleetWatcher } from '../fleet/fleetCommand.js';
import { loadFleetFile, type FleetChassis, type FleetPlan } from '../fleet/fleetFile.js';
import { runFleet, type FleetResult } from '../fleet/runFleet.js';
import { upgradeChassis, type ChassisDriver } from '../fleet/upgradeChassis.js';
import type { Confirm } from '../run/performUpgrade.js';
import { targetLabel } from '../run/target.js';
import { redactingQuestions, type OperatorQuestions } from '../run/ttyPrompt.js';
import { ConnectionDialogs } from '../ui/connectionDialogs.js';
import { displayFor, toAscii, type Display } from '../ui/display.js';
import { FleetApp } from '../ui/FleetApp.js';
import type { FleetKeyCommand } from '../ui/fleet/fleetKeys.js';
import { initialFleetSnapshot, releaseText, rowState, type FleetSnapshot } from '../ui/fleet/fleetSnapshot.js';
import { ROW_STATE_NAMES } from '../ui/components/FleetView.js';
import { FleetConsoles } from '../ui/fleet/fleetConsoles.js';
import { createFleetStore, type FleetStore } from '../ui/fleet/fleetStore.js';
import { WithConnectionDialogs } from '../ui/WithConnectionDialogs.js';
import { tapKeys } from '../record/keyTap.js';
import { ConfirmationBridge, dialogQuestions } from './tuiRun.js';
import { FleetRecording } from './fleetRecording.js';
import { AlternateScreen, drawingStream, onStopSignals } from './tuiTerminal.js';

/** The fleet view draws at most this often, however many chassis report. */
export const FLEET_MAX_FPS = 10;


export async function runFleetViewCommand(argv: string[]): Promise<number> {
  const args = parseFleetArgs(argv);
  const { record } = args;
  if (!showsFleetView(args)) return runFleetCommand(argv, undefined, record === undefined ? undefined : (plan) => recordedFleetView(plan, record));
  const plan = loadFleetFile(args.file, args.rollout);
  createJournalFolders(plan);
  const display = displayFor(process.env);
  const recording = record === undefined ? undefined : FleetRecording.open(plan, record, process.stdout);
  let ran: Awaited<ReturnType<typeof runFleetView>>;
  try {
    ran = await runFleetView(plan, { yes: args.yes, terminal: process.stdout, stdin: process.stdin, display, recording });
  } finally {
    recording?.close();
  }
  const { result, fleet } = ran;
  const shown = (index: number): ChassisAsShown => {
    const view = fleet.chassis[index]!;
    const release = releaseText(view.snapshot);
    const neverStarted = result.results[index]!.state === 'not started';
    return { outcome: neverStarted ? 'not started' : ROW_STATE_NAMES[rowState(view)], release: display.ascii ? toAscii(release) : release };
  };
  const width = process.stdout.columns;
  const lines = [...summaryLines(result, { shown, width }), ...reasonLines(result, (index) => shown(index).outcome, width)];
  process.stdout.write(`${lines.join('\n')}\n`);
  return result.exitCode;
}

/** A promise that waits while paused, kept open until resumed. */
class StartGate {
  private resume?: () => void;
  private waiting?: Promise<void>;

  get paused(): boolean {
    return this.waiting !== undefined;
  }

  toggle(): boolean {
    if (this.resume) this.open();
    else this.waiting = new Promise((resolve) => (this.resume = resolve));
    return this.paused;
  }

  open(): void {
    this.resume?.();
    this.resume = undefined;
    this.waiting = undefined;
  }

  readonly mayStart = (): Promise<void> => this.waiting ?? Promise.resolve();
}

/** What each chassis needs from the view: its confirmations, its own stop, its events into the store, its output kept. */
function chassisControls(plan: FleetPlan, store: FleetStore, consoles: FleetConsoles, questions: OperatorQuestions, yes: boolean) {
  return plan.chassis.map((chassis, index) => {
    const confirmations = new ConfirmationBridge();
    const confirm: Confirm = yes ? async () => ({ answer: 'confirm', by: '--yes' }) : confirmations.ask;
    const driver: ChassisDriver = {
      sink: (event) => store.dispatch({ type: 'event', index, event }),
      confirm,
      questions,
      onOutput: (text) => consoles.write(index, text),
    };
    return { chassis, confirmations, driver, stop: new AbortController() };
  });
}

export interface FleetViewIo {
  yes: boolean;
  terminal: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  display: Display;
  /** --record: the view is drawn through the recording onto the terminal. */
  recording?: FleetRecording;
}

/** The fleet view's store, every chassis queued. */
function fleetStoreOf(plan: FleetPlan): FleetStore {
  return createFleetStore(
    initialFleetSnapshot(
      plan.chassis.map((c) => ({
        name: c.name,
        address: c.address,
        target: targetLabel(c.target),
        targetVersion: c.target.core.version,
        options: { pollMs: c.options.pollSeconds * 1000, failbackRequested: c.target.failback },
      })),
      plan.concurrency,
      { canary: plan.canary, ...(plan.maxFailures !== undefined && { maxFailures: plan.maxFailures }) },
    ),
  );
}

const ignore = () => {};

/** Publishes the store's last state and lets React draw it (the view's last frame, in a recording too) before the view closes. */
async function drawLastFrame(store: FleetStore): Promise<void> {
  store.flush();
  await new Promise((resolve) => setImmediate(resolve));
}

/** --record without a terminal: the fleet view drawn into the recording only, watching the headless fleet. */
function recordedFleetView(plan: FleetPlan, file: string): FleetWatcher {
  const recording = FleetRecording.open(plan, file);
  const store = fleetStoreOf(plan);
  const noKeys = new PassThrough() as unknown as NodeJS.ReadStream;
  // No keys reach it, so no chassis is ever opened: nothing is written into these.
  const consoles = new FleetConsoles(plan.chassis.length);
  const instance = render(<FleetApp store={store} canSkip={() => false} onCommand={ignore} consoles={consoles} display={displayFor(process.env)} />, {
    stdout: recording.stdout,
    stdin: noKeys,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: FLEET_MAX_FPS,
  });
  return {
    sink: (index) => (event) => store.dispatch({ type: 'event', index, event }),
    onStart: (index) => store.dispatch({ type: 'start', index }),
    onResult: (index, r) => {
      store.dispatch({ type: 'result', index, state: r.state, exitCode: r.exitCode, detail: r.detail });
      recording.chassisEnded(r);
    },
    signal: recording.faults.signal,
    async end(result) {
      store.dispatch({ type: 'finished' });
      recording.fleetEnded(result);
      await drawLastFrame(store);
      const exited = instance.waitUntilExit();
      instance.unmount();
      await exited;
      recording.close();
    },
  };
}

/** The fleet's result, and the view's last state of every chassis (for the summary). */
export async function runFleetView(plan: FleetPlan, io: FleetViewIo): Promise<{ result: FleetResult; fleet: FleetSnapshot }> {
  const { display, recording } = io;
  const store = fleetStoreOf(plan);
  const keys = tapKeys(io.stdin);
  const dialogs = new ConnectionDialogs();
  const stopDiverting = dialogs.subscribe(() => keys.divert(dialogs.current() ? dialogs.key : undefined));
  // A password typed into a dialog is learnt by the recording's redactor too (the chassis' own learns it as well).
  const questions = recording ? redactingQuestions(dialogQuestions(dialogs), recording.redactor) : dialogQuestions(dialogs);
  const consoles = new FleetConsoles(plan.chassis.length);
  const controls = chassisControls(plan, store, consoles, questions, io.yes);
  const indexOf = (chassis: FleetChassis) => plan.chassis.indexOf(chassis);
  const starts = new StartGate();
  let goOn: () => void = () => {};
  const fleetStop = new AbortController();
  /** `why`: a problem of hitless's own that stops the fleet (the fleet's stop reason); none, the operator stopped it. */
  const stopFleet = (by: string, why?: unknown) => {
    if (fleetStop.signal.aborted) return;
    store.dispatch({ type: 'stop' });
    fleetStop.abort(why);
    starts.open();
    goOn();
    dialogs.close();
    for (const { confirmations } of controls) confirmations.answer('abort', by);
  };
  const onCommand = (command: FleetKeyCommand) => {
    switch (command.kind) {
      case 'confirm':
      case 'skip':
      case 'abort': {
        // Only the confirmation the key was pressed on: a newer one (the run moved on since that frame) waits for its own.
        const pending = store.current().chassis[command.index]?.snapshot.pendingConfirmation;
        if (pending?.since !== command.since) return;
        controls[command.index]!.confirmations.answer(command.kind, keys.lastKey(), pending.step);
        return;
      }
      case 'stop-chassis': {
        const control = controls[command.index]!;
        control.stop.abort();
        control.confirmations.answer('abort', `${keys.lastKey()} (stop this chassis)`);
        return;
      }
      case 'pause':
        store.dispatch({ type: 'pause', paused: starts.toggle() });
        return;
      case 'go-on':
        store.dispatch({ type: 'canary-passed' });
        goOn();
        return;
      case 'quit':
        stopFleet(`${keys.lastKey()} (stop the fleet)`);
        return;
    }
  };
  const canSkip = (index: number): boolean => {
    const step = store.getSnapshot().chassis[index]?.snapshot.pendingConfirmation?.step;
    return step !== undefined && controls[index]!.confirmations.canSkip(step);
  };
  const onSignal = (signal: NodeJS.Signals) => stopFleet(signal);
  const onRecordingFault = () => stopFleet('hitless (the recording could not be written)', recording?.faults.signal.reason);
  recording?.faults.signal.addEventListener('abort', onRecordingFault, { once: true });
  // Ctrl-C is a key in raw mode; a SIGINT sent from elsewhere stops the fleet like SIGTERM.
  process.on('SIGINT', onSignal);
  const stopListening = onStopSignals(onSignal);
  const screen = new AlternateScreen(display.privateModes ? io.terminal : undefined);
  try {
    screen.showing(
      render(
        <WithConnectionDialogs dialogs={dialogs} display={display}>
          <FleetApp store={store} canSkip={canSkip} onCommand={onCommand} consoles={consoles} display={display} />
        </WithConnectionDialogs>,
        { stdout: drawingStream(recording?.stdout ?? io.terminal, display.privateModes), stdin: keys.stdin, exitOnCtrlC: false, patchConsole: false, maxFps: FLEET_MAX_FPS },
      ),
    );
    const result = await runFleet(plan, {
      upgrade: (chassis, signal) => {
        const control = controls[indexOf(chassis)]!;
        // A stop the operator did not key (onFailure "stop" after a failure) must not leave a dialog waiting forever.
        signal.addEventListener('abort', () => control.confirmations.answer('abort', 'hitless (the fleet stopped)'), { once: true });
        return upgradeChassis(chassis, signal, control.driver);
      },
      chassisSignal: (chassis) => controls[indexOf(chassis)]!.stop.signal,
      mayStart: starts.mayStart,
      // --yes goes on by itself once every canary ended exit 0; otherwise the operator's g does.
      ...(!io.yes && {
        afterCanary: (canaries) =>
          new Promise<void>((resolve) => {
            if (fleetStop.signal.aborted) return resolve();
            goOn = resolve;
            store.dispatch({ type: 'canary-wait', ok: canaries.length, total: canaries.length });
          }),
      }),
      onStart: (chassis) => store.dispatch({ type: 'start', index: indexOf(chassis) }),
      onResult: (r) => {
        store.dispatch({ type: 'result', index: indexOf(r.chassis), state: r.state, exitCode: r.exitCode, detail: r.detail });
        recording?.chassisEnded(r);
      },
      signal: fleetStop.signal,
    });
    store.dispatch({ type: 'finished' });
    recording?.fleetEnded(result);
    await drawLastFrame(store);
    return { result, fleet: store.current() };
  } finally {
    screen.restore();
    process.off('SIGINT', onSignal);
    recording?.faults.signal.removeEventListener('abort', onRecordingFault);
    stopListening();
    dialogs.close();
    stopDiverting();
    consoles.close();
  }
}
