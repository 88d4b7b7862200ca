// The step timeline of a headless run, as a caller of --json sees it: every step once, in checklist order, one at a
// time (also the sync steps done at their first look, and a failback not asked for), every wait booked to the step
// the checklist shows, and the run-end timings adding up to no more than the run's length.
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { STEP_IDS, type StepId } from '../../source/procedure/types.js';
import { runCli } from '../support/runCli.js';
import { expectStepPairs } from '../support/stepPairs.js';
import { CLI_TEST_TIMEOUT_MS } from './cliRig.js';

const IMAGE = '10.0.0.5:bd8800-15.3.5.2-patch1-5.xos';

/** The step open at each event. */
function openStepsAlong(events: EngineEvent[]): (StepId | undefined)[] {
  let open: StepId | undefined;
  return events.map((event) => {
    if (event.type === 'step-start') open = event.step;
    if (event.type === 'step-end') open = undefined;
    return open;
  });
}

async function upgrade(speed: string): Promise<EngineEvent[]> {
  const run = await runCli(['upgrade', '--simulate', 'happy', '--speed', speed, '--image', IMAGE, '--headless', '--yes', '--json', '--poll', '0.05']);
  expect(run.code, run.stderr).toBe(0);
  return run.events;
}

const ALL_DONE = STEP_IDS.map((step) => `${step}:${step === 'failback' ? 'skipped' : 'done'}`);

describe.concurrent('the step timeline of a headless upgrade', () => {
  it('--speed 0: every step once, in checklist order, one at a time, the sync steps too; timings add up to at most the run', async () => {
    const events = await upgrade('0');
    expect(expectStepPairs(events, '--speed 0')).toEqual(ALL_DONE);
  }, CLI_TEST_TIMEOUT_MS);

  it('with real waits: each wait runs inside the step its decision names, each confirmation inside its step, and the sync steps take the waiting time', async () => {
    const events = await upgrade('0.02');
    expectStepPairs(events, '--speed 0.02');
    const open = openStepsAlong(events);
    let waitingIn: StepId | undefined;
    events.forEach((event, i) => {
      if (event.type === 'decision') waitingIn = event.action.kind === 'wait' ? event.action.step : undefined;
      if (event.type === 'progress' && waitingIn) expect(open[i], `waiting for "${event.activity}"`).toBe(waitingIn);
      if (event.type === 'confirm-request') expect(open[i], `confirming "${event.command}"`).toBe(event.step);
    });
    const waits = events.flatMap((event) => (event.type === 'decision' && event.action.kind === 'wait' ? [event.action.step] : []));
    expect(waits).toEqual(expect.arrayContaining(['sync-first-backup', 'sync-second-backup']));
    const runEnd = events.at(-1);
    const syncFirst = runEnd?.type === 'run-end' ? runEnd.steps?.find((step) => step.step === 'sync-first-backup') : undefined;
    expect(syncFirst?.durationMs).toBeGreaterThan(0);
  }, CLI_TEST_TIMEOUT_MS);

  it('a rollback with real waits: the old master coming back after the failover is the reconnect, not the second reboot', async () => {
    // Both partitions hold the release rolled back to, so "holds the target" cannot tell the two apart; what it boots can.
    const run = await runCli(['rollback', '--simulate', 'happy', '--to-version', '12.6.3.3', '--speed', '0.02', '--headless', '--yes', '--json', '--poll', '0.05']);
    expect(run.code, run.stderr).toBe(0);
    expect(expectStepPairs(run.events, 'rollback --speed 0.02')).toEqual(ALL_DONE);
    // Whatever the old master shows at the first look after the failover (not back yet, back, In Sync), every wait until
    // the second backup's command belongs to the reconnect: how far it got depends on how long the reconnect took.
    const commands = run.events.flatMap((event, i) => (event.type === 'command' ? [{ i, command: event.command }] : []));
    const failover = commands.find(({ command }) => command === 'run msm-failover')!.i;
    const next = commands.find(({ i }) => i > failover)!;
    expect(next.command).toBe('use image partition secondary msm A');
    const waitsBetween = run.events.slice(failover, next.i).flatMap((event) => (event.type === 'decision' && event.action.kind === 'wait' ? [event.action.step] : []));
    expect(new Set(waitsBetween)).toEqual(new Set(waitsBetween.length ? ['reconnect-new-master'] : []));
  }, CLI_TEST_TIMEOUT_MS);
});
