// The fleet view's store: every action is folded at once, but listeners hear of changes at most ten times a second
// however many chassis report, so the view draws at most 10 frames/s.
import { reduceFleet, type FleetAction, type FleetSnapshot } from './fleetSnapshot.js';

export const FLEET_FRAME_MS = 100;

export interface FleetStore {
  dispatch(action: FleetAction): void;
  /** The latest state, folded from every action so far. */
  current(): FleetSnapshot;
  /** The state last published to the listeners: what the screen draws and the keys act on. */
  getSnapshot(): FleetSnapshot;
  subscribe(listener: () => void): () => void;
  /** Publishes the latest state now, not at the next frame: the last frame before the view closes. */
  flush(): void;
}

export function createFleetStore(initial: FleetSnapshot, frameMs = FLEET_FRAME_MS): FleetStore {
  let latest = initial;
  let published = initial;
  let timer: NodeJS.Timeout | undefined;
  let lastPublishedAt = 0;
  const listeners = new Set<() => void>();
  const publish = () => {
    timer = undefined;
    lastPublishedAt = Date.now();
    published = latest;
    for (const listener of listeners) listener();
  };
  return {
    dispatch(action) {
      const next = reduceFleet(latest, action);
      if (next === latest) return;
      latest = next;
      if (timer) return;
      const wait = lastPublishedAt + frameMs - Date.now();
      if (wait <= 0) publish();
      else timer = setTimeout(publish, wait);
    },
    current: () => latest,
    flush() {
      if (published === latest) return;
      clearTimeout(timer);
      publish();
    },
    getSnapshot: () => published,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
