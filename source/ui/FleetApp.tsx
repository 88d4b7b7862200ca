// The fleet view with its keys: draws the store's published state (at most 10 frames/s), keeps the selection, the open
// dialog and the help as local state, and hands what a key asks for (confirm, stop, pause, quit) to its caller.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useRawKeys, useScreenSize } from './App.js';
import { FleetView } from './components/FleetView.js';
import type { Display } from './display.js';
import { FULL_DISPLAY } from './display.js';
import { dialogConfirmation, initialFleetLocalState, interpretFleetKey, openDialog, type FleetKeyCommand, type FleetLocalState } from './fleet/fleetKeys.js';
import { fitsScreen } from './layout.js';
import { fleetDialogShape } from './fleet/fleetLayout.js';
import { batchConfirmation, msUntilFleetChanges, rowState, type FleetSnapshot } from './fleet/fleetSnapshot.js';
import type { FleetStore } from './fleet/fleetStore.js';
import { splitKeys } from './keys.js';

export interface FleetAppProps {
  store: FleetStore;
  canSkip: (index: number) => boolean;
  onCommand: (command: FleetKeyCommand) => void;
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

export function FleetApp({ store, canSkip, onCommand, display = FULL_DISPLAY }: FleetAppProps) {
  const fleet = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { size, read } = useScreenSize();
  const now = useFleetClock(fleet);
  const [local, setLocal] = useState<FleetLocalState>(initialFleetLocalState);
  const localRef = useRef(local);
  localRef.current = local;
  const fleetRef = useRef(fleet);
  fleetRef.current = fleet;

  useRawKeys((data) => {
    for (const key of splitKeys(data)) {
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
      localRef.current = result.state;
      setLocal(result.state);
      for (const command of result.commands) onCommand(command);
    }
  });

  return <FleetView fleet={fleet} local={local} size={size} now={now} canSkip={canSkip} display={display} />;
}
