// Which partition holds the release to go back to: for one MSM that did not come up on the new release, and for a
// whole chassis whose MSMs both hold the old release on their other partition.
import { describe, expect, it } from 'vitest';
import { decide } from '../../source/procedure/decide.js';
import { chassisRollbackTarget, rollbackCommands, rollbackPartitionFor, rollbackUpgradeTarget } from '../../source/procedure/rollbackTarget.js';
import { checkBeforeSending } from '../../source/procedure/safety.js';
import { chassis, coreImage, FACTS, IN_SYNC, MASTER, msm, NEW, NEW_PATCH, NOT_IN_SYNC, OLD, row, target, version } from './fixtures.js';

describe('rollbackPartitionFor', () => {
  it('a backup in FAIL on the new release (secondary): its old release is on primary', () => {
    const failed = msm('B', { state: 'FAIL', booted: 'secondary', primary: OLD, secondary: NEW_PATCH });
    expect(rollbackPartitionFor(failed, version(OLD))).toBe('primary');
  });

  it('a patch build on the partition not booted shows as its bare version: it may hold the patch release', () => {
    const upgraded = msm('B', { state: IN_SYNC, booted: 'primary', primary: OLD, secondary: NEW_PATCH });
    expect(rollbackPartitionFor(upgraded, version(NEW_PATCH))).toBe('secondary');
    expect(rollbackPartitionFor(upgraded, version(NEW))).toBe('secondary');
  });

  it('on the booted partition the patch tag must match', () => {
    const running = msm('A', { state: MASTER, booted: 'secondary', primary: OLD, secondary: NEW_PATCH });
    expect(rollbackPartitionFor(running, version(NEW_PATCH))).toBe('secondary');
    expect(rollbackPartitionFor(running, version(NEW))).toBeUndefined();
  });

  it('neither partition holds it: undefined; both do: the one not booted', () => {
    expect(rollbackPartitionFor(msm('B', { state: 'INIT', booted: 'secondary', primary: NEW, secondary: NEW }), version(OLD))).toBeUndefined();
    expect(rollbackPartitionFor(msm('B', { state: NOT_IN_SYNC, booted: 'secondary', primary: OLD, secondary: OLD }), version(OLD))).toBe('primary');
  });

  it('a replacement MSM with nothing on its other partition has nothing to go back to', () => {
    expect(rollbackPartitionFor(msm('B', { state: 'FAIL', booted: 'primary', primary: NEW }), version(OLD))).toBeUndefined();
  });
});

describe('rollbackCommands', () => {
  it('selects the partition for that MSM only, then reboots that MSM only', () => {
    expect(rollbackCommands('B', 'primary')).toEqual(['use image partition primary msm B', 'reboot msm B']);
  });
});

