import { describe, expect, it } from 'vitest';
import type { ObservedChassis } from '../../source/exos/chassisState.js';
import { decide } from '../../source/procedure/decide.js';
import { checkBeforeSending, isDestructive, type DestructiveAction } from '../../source/procedure/safety.js';
import type { Action, UpgradeTarget } from '../../source/procedure/types.js';
import { chassis, FACTS, IN_SYNC, MASTER, NEW, NOT_IN_SYNC, OLD, stack, startingChassis, target } from './fixtures.js';

const t = target(NEW);

/** What decide() wants on `observed` — the action the engine would be about to send. */
function planned(observed: ObservedChassis, forTarget: UpgradeTarget = t): DestructiveAction {
  const { action } = decide(observed, forTarget, FACTS);
  if (!isDestructive(action)) throw new Error(`expected a command, decide() said ${action.kind}`);
  return action;
}

const readyToReboot = chassis({
  A: { state: MASTER, booted: 'primary', primary: OLD },
  B: { state: IN_SYNC, booted: 'primary', selected: 'secondary', primary: OLD, secondary: NEW },
});

const readyToFailOver = chassis({
  A: { state: MASTER, booted: 'primary', primary: OLD },
  B: { state: IN_SYNC, booted: 'secondary', primary: OLD, secondary: NEW },
});

const refusal = (verdict: ReturnType<typeof checkBeforeSending>) => (verdict.ok ? 'ok' : verdict.reason);

