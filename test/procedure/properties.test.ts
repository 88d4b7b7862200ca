// Properties over random chassis states: whatever the chassis shows, decide() never asks for something unsafe.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MsmSlot, ObservedChassis, Partition } from '../../source/exos/chassisState.js';
import { backupOf, masterOf, msmInSlot } from '../../source/exos/chassisView.js';
import { decide } from '../../source/procedure/decide.js';
import { predictEffect } from '../../source/procedure/predict.js';
import { checkBeforeSending, isDestructive } from '../../source/procedure/safety.js';
import type { Action, UpgradeTarget } from '../../source/procedure/types.js';
import { chassis, coreImage, FACTS, IN_SYNC, MASTER, NEW, NEW_PATCH, NOT_IN_SYNC, OLD, row, target, xmodImage, type MsmSpec } from './fixtures.js';

const VERSIONS = [OLD, NEW, NEW_PATCH, '12.6.1.1'];
const STATES = [MASTER, IN_SYNC, NOT_IN_SYNC, 'INIT', 'DOWN', 'FAIL', 'STANDBY', ''];
const partition = fc.constantFrom<Partition>('primary', 'secondary');

const msmSpec = (state: fc.Arbitrary<string>): fc.Arbitrary<MsmSpec> =>
  fc.record(
    {
      state,
      booted: partition,
      selected: partition,
      primary: fc.constantFrom(...VERSIONS),
      secondary: fc.constantFrom(...VERSIONS),
      local: fc.boolean(),
    },
    { requiredKeys: ['state'] },
  );

/** Mostly a master plus a backup (where the procedure acts), sometimes anything at all, sometimes one MSM missing. */
const statePair: fc.Arbitrary<[string, string]> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constant(MASTER), fc.constantFrom(IN_SYNC, IN_SYNC, NOT_IN_SYNC)).chain((pair) => fc.constantFrom(pair, [pair[1], pair[0]] as [string, string])) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...STATES), fc.constantFrom(...STATES)) },
);

const ALL_ROWS = (['A', 'B'] as const).flatMap((slot) =>
  (['primary', 'secondary'] as const).flatMap((p) =>
    [coreImage(NEW), coreImage(NEW_PATCH), coreImage(OLD), xmodImage(NEW, 'ssh'), xmodImage(NEW_PATCH, 'ssh')].map((image) => row(slot, p, image)),
  ),
);

const observed: fc.Arbitrary<ObservedChassis> = fc
  .record({
    states: statePair,
    A: msmSpec(fc.constant('')),
    B: msmSpec(fc.constant('')),
    missing: fc.constantFrom<MsmSlot | undefined>(undefined, undefined, undefined, undefined, 'A', 'B'),
    images: fc.option(fc.subarray(ALL_ROWS), { nil: undefined, freq: 4 }),
  })
  .map(({ states: [stateA, stateB], A, B, missing, images }) =>
    chassis({ ...(missing !== 'A' && { A: { ...A, state: stateA } }), ...(missing !== 'B' && { B: { ...B, state: stateB } }) }, images),
  );

const upgradeTarget: fc.Arbitrary<UpgradeTarget> = fc
  .record({
    core: fc.constantFrom(NEW, NEW_PATCH),
    xmods: fc.constantFrom<'none' | 'ssh' | 'mismatched'>('none', 'none', 'ssh', 'ssh', 'mismatched'),
    failback: fc.boolean(),
    originalMaster: fc.constantFrom<MsmSlot | undefined>('A', 'B', undefined),
    forceFailover: fc.boolean(),
    allowIoReset: fc.boolean(),
  })
  .map(({ core, xmods, originalMaster, ...flags }) =>
    target(core, {
      ...flags,
      ...(originalMaster && { originalMaster }),
      xmods: xmods === 'none' ? [] : xmods === 'ssh' ? ['ssh'] : [xmodImage(OLD, 'ssh')],
    }),
  );

/** The reason an action is unsafe on this chassis, or undefined. Written independently of safety.ts. */
function unsafe(action: Action, state: ObservedChassis): string | undefined {
  const { show } = state;
  switch (action.kind) {
    case 'reboot-backup': {
      const node = msmInSlot(show, action.slot);
      if (node?.role !== 'backup') return `reboot of ${action.slot}, which is ${node?.stateText}`;
      return action.command === `reboot msm ${action.slot}` ? undefined : `reboot command "${action.command}"`;
    }
    case 'download': {
      const node = msmInSlot(show, action.slot);
      if (node?.role !== 'backup') return `download to ${action.slot}, which is ${node?.stateText}`;
      if (!node.booted || node.booted === action.partition) return `download to the booted partition ${action.partition}`;
      return action.command.endsWith(` ${action.partition} msm ${action.slot}`) ? undefined : `download command "${action.command}"`;
    }
    case 'failover': {
      const master = masterOf(show);
      const backup = backupOf(show);
      if (master?.slot !== action.fromSlot || backup?.slot !== action.toSlot) return 'failover between the wrong MSMs';
      return backup.inSync ? undefined : 'failover to a backup that is not in sync';
    }
    default:
      return undefined;
  }
}

const key = (action: Action) => JSON.stringify({ ...action, step: undefined });

describe('decide() on any chassis state', () => {
  it('never reboots the master, never writes to the master or a booted partition, never fails over to an unsynced backup', () => {
    fc.assert(
      fc.property(observed, upgradeTarget, (state, t) => {
        const { action } = decide(state, t, FACTS);
        expect(unsafe(action, state)).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });

  it('only proposes commands that pass the safety checks on the same state', () => {
    fc.assert(
      fc.property(observed, upgradeTarget, (state, t) => {
        const { action } = decide(state, t, FACTS);
        if (isDestructive(action)) expect(checkBeforeSending(action, state, t)).toEqual({ ok: true });
      }),
      { numRuns: 2000 },
    );
  });

  it('never proposes the same command again once its effect is visible', () => {
    fc.assert(
      fc.property(observed, upgradeTarget, (state, t) => {
        const { action } = decide(state, t, FACTS);
        if (!isDestructive(action)) return;
        const after = decide(predictEffect(action, state, t), t, FACTS).action;
        expect(key(after)).not.toBe(key(action));
      }),
      { numRuns: 2000 },
    );
  });

  it('changes nothing while the .xmod list does not match the core', () => {
    fc.assert(
      fc.property(observed, upgradeTarget, (state, t) => {
        fc.pre(t.xmods.some((x) => x.version.version !== t.core.version.version));
        expect(isDestructive(decide(state, t, FACTS).action)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('gives a checklist with exactly one running or failed step, or all done at the end', () => {
    fc.assert(
      fc.property(observed, upgradeTarget, (state, t) => {
        const { action, checklist } = decide(state, t, FACTS);
        const active = Object.values(checklist).filter((s) => s === 'running' || s === 'failed');
        expect(active).toHaveLength(action.kind === 'done' ? 0 : 1);
        expect(checklist[action.step]).toBe(action.kind === 'done' ? 'done' : action.kind === 'stop' ? 'failed' : 'running');
      }),
      { numRuns: 1000 },
    );
  });
});
