import { describe, expect, it } from 'vitest';
import { decide, progressStarted } from '../../source/procedure/decide.js';
import type { ObservedChassis } from '../../source/exos/chassisState.js';
import type { UpgradeTarget } from '../../source/procedure/types.js';
import {
  chassis,
  coreImage,
  FACTS,
  IN_SYNC,
  MASTER,
  NEW,
  NEW_PATCH,
  NOT_IN_SYNC,
  OLD,
  row,
  singleSwitch,
  stack,
  startingChassis,
  target,
  xmodImage,
} from './fixtures.js';

const decideOn = (observed: ObservedChassis, t: UpgradeTarget = target(NEW)) => decide(observed, t, FACTS);

const NEW_CORE_TO_B_SECONDARY = 'download image 10.0.0.5 bd8800-12.6.3.3.xos vr "VR-Mgmt" secondary msm B';

/** B has the new core (and optionally modules) on its secondary partition, selected, still running primary. */
const installedOnB = (images?: ReturnType<typeof row>[], core = NEW) =>
  chassis(
    {
      A: { state: MASTER, booted: 'primary', primary: OLD, secondary: '12.6.1.1' },
      B: { state: IN_SYNC, booted: 'primary', selected: 'secondary', primary: OLD, secondary: core },
    },
    images,
  );

/** B runs the target after its reboot; A is still master on the old image. */
const bUpgraded = (bState: string, core = NEW) =>
  chassis({
    A: { state: MASTER, booted: 'primary', primary: OLD, secondary: '12.6.1.1' },
    B: { state: bState, booted: 'secondary', primary: OLD, secondary: core },
  });

/** Both run the target; `master` is MASTER. */
const bothUpgraded = (master: 'A' | 'B', backupState: string) =>
  chassis({
    A: { state: master === 'A' ? MASTER : backupState, booted: 'secondary', primary: OLD, secondary: NEW },
    B: { state: master === 'B' ? MASTER : backupState, booted: 'secondary', primary: OLD, secondary: NEW },
  });

describe('preflight', () => {
  it('refuses a stack with exit 3: a dual-MSM hitless upgrade does not apply', () => {
    const { action, checklist } = decideOn(stack());
    expect(action).toMatchObject({ kind: 'stop', step: 'preflight', exitCode: 3 });
    expect(action.kind === 'stop' && action.reason).toBe('X450-stack is a stack: a dual-MSM hitless upgrade does not apply');
    expect(checklist.preflight).toBe('failed');
    expect(checklist['install-first-backup']).toBe('pending');
  });

  it('refuses a single switch with exit 3', () => {
    const { action } = decideOn(singleSwitch());
    expect(action).toMatchObject({ kind: 'stop', exitCode: 3 });
    expect(action.kind === 'stop' && action.reason).toBe('X440 is a single switch: a dual-MSM hitless upgrade does not apply');
  });

  it('waits for the backup to be in sync before anything is installed', () => {
    const observed = chassis({
      A: { state: MASTER, booted: 'primary', primary: OLD },
      B: { state: NOT_IN_SYNC, booted: 'primary', primary: OLD },
    });
    const { action, evidence, checklist } = decideOn(observed);
    expect(action).toMatchObject({ kind: 'wait', until: 'backup-in-sync', step: 'preflight' });
    expect(evidence).toContain('MSM-B is BACKUP (Not In Sync)');
    expect(checklist.preflight).toBe('running');
    expect(progressStarted(observed, target(NEW))).toBe(false);
  });

  it.each(['INIT', 'DOWN', 'FAIL', ''])('waits for a backup while the other MSM shows "%s"', (state) => {
    const observed = chassis({ A: { state: MASTER, booted: 'primary', primary: OLD }, B: { state } });
    expect(decideOn(observed).action).toMatchObject({ kind: 'wait', until: 'backup-present', step: 'preflight' });
  });

  it('waits for a backup when the other MSM is not in the chassis at all', () => {
    const observed = chassis({ A: { state: MASTER, booted: 'primary', primary: OLD } });
    const { action } = decideOn(observed);
    expect(action).toMatchObject({ kind: 'wait', until: 'backup-present' });
    expect(action.kind === 'wait' && action.detail).toContain('MSM-B');
  });

  it('waits for a master when no MSM is MASTER', () => {
    const observed = chassis({
      A: { state: 'DOWN', booted: 'primary', primary: OLD },
      B: { state: 'STANDBY', booted: 'primary', primary: OLD, local: true },
    });
    expect(decideOn(observed).action).toMatchObject({ kind: 'wait', until: 'master-present', step: 'preflight' });
  });

  it('refuses an .xmod built for another version with exit 3 before anything is done', () => {
    const t = target(NEW, { xmods: [xmodImage('12.6.2.10', 'ssh')] });
    const { action, checklist } = decideOn(startingChassis('A', []), t);
    expect(action).toMatchObject({ kind: 'stop', exitCode: 3, step: 'install-first-backup' });
    expect(action.kind === 'stop' && action.reason).toContain('bd8800-12.6.2.10-ssh.xmod cannot run with bd8800-12.6.3.3.xos');
    expect(checklist['install-first-backup']).toBe('failed');
  });

  it('refuses a mismatched .xmod with exit 4 once the target is already on the chassis', () => {
    const t = target(NEW, { xmods: [xmodImage('12.6.2.10', 'ssh')] });
    expect(decideOn(installedOnB([]), t).action).toMatchObject({ kind: 'stop', exitCode: 4 });
  });
});

