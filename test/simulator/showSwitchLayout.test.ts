// `show switch` byte for byte: label width 18, columns 29/24, node rows padded to 71, column 1 = the MSM you
// are on, patch line only under the booted partition (docs/exos-cli.md §2.1-2.4).
// Depends on RECONSTRUCTION (samples/reconstructed/RECONSTRUCTED_show_switch_bd8810_*.raw): MSM-A/MSM-B names
// and the chassis column order are not verified on real hardware.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunningSimulator } from '../../source/simulator/index.js';
import { ShellClient, startTestSimulator } from './helpers.js';
import { downloadAndInstall, downloadCommand, failoverAndReconnect, upgradeBackup } from './procedure.js';

// SSH round trips: generous on a loaded 2-core machine.
vi.setConfig({ testTimeout: 20_000 });

let simulator: RunningSimulator;
let shell: ShellClient;

afterEach(async () => {
  shell?.close();
  await simulator?.close();
});

const pad71 = (text: string) => text.padEnd(71);

/** Everything but the clock lines, which are checked by shape. */
function expectShowSwitch(lines: string[], nodeBlock: string[]) {
  const clockLines = /^(Current Time|Boot Time|System UpTime): /;
  expect(lines.filter((line) => clockLines.test(line))).toEqual([
    expect.stringMatching(/^Current Time:     \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/),
    expect.stringMatching(/^Boot Time:        \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/),
    expect.stringMatching(/^System UpTime:    (\d+ (days|hours|minutes|seconds) ?)+ $/),
  ]);
  expect(lines.filter((line) => !clockLines.test(line))).toEqual([
    '',
    'SysName:          BD-8810',
    'SysLocation:      ',
    'SysContact:       support@extremenetworks.com, +1 888 257 3000',
    'System MAC:       00:04:96:1F:A2:60',
    'System Type:      BD-8810',
    '',
    'SysHealth check:  Enabled (Normal)',
    'Recovery Mode:    All',
    'System Watchdog:  Enabled',
    '',
    'Timezone:         [Auto DST Disabled] GMT Offset: 0 minutes, name is UTC.',
    'Boot Count:       12',
    'Next Reboot:      None scheduled',
    '',
    ...nodeBlock,
    '',
    pad71('Config Selected:  primary.cfg'),
    pad71('Config Booted:    primary.cfg'),
    '',
    'primary.cfg       Created by ExtremeXOS version 15.3.1.4',
    expect.stringMatching(/^ {18}512345 bytes saved on \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/),
  ]);
}

const RULE = `${' '.repeat(18)}${'-'.repeat(24)}     ${'-'.repeat(24)}`;

describe('show switch layout', () => {
  it('prints both columns padded to 71, the local MSM first with " *"; a patch on a non-booted partition has no patch line', async () => {
    simulator = await startTestSimulator();
    shell = await ShellClient.open(simulator.port);
    await shell.readUntilPrompt();
    const initial = [
      'Slot:             MSM-A *                      MSM-B                   ',
      RULE,
      'Current State:    MASTER                       BACKUP (In Sync)        ',
      '',
      'Image Selected:   primary                      primary                 ',
      'Image Booted:     primary                      primary                 ',
      'Primary ver:      15.3.1.4                     15.3.1.4                ',
      'Secondary ver:    12.6.3.3                     12.6.3.3                ',
    ];
    expectShowSwitch(await shell.runLines('show switch'), initial);
    for (const row of initial.filter((line) => line !== '')) expect(row).toHaveLength(71);

    await downloadAndInstall(shell, downloadCommand('10.0.0.5:bd8800-15.3.5.2-patch1-5.xos', 'secondary', 'B'));
    expectShowSwitch(await shell.runLines('show switch'), [
      'Slot:             MSM-A *                      MSM-B                   ',
      RULE,
      'Current State:    MASTER                       BACKUP (In Sync)        ',
      '',
      'Image Selected:   primary                      secondary               ',
      'Image Booted:     primary                      primary                 ',
      'Primary ver:      15.3.1.4                     15.3.1.4                ',
      'Secondary ver:    12.6.3.3                     15.3.5.2                ',
    ]);
  });

  it('puts the patch line under column 2 only, then (after failover, on MSM-B) under column 1, then under both', async () => {
    simulator = await startTestSimulator();
    shell = await ShellClient.open(simulator.port);
    await shell.readUntilPrompt();
    await upgradeBackup(shell, simulator, 'B');
    expectShowSwitch(await shell.runLines('show switch'), [
      'Slot:             MSM-A *                      MSM-B                   ',
      RULE,
      'Current State:    MASTER                       BACKUP (In Sync)        ',
      '',
      'Image Selected:   primary                      secondary               ',
      'Image Booted:     primary                      secondary               ',
      'Primary ver:      15.3.1.4                     15.3.1.4                ',
      'Secondary ver:    12.6.3.3                     15.3.5.2                ',
      `${' '.repeat(47)}patch1-5`,
    ]);

    shell = await failoverAndReconnect(shell, simulator);
    await simulator.chassis.waitFor((chassis) => chassis.stateText('A') === 'BACKUP (In Sync)');
    expectShowSwitch(await shell.runLines('show switch'), [
      'Slot:             MSM-B *                      MSM-A                   ',
      RULE,
      'Current State:    MASTER                       BACKUP (In Sync)        ',
      '',
      'Image Selected:   secondary                    primary                 ',
      'Image Booted:     secondary                    primary                 ',
      'Primary ver:      15.3.1.4                     15.3.1.4                ',
      'Secondary ver:    15.3.5.2                     12.6.3.3                ',
      `${' '.repeat(18)}patch1-5`,
    ]);

    await upgradeBackup(shell, simulator, 'A');
    expectShowSwitch(await shell.runLines('show switch'), [
      'Slot:             MSM-B *                      MSM-A                   ',
      RULE,
      'Current State:    MASTER                       BACKUP (In Sync)        ',
      '',
      'Image Selected:   secondary                    secondary               ',
      'Image Booted:     secondary                    secondary               ',
      'Primary ver:      15.3.1.4                     15.3.1.4                ',
      'Secondary ver:    15.3.5.2                     15.3.5.2                ',
      `${' '.repeat(18)}patch1-5${' '.repeat(21)}patch1-5`,
    ]);
  });
});