describe('chassisRollbackTarget', () => {
  const upgraded = chassis({
    A: { state: MASTER, booted: 'secondary', primary: OLD, secondary: NEW_PATCH },
    B: { state: IN_SYNC, booted: 'secondary', primary: OLD, secondary: NEW_PATCH },
  }).show;

  it('after a completed upgrade: the old release both MSMs hold on primary', () => {
    expect(chassisRollbackTarget(upgraded)).toEqual({ ok: true, release: version(OLD), partitions: { A: 'primary', B: 'primary' } });
  });

  it('the patch tag of the other partition comes from show version images when it was read', () => {
    const downgraded = chassis({
      A: { state: MASTER, booted: 'primary', primary: OLD, secondary: NEW_PATCH },
      B: { state: IN_SYNC, booted: 'primary', primary: OLD, secondary: NEW_PATCH },
    }).show;
    expect(chassisRollbackTarget(downgraded)).toMatchObject({ ok: true, release: version(NEW) });
    const images = [row('A', 'secondary', coreImage(NEW_PATCH)), row('B', 'secondary', coreImage(NEW_PATCH))];
    expect(chassisRollbackTarget(downgraded, { images })).toEqual({ ok: true, release: version(NEW_PATCH), partitions: { A: 'secondary', B: 'secondary' } });
  });

  it('--to-version: each MSM\'s partition that holds it, wherever that is', () => {
    const mixed = chassis({
      A: { state: MASTER, booted: 'secondary', primary: OLD, secondary: NEW_PATCH },
      B: { state: IN_SYNC, booted: 'primary', primary: OLD, secondary: NEW_PATCH },
    }).show;
    expect(chassisRollbackTarget(mixed, { toVersion: version(OLD) })).toEqual({ ok: true, release: version(OLD), partitions: { A: 'primary', B: 'primary' } });
  });

  it.each([
    [
      'the MSMs run different releases (a rollback half done)',
      { A: { state: MASTER, booted: 'secondary', primary: OLD, secondary: NEW_PATCH }, B: { state: IN_SYNC, booted: 'primary', primary: OLD, secondary: NEW_PATCH } },
      /the MSMs run different releases \(MSM-A 12\.6\.3\.3-patch1-5, MSM-B 12\.6\.2\.10\)/,
    ],
    [
      'the other partitions hold different releases',
      { A: { state: MASTER, booted: 'secondary', primary: OLD, secondary: NEW }, B: { state: IN_SYNC, booted: 'secondary', primary: '12.6.1.1', secondary: NEW } },
      /do not hold the same release on their other partition \(MSM-A 12\.6\.2\.10, MSM-B 12\.6\.1\.1\)/,
    ],
    [
      'one MSM holds nothing there',
      { A: { state: MASTER, booted: 'primary', primary: NEW }, B: { state: IN_SYNC, booted: 'primary', primary: NEW, secondary: OLD } },
      /\(MSM-A none, MSM-B 12\.6\.2\.10\)/,
    ],
    [
      'both partitions hold the running release',
      { A: { state: MASTER, booted: 'primary', primary: NEW, secondary: NEW }, B: { state: IN_SYNC, booted: 'primary', primary: NEW, secondary: NEW } },
      /both partitions of both MSMs hold 12\.6\.3\.3/,
    ],
    [
      'the booted partition of an MSM is not shown',
      { A: { state: MASTER, booted: 'primary', primary: NEW, secondary: OLD }, B: { state: 'DOWN' } },
      /does not show the booted partition of both MSM-A and MSM-B/,
    ],
  ] as const)('refuses when %s', (_, msms, reason) => {
    const result = chassisRollbackTarget(chassis(msms).show);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('refuses --to-version that an MSM does not hold', () => {
    expect(chassisRollbackTarget(upgraded, { toVersion: version('12.6.1.1') })).toEqual({
      ok: false,
      reason: 'MSM-A does not hold 12.6.1.1 on either partition',
    });
  });
});

describe('rollbackUpgradeTarget: no silent downgrade', () => {
  const upgraded = chassis({
    A: { state: MASTER, booted: 'secondary', primary: OLD, secondary: NEW_PATCH },
    B: { state: IN_SYNC, booted: 'secondary', primary: OLD, secondary: NEW_PATCH },
  });
  const rollback = (toVersion?: string) => target(NEW, { rollback: toVersion ? { toVersion: version(toVersion) } : {} });

  it('goes back unnamed only to the release hitless recorded upgrading this chassis from', () => {
    expect(rollbackUpgradeTarget(rollback(), upgraded, { upgradedFrom: version(OLD) })).toMatchObject({ ok: true, release: version(OLD) });
    expect(rollbackUpgradeTarget(rollback(), upgraded, { upgradedFrom: version('12.6.1.1') })).toMatchObject({ ok: false });
    expect(rollbackUpgradeTarget(rollback(), upgraded)).toEqual({
      ok: false,
      reason: `not rolling back to ${OLD} without it named: hitless has no record of upgrading this chassis from ${OLD}`,
      advice: `if ${OLD} is the release to go back to, rerun with --to-version ${OLD}`,
    });
    expect(rollbackUpgradeTarget(rollback(OLD), upgraded)).toMatchObject({ ok: true, release: version(OLD) });
  });

  it('never across a major release unnamed, even when it was recorded', () => {
    const major = chassis({
      A: { state: MASTER, booted: 'secondary', primary: '11.6.1.1', secondary: NEW },
      B: { state: IN_SYNC, booted: 'secondary', primary: '11.6.1.1', secondary: NEW },
    });
    const refused = rollbackUpgradeTarget(rollback(), major, { upgradedFrom: version('11.6.1.1') });
    expect(refused).toMatchObject({ ok: false, reason: expect.stringMatching(/11\.6\.1\.1 is a major release back from 12\.6\.3\.3$/), advice: expect.stringContaining('--to-version 11.6.1.1') });
  });
});

describe('hitless rollback of an MSM in FAIL beside a MASTER on the release', () => {
  const failed = chassis({
    A: { state: MASTER, booted: 'primary', primary: OLD, secondary: '12.6.1.1' },
    B: { state: 'FAIL', booted: 'secondary', primary: OLD, secondary: NEW_PATCH },
  });

  it('selects its old partition and reboots it, without waiting for BACKUP; the safety check lets it through', () => {
    const resolved = rollbackUpgradeTarget(target(OLD, { rollback: { toVersion: version(OLD) } }), failed);
    if (!resolved.ok) throw new Error(resolved.reason);
    const select = decide(failed, resolved.target, FACTS).action;
    expect(select).toMatchObject({ kind: 'select-partition', slot: 'B', partition: 'primary', command: 'use image partition primary msm B' });
    expect(checkBeforeSending(select, failed, resolved.target)).toEqual({ ok: true });
    const selected = chassis({
      A: { state: MASTER, booted: 'primary', primary: OLD, secondary: '12.6.1.1' },
      B: { state: 'FAIL', booted: 'secondary', selected: 'primary', primary: OLD, secondary: NEW_PATCH },
    });
    const reboot = decide(selected, resolved.target, FACTS).action;
    expect(reboot).toMatchObject({ kind: 'reboot-backup', slot: 'B', command: 'reboot msm B' });
    expect(checkBeforeSending(reboot, selected, resolved.target)).toEqual({ ok: true });
  });

  it('an upgrade never touches an MSM in FAIL: it waits (and the backup rollback takes over)', () => {
    const upgrade = target(NEW_PATCH);
    expect(decide(failed, upgrade, FACTS).action.kind).toBe('wait');
  });
});