describe('first backup', () => {
  it("installs the core to the backup's inactive partition, naming the backup MSM", () => {
    const { action, evidence, checklist } = decideOn(startingChassis('A'));
    expect(action).toMatchObject({ kind: 'download', step: 'install-first-backup', slot: 'B', partition: 'secondary' });
    expect(action.kind === 'download' && action.command).toBe(NEW_CORE_TO_B_SECONDARY);
    expect(evidence).toContain('MSM-B is BACKUP (In Sync)');
    expect(evidence).toContain('MSM-B booted primary (12.6.2.10); secondary holds 12.6.1.1');
    expect(evidence).toContain('secondary of MSM-B does not hold 12.6.3.3');
    expect(checklist).toMatchObject({ preflight: 'done', 'install-first-backup': 'running', 'reboot-first-backup': 'pending' });
  });

  it('picks the partition the backup did not boot from, whichever that is', () => {
    const observed = chassis({
      A: { state: MASTER, booted: 'primary', primary: OLD },
      B: { state: IN_SYNC, booted: 'secondary', primary: '12.6.1.1', secondary: OLD },
    });
    expect(decideOn(observed).action).toMatchObject({ kind: 'download', slot: 'B', partition: 'primary' });
  });

  it('installs to MSM A when A is the backup', () => {
    expect(decideOn(startingChassis('B')).action).toMatchObject({ kind: 'download', slot: 'A', partition: 'secondary' });
  });

  it('selects the inactive partition instead of downloading when it holds the target but is not selected', () => {
    const observed = chassis({
      A: { state: MASTER, booted: 'primary', primary: OLD },
      B: { state: IN_SYNC, booted: 'primary', selected: 'primary', primary: OLD, secondary: NEW },
    });
    const { action, evidence, checklist } = decideOn(observed);
    expect(action).toEqual({
      kind: 'select-partition',
      step: 'install-first-backup',
      slot: 'B',
      partition: 'secondary',
      command: 'use image partition secondary msm B',
    });
    expect(evidence).toContain('secondary of MSM-B holds 12.6.3.3 but is not selected for the next boot: select it, no download');
    expect(checklist['install-first-backup']).toBe('running');
    const selected = chassis({
      A: { state: MASTER, booted: 'primary', primary: OLD },
      B: { state: IN_SYNC, booted: 'primary', selected: 'secondary', primary: OLD, secondary: NEW },
    });
    expect(decideOn(selected).action).toMatchObject({ kind: 'reboot-backup', slot: 'B', command: 'reboot msm B' });
  });

  it('stops instead of downloading when the target is an installed release the backup does not hold', () => {
    const installed = target(NEW);
    installed.core = { ...installed.core, source: { kind: 'installed', file: NEW } };
    const { action } = decideOn(startingChassis(), installed);
    expect(action).toMatchObject({ kind: 'stop', step: 'install-first-backup', exitCode: 3 });
    expect(action.kind === 'stop' && action.reason).toMatch(/secondary of MSM-B does not hold 12\.6\.3\.3: nothing to select and nothing to download/);
  });

  it('installs each .xmod to the same partition after the core, one at a time', () => {
    const t = target(NEW, { xmods: ['ssh', 'techSupport'] });
    const core = row('B', 'secondary', t.core);
    const first = decideOn(installedOnB([core]), t).action;
    expect(first).toMatchObject({ kind: 'download', slot: 'B', partition: 'secondary' });
    expect(first.kind === 'download' && first.command).toBe('download image 10.0.0.5 bd8800-12.6.3.3-ssh.xmod vr "VR-Mgmt" secondary msm B');
    const second = decideOn(installedOnB([core, row('B', 'secondary', t.xmods[0]!)]), t).action;
    expect(second.kind === 'download' && second.image.source.file).toBe('bd8800-12.6.3.3-techSupport.xmod');
  });

  it('does not count an .xmod installed on the other partition or the other MSM', () => {
    const t = target(NEW, { xmods: ['ssh'] });
    const ssh = t.xmods[0]!;
    const images = [row('B', 'secondary', t.core), row('B', 'primary', ssh), row('A', 'secondary', ssh)];
    expect(decideOn(installedOnB(images), t).action).toMatchObject({ kind: 'download', image: ssh });
  });

  it('stops rather than guess when .xmods are wanted but "show version images" was not read', () => {
    const t = target(NEW, { xmods: ['ssh'] });
    const { action } = decideOn(installedOnB(), t);
    expect(action).toMatchObject({ kind: 'stop', exitCode: 4, step: 'install-first-backup' });
    expect(action.kind === 'stop' && action.reason).toContain('"show version images" was not read');
  });

  it('reboots only the backup once the core and every .xmod are in place', () => {
    const t = target(NEW, { xmods: ['ssh'] });
    const { action, checklist } = decideOn(installedOnB([row('B', 'secondary', t.core), row('B', 'secondary', t.xmods[0]!)]), t);
    expect(action).toEqual({ kind: 'reboot-backup', step: 'reboot-first-backup', slot: 'B', command: 'reboot msm B' });
    expect(checklist).toMatchObject({ 'install-first-backup': 'done', 'reboot-first-backup': 'running' });
  });

  it('counts a patch build just installed (shown without its patch line) as installed', () => {
    const observed = installedOnB(undefined, NEW_PATCH);
    expect(observed.show.nodes.find((n) => n.slot === 'B')?.secondary).toEqual({ version: NEW });
    expect(decideOn(observed, target(NEW_PATCH)).action).toMatchObject({ kind: 'reboot-backup', slot: 'B' });
  });

  it('reinstalls when "show version images" shows the same bare version but a different build', () => {
    const unpatched = row('B', 'secondary', coreImage(NEW));
    const { action } = decideOn(installedOnB([unpatched], NEW), target(NEW_PATCH));
    expect(action).toMatchObject({ kind: 'download', slot: 'B', partition: 'secondary' });
  });

  it('does not take a running build without the patch for the patched target', () => {
    const observed = chassis({
      A: { state: MASTER, booted: 'primary', primary: NEW },
      B: { state: IN_SYNC, booted: 'primary', primary: NEW, secondary: OLD },
    });
    expect(decideOn(observed, target(NEW_PATCH)).action).toMatchObject({ kind: 'download', slot: 'B', partition: 'secondary' });
    expect(progressStarted(observed, target(NEW_PATCH))).toBe(false);
  });

  it('waits for a syncing backup that shows no booted partition yet, and stops if an in-sync one never says', () => {
    const shows = (state: string) => chassis({ A: { state: MASTER, booted: 'primary', primary: OLD }, B: { state, primary: OLD } });
    expect(decideOn(shows(NOT_IN_SYNC)).action).toMatchObject({ kind: 'wait', until: 'backup-in-sync', step: 'preflight' });
    const { action } = decideOn(shows(IN_SYNC));
    expect(action).toMatchObject({ kind: 'stop', exitCode: 3 });
    expect(action.kind === 'stop' && action.reason).toBe('cannot tell which partition MSM-B booted from');
  });

  it('waits (step reboot) when the backup falls out of sync after everything is installed', () => {
    const observed = chassis({
      A: { state: MASTER, booted: 'primary', primary: OLD },
      B: { state: NOT_IN_SYNC, booted: 'primary', selected: 'secondary', primary: OLD, secondary: NEW },
    });
    expect(decideOn(observed).action).toMatchObject({ kind: 'wait', until: 'backup-in-sync', step: 'reboot-first-backup' });
  });
});

