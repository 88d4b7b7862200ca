// Interrupt the upgrade at every destructive step — process killed, link cut — then rerun the same command:
// it must finish from what the chassis shows, no destructive command may ever be sent twice, and every run tells its
// steps as sequential start/end pairs (those an earlier run did as done when observed).
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy.js';
import { expectStepPairs } from '../support/stepPairs.js';
import { runningOn, startRig, type Rig } from '../support/simulatedUpgrade.js';

let rig: Rig | undefined;
let proxy: FaultProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await rig?.close();
  rig = proxy = undefined;
});

const STEPS = ['install-first-backup', 'reboot-first-backup', 'failover', 'install-second-backup', 'reboot-second-backup'] as const;

const isCommandOf = (step: string) => (event: EngineEvent) => event.type === 'command' && event.step === step;

/** Reboots and failovers that really happened, read off the simulated chassis: MSM-B rebooted once, MSM-A twice
 * (at the failover, as the old master, and for its own upgrade). A command re-sent because the first never took
 * effect is fine; a second effect is not. */
function expectEachEffectOnce(rig: Rig) {
  const downs = (slot: 'A' | 'B') => rig.sim.chassis.stateHistory.filter((c) => c.slot === slot && c.state === 'DOWN').length;
  expect({ A: downs('A'), B: downs('B') }).toEqual({ A: 2, B: 1 });
  expect(rig.sim.chassis.master()?.slot).toBe('B');
  expect(runningOn(rig.sim, 'A')).toBe('15.3.5.2-patch1-5');
  expect(runningOn(rig.sim, 'B')).toBe('15.3.5.2-patch1-5');
  expect(rig.sim.outages).toEqual([]);
}

/** Reruns the same command until it finishes, as an operator would; a stop must be the safe exit 4. */
async function rerunUntilDone(rig: Rig, extra: string[] = []) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const run = await rig.upgrade(extra);
    expectStepPairs(run.events, `rerun ${attempt + 1}`);
    if (run.code === 0) return run;
    expect(run.code, run.stderr).toBe(4);
  }
  throw new Error('the upgrade did not finish in three reruns');
}

describe('resuming after an interruption', () => {
  for (const step of STEPS) {
    it(`process killed (SIGKILL) as "${step}" is sent: the rerun finishes without repeating it`, async () => {
      rig = await startRig('happy');
      const first = await rig.upgrade([], {
        onEvent: (event, child) => {
          if (isCommandOf(step)(event)) child.kill('SIGKILL');
        },
      });
      expect(first.signal).toBe('SIGKILL');
      await rerunUntilDone(rig);
      expectEachEffectOnce(rig);
    }, 60_000);

    it(`link cut as "${step}" is sent: hitless reconnects, and finishes or stops safely; a rerun finishes`, async () => {
      rig = await startRig('happy');
      proxy = await startFaultProxy(rig.sim.port);
      const cutAt = proxy;
      const viaProxy = ['--port', String(proxy.port)];
      let cut = false;
      const run = await rig.upgrade(viaProxy, {
        onEvent: (event) => {
          if (cut || !isCommandOf(step)(event)) return;
          cut = true;
          setTimeout(() => cutAt.cut(), 5);
        },
      });
      expect(run.events.some((e) => e.type === 'disconnected')).toBe(true);
      expectStepPairs(run.events, 'the run whose link was cut');
      if (run.code !== 0) {
        expect(run.code, run.stderr).toBe(4);
        await rerunUntilDone(rig, viaProxy);
      }
      expectEachEffectOnce(rig);
    }, 60_000);
  }
});
