// Walk the whole procedure against a chassis model that passes through every intermediate state (backup DOWN / INIT /
// Not In Sync, no master, installed but not rebooted). decide() keeps no memory, so "killed and rerun at this state"
// is the same as calling it here: at every state the predicted rest of the plan plus what was already done must be
// exactly the full sequence — nothing repeated, nothing skipped.
import { describe, expect, it } from 'vitest';
import type { MsmSlot } from '../../source/exos/chassisState.js';
import { formatVersion } from '../../source/exos/chassisView.js';
import { decide } from '../../source/procedure/decide.js';
import { planFrom } from '../../source/procedure/plan.js';
import { checkBeforeSending, isDestructive, type DestructiveAction } from '../../source/procedure/safety.js';
import type { Action, UpgradeTarget } from '../../source/procedure/types.js';
import { FACTS, IN_SYNC, MASTER, NEW, NEW_PATCH, OLD, row, target } from './fixtures.js';
import { render, transitions, type World } from './world.js';

const summary = (action: DestructiveAction): string =>
  action.kind === 'failover' ? `${action.command} ${action.fromSlot}->${action.toSlot}` : action.command;

const destructiveIn = (actions: Action[]) => actions.filter(isDestructive).map(summary);

function startingWorld(master: MsmSlot, withImages: boolean): World {
  const backup: MsmSlot = master === 'A' ? 'B' : 'A';
  const old = { kind: 'xos' as const, version: { version: OLD }, source: { kind: 'host' as const, host: 'h', file: `bd8800-${OLD}.xos` }, prefix: 'bd8800' };
  return {
    msms: {
      [master]: { state: MASTER, booted: 'primary', primary: OLD, secondary: '12.6.1.1' },
      [backup]: { state: IN_SYNC, booted: 'primary', primary: OLD, secondary: '12.6.1.1' },
    } as World['msms'],
    ...(withImages && { images: [row('A', 'primary', old), row('B', 'primary', old)] }),
  };
}

interface Walk {
  performed: string[];
  statesChecked: number;
}

function walk(world: World, t: UpgradeTarget, expected: string[]): Walk {
  const performed: string[] = [];
  let statesChecked = 0;
  const checkResumesHere = (current: World, label: string) => {
    const plan = planFrom(render(current), t, FACTS);
    expect([...performed, ...destructiveIn(plan.map((s) => s.action))], label).toEqual(expected);
    expect(plan.at(-1)?.action.kind, label).toBe('done');
    statesChecked++;
  };
  for (let settled = 0; settled < 20; settled++) {
    checkResumesHere(world, `settled state after ${performed.length} actions`);
    const { action } = decide(render(world), t, FACTS);
    if (action.kind === 'done') return { performed, statesChecked };
    if (!isDestructive(action)) throw new Error(`expected an action at a settled state, got ${JSON.stringify(action)}`);
    expect(checkBeforeSending(action, render(world), t)).toEqual({ ok: true });
    performed.push(summary(action));
    const states = transitions(world, action);
    for (const [index, mid] of states.slice(0, -1).entries()) {
      const label = `mid-state ${index} after "${summary(action)}"`;
      expect(decide(render(mid), t, FACTS).action.kind, label).toBe('wait');
      checkResumesHere(mid, label);
    }
    world = states.at(-1)!;
  }
  throw new Error('the walk did not finish');
}

const dl = (file: string, partition: string, slot: MsmSlot) => `download image 10.0.0.5 ${file} vr "VR-Mgmt" ${partition} msm ${slot}`;

function expectedSequence(master: MsmSlot, t: UpgradeTarget): string[] {
  const backup: MsmSlot = master === 'A' ? 'B' : 'A';
  const files = [t.core, ...t.xmods].map((image) => image.source.file);
  const upgrade = (slot: MsmSlot) => [...files.map((file) => dl(file, 'secondary', slot)), `reboot msm ${slot}`];
  return [
    ...upgrade(backup),
    `run msm-failover ${master}->${backup}`,
    ...upgrade(master),
    ...(t.failback ? [`run msm-failover ${backup}->${master}`] : []),
  ];
}

describe('resuming from any state never repeats a destructive action', () => {
  const cases: { name: string; master: MsmSlot; t: UpgradeTarget; images: boolean }[] = [
    { name: 'master A, core only', master: 'A', t: target(NEW), images: false },
    { name: 'master B, core only', master: 'B', t: target(NEW), images: false },
    { name: 'master A, core + ssh + techSupport xmods, failback', master: 'A', t: target(NEW, { xmods: ['ssh', 'techSupport'], failback: true, originalMaster: 'A' }), images: true },
    { name: 'master B, patch build with ssh xmod, failback', master: 'B', t: target(NEW_PATCH, { xmods: ['ssh'], failback: true, originalMaster: 'B' }), images: true },
    { name: 'master A, patch build without show version images', master: 'A', t: target(NEW_PATCH), images: false },
  ];

  it.each(cases)('$name', ({ master, t, images }) => {
    const expected = expectedSequence(master, t);
    const { performed, statesChecked } = walk(startingWorld(master, images), t, expected);
    expect(performed).toEqual(expected);
    expect(new Set(performed).size).toBe(performed.length);
    // every settled state plus the mid-states of each reboot (4) and failover (5)
    expect(statesChecked).toBeGreaterThan(performed.length + 10);
  });

  it('ends with both MSMs running the target and the expected master', () => {
    const t = target(NEW_PATCH, { xmods: ['ssh'], failback: true, originalMaster: 'A' });
    let world = startingWorld('A', true);
    for (let sent = 0; sent < 20; sent++) {
      const { action } = decide(render(world), t, FACTS);
      if (!isDestructive(action)) break;
      world = transitions(world, action).at(-1)!;
    }
    expect(decide(render(world), t, FACTS).action.kind).toBe('done');
    const show = render(world).show;
    expect(show.nodes.map((n) => [n.name, n.stateText, n.booted && formatVersion(n[n.booted])])).toEqual([
      ['MSM-A', MASTER, NEW_PATCH],
      ['MSM-B', IN_SYNC, NEW_PATCH],
    ]);
  });
});