describe('first failover', () => {
  it('waits for the rebooted backup to be in sync before failing over', () => {
    const { action, checklist } = decideOn(bUpgraded(NOT_IN_SYNC));
    expect(action).toMatchObject({ kind: 'wait', until: 'backup-in-sync', step: 'sync-first-backup' });
    expect(checklist['reboot-first-backup']).toBe('done');
  });

  it('fails over from the master to the upgraded backup once it is in sync', () => {
    const { action, evidence } = decideOn(bUpgraded(IN_SYNC));
    expect(action).toEqual({ kind: 'failover', step: 'failover', fromSlot: 'A', toSlot: 'B', spelling: 'run msm-failover', command: 'run msm-failover' });
    expect(evidence).toContain('MSM-B runs 12.6.3.3 and is in sync; MSM-A is MASTER');
  });

  it('uses the platform spelling and adds force only when the operator asked for it', () => {
    expect(decide(bUpgraded(IN_SYNC), target(NEW), { failoverCommand: 'run failover' }).action).toMatchObject({ command: 'run failover' });
    expect(decideOn(bUpgraded(IN_SYNC), target(NEW, { forceFailover: true })).action).toMatchObject({ command: 'run msm-failover force' });
  });

  it('waits for a master right after the failover, when no MSM is MASTER yet', () => {
    const observed = chassis({
      A: { state: 'DOWN', booted: 'primary', primary: OLD },
      B: { state: 'STANDBY', booted: 'secondary', primary: OLD, secondary: NEW, local: true },
    });
    expect(decideOn(observed).action).toMatchObject({ kind: 'wait', until: 'master-present', step: 'reconnect-new-master' });
  });
});

