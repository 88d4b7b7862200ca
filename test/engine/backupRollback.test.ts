// A backup that does not come up on the new release, through the real CLI: rolled back with --rollback-on-failure
// (FAIL at once; INIT or Not In Sync after the step timeout), refused without the flag, and never implied by --yes.
import { afterEach, describe, expect, it } from 'vitest';
import { destructiveCommands, runningOn, startRig, type Rig } from '../support/simulatedUpgrade.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const UP_TO_THE_REBOOT = [/^download image \S+ \S+\.xos vr "VR-Mgmt" secondary msm B$/, /^reboot msm B$/];

describe('upgrade --headless --yes when the first backup does not come up on the new release', () => {
  it.each([
    ['backup-boot-fails', 'FAIL'],
    ['backup-stuck-init', 'INIT'],
    ['backup-never-syncs', 'BACKUP (Not In Sync)'],
  ] as const)('%s: --rollback-on-failure selects primary on MSM-B, reboots it, and ends exit 4 with the chassis redundant', async (scenario, state) => {
    rig = await startRig(scenario);
    const run = await rig.upgrade(['--rollback-on-failure', '--step-timeout', '2']);
    expect(run.code, run.stderr).toBe(4);
    const sent = destructiveCommands(rig.sim);
    expect(sent).toHaveLength(4);
    UP_TO_THE_REBOOT.forEach((pattern, i) => expect(sent[i]).toMatch(pattern));
    expect(sent.slice(2)).toEqual(['use image partition primary msm B', 'reboot msm B']);
    expect(runningOn(rig.sim, 'B')).toBe('15.3.1.4');
    expect(rig.sim.chassis.msm.B).toMatchObject({ nodeState: 'BACKUP', inSync: true });
    expect(rig.sim.chassis.master()?.slot).toBe('A');
    expect(rig.sim.outages).toEqual([]);
    const line = `MSM-B did not come up on 15.3.5.2-patch1-5 (${state}); rolled back to 15.3.1.4 and In Sync again; the chassis is redundant`;
    expect(run.events).toContainEqual(expect.objectContaining({ type: 'rollback', outcome: 'done', slot: 'B', message: line }));
    expect(run.events).toContainEqual(expect.objectContaining({ type: 'error', exitCode: 4, message: line }));
  }, 90_000);

  it('without --rollback-on-failure (--yes alone) stops exit 4 at once on FAIL, names the flag and sends no rollback', async () => {
    rig = await startRig('backup-boot-fails');
    // FAIL is final: acted on at once, long before the step timeout.
    const run = await rig.upgrade(['--step-timeout', '600']);
    expect(run.code, run.stderr).toBe(4);
    const sent = destructiveCommands(rig.sim);
    expect(sent).toHaveLength(2);
    const error = run.events.find((event) => event.type === 'error');
    expect(error).toMatchObject({ exitCode: 4 });
    expect(error?.type === 'error' && error.message).toMatch(
      /^MSM-B did not come up on 15\.3\.5\.2-patch1-5 \(FAIL\); not rolled back: rerun with --rollback-on-failure .*"use image partition primary msm B", then "reboot msm B"/,
    );
    expect(run.events).toContainEqual(expect.objectContaining({ type: 'rollback', outcome: 'not-offered' }));
    expect(runningOn(rig.sim, 'B')).toBe('15.3.5.2-patch1-5');
  }, 90_000);
});
