// Scheduling of a fleet with stand-in upgrades whose ends the test controls: concurrency limit, stop vs continue,
// and the worst exit code.
import { describe, expect, it } from 'vitest';
import { EXIT, writeStop, type ExitCode } from '../../source/errors.js';
import { parseFleetFile, type FleetChassis, type OnFailure } from '../../source/fleet/fleetFile.js';
import { runFleet, worstExitCode, type ChassisOutcome, type ChassisResult } from '../../source/fleet/runFleet.js';

function plan(names: string[], concurrency: number, onFailure: OnFailure) {
  const chassis = names.map((name) => ({ name, simulate: 'happy' }));
  return parseFleetFile('/tmp/fleet.json', JSON.stringify({ concurrency, onFailure, chassis }));
}

/** Stand-in upgrades that stay running until the test ends them (or, if told so, until the fleet asks them to stop). */
class Upgrades {
  readonly started: string[] = [];
  readonly finishedOrder: string[] = [];
  running = 0;
  maxRunning = 0;
  private readonly pending = new Map<string, { end(outcome: ChassisOutcome | Error): void; signal: AbortSignal }>();

  upgrade = (chassis: FleetChassis, signal: AbortSignal): Promise<ChassisOutcome> => {
    this.started.push(chassis.name);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    return new Promise((resolve, reject) => {
      this.pending.set(chassis.name, {
        signal,
        end: (outcome) => {
          this.running--;
          this.pending.delete(chassis.name);
          if (outcome instanceof Error) reject(outcome);
          else resolve(outcome);
        },
      });
    });
  };

  onResult = (result: ChassisResult) => {
    this.finishedOrder.push(result.chassis.name);
  };

  end(name: string, exitCode: ExitCode, detail = 'x', stopped = false): Promise<void> {
    this.pending.get(name)!.end({ exitCode, detail, stopped });
    return settle();
  }

  fail(name: string, error: Error): Promise<void> {
    this.pending.get(name)!.end(error);
    return settle();
  }

