// Scenario faults and the safety oracle: what the switch refuses, what it warns about, and what it records
// as an outage.
import { describe, expect, it, vi } from 'vitest';
import { chassisPerTest } from './helpers.js';
import {
  downloadAndInstall,
  downloadCommand,
  failoverAndReconnect,
  INSTALL_QUESTION,
  showSwitch,
  upgradeBackup,
} from './procedure.js';

// SSH round trips: generous on a loaded 2-core machine.
vi.setConfig({ testTimeout: 20_000 });

const chassis = chassisPerTest();

const TARGET = '10.0.0.5:bd8800-15.3.5.2-patch1-5.xos';
const snapshot = () => JSON.stringify(chassis.simulator.chassis.msm);

async function answer(command: string, question: string, reply: string): Promise<string> {
  chassis.shell.sendLine(command);
  expect(await chassis.shell.readUntil(question)).toBe(`${command}\r\n${question}`);
  chassis.shell.sendLine(reply);
  return chassis.shell.readOutput();
}

describe('safety oracle', () => {
  it('records a bare reboot answered y; both MSMs reboot and every session drops', async () => {
    await chassis.start('happy');
    const question = 'Are you sure you want to reboot the switch? (y/N) ';
    expect(await answer('reboot', question, 'n')).toBe('n');
    expect(chassis.simulator.outages).toEqual([]);

    chassis.shell.sendLine('reboot');
    await chassis.shell.readUntil(question);
    chassis.shell.sendLine('y');
    await chassis.shell.closed;
    expect(chassis.simulator.outages.map(({ kind, command }) => ({ kind, command }))).toEqual([
      { kind: 'bare-reboot', command: 'reboot' },
    ]);
    await chassis.simulator.chassis.waitFor((chassis) => chassis.stateText('B') === 'BACKUP (In Sync)');
    const states = chassis.simulator.chassis.stateHistory.map(({ slot, state }) => `${slot} ${state}`);
    expect(states).toEqual(['A DOWN', 'B DOWN', 'A INIT', 'B INIT', 'A MASTER', 'B BACKUP (Not In Sync)', 'B BACKUP (In Sync)']);
  });

  it('records a reboot of the master MSM answered y; the backup takes over', async () => {
    await chassis.start('happy');
    chassis.shell.sendLine('reboot msm A');
    await chassis.shell.readUntil('Are you sure you want to reboot MSM-A? (y/N) ');
    chassis.shell.sendLine('y');
    await chassis.shell.closed;
    expect(chassis.simulator.outages.map(({ kind, command }) => ({ kind, command }))).toEqual([
      { kind: 'reboot-master', command: 'reboot msm A' },
    ]);
    expect(chassis.simulator.chassis.master()?.slot).toBe('B');
  });

  it('records a core image written over the running partition of the master (15.x accepts it)', async () => {
    await chassis.start('happy');
    await downloadAndInstall(chassis.shell, downloadCommand(TARGET, 'active', 'A'));
    expect(chassis.simulator.outages.map(({ kind }) => kind)).toEqual(['install-active-partition']);
    expect(chassis.simulator.chassis.msm.A.partitions.primary.core?.version).toBe('15.3.5.2');
  });

  it('refuses a core image for the running partition from 30.x on, without an outage', async () => {
    await chassis.start('new-release');
    await upgradeBackup(chassis.shell, chassis.simulator, 'B');
    chassis.shell = await failoverAndReconnect(chassis.shell, chassis.simulator);
    const output = await downloadAndInstall(chassis.shell, downloadCommand(chassis.simulator.scenario.suggested.image, 'active', 'B'));
    expect(output).toBe('y\r\n\r\nDownloading to MSM-B' + '.'.repeat(160) + '\r\nError: Image can only be installed to the non-active partition.');
    expect(chassis.simulator.outages).toEqual([]);
  });
});