describe('second backup', () => {
  it('after failover finds the new master from state, not memory, and installs to the old master', () => {
    const observed = chassis({
      B: { state: MASTER, booted: 'secondary', primary: OLD, secondary: NEW },
      A: { state: IN_SYNC, booted: 'primary', primary: OLD, secondary: '12.6.1.1' },
    });
    expect(observed.show.nodes[0]?.name).toBe('MSM-B');
    const { action, checklist } = decideOn(observed);
    expect(action).toMatchObject({ kind: 'download', step: 'install-second-backup', slot: 'A', partition: 'secondary' });
    expect(action.kind === 'download' && action.command).toBe('download image 10.0.0.5 bd8800-12.6.3.3.xos vr "VR-Mgmt" secondary msm A');
    expect(checklist).toMatchObject({ failover: 'done', 'reconnect-new-master': 'done', 'install-second-backup': 'running' });
  });

  it('waits while the old master reboots after the failover', () => {
    const observed = chassis({
      B: { state: MASTER, booted: 'secondary', primary: OLD, secondary: NEW },
      A: { state: 'INIT', booted: 'primary', primary: OLD },
    });
    expect(decideOn(observed).action).toMatchObject({ kind: 'wait', until: 'backup-present', step: 'reconnect-new-master' });
  });

  it('an old master that also holds the target (a rollback, an image staged earlier) rebooting after the failover is still the reconnect, not our reboot', () => {
    const afterFailover = chassis({
      B: { state: MASTER, booted: 'secondary', primary: OLD, secondary: NEW },
      A: { state: 'INIT', booted: 'primary', selected: 'primary', primary: OLD, secondary: NEW },
    });
    expect(decideOn(afterFailover).action).toMatchObject({ kind: 'wait', until: 'backup-present', step: 'reconnect-new-master' });
    const afterOurReboot = chassis({
      B: { state: MASTER, booted: 'secondary', primary: OLD, secondary: NEW },
      A: { state: 'INIT', booted: 'primary', selected: 'secondary', primary: OLD, secondary: NEW },
    });
    expect(decideOn(afterOurReboot).action).toMatchObject({ kind: 'wait', until: 'backup-present', step: 'reboot-second-backup' });
  });

  it('waits for the new backup to be in sync before installing to it', () => {
    const observed = chassis({
      B: { state: MASTER, booted: 'secondary', primary: OLD, secondary: NEW },
      A: { state: NOT_IN_SYNC, booted: 'primary', primary: OLD },
    });
    expect(decideOn(observed).action).toMatchObject({ kind: 'wait', until: 'backup-in-sync', step: 'reconnect-new-master' });
  });

  it('reboots the new backup, never the master, once installed', () => {
    const observed = chassis({
      B: { state: MASTER, booted: 'secondary', primary: OLD, secondary: NEW },
      A: { state: IN_SYNC, booted: 'primary', selected: 'secondary', primary: OLD, secondary: NEW },
    });
    expect(decideOn(observed).action).toEqual({ kind: 'reboot-backup', step: 'reboot-second-backup', slot: 'A', command: 'reboot msm A' });
  });
});

