// The step timeline of a headless run, as a caller of --json sees it: steps in checklist order, one at a time, every
// wait booked to the step the checklist shows, and the run-end timings adding up to no more than the run's length.
import { describe, expect, it } from 'vitest';
import type { EngineEvent, StepTiming } from '../../source/engine/events.js';
import { STEP_IDS, type StepId } from '../../source/procedure/types.js';
import { runCli } from '../support/runCli.js';
import { CLI_TEST_TIMEOUT_MS } from './cliRig.js';

const IMAGE = '10.0.0.5:bd8800-15.3.5.2-patch1-5.xos';
const order = (step: StepId) => STEP_IDS.indexOf(step);
const ms = (iso: string) => Date.parse(iso);

/** Follows step-start/step-end; fails on a start inside an open step or an end of a step that is not open. */
function openStepsAlong(events: EngineEvent[]): (StepId | undefined)[] {
  let open: StepId | undefined;
  return events.map((event) => {
    if (event.type === 'step-start') {
      expect(open, `step-start ${event.step} while ${open} is open`).toBeUndefined();
      open = event.step;
    }
    if (event.type === 'step-end' && !(event.outcome === 'skipped' && open === undefined)) {
      expect(event.step, `step-end ${event.step} while ${open} is open`).toBe(open);
      open = undefined;
    }
    return open;
  });
}

function expectSequentialTimings(events: EngineEvent[]): StepTiming[] {
  const start = events.find((event) => event.type === 'run-start')!;
  const end = events.at(-1)!;
  expect(end.type).toBe('run-end');
  const steps = end.type === 'run-end' ? (end.steps ?? []) : [];
  for (const [previous, next] of steps.slice(0, -1).map((step, i) => [step, steps[i + 1]!] as const)) {
    expect(order(next.step), `${next.step} after ${previous.step}`).toBeGreaterThan(order(previous.step));
    expect(ms(previous.endedAt!), `${previous.step} ends before ${next.step} starts`).toBeLessThanOrEqual(ms(next.startedAt));
  }
  for (const step of steps) expect(ms(step.endedAt!) - ms(step.startedAt)).toBe(step.durationMs);
  const total = steps.reduce((sum, step) => sum + step.durationMs!, 0);
  expect(total).toBeLessThanOrEqual(ms(end.at) - ms(start.at));
  return steps;
}

async function upgrade(speed: string): Promise<EngineEvent[]> {
  const run = await runCli(['upgrade', '--simulate', 'happy', '--speed', speed, '--image', IMAGE, '--headless', '--yes', '--json', '--poll', '0.05']);
  expect(run.code, run.stderr).toBe(0);
  return run.events;
}

describe.concurrent('the step timeline of a headless upgrade', () => {
  it('--speed 0: every step once, in checklist order, one at a time; timings add up to at most the run', async () => {
    const events = await upgrade('0');
    openStepsAlong(events);
    expect(openStepsAlong(events).at(-1)).toBeUndefined();
    const started = events.flatMap((event) => (event.type === 'step-start' ? [event.step] : []));
    expect(started).toEqual([...started].sort((a, b) => order(a) - order(b)));
    expect(new Set(started).size).toBe(started.length);
    const steps = expectSequentialTimings(events);
    expect(steps.map((step) => step.step)).toEqual(expect.arrayContaining(['preflight', 'install-first-backup', 'reboot-first-backup', 'failover', 'reconnect-new-master', 'install-second-backup', 'reboot-second-backup', 'verify']));
    expect(steps.every((step) => step.outcome === 'done')).toBe(true);
  }, CLI_TEST_TIMEOUT_MS);

  it('with real waits: each wait runs inside the step its decision names, and the sync steps take the waiting time', async () => {
    const events = await upgrade('0.02');
    const open = openStepsAlong(events);
    let waitingIn: StepId | undefined;
    events.forEach((event, i) => {
      if (event.type === 'decision') waitingIn = event.action.kind === 'wait' ? event.action.step : undefined;
      if (event.type === 'progress' && waitingIn) expect(open[i], `waiting for "${event.activity}"`).toBe(waitingIn);
    });
    const waits = events.flatMap((event) => (event.type === 'decision' && event.action.kind === 'wait' ? [event.action.step] : []));
    expect(waits).toEqual(expect.arrayContaining(['sync-first-backup', 'sync-second-backup']));
    const steps = expectSequentialTimings(events);
    const syncFirst = steps.find((step) => step.step === 'sync-first-backup');
    expect(syncFirst?.durationMs).toBeGreaterThan(0);
  }, CLI_TEST_TIMEOUT_MS);
});