describe('not-in-sync', () => {
  it('refuses failover with one Error: line; force fails over and is recorded', async () => {
    await chassis.start('not-in-sync');
    expect((await showSwitch(chassis.shell))['Current State:']).toEqual(['MASTER', 'BACKUP (Not In Sync)']);
    const before = snapshot();
    expect(await chassis.shell.runLines('run msm-failover')).toEqual([
      'Error: Backup MSM-B is not in sync with the master; failover not allowed.',
    ]);
    expect(snapshot()).toBe(before);

    chassis.shell.sendLine('run msm-failover force');
    await chassis.shell.closed;
    expect(chassis.simulator.outages.map(({ kind }) => kind)).toEqual(['failover-not-in-sync']);
    expect(chassis.simulator.chassis.master()?.slot).toBe('B');
  });

  it('a rebooted backup comes back Not In Sync and stays there', async () => {
    await chassis.start('not-in-sync');
    await answer('reboot msm B', 'Are you sure you want to reboot MSM-B? (y/N) ', 'y');
    await chassis.simulator.chassis.waitFor((chassis) => chassis.msm.B.nodeState === 'BACKUP');
    const states = chassis.simulator.chassis.stateHistory.map(({ state }) => state);
    expect(states).toEqual(['DOWN', 'INIT', 'BACKUP (Not In Sync)']);
    expect((await showSwitch(chassis.shell))['Current State:']).toEqual(['MASTER', 'BACKUP (Not In Sync)']);
  });
});

describe('download refusals change nothing', () => {
  it('contract-expired: the service-contract line, no question', async () => {
    await chassis.start('contract-expired');
    const before = snapshot();
    expect(await chassis.shell.runLines(downloadCommand(TARGET, 'secondary', 'B'))).toEqual([
      'Service contract expired, please renew it to be able to download the new software image.',
    ]);
    expect(snapshot()).toBe(before);
  });

  it('tftp-unreachable: tftpPeerSet failed, glued to the progress line', async () => {
    await chassis.start('tftp-unreachable');
    const before = snapshot();
    const output = await answer(downloadCommand(TARGET, 'secondary', 'B'), INSTALL_QUESTION, 'y');
    expect(output).toBe('y\r\n\r\nDownloading to MSM-BError: Failed to download image - tftpPeerSet failed');
    expect(snapshot()).toBe(before);
  });

  it('an unknown file on the image host', async () => {
    await chassis.start('happy');
    const before = snapshot();
    const output = await answer(downloadCommand('10.0.0.5:bd8800-99.1.1.1.xos', 'secondary', 'B'), INSTALL_QUESTION, 'y');
    expect(output).toBe('y\r\n\r\nDownloading to MSM-BError: Failed to download image - Error: File not found');
    expect(snapshot()).toBe(before);
  });

  it('<cr> cancels the download', async () => {
    await chassis.start('happy');
    const before = snapshot();
    expect(await answer(downloadCommand(TARGET, 'secondary', 'B'), INSTALL_QUESTION, '')).toBe('');
    expect(snapshot()).toBe(before);
  });

  it('version-mismatch-xmod: the .xmod install is refused with an Error: line', async () => {
    await chassis.start('version-mismatch-xmod');
    await downloadAndInstall(chassis.shell, downloadCommand(TARGET, 'secondary', 'B'));
    const output = await downloadAndInstall(chassis.shell, downloadCommand(chassis.simulator.scenario.suggested.xmods[0]!, 'secondary', 'B'));
    expect(output.split('\r\n').at(-1)).toBe(
      'Error: Failed to install image - bd8800-15.3.1.4-ssh.xmod Can run only with the core image named: bd8800-15.3.1.4.xos',
    );
    expect(chassis.simulator.chassis.msm.B.partitions.secondary.xmods).toEqual([]);
  });
});

