// How the switch asks each known question, as the device would print it (with the trailing blank where it has one).
// Verbatim texts are [V]; the others are the reference's reconstructions or guesses [R] (docs/exos-cli.md §5, §6.2).
export const QUESTION_EXAMPLES: ReadonlyArray<readonly [id: string, text: string]> = [
  ['install-after-download', 'Do you want to install image after downloading? (y - yes, n - no, <cr> - cancel) '],
  // [R] guesses: no capture of a standalone `install image` shows a question
  ['install-image', 'Do you want to install the image on MSM-B? (y/N) '],
  ['install-image', 'Do you want to continue with the installation? (y/n)'],
  [
    'remove-debug-files',
    'Debug information files are present in internal-memory.\r\nThese files will be removed if you continue with download.\r\nDo you want to continue with download and remove existing files from internal-memory? (y/N) ',
  ],
  ['reboot-msm', 'Are you sure you want to reboot MSM-B? (y/N) '],
  ['reboot-msm', 'Are you sure you want to reboot msm A? (y/n)'],
  ['reboot-stack', 'Are you sure you want to reboot the stack? (y/N)'],
  ['reboot-switch', 'Are you sure you want to reboot the switch? (y/N) '],
  ['reboot-all', 'Are you sure you want to reboot all slots? (y/N) '],
  [
    'save-and-reboot',
    'Do you want to save configuration changes to currently selected configuration file (primary.cfg) and reboot?\r\n(y - save and reboot, n - reboot without save, <cr> - cancel command) ',
  ],
  [
    'io-module-reset',
    'WARNING: The other MSM operates with a different version of I/O module image. If you continue with the MSM failover, all I/O modules will be reset. Are you sure you want to failover? (y/n)',
  ],
  ['failover-reduced-function', 'WARNING: The upgrade is hitless but new functionality may be lost. Do you want to continue with failover? (y/n) '],
  ['failover-confirm', 'Are you sure you want to failover? (y/n) '],
  ['save-overwrite', 'The configuration file primary.cfg already exists.\nDo you want to save configuration to primary.cfg and overwrite it? (y/N) '],
  ['save-first', 'Save configuration will set the new configuration as the default database.\n\nDo you want to save configuration to primary.cfg? (y/N)'],
  ['exit-unsaved', 'Do you want to save configuration changes to currently selected configuration\r\nfile (primary.cfg)? (y or n)'],
  ['exit-unsaved', 'Do you want to save configuration changes to currently selected configuration file (primary.cfg)? (y or n) '],
  ['synchronize-save', 'Do you want to save configuration changes to primary.cfg? (y or n)'],
  // [R] guesses: no capture shows whether `rm FILE` asks
  ['remove-file', 'Are you sure you want to remove the file? (y/N) '],
  ['remove-file', 'Remove bd8800-15.3.5.2-patch1-5.xos? (y/n)'],
];
