import { SCHEMA_VERSION, type EngineEvent, type EngineEventBody, type EventSink } from './events.js';

/**
 * Stamps each event with the time and hands it to every sink (journal, printer, UI). `run-end` is the last event of a
 * run: what arrives after it (a serial console that gives up connecting while the run closes) reaches no sink, so the
 * journal is never written after it is closed and a JSON stream always ends with its run-end.
 */
export function createEmitter(sinks: EventSink[], now: () => Date = () => new Date()): (body: EngineEventBody) => void {
  let ended = false;
  return (body) => {
    if (ended) return;
    ended = body.type === 'run-end';
    const event = { schema: SCHEMA_VERSION, ...body, at: now().toISOString() } as EngineEvent;
    for (const sink of sinks) sink(event);
  };
}
