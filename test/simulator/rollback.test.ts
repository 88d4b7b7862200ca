// Rolling an MSM back over SSH: `use image [partition] primary|secondary msm X` then `reboot msm X` brings a backup
// that did not come up on the new release (FAIL, stuck in INIT, never In Sync) back In Sync on its old release, and
// takes a completed upgrade back MSM by MSM without an outage. `use image` refuses a partition without an image.
import { describe, expect, it, vi } from 'vitest';
import type { MsmSlot, RunningSimulator } from '../../source/simulator/index.js';
import { releaseOf } from '../../source/simulator/chassisModel.js';
import { chassisPerTest } from './helpers.js';
import { downloadAndInstall, downloadCommand, failoverAndReconnect, rebootBackupAndWaitInSync, showSwitch } from './procedure.js';

// SSH round trips: generous on a loaded 2-core machine.
vi.setConfig({ testTimeout: 30_000 });

const chassis = chassisPerTest();

const runningOn = (sim: RunningSimulator, slot: MsmSlot) => releaseOf(sim.chassis.runningCore(slot));
const snapshot = () => JSON.stringify(chassis.simulator.chassis.msm);
/** Long enough at speed 0 for every pending step of the chassis to have run. */
const idle = () => new Promise((resolve) => setTimeout(resolve, 300));

/** The first backup (MSM-B) gets the target on its secondary partition and reboots onto it. */
async function rebootBackupOntoTarget() {
  await downloadAndInstall(chassis.shell, downloadCommand(chassis.simulator.scenario.suggested.image, 'secondary', 'B'));
  chassis.shell.sendLine('reboot msm B');
  await chassis.shell.readUntil('(y/N) ');
  chassis.shell.sendLine('y');
  await chassis.shell.readOutput();
}

async function rollBack(slot: MsmSlot, partition: 'primary' | 'secondary') {
  expect(await chassis.shell.runLines(`use image partition ${partition} msm ${slot}`)).toEqual([]);
  expect(chassis.simulator.chassis.msm[slot].selected).toBe(partition);
  await rebootBackupAndWaitInSync(chassis.shell, chassis.simulator, slot);
}

describe('a backup that does not come up on the new release, rolled back to its old partition', () => {
  it.each([
    ['backup-boot-fails', 'FAIL'],
    ['backup-stuck-init', 'INIT'],
    ['backup-never-syncs', 'BACKUP (Not In Sync)'],
  ] as const)('%s: stays %s on the new release; use image + reboot msm B bring it back In Sync on 15.3.1.4', async (scenario, stuckIn) => {
    await chassis.start(scenario);
    await rebootBackupOntoTarget();
    await idle();
    expect((await showSwitch(chassis.shell))['Current State:']).toEqual(['MASTER', stuckIn]);
    expect(runningOn(chassis.simulator, 'B')).toBe('15.3.5.2-patch1-5');
    expect(await chassis.shell.runLines('run msm-failover')).toEqual([
      expect.stringMatching(/^Error: (No backup MSM is available|Backup MSM-B is not in sync)/),
    ]);

    await rollBack('B', 'primary');
    const columns = await showSwitch(chassis.shell);
    expect(columns['Image Selected:']).toEqual(['primary', 'primary']);
    expect(columns['Image Booted:']).toEqual(['primary', 'primary']);
    expect(columns['Secondary ver:']).toEqual(['12.6.3.3', '15.3.5.2']);
    expect(runningOn(chassis.simulator, 'B')).toBe('15.3.1.4');
    expect(chassis.simulator.outages).toEqual([]);
  });

  it('backup-boot-fails: the short form "use image primary msm B" works as well', async () => {
    await chassis.start('backup-boot-fails');
    await rebootBackupOntoTarget();
    await chassis.simulator.chassis.waitFor((chassis) => chassis.msm.B.nodeState === 'FAIL');
    expect(await chassis.shell.runLines('use image primary msm B')).toEqual([]);
    await rebootBackupAndWaitInSync(chassis.shell, chassis.simulator, 'B');
    expect(runningOn(chassis.simulator, 'B')).toBe('15.3.1.4');
  });
});

describe('upgraded: a completed upgrade taken back to the release on the other partitions', () => {
  it('backup first, failover, then the other MSM: both end on 15.3.1.4 from primary, no outage', async () => {
    await chassis.start('upgraded');
    const before = await showSwitch(chassis.shell);
    expect(before['Image Booted:']).toEqual(['secondary', 'secondary']);
    expect(before['Primary ver:']).toEqual(['15.3.1.4', '15.3.1.4']);
    expect(before['Secondary ver:']).toEqual(['15.3.5.2', '15.3.5.2']);

    await rollBack('B', 'primary');
    chassis.shell = await failoverAndReconnect(chassis.shell, chassis.simulator);
    await chassis.simulator.chassis.waitFor((chassis) => chassis.stateText('A') === 'BACKUP (In Sync)');
    await rollBack('A', 'primary');

    const after = await showSwitch(chassis.shell);
    expect(after['Slot:']).toEqual(['MSM-B *', 'MSM-A']);
    expect(after['Current State:']).toEqual(['MASTER', 'BACKUP (In Sync)']);
    expect(after['Image Booted:']).toEqual(['primary', 'primary']);
    expect([runningOn(chassis.simulator, 'A'), runningOn(chassis.simulator, 'B')]).toEqual(['15.3.1.4', '15.3.1.4']);
    expect(chassis.simulator.outages).toEqual([]);
  });
});

describe('use image', () => {
  it('without msm selects the partition on both MSMs; selecting the selected one is silent', async () => {
    await chassis.start('happy');
    expect(await chassis.shell.runLines('use image partition secondary')).toEqual([]);
    expect([chassis.simulator.chassis.msm.A.selected, chassis.simulator.chassis.msm.B.selected]).toEqual(['secondary', 'secondary']);
    expect(await chassis.shell.runLines('use image secondary msm B')).toEqual([]);
    expect((await showSwitch(chassis.shell))['Image Selected:']).toEqual(['secondary', 'secondary']);
    expect(chassis.simulator.outages).toEqual([]);
  });

  it('replaced-msm: refuses a partition without an image, for one MSM or both, and changes nothing', async () => {
    await chassis.start('replaced-msm');
    expect((await showSwitch(chassis.shell))['Secondary ver:']).toEqual(['12.6.3.3', '']);
    const before = snapshot();
    expect(await chassis.shell.runLines('use image partition secondary msm B')).toEqual(['Error: No image is installed in the secondary partition of MSM-B.']);
    expect(await chassis.shell.runLines('use image secondary')).toEqual(['Error: No image is installed in the secondary partition of MSM-B.']);
    expect(snapshot()).toBe(before);
    expect(await chassis.shell.runLines('use image secondary msm A')).toEqual([]);
    expect(chassis.simulator.chassis.msm.A.selected).toBe('secondary');
  });

  it('replaced-msm: the empty partition takes the new image like any other', async () => {
    await chassis.start('replaced-msm');
    const output = await downloadAndInstall(chassis.shell, downloadCommand(chassis.simulator.scenario.suggested.image, 'secondary', 'B'));
    expect(output).toMatch(/Image installed successfully\r\n/);
    await rebootBackupAndWaitInSync(chassis.shell, chassis.simulator, 'B');
    expect(runningOn(chassis.simulator, 'B')).toBe('15.3.5.2-patch1-5');
  });
});
