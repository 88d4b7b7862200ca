import { describe, expect, it } from 'vitest';
import { createEmitter } from '../../source/engine/emitter.js';
import type { EngineEvent } from '../../source/engine/events.js';

describe('createEmitter', () => {
  it('stamps schema and time, and hands nothing on after run-end (a console warning while the run closes)', () => {
    const seen: EngineEvent[] = [];
    const emit = createEmitter([(event) => seen.push(event)], () => new Date('2026-12-02T08:00:00.000Z'));
    emit({ type: 'warning', message: 'before' });
    emit({ type: 'run-end', exitCode: 2, summary: 'bad input', outcome: 'bad-input', changed: false, steps: [], warnings: [] } as never);
    emit({ type: 'warning', message: "MSM-B's console not reachable" });
    expect(seen.map((event) => event.type)).toEqual(['warning', 'run-end']);
    expect(seen[0]).toMatchObject({ schema: 'hitless/1', at: '2026-12-02T08:00:00.000Z', message: 'before' });
  });
});
