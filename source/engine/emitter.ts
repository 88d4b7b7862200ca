import { SCHEMA_VERSION, type EngineEvent, type EngineEventBody, type EventSink } from './events.js';

/** Stamps each event with the time and hands it to every sink (journal, printer, UI). */
export function createEmitter(sinks: EventSink[], now: () => Date = () => new Date()): (body: EngineEventBody) => void {
  return (body) => {
    const event = { schema: SCHEMA_VERSION, ...body, at: now().toISOString() } as EngineEvent;
    for (const sink of sinks) sink(event);
  };
}
