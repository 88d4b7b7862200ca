// The fleet view with its keys: draws the store's published state (at most 10 frames/s), keeps the selection, the open
// dialog and the help as local state, and hands what a key asks for (confirm, stop, pause, quit) to its caller.
// Enter shows the selected chassis' own full-screen console (the App of `hitless upgrade`) in place of the fleet; its
// keys are then that console's, turned into the same commands the fleet's keys give, until f or Esc comes back.
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { App, useRawKeys, useScreenSize } from './App.js';
import type { ConsoleBuffer } from './consoleBuffer.js';
import { FleetView } from './components/FleetView.js';
import type { Display } from './display.js';
import { FULL_DISPLAY } from './display.js';
import type { FleetConsoles } from './fleet/fleetConsoles.js';
import { backFromChassis, dialogConfirmation, initialFleetLocalState, interpretFleetKey, openDialog, type FleetKeyCommand, type FleetLocalState } from './fleet/fleetKeys.js';
import { fitsScreen } from './layout.js';
import { fleetDialogShape } from './fleet/fleetLayout.js';
import { batchConfirmation, msUntilFleetChanges, rowState, type FleetSnapshot } from './fleet/fleetSnapshot.js';
import type { FleetStore } from './fleet/fleetStore.js';
import { splitKeys } from './keys.js';
import type { UiSource } from './store.js';

export interface FleetAppProps {
  store: FleetStore;
  canSkip: (index: number) => boolean;
  onCommand: (command: FleetKeyCommand) => void;
  /** Each chassis' recent switch output, and the console of the one opened. */
  consoles: FleetConsoles;
  display?: Display;
}

/** The time rows show, woken only when one of them changes by itself (msUntilFleetChanges); an ended fleet's screen stays still. */
function useFleetClock(fleet: FleetSnapshot): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const wait = msUntilFleetChanges(fleet, Date.now());
    if (wait === undefined) return;
    const timer = setTimeout(() => setNow(Date.now()), wait);
    return () => clearTimeout(timer);
  }, [fleet, now]);
  return now;
}

/** One chassis of the fleet as the single-chassis App's store: its snapshot as the fleet view last published it. */
const chassisSource = (store: FleetStore, index: number): UiSource => ({
  getSnapshot: () => store.getSnapshot().chassis[index]!.snapshot,
  subscribe: store.subscribe,
});

const ignore = () => undefined;

export function FleetApp({ store, canSkip, onCommand, consoles, display = FULL_DISPLAY }: FleetAppProps) {
  const fleet = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { size, read } = useScreenSize();
  const now = useFleetClock(fleet);
  const [local, setLocal] = useState<FleetLocalState>(initialFleetLocalState);
  const localRef = useRef(local);
  localRef.current = local;
  const fleetRef = useRef(fleet);
  fleetRef.current = fleet;
  const openedConsole = useRef<ConsoleBuffer | undefined>(undefined);
  useEffect(() => () => consoles.close(), [consoles]);

  const update = (state: FleetLocalState, commands: readonly FleetKeyCommand[] = []) => {
    if (state.opened !== localRef.current.opened) {
      consoles.close();
      openedConsole.current = state.opened === undefined ? undefined : consoles.open(state.opened, { cols: read().columns, rows: 10 });
    }
    localRef.current = state;
    setLocal(state);
    for (const command of commands) onCommand(command);
  };

  useRawKeys((data) => {
    // The opened chassis' console takes the keys (its own listener) until it hands back.
    if (localRef.current.opened !== undefined) return;
    for (const key of splitKeys(data)) {
      // Keys after the Enter were typed before the chassis was shown: they are not its console's.
      if (localRef.current.opened !== undefined) return;
      const shown = fleetRef.current;
      const sizeNow = read();
      const pending = shown.chassis.map((view) => view.snapshot.pendingConfirmation);
      const dialog = openDialog(localRef.current, { pending });
      const confirmation = dialog && dialogConfirmation(dialog, pending);
      const shape = confirmation ? fleetDialogShape(sizeNow, confirmation) : undefined;
      const result = interpretFleetKey(localRef.current, key, {
        rows: shown.chassis.length,
        pending,
        running: shown.chassis.map((view) => rowState(view) === 'running' || rowState(view) === 'waiting'),
        canSkip,
        batchAt: (index) => batchConfirmation(shown, index),
        screenFits: fitsScreen(sizeNow),
        dialogMaxTop: shape?.maxTop,
        dialogPageRows: shape?.pageRows ?? 1,
        finished: shown.finished,
        canaryWaiting: shown.canaryWait !== undefined,
      });
      update(result.state, result.commands);
    }
  });

  const opened = local.opened;
  const openedSource = useMemo(() => (opened === undefined ? undefined : chassisSource(store, opened)), [store, opened]);
  if (opened !== undefined && openedSource && openedConsole.current) {
    const pendingSince = (step: string) => {
      const pending = fleetRef.current.chassis[opened]?.snapshot.pendingConfirmation;
      return pending?.step === step ? pending.since : undefined;
    };
    const answer = (kind: 'confirm' | 'skip', step: string) => {
      const since = pendingSince(step);
      if (since !== undefined) onCommand({ kind, index: opened, since });
    };
    const back = (askStop: boolean) => {
      const result = backFromChassis(localRef.current, askStop, { finished: fleetRef.current.finished });
      update(result.state, result.commands);
    };
    return (
      <App
        store={openedSource}
        console={openedConsole.current}
        canSkip={() => canSkip(opened)}
        onConfirm={(step) => answer('confirm', step)}
        onSkip={(step) => answer('skip', step)}
        onAbort={() => {
          // a in the dialog answers it; a then y with nothing waiting stops the chassis, as s does in the fleet view.
          const pending = fleetRef.current.chassis[opened]?.snapshot.pendingConfirmation;
          onCommand(pending ? { kind: 'abort', index: opened, since: pending.since } : { kind: 'stop-chassis', index: opened });
        }}
        onQuit={() => back(true)}
        onConsoleInput={ignore}
        onBackToFleet={back}
        display={display}
      />
    );
  }

  return <FleetView fleet={fleet} local={local} size={size} now={now} canSkip={canSkip} display={display} />;
}