describe('failback and verify', () => {
  const withFailback = target(NEW, { failback: true, originalMaster: 'A' });

  it('is done when both run the target and the backup is in sync; failback is skipped when not asked for', () => {
    const { action, checklist } = decideOn(bothUpgraded('B', IN_SYNC));
    expect(action).toMatchObject({ kind: 'done', step: 'verify' });
    expect(action.kind === 'done' && action.detail).toBe('both MSMs run 12.6.3.3; MSM-B is MASTER, MSM-A is BACKUP (In Sync)');
    expect(checklist.failback).toBe('skipped');
    expect(checklist.verify).toBe('done');
    expect(Object.values(checklist).filter((state) => state !== 'done')).toEqual(['skipped']);
  });

  it('waits for the second backup to be in sync before declaring success', () => {
    expect(decideOn(bothUpgraded('B', NOT_IN_SYNC)).action).toMatchObject({ kind: 'wait', until: 'backup-in-sync', step: 'sync-second-backup' });
  });

  it('hands mastership back to the original master when asked, once its backup is in sync', () => {
    const { action, checklist } = decideOn(bothUpgraded('B', IN_SYNC), withFailback);
    expect(action).toEqual({ kind: 'failover', step: 'failback', fromSlot: 'B', toSlot: 'A', spelling: 'run msm-failover', command: 'run msm-failover' });
    expect(checklist.failback).toBe('running');
    expect(decideOn(bothUpgraded('B', NOT_IN_SYNC), withFailback).action).toMatchObject({ kind: 'wait', until: 'backup-in-sync' });
  });

  it('after failback waits for the other MSM, then is done with the original master as MASTER', () => {
    expect(decideOn(bothUpgraded('A', 'INIT'), withFailback).action).toMatchObject({ kind: 'wait', until: 'backup-present', step: 'verify' });
    expect(decideOn(bothUpgraded('A', NOT_IN_SYNC), withFailback).action).toMatchObject({ kind: 'wait', step: 'verify' });
    const { action, checklist } = decideOn(bothUpgraded('A', IN_SYNC), withFailback);
    expect(action.kind).toBe('done');
    expect(checklist.failback).toBe('done');
  });

  it('skips failback, and says so, when the original master is not known', () => {
    const { action, evidence, checklist } = decideOn(bothUpgraded('B', IN_SYNC), target(NEW, { failback: true }));
    expect(action.kind).toBe('done');
    expect(checklist.failback).toBe('skipped');
    expect(evidence).toContain('failback was asked for, but the original master is not known: failback skipped');
  });
});

describe('progressStarted (exit 3 vs 4)', () => {
  it('is false on the starting chassis and true once the target is on any partition or any .xmod is installed', () => {
    const t = target(NEW, { xmods: ['ssh'] });
    expect(progressStarted(startingChassis('A', []), t)).toBe(false);
    expect(progressStarted(installedOnB(), t)).toBe(true);
    expect(progressStarted(startingChassis('A', [row('B', 'secondary', t.xmods[0]!)]), t)).toBe(true);
  });

  it('gives exit 4 to a stop once progress started', () => {
    const observed = chassis({
      A: { state: MASTER, booted: 'primary', primary: OLD },
      B: { state: IN_SYNC, selected: 'secondary', secondary: NEW },
    });
    expect(decideOn(observed).action).toMatchObject({ kind: 'stop', exitCode: 4 });
  });
});
