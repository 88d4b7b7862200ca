// The manual hitless-upgrade procedure (docs/exos-cli.md §12), typed command by command into a simulator shell.
import { expect } from 'vitest';
import type { PartitionChoice } from '../../source/simulator/cli/commandGrammar.js';
import type { MsmSlot, Partition, RunningSimulator } from '../../source/simulator/index.js';
import { nodeColumns, ShellClient } from './helpers.js';

export const other = (slot: MsmSlot): MsmSlot => (slot === 'A' ? 'B' : 'A');
const inactive = (partition: Partition): Partition => (partition === 'primary' ? 'secondary' : 'primary');

/** `download image HOST FILE ...` for "HOST:FILE", `download url URL ...` for a URL. */
export function downloadCommand(source: string, partition: PartitionChoice, msm: MsmSlot): string {
  const from = /^\w+:\/\//.test(source) ? `url ${source}` : `image ${source.replace(':', ' ')}`;
  return `download ${from} vr "VR-Default" ${partition} msm ${msm}`;
}

export const fileOf = (source: string) => source.split(/[:/]/).pop()!;

export async function showSwitch(shell: ShellClient) {
  return nodeColumns(await shell.runLines('show switch'));
}

export const INSTALL_QUESTION = 'Do you want to install image after downloading? (y - yes, n - no, <cr> - cancel) ';

/** Download + install y; returns the output after the question. */
export async function downloadAndInstall(shell: ShellClient, command: string): Promise<string> {
  shell.sendLine(command);
  const upToQuestion = await shell.readUntil(INSTALL_QUESTION);
  expect(upToQuestion).toBe(`${command}\r\n${INSTALL_QUESTION}`);
  shell.sendLine('y');
  return shell.readOutput();
}

export async function rebootBackupAndWaitInSync(shell: ShellClient, simulator: RunningSimulator, backup: MsmSlot) {
  const historyBefore = simulator.chassis.stateHistory.length;
  shell.sendLine(`reboot msm ${backup}`);
  expect(await shell.readUntil(`(y/N) `)).toBe(`reboot msm ${backup}\r\nAre you sure you want to reboot MSM-${backup}? (y/N) `);
  shell.sendLine('y');
  expect(await shell.readOutput()).toBe('y');
  for (;;) {
    const columns = await showSwitch(shell);
    if (columns['Current State:']![1] === 'BACKUP (In Sync)') break;
  }
  const states = simulator.chassis.stateHistory.slice(historyBefore).filter((change) => change.slot === backup);
  expect(states.map((change) => change.state)).toEqual(['DOWN', 'INIT', 'BACKUP (Not In Sync)', 'BACKUP (In Sync)']);
}

/** One half: new image (and xmods) on the backup's inactive partition, reboot it, wait until In Sync. */
export async function upgradeBackup(shell: ShellClient, simulator: RunningSimulator, backup: MsmSlot) {
  const { image, xmods } = simulator.scenario.suggested;
  const target = inactive(simulator.chassis.msm[backup].booted);
  const output = await downloadAndInstall(shell, downloadCommand(image, target, backup));
  expect(output).toMatch(
    new RegExp(
      `^y\\r\\n\\r\\nDownloading to MSM-${backup}\\.+\\r\\nInstalling to ${target} partition!\\r\\n\\r\\n` +
        `Installing to MSM-${backup}\\.+\\r\\nImage installed successfully\\r\\n` +
        'This image will be used only after rebooting the switch!$',
    ),
  );
  expect(simulator.chassis.msm[backup].selected).toBe(target);
  for (const xmod of xmods) {
    const xmodOutput = await downloadAndInstall(shell, downloadCommand(xmod, target, backup));
    expect(xmodOutput).toMatch(/\r\nImage installed successfully$/);
  }
  await rebootBackupAndWaitInSync(shell, simulator, backup);
  expect(simulator.chassis.msm[backup].booted).toBe(target);
}

export function failoverCommand(simulator: RunningSimulator): string {
  const master = simulator.chassis.master()!;
  const major = Number(simulator.chassis.runningCore(master.slot).version.split('.')[0]);
  return major >= 21 ? 'run failover' : 'run msm-failover';
}

/** Failover: the session drops without a prompt; a new one lands on the new master. */
export async function failoverAndReconnect(shell: ShellClient, simulator: RunningSimulator): Promise<ShellClient> {
  const command = failoverCommand(simulator);
  shell.sendLine(command);
  expect(await shell.rest()).toBe(`${command}\r\n`);
  const next = await ShellClient.openWhenReachable(simulator.port);
  await next.readUntilPrompt();
  return next;
}

/** The whole procedure; returns the shell on the new master. */
export async function runFullProcedure(simulator: RunningSimulator): Promise<ShellClient> {
  const firstMaster = simulator.scenario.initial.master;
  const firstBackup = other(firstMaster);
  let shell = await ShellClient.open(simulator.port);
  await shell.readUntilPrompt();

  const before = await showSwitch(shell);
  expect(before['Slot:']).toEqual([`MSM-${firstMaster} *`, `MSM-${firstBackup}`]);
  expect(before['Current State:']).toEqual(['MASTER', 'BACKUP (In Sync)']);

  await upgradeBackup(shell, simulator, firstBackup);
  shell = await failoverAndReconnect(shell, simulator);

  const afterFailover = await showSwitch(shell);
  expect(afterFailover['Slot:']).toEqual([`MSM-${firstBackup} *`, `MSM-${firstMaster}`]);
  expect(afterFailover['Current State:']![0]).toBe('MASTER');
  for (;;) {
    const columns = await showSwitch(shell);
    if (columns['Current State:']![1] === 'BACKUP (In Sync)') break;
  }
  await upgradeBackup(shell, simulator, firstMaster);
  return shell;
}
