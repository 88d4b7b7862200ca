// The chassis' file system and memory card: `ls` and `ls memorycard` with sizes and free space [R], a download from
// the card, and `install image` of a file downloaded earlier (docs/exos-cli.md §4.7).
import { describe, expect, it, vi } from 'vitest';
import { chassisPerTest } from './helpers.js';
import { downloadAndInstall } from './procedure.js';

// SSH round trips: generous on a loaded 2-core machine.
vi.setConfig({ testTimeout: 20_000 });

const chassis = chassisPerTest();
const TARGET = 'bd8800-15.3.5.2-patch1-5.xos';

describe('ls and ls memorycard', () => {
  it('ls: the configuration and the stored images, each with its size, then the free 1 KiB blocks before Use%', async () => {
    await chassis.start('image-on-switch');
    const lines = await chassis.shell.runLines('ls');
    expect(lines.slice(0, 3)).toEqual([
      expect.stringMatching(/^-rw-r--r-- +1 admin +admin +512345 \w{3} [ \d]\d \d\d:\d\d primary\.cfg$/),
      expect.stringMatching(new RegExp(`^-rw-r--r-- +1 admin +admin +71458816 \\w{3} [ \\d]\\d \\d\\d:\\d\\d ${TARGET.replaceAll('.', '\\.')}$`)),
      expect.stringMatching(/ 71458816 .* bd8800-15\.3\.1\.4\.xos$/),
    ]);
    expect(lines.slice(3)).toEqual(['', ' 1k-blocks      Used Available Use%', '    524288    140069    384219  27%']);
  });

  it('ls memorycard: the card; without a card, the missing path', async () => {
    await chassis.start('no-memorycard-file');
    expect(await chassis.shell.runLines('ls memorycard')).toEqual([
      expect.stringMatching(/ 71458816 .* bd8800-15\.3\.1\.4\.xos$/),
      '',
      ' 1k-blocks      Used Available Use%',
      '   2097152     69784   2027368   4%',
    ]);
    chassis.shell.close();
    await chassis.start('happy');
    expect(await chassis.shell.runLines('ls memorycard')).toEqual(['ls: /usr/local/ext: No such file or directory']);
  });
});

describe('images already near the switch', () => {
  it('download image memorycard: the install question, then the image installed on the backup inactive partition', async () => {
    await chassis.start('memorycard');
    const output = await downloadAndInstall(chassis.shell, `download image memorycard ${TARGET} secondary msm B`);
    expect(output).toMatch(/Downloading to MSM-B\.*\r\nInstalling to secondary partition!\r\n\r\nInstalling to MSM-B\.*\r\nImage installed successfully/);
    expect(chassis.simulator.chassis.msm.B.partitions.secondary.core?.version).toBe('15.3.5.2');
  });

  it('download image memorycard of a file the card does not hold: the not-found error, nothing installed', async () => {
    await chassis.start('no-memorycard-file');
    const output = await downloadAndInstall(chassis.shell, `download image memorycard ${TARGET} secondary msm B`);
    expect(output).toContain('Downloading to MSM-BError: Failed to download image - Error: File not found');
    expect(chassis.simulator.chassis.msm.B.partitions.secondary.core?.version).toBe('12.6.3.3');
  });

  it('install image of a stored file asks nothing [R] and installs on the MSM it names; a file not stored is refused', async () => {
    await chassis.start('image-on-switch');
    const lines = await chassis.shell.runLines(`install image ${TARGET} secondary msm B`);
    expect(lines.filter((line) => /^(Installing to secondary|Image installed|This image)/.test(line))).toEqual([
      'Installing to secondary partition!',
      'Image installed successfully',
      'This image will be used only after rebooting the switch!',
    ]);
    expect(chassis.simulator.chassis.msm.B.partitions.secondary.core?.version).toBe('15.3.5.2');
    expect(await chassis.shell.runLines('install image bd8800-15.3.9.9.xos secondary msm A')).toEqual([
      'Error: Failed to install image - bd8800-15.3.9.9.xos has not been downloaded.',
    ]);
  });
});