describe('checkBeforeSending', () => {
  it('lets the planned download, reboot and failover through when reality still matches', () => {
    for (const observed of [startingChassis('A'), readyToReboot, readyToFailOver]) {
      const action = planned(observed);
      expect(checkBeforeSending(action, observed, t)).toEqual({ ok: true });
    }
  });

  it('never sends a bare reboot, or reboot followed by anything but "msm A|B"', () => {
    const action = planned(readyToReboot);
    for (const command of ['reboot', 'reboot all', 'reboot msm', 'reboot slot msm-b', 'reboot msm B now', 'reboot msm C', ' reboot msm B']) {
      expect(refusal(checkBeforeSending({ ...action, command }, readyToReboot, t))).toMatch(/is not "reboot msm A\|B"/);
    }
    expect(refusal(checkBeforeSending({ ...planned(startingChassis('A')), command: 'reboot' }, startingChassis('A'), t))).toMatch(
      /could reboot the whole chassis/,
    );
  });

  it('selects a partition only on the backup, only its inactive partition, only while the chassis still calls for it', () => {
    const unselected = chassis({
      A: { state: MASTER, booted: 'primary', primary: OLD },
      B: { state: IN_SYNC, booted: 'primary', selected: 'primary', primary: OLD, secondary: NEW },
    });
    const action = planned(unselected);
    expect(action).toMatchObject({ kind: 'select-partition', command: 'use image partition secondary msm B' });
    expect(checkBeforeSending(action, unselected, t)).toEqual({ ok: true });
    const onMaster = { ...action, slot: 'A' as const, command: 'use image partition secondary msm A' };
    expect(refusal(checkBeforeSending(onMaster, unselected, t))).toMatch(/MSM-A is the MASTER/);
    const booted = { ...action, partition: 'primary' as const, command: 'use image partition primary msm B' };
    expect(refusal(checkBeforeSending(booted, unselected, t))).toMatch(/primary is the partition MSM-B is running from/);
    expect(refusal(checkBeforeSending({ ...action, command: 'use image secondary' }, unselected, t))).toMatch(/not an allowed select-partition/);
    expect(refusal(checkBeforeSending(action, readyToReboot, t))).toMatch(/the chassis changed/);
  });

  it('refuses commands with line breaks or control characters', () => {
    const action = planned(readyToReboot);
    expect(refusal(checkBeforeSending({ ...action, command: 'reboot msm B\nreboot' }, readyToReboot, t))).toMatch(/control character/);
  });

  it('refuses a command whose text names a different MSM or partition than the action', () => {
    const reboot = planned(readyToReboot);
    expect(refusal(checkBeforeSending({ ...reboot, command: 'reboot msm A' }, readyToReboot, t))).toBe('"reboot msm A" does not name MSM-B');
    const download = planned(startingChassis('A'));
    const command = download.kind === 'download' ? download.command.replace('secondary msm B', 'primary msm B') : '';
    expect(refusal(checkBeforeSending({ ...download, command }, startingChassis('A'), t))).toMatch(/does not name secondary of MSM-B/);
  });

  it('refuses to reboot the master', () => {
    const action: Action = { kind: 'reboot-backup', step: 'reboot-first-backup', slot: 'A', command: 'reboot msm A' };
    expect(refusal(checkBeforeSending(action, readyToReboot, t))).toBe('MSM-A is the MASTER: it is never rebooted or written to');
  });

  it('refuses to download to the master', () => {
    const action = planned(startingChassis('A'));
    if (action.kind !== 'download') throw new Error('expected a download');
    const toMaster = { ...action, slot: 'A' as const, command: action.command.replace('msm B', 'msm A') };
    expect(refusal(checkBeforeSending(toMaster, startingChassis('A'), t))).toMatch(/MSM-A is the MASTER/);
  });

  it('refuses to download to the partition the backup is running from', () => {
    const action = planned(startingChassis('A'));
    if (action.kind !== 'download') throw new Error('expected a download');
    const toActive = { ...action, partition: 'primary' as const, command: action.command.replace('secondary msm B', 'primary msm B') };
    expect(refusal(checkBeforeSending(toActive, startingChassis('A'), t))).toBe('primary is the partition MSM-B is running from');
  });

  it('refuses a failover when the backup is not in sync, unless the operator forced it', () => {
    const action = planned(readyToFailOver);
    const notInSync = chassis({
      A: { state: MASTER, booted: 'primary', primary: OLD },
      B: { state: NOT_IN_SYNC, booted: 'secondary', primary: OLD, secondary: NEW },
    });
    expect(refusal(checkBeforeSending(action, notInSync, t))).toBe('MSM-B is BACKUP (Not In Sync), not BACKUP (In Sync)');
    // With force the role check passes, but decide() still waits for sync, so reality does not match the plan.
    const forced = target(NEW, { forceFailover: true });
    expect(refusal(checkBeforeSending(planned(readyToFailOver, forced), notInSync, forced))).toMatch(/^the chassis changed/);
  });

  it('refuses "force" unless the operator asked for it', () => {
    const action = planned(readyToFailOver);
    expect(refusal(checkBeforeSending({ ...action, command: 'run msm-failover force' }, readyToFailOver, t))).toMatch(/did not ask for/);
    expect(refusal(checkBeforeSending({ ...action, spelling: 'run failover', command: 'run failover' } as Action, readyToFailOver, t))).toBe('ok');
  });

  it('refuses a failover when the roles are not the ones planned', () => {
    const action = planned(readyToFailOver);
    const swapped = chassis({
      B: { state: MASTER, booted: 'secondary', primary: OLD, secondary: NEW },
      A: { state: IN_SYNC, booted: 'primary', primary: OLD },
    });
    expect(refusal(checkBeforeSending(action, swapped, t))).toBe('MSM-A is not the MASTER now (BACKUP (In Sync))');
  });

  it('refuses when reality changed since the decision and names the difference', () => {
    const action = planned(startingChassis('A'));
    // Between the confirmation and the send, the install happened (for example from another session).
    expect(refusal(checkBeforeSending(action, readyToReboot, t))).toBe(
      'the chassis changed: it now calls for "reboot MSM-B", not "install bd8800-12.6.3.3.xos to secondary of MSM-B"',
    );
  });

  it('refuses when the backup went away before the send', () => {
    const action = planned(readyToReboot);
    const backupDown = chassis({ A: { state: MASTER, booted: 'primary', primary: OLD }, B: { state: 'DOWN' } });
    expect(refusal(checkBeforeSending(action, backupDown, t))).toBe('MSM-B is not the BACKUP now (DOWN)');
  });

  it('refuses anything on a stack', () => {
    expect(refusal(checkBeforeSending(planned(readyToReboot), stack(), t))).toBe('the switch does not show a dual-MSM chassis now');
  });

  it('refuses to "send" a wait, stop or done', () => {
    expect(isDestructive({ kind: 'wait', step: 'preflight', until: 'backup-in-sync', detail: '' })).toBe(false);
    expect(checkBeforeSending({ kind: 'done', step: 'verify', detail: '' }, readyToReboot, t).ok).toBe(false);
  });
});
