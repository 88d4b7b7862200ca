// Every string the fake chassis prints outside the `show` renderers, in one place.
// Tags as in docs/exos-cli.md §0: [V] verbatim, [D] documentation, [T] another tool, [R] our reconstruction.
import type { MsmSlot } from './scenarios.js';

export interface Question {
  /** Printed as is; the typed answer is echoed right after it. */
  text: string;
  /** Taken without asking after `disable cli prompting` (defaults are undocumented, docs/exos-cli.md §14.8). */
  unattended: string;
}

export const QUESTIONS = {
  // [V] §4.2
  installAfterDownload: {
    text: 'Do you want to install image after downloading? (y - yes, n - no, <cr> - cancel) ',
    unattended: 'y',
  },
  // [R] §5
  rebootSwitch: { text: 'Are you sure you want to reboot the switch? (y/N) ', unattended: 'y' },
  rebootMsm: (slot: MsmSlot): Question => ({
    text: `Are you sure you want to reboot MSM-${slot}? (y/N) `,
    unattended: 'y',
  }),
  // [T] §5 NOC, joined on one line
  saveAndReboot: {
    text:
      'Do you want to save configuration changes to currently selected configuration file (primary.cfg) and reboot? ' +
      '(y - save and reboot, n - reboot without save, <cr> - cancel command) ',
    unattended: 'n',
  },
  // [R] §6.2, from the project brief
  ioMismatchFailover: {
    text:
      'WARNING: The other MSM operates with a different version of I/O module image. ' +
      'If you continue with the MSM failover, all I/O modules will be reset. Are you sure you want to failover? (y/n) ',
    unattended: 'y',
  },
  // [V] §8.7
  saveOverwrite: {
    text: 'Do you want to save configuration to primary.cfg and overwrite it? (y/N) ',
    unattended: 'y',
  },
  // [V, probably one line on the wire] §8.7
  saveOnExit: {
    text: 'Do you want to save configuration changes to currently selected configuration file (primary.cfg)? (y or n) ',
    unattended: 'n',
  },
} as const;

/** `y`, `yes`, `Yes` (docs/exos-cli.md §5). */
export const isYes = (answer: string) => /^y(es)?$/i.test(answer.trim());

export const TEXT = {
  // [V] §8.2 (2020 banner); a session on the backup gets the notice between the rule and the tail
  bannerHead: [
    'ExtremeXOS',
    'Copyright (C) 1996-2020 Extreme Networks. All rights reserved.',
    'This product is protected by one or more US patents listed at https://www.extremenetworks.com/company/legal/patents/ along with their foreign counterparts.',
    '='.repeat(78),
  ],
  bannerTail: ['', "Press the <tab> or '?' key at any time for completions.", 'Remember to save your configuration changes.', '', ''],
  // [R] modelled on the standby-node notice, §8.2
  backupNotice: ['', 'You are connected to the Backup MSM.  Only a limited command set is supported.'],
  // [D] §8.2
  masterOnly: 'Error: This command can only be executed on Master.',
  // [V] §8.5; the other two [R]
  invalidInput: "%% Invalid input detected at '^' marker.",
  incompleteCommand: "%% Incomplete command at '^' marker.",
  ambiguousCommand: "%% Ambiguous command at '^' marker.",
  // [T] §8.3
  pagerPrompt: 'Press <SPACE> to continue or <Q> to quit:',
  pagerClear: '\x1b[m\x1b[60;D\x1b[K',
  // [D] §4.5
  contractExpired: 'Service contract expired, please renew it to be able to download the new software image.',
  // [V] §4.2; MSM target words [T]/[R]
  downloadingTo: (slot: MsmSlot) => `Downloading to MSM-${slot}`,
  installingToPartition: (partition: string) => `Installing to ${partition} partition!`,
  installingTo: (slot: MsmSlot) => `Installing to MSM-${slot}`,
  imageInstalled: 'Image installed successfully',
  usedAfterReboot: 'This image will be used only after rebooting the switch!',
  // [T] §4.5 Ridgeline classifier: the error is glued to the progress line
  hostUnreachable: 'Error: Failed to download image - tftpPeerSet failed',
  // [R] §4.5 lists no not-found text
  fileNotFound: 'Error: Failed to download image - Error: File not found',
  // [R]
  downloadOnly: 'Image downloaded successfully, not installed.',
  // [D] §4.5
  activePartitionOnly: 'Error: Image can only be installed to the non-active partition.',
  // [D] §10 wording
  xmodNeedsCore: (xmod: string, core: string) =>
    `Error: Failed to install image - ${xmod} Can run only with the core image named: ${core}`,
  // [R]
  notDownloaded: (file: string) => `Error: Failed to install image - ${file} has not been downloaded.`,
  damagedImage: (file: string) => `Error: Failed to install image - ${file} is incomplete or damaged.`,
  notAnImage: (file: string) => `Error: Failed to install image - ${file} is not a valid image file.`,
  // [R] §4.7: `rm` refusals, as the missing path of `ls memorycard`
  noSuchFile: (file: string) => `rm: ${file}: No such file or directory`,
  configInUse: (file: string) => `Error: ${file} is the selected configuration file and cannot be removed.`,
  // [R] §4.7: a card that is not there, as a missing path
  noMemoryCard: 'ls: /usr/local/ext: No such file or directory',
  msmNotOperational: (slot: MsmSlot) => `Error: MSM-${slot} is not operational.`,
  noImageInPartition: (partition: string, slot: MsmSlot) => `Error: No image is installed in the ${partition} partition of MSM-${slot}.`,
  unknownVr: (vr: string) => `Error: Virtual router ${vr} does not exist.`,
  // [R] §6.2: one Error: line, no state change
  backupNotInSync: (slot: MsmSlot) => `Error: Backup MSM-${slot} is not in sync with the master; failover not allowed.`,
  noBackup: 'Error: No backup MSM is available to fail over to.',
  // [V] §8.7
  configExists: 'The configuration file primary.cfg already exists.',
  savingConfig: 'Saving configuration primary.cfg  on master ',
  savedConfig: 'Configuration saved to primary.cfg successfully.',
  saveCancelled: 'Save configuration cancelled.',
} as const;
