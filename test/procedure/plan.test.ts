import { describe, expect, it } from 'vitest';
import { planFrom } from '../../source/procedure/plan.js';
import { predictEffect } from '../../source/procedure/predict.js';
import { chassis, FACTS, IN_SYNC, MASTER, NEW, NEW_PATCH, OLD, row, stack, startingChassis, target } from './fixtures.js';

describe('planFrom', () => {
  it('predicts the whole procedure from the starting chassis, in checklist order', () => {
    const t = target(NEW, { xmods: ['ssh'], failback: true, originalMaster: 'A' });
    const plan = planFrom(startingChassis('A', []), t, FACTS);
    expect(plan.map((s) => [s.step, s.command ?? s.action.kind])).toEqual([
      ['install-first-backup', 'download image 10.0.0.5 bd8800-12.6.3.3.xos vr "VR-Mgmt" secondary msm B'],
      ['install-first-backup', 'download image 10.0.0.5 bd8800-12.6.3.3-ssh.xmod vr "VR-Mgmt" secondary msm B'],
      ['reboot-first-backup', 'reboot msm B'],
      ['sync-first-backup', 'wait'],
      ['failover', 'run msm-failover'],
      ['reconnect-new-master', 'wait'],
      ['install-second-backup', 'download image 10.0.0.5 bd8800-12.6.3.3.xos vr "VR-Mgmt" secondary msm A'],
      ['install-second-backup', 'download image 10.0.0.5 bd8800-12.6.3.3-ssh.xmod vr "VR-Mgmt" secondary msm A'],
      ['reboot-second-backup', 'reboot msm A'],
      ['sync-second-backup', 'wait'],
      ['failback', 'run msm-failover'],
      ['verify', 'wait'],
      ['verify', 'done'],
    ]);
  });

  it('for hitless stage: only the installs on the current backup, ending before its reboot', () => {
    const t = { ...target(NEW, { xmods: ['ssh'], originalMaster: 'A' }), stage: true };
    const plan = planFrom(startingChassis('A', []), t, FACTS);
    expect(plan.map((s) => [s.step, s.command ?? s.action.kind])).toEqual([
      ['install-first-backup', 'download image 10.0.0.5 bd8800-12.6.3.3.xos vr "VR-Mgmt" secondary msm B'],
      ['install-first-backup', 'download image 10.0.0.5 bd8800-12.6.3.3-ssh.xmod vr "VR-Mgmt" secondary msm B'],
    ]);
  });

  it('carries the expected questions and answers, and the evidence, for each step', () => {
    const plan = planFrom(startingChassis('A'), target(NEW), FACTS);
    expect(plan[0]?.questions).toEqual([
      { id: 'install-after-download', text: 'Do you want to install image after downloading? (y - yes, n - no, <cr> - cancel)', answer: 'y' },
    ]);
    expect(plan[0]?.evidence).toContain('MSM-B is BACKUP (In Sync)');
    const reboot = plan.find((s) => s.action.kind === 'reboot-backup');
    expect(reboot?.questions).toEqual([{ id: 'reboot-msm', text: 'Are you sure you want to reboot MSM-B? (y/N)', answer: 'y' }]);
  });

  it('plans a patch build through to done (the patch line appears once the backup boots it)', () => {
    const plan = planFrom(startingChassis('B'), target(NEW_PATCH), FACTS);
    expect(plan.filter((s) => s.command).map((s) => s.command)).toEqual([
      'download image 10.0.0.5 bd8800-12.6.3.3-patch1-5.xos vr "VR-Mgmt" secondary msm A',
      'reboot msm A',
      'run msm-failover',
      'download image 10.0.0.5 bd8800-12.6.3.3-patch1-5.xos vr "VR-Mgmt" secondary msm B',
      'reboot msm B',
    ]);
    expect(plan.at(-1)?.action.kind).toBe('done');
  });

  it('is a single stop on a stack', () => {
    const plan = planFrom(stack(), target(NEW), FACTS);
    expect(plan).toHaveLength(1);
    expect(plan[0]?.action).toMatchObject({ kind: 'stop', exitCode: 3 });
  });

  it('ends at a wait nothing can be predicted to end: a missing MSM', () => {
    const plan = planFrom(chassis({ A: { state: MASTER, booted: 'primary', primary: OLD } }), target(NEW), FACTS);
    expect(plan.map((s) => s.action.kind)).toEqual(['wait']);
  });

  it('is a single done when both MSMs already run the target', () => {
    const both = chassis({
      A: { state: MASTER, booted: 'secondary', secondary: NEW },
      B: { state: IN_SYNC, booted: 'secondary', secondary: NEW },
    });
    expect(planFrom(both, target(NEW), FACTS).map((s) => s.action.kind)).toEqual(['done']);
  });
});

describe('predictEffect', () => {
  it('a core download writes and selects the partition and replaces its images; an .xmod adds a row', () => {
    const t = target(NEW_PATCH, { xmods: ['ssh'] });
    const start = startingChassis('A', [row('B', 'secondary', t.xmods[0]!)]);
    const plan = planFrom(start, t, FACTS);
    const after = predictEffect(plan[0]!.action, start, t);
    const b = after.show.nodes.find((n) => n.slot === 'B');
    expect(b).toMatchObject({ selected: 'secondary', booted: 'primary', secondary: { version: NEW } });
    expect(after.images).toEqual([{ card: 'MSM-B', slot: 'B', partition: 'secondary', version: NEW, name: 'bd8800-12.6.3.3-patch1-5.xos' }]);
  });

  it('a failover swaps the roles and puts the new master in column 1', () => {
    const ready = chassis({
      A: { state: MASTER, booted: 'primary', primary: OLD },
      B: { state: IN_SYNC, booted: 'secondary', primary: OLD, secondary: NEW },
    });
    const after = predictEffect({ kind: 'failover', step: 'failover', fromSlot: 'A', toSlot: 'B', spelling: 'run msm-failover', command: 'run msm-failover' }, ready, target(NEW));
    expect(after.show.nodes.map((n) => [n.name, n.stateText, n.local])).toEqual([
      ['MSM-B', 'MASTER', true],
      ['MSM-A', 'BACKUP (Not In Sync)', false],
    ]);
  });
});
