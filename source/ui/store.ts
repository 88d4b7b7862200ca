// A minimal external store over reduceEvent, shaped for React's useSyncExternalStore.
import type { ImageVersion } from '../exos/chassisState.js';
import type { EngineEvent } from '../engine/events.js';
import { initialSnapshot, reduceEvent, type UiOptions, type UiSnapshot } from './snapshot.js';

export interface UiSource {
  getSnapshot(): UiSnapshot;
  subscribe(listener: () => void): () => void;
}

export interface UiStore extends UiSource {
  dispatch(event: EngineEvent): void;
}

export function createUiStore(target: string, targetVersion?: ImageVersion, options: UiOptions = {}): UiStore {
  let snapshot = initialSnapshot(target, targetVersion, options);
  const listeners = new Set<() => void>();
  return {
    dispatch(event) {
      const next = reduceEvent(snapshot, event);
      if (next === snapshot) return;
      snapshot = next;
      for (const listener of listeners) listener();
    },
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