describe('download variants', () => {
  it('answer n downloads only; install image installs it later', async () => {
    await chassis.start('happy');
    const output = await answer(downloadCommand(TARGET, 'secondary', 'B'), INSTALL_QUESTION, 'n');
    expect(output).toBe(`n\r\n\r\nDownloading to MSM-B${'.'.repeat(160)}\r\nImage downloaded successfully, not installed.`);
    expect(chassis.simulator.chassis.msm.B.partitions.secondary.core?.version).toBe('12.6.3.3');
    const installed = await chassis.shell.runLines('install image bd8800-15.3.5.2-patch1-5.xos secondary msm B');
    expect(installed.at(-2)).toBe('Image installed successfully');
    expect(chassis.simulator.chassis.msm.B).toMatchObject({ selected: 'secondary', booted: 'primary' });
    expect(chassis.simulator.chassis.msm.B.partitions.secondary.core?.version).toBe('15.3.5.2');
  });

  it('without msm, the image goes to the inactive partition of both MSMs; partition may follow "image"; URL form', async () => {
    await chassis.start('happy');
    const output = await answer(
      'download image inactive 10.0.0.5 bd8800-15.3.5.2-patch1-5.xos vr VR-Default',
      INSTALL_QUESTION,
      'y',
    );
    expect(output.match(/^(Downloading|Installing) to MSM-[AB]/gm)).toEqual([
      'Downloading to MSM-A',
      'Installing to MSM-A',
      'Downloading to MSM-B',
      'Installing to MSM-B',
    ]);
    for (const slot of ['A', 'B'] as const) {
      expect(chassis.simulator.chassis.msm[slot].partitions.secondary.core?.version).toBe('15.3.5.2');
    }
    const byUrl = await answer(
      'download url tftp://10.0.0.5/bd8800-15.3.1.4.xos vr "VR-Default" secondary msm B',
      INSTALL_QUESTION,
      'yes',
    );
    expect(byUrl).toMatch(/Image installed successfully\r\n/);
    expect(chassis.simulator.chassis.msm.B.partitions.secondary.core?.version).toBe('15.3.1.4');
    expect(chassis.simulator.outages).toEqual([]);
  });
});

describe('io-mismatch', () => {
  const WARNING =
    'WARNING: The other MSM operates with a different version of I/O module image. If you continue with the MSM ' +
    'failover, all I/O modules will be reset. Are you sure you want to failover? (y/n) ';

  it('asks before failover: n changes nothing, y resets the I/O modules (outage) and fails over', async () => {
    await chassis.start('io-mismatch');
    await upgradeBackup(chassis.shell, chassis.simulator, 'B');
    const before = snapshot();
    expect(await answer('run msm-failover', WARNING, 'n')).toBe('n');
    expect(snapshot()).toBe(before);
    expect(chassis.simulator.outages).toEqual([]);

    chassis.shell.sendLine('run msm-failover');
    await chassis.shell.readUntil(WARNING);
    chassis.shell.sendLine('y');
    await chassis.shell.closed;
    expect(chassis.simulator.outages.map(({ kind }) => kind)).toEqual(['io-modules-reset']);
    expect(chassis.simulator.chassis.master()?.slot).toBe('B');
  });
});

describe('backup-boot-fails', () => {
  it('the rebooted backup ends in FAIL; failover is then refused', async () => {
    await chassis.start('backup-boot-fails');
    await downloadAndInstall(chassis.shell, downloadCommand(TARGET, 'secondary', 'B'));
    await answer('reboot msm B', 'Are you sure you want to reboot MSM-B? (y/N) ', 'y');
    await chassis.simulator.chassis.waitFor((chassis) => chassis.msm.B.nodeState === 'FAIL');
    expect(chassis.simulator.chassis.stateHistory.map(({ state }) => state)).toEqual(['DOWN', 'INIT', 'FAIL']);
    expect((await showSwitch(chassis.shell))['Current State:']).toEqual(['MASTER', 'FAIL']);
    expect(await chassis.shell.runLines('run msm-failover force')).toEqual(['Error: No backup MSM is available to fail over to.']);
    expect(chassis.simulator.outages).toEqual([]);
  });
});
