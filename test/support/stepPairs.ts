// What README promises of the steps of any run: step-start and step-end in sequential pairs (a start only when no
// step is open, an end only of the open step, nothing left open at run-end), in checklist order, each step once,
// a step again only as a new attempt after a failed one, and the run-end `steps` telling the same story, its durations adding up to at most the run's length.
import { expect } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { STEP_IDS, type StepId } from '../../source/procedure/types.js';

/** The run's steps as "step:outcome", read from its start/end pairs, after checking the pairs and the run-end. */
export function expectStepPairs(events: readonly unknown[], where = ''): string[] {
  const typed = events as EngineEvent[];
  let open: StepId | undefined;
  const pairs: string[] = [];
  for (const event of typed) {
    if (event.type === 'step-start') {
      expect(open, `${where}: step-start ${event.step} while ${open} is open`).toBeUndefined();
      open = event.step;
    }
    if (event.type === 'step-end') {
      expect(event.step, `${where}: step-end ${event.step} while ${open ?? 'no step'} is open`).toBe(open);
      pairs.push(`${event.step}:${event.outcome}`);
      open = undefined;
    }
  }
  expect(open, `${where}: ${open} is still open at run-end`).toBeUndefined();
  // In checklist order, each step once: again only right after an attempt of it that failed (a new attempt).
  pairs.slice(1).forEach((pair, i) => {
    const [previous, previousOutcome] = pairs[i]!.split(':') as [StepId, string];
    const step = pair.split(':')[0] as StepId;
    const again = step === previous && previousOutcome === 'failed';
    expect(again || STEP_IDS.indexOf(step) > STEP_IDS.indexOf(previous), `${where}: ${step} after ${pairs[i]}`).toBe(true);
  });

  const start = typed.find((event) => event.type === 'run-start');
  const end = typed.at(-1);
  if (end?.type !== 'run-end' || !start) throw new Error(`${where}: no run-start or no run-end last`);
  const timings = end.steps ?? [];
  expect(timings.map((timing) => `${timing.step}:${timing.outcome}`), `${where}: run-end steps`).toEqual(pairs);
  const ms = (iso: string) => Date.parse(iso);
  for (const [previous, next] of timings.slice(0, -1).map((timing, i) => [timing, timings[i + 1]!] as const)) {
    expect(ms(previous.endedAt!), `${where}: ${previous.step} ends before ${next.step} starts`).toBeLessThanOrEqual(ms(next.startedAt));
  }
  for (const timing of timings) expect(ms(timing.endedAt!) - ms(timing.startedAt)).toBe(timing.durationMs);
  const total = timings.reduce((sum, timing) => sum + timing.durationMs!, 0);
  expect(total, `${where}: the durations add up to at most the run`).toBeLessThanOrEqual(ms(end.at) - ms(start.at));
  return pairs;
}