  signalOf(name: string): AbortSignal {
    return this.pending.get(name)!.signal;
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function rollout(names: string[], concurrency: number, settings: { canary?: number; maxFailures?: number; onFailure?: OnFailure }) {
  const chassis = names.map((name) => ({ name, simulate: 'happy' }));
  return parseFleetFile('/tmp/fleet.json', JSON.stringify({ concurrency, ...settings, chassis }));
}

describe('runFleet rollout', () => {
  it('canary: the rest wait for every canary to end exit 0 and for afterCanary, even with room to run', async () => {
    const upgrades = new Upgrades();
    let goOn: () => void = () => {};
    const seen: string[][] = [];
    const done = runFleet(rollout(['a', 'b', 'c', 'd'], 4, { canary: 2 }), {
      upgrade: upgrades.upgrade,
      afterCanary: (canaries) => {
        seen.push(canaries.map((r) => r.chassis.name));
        return new Promise((resolve) => (goOn = resolve));
      },
    });
    await settle();
    expect(upgrades.started).toEqual(['a', 'b']);
    await upgrades.end('a', EXIT.ok);
    expect(seen).toEqual([]);
    await upgrades.end('b', EXIT.ok);
    expect(seen).toEqual([['a', 'b']]);
    expect(upgrades.started).toEqual(['a', 'b']);
    goOn();
    await settle();
    expect(upgrades.started).toEqual(['a', 'b', 'c', 'd']);
    await upgrades.end('c', EXIT.ok);
    await upgrades.end('d', EXIT.ok);
    expect((await done).exitCode).toBe(EXIT.ok);
  });

  it('a pause keyed while the rest wait for the canary holds them after the canary passes', async () => {
    const upgrades = new Upgrades();
    let paused: Promise<void> = Promise.resolve();
    let resume: () => void = () => {};
    const done = runFleet(rollout(['a', 'b', 'c'], 3, { canary: 1 }), { upgrade: upgrades.upgrade, mayStart: () => paused });
    await settle();
    expect(upgrades.started).toEqual(['a']);
    paused = new Promise((resolve) => (resume = resolve));
    await upgrades.end('a', EXIT.ok);
    expect(upgrades.started).toEqual(['a']);
    resume();
    await settle();
    expect(upgrades.started).toEqual(['a', 'b', 'c']);
    await upgrades.end('b', EXIT.ok);
    await upgrades.end('c', EXIT.ok);
    expect((await done).exitCode).toBe(EXIT.ok);
  });

  it('a canary stopped by the operator (exit 4) starts nothing more, without asking, even with onFailure continue', async () => {
    const upgrades = new Upgrades();
    let asked = false;
    const done = runFleet(rollout(['a', 'b', 'c'], 2, { canary: 1, onFailure: 'continue' }), {
      upgrade: upgrades.upgrade,
      afterCanary: async () => void (asked = true),
    });
    await settle();
    await upgrades.end('a', EXIT.stoppedSafe, 'stopped by the operator', true);
    const result = await done;
    expect(asked).toBe(false);
    expect(upgrades.started).toEqual(['a']);
    expect(result.exitCode).toBe(EXIT.stoppedSafe);
    expect(result.results[1]).toMatchObject({ state: 'not started', detail: 'not started because canary a ended exit 4' });
  });

  it('max failures: the running upgrades go on to their end, nothing new starts', async () => {
    const upgrades = new Upgrades();
    const done = runFleet(rollout(['a', 'b', 'c', 'd'], 2, { maxFailures: 1 }), { upgrade: upgrades.upgrade });
    await settle();
    await upgrades.end('a', EXIT.precondition);
    expect(upgrades.signalOf('b').aborted).toBe(false);
    expect(upgrades.started).toEqual(['a', 'b']);
    await upgrades.end('b', EXIT.ok);
    const result = await done;
    expect(result.results.map((r) => r.state)).toEqual(['failed', 'done', 'not started', 'not started']);
    expect(result.results[2]!.detail).toBe('not started because 1 chassis failed (max-failures 1)');
  });
});

describe('runFleet', () => {
  it('never runs more than `concurrency` upgrades at once and reports each as it finishes', async () => {
    const upgrades = new Upgrades();
    const run = runFleet(plan(['a', 'b', 'c', 'd', 'e'], 2, 'stop'), upgrades);
    await settle();
    expect(upgrades.started).toEqual(['a', 'b']);
    await upgrades.end('b', EXIT.ok);
    expect(upgrades.started).toEqual(['a', 'b', 'c']);
    await upgrades.end('a', EXIT.ok);
    await upgrades.end('d', EXIT.ok);
    await upgrades.end('c', EXIT.ok);
    await upgrades.end('e', EXIT.ok);
    const result = await run;
    expect(upgrades.maxRunning).toBe(2);
    expect(upgrades.finishedOrder).toEqual(['b', 'a', 'd', 'c', 'e']);
    expect(result.exitCode).toBe(EXIT.ok);
    expect(result.results.map((r) => [r.chassis.name, r.state, r.exitCode])).toEqual([
      ['a', 'done', 0],
      ['b', 'done', 0],
      ['c', 'done', 0],
      ['d', 'done', 0],
      ['e', 'done', 0],
    ]);
  });

  it('stop: after the first failure starts nothing new and asks the running upgrades to stop safely', async () => {
    const upgrades = new Upgrades();
    const run = runFleet(plan(['a', 'b', 'c', 'd'], 2, 'stop'), upgrades);
    await settle();
    expect(upgrades.signalOf('b').aborted).toBe(false);
    await upgrades.end('a', EXIT.precondition, 'download to MSM-B failed');
    expect(upgrades.signalOf('b').aborted).toBe(true);
    await upgrades.end('b', EXIT.stoppedSafe, 'stopped by the operator', true);
    const result = await run;
    expect(upgrades.started).toEqual(['a', 'b']);
    expect(result.results.map((r) => [r.chassis.name, r.state, r.exitCode])).toEqual([
      ['a', 'failed', 3],
      ['b', 'stopped', 4],
      ['c', 'not started', undefined],
      ['d', 'not started', undefined],
    ]);
    expect(result.results[1]!.detail).toBe('stopped because a failed: stopped by the operator');
    expect(result.results[2]!.detail).toBe('not started because a failed');
    expect(result.exitCode).toBe(EXIT.stoppedSafe);
  });

  it('stop: a chassis that fails on its own after the stop is still reported as failed', async () => {
    const upgrades = new Upgrades();
    const run = runFleet(plan(['a', 'b'], 2, 'stop'), upgrades);
    await settle();
    await upgrades.end('a', EXIT.precondition);
    await upgrades.end('b', EXIT.usage, 'authentication refused');
    expect((await run).results.map((r) => r.state)).toEqual(['failed', 'failed']);
  });

  it('continue: runs every chassis whatever fails, and exits with the worst code', async () => {
    const upgrades = new Upgrades();
    const run = runFleet(plan(['a', 'b', 'c'], 1, 'continue'), upgrades);
    await settle();
    await upgrades.end('a', EXIT.precondition);
    expect(upgrades.signalOf('b').aborted).toBe(false);
    await upgrades.end('b', EXIT.ok);
    await upgrades.end('c', EXIT.usage);
    const result = await run;
    expect(result.results.map((r) => r.state)).toEqual(['failed', 'done', 'failed']);
    expect(result.exitCode).toBe(EXIT.precondition);
  });

  it("the operator's stop: nothing new starts and the running upgrades are asked to stop, whatever onFailure says", async () => {
    const upgrades = new Upgrades();
    const operator = new AbortController();
    const run = runFleet(plan(['a', 'b', 'c'], 2, 'continue'), { ...upgrades, signal: operator.signal });
    await settle();
    operator.abort();
    expect(upgrades.signalOf('a').aborted).toBe(true);
    await upgrades.end('a', EXIT.stoppedSafe, 'stopped by the operator', true);
    await upgrades.end('b', EXIT.ok);
    const result = await run;
    expect(upgrades.started).toEqual(['a', 'b']);
    expect(result.results.map((r) => [r.chassis.name, r.state, r.detail])).toEqual([
      ['a', 'stopped', 'stopped because the operator stopped the fleet: stopped by the operator'],
      ['b', 'done', 'x'],
      ['c', 'not started', 'not started because the operator stopped the fleet'],
    ]);
    expect(result.exitCode).toBe(EXIT.stoppedSafe);
  });

  it("a stop of hitless's own (a file it cannot write) is named as the fleet's stop reason, not the operator", async () => {
    const upgrades = new Upgrades();
    const stop = new AbortController();
    const run = runFleet(plan(['a', 'b'], 1, 'continue'), { ...upgrades, signal: stop.signal });
    await settle();
    stop.abort(writeStop('recording', '/tmp/fleet.cast', Object.assign(new Error('no space'), { code: 'ENOSPC' })));
    await upgrades.end('a', EXIT.stoppedSafe, 'stopped at a safe point', true);
    const result = await run;
    expect(result.stopReason).toMatch(/^cannot write the recording \/tmp\/fleet\.cast: /);
    expect(result.results[1]).toMatchObject({ state: 'not started', detail: expect.stringMatching(/^not started because cannot write the recording/) });
  });

  it('a crashing upgrade counts as an internal error (exit 1) and does not take the others down', async () => {
    const upgrades = new Upgrades();
    const run = runFleet(plan(['a', 'b'], 2, 'continue'), upgrades);
    await settle();
    await upgrades.fail('a', new Error('boom'));
    await upgrades.end('b', EXIT.stoppedSafe);
    const result = await run;
    expect(result.results[0]).toMatchObject({ state: 'failed', exitCode: EXIT.internal, detail: 'internal error: boom' });
    expect(result.results[1]).toMatchObject({ state: 'failed', exitCode: EXIT.stoppedSafe });
    expect(result.exitCode).toBe(EXIT.internal);
  });
});

describe('worstExitCode', () => {
  it('ranks internal error first, then the higher code', () => {
    expect(worstExitCode([])).toBe(EXIT.ok);
    expect(worstExitCode([0, 2, 0])).toBe(2);
    expect(worstExitCode([2, 3])).toBe(3);
    expect(worstExitCode([3, 4, 2])).toBe(4);
    expect(worstExitCode([4, 1, 0])).toBe(1);
  });
});

describe('runFleet driven by the fleet view', () => {
  it('stops one chassis on its own signal (stopped, the fleet goes on) and starts nothing while paused', async () => {
    const upgrades = new Upgrades();
    const own = new Map(['a', 'b', 'c'].map((name) => [name, new AbortController()]));
    let resume!: () => void;
    let paused: Promise<void> | undefined;
    const started: string[] = [];
    const done = runFleet(plan(['a', 'b', 'c'], 1, 'stop'), {
      upgrade: upgrades.upgrade,
      chassisSignal: (chassis) => own.get(chassis.name)!.signal,
      mayStart: () => paused ?? Promise.resolve(),
      onStart: (chassis) => started.push(chassis.name),
    });
    await settle();
    expect(started).toEqual(['a']);
    own.get('a')!.abort();
    expect(upgrades.signalOf('a').aborted).toBe(true);
    paused = new Promise((resolve) => (resume = resolve));
    await upgrades.end('a', EXIT.stoppedSafe, 'stopped by the operator before "download image"', true);
    expect(upgrades.started).toEqual(['a']);
    paused = undefined;
    resume();
    await settle();
    expect(upgrades.started).toEqual(['a', 'b']);
    expect(upgrades.signalOf('b').aborted).toBe(false);
    await upgrades.end('b', EXIT.ok);
    // Paused with nothing left to start: the fleet still ends when its last chassis does.
    paused = new Promise(() => undefined);
    await upgrades.end('c', EXIT.ok);
    const result = await done;
    expect(result.results.map((r) => [r.state, r.detail])).toEqual([
      ['stopped', 'stopped by the operator before "download image"'],
      ['done', 'x'],
      ['done', 'x'],
    ]);
    expect(result.exitCode).toBe(EXIT.stoppedSafe);
  });
});
