// `show version` and `show version images` of the chassis (docs/exos-cli.md §9, §4.6; chassis rows are [R]).
import type { ChassisModel } from '../chassisModel.js';
import { msmName } from '../chassisModel.js';
import { branchToken } from '../imageName.js';
import type { MsmSlot, Partition } from '../scenarios.js';
import { ctimeWithoutYear } from './timeText.js';

const BOOTROM = '1.0.4.2';

interface HardwareRow {
  name: string;
  /** Part number, serial, revision; undefined for an empty slot. */
  hardware?: string;
  msm?: MsmSlot;
}

const HARDWARE: HardwareRow[] = [
  { name: 'Chassis', hardware: '800129-00-08 0812F-80061 Rev 8.0' },
  { name: 'Slot-1', hardware: '800146-00-05 0815G-00456 Rev 5.0' },
  { name: 'Slot-2', hardware: '800155-00-04 0819G-00213 Rev 4.0' },
  { name: 'Slot-3', hardware: '800146-00-05 0815G-00461 Rev 5.0' },
  { name: 'Slot-4' },
  { name: 'MSM-A', hardware: '800121-00-09 0827F-80035 Rev 9.0', msm: 'A' },
  { name: 'MSM-B', hardware: '800121-00-09 0827F-80036 Rev 9.0', msm: 'B' },
  { name: 'Slot-7' },
  { name: 'Slot-8' },
  { name: 'Slot-9' },
  { name: 'Slot-10' },
  { name: 'PSU-1', hardware: 'PS 2336 0813F-00123' },
  { name: 'PSU-2', hardware: 'PS 2336 0813F-00124' },
];

const field = (name: string) => `${name.padEnd(12)}: `;

export function renderShowVersion(chassis: ChassisModel, master: MsmSlot): string[] {
  const running = chassis.runningCore(master);
  const rows = HARDWARE.map(({ name, hardware, msm }) => {
    if (!hardware) return `${name.padEnd(12)}:`;
    if (name.startsWith('PSU') || name === 'Chassis') return field(name) + hardware;
    const up = msm === undefined || ['MASTER', 'BACKUP'].includes(chassis.msm[msm].nodeState);
    if (!up) return `${name.padEnd(12)}:`;
    const image = chassis.runningCore(msm ?? master).version;
    return `${field(name)}${hardware} BootROM: ${BOOTROM.padEnd(10)} IMG: ${image}`;
  });
  return [
    '',
    ...rows,
    '',
    `Image   : ExtremeXOS version ${running.version} ${branchToken(running.version, running.patch)} by release-manager`,
    '          on Mon Nov 17 11:52:41 EST 2014',
    `BootROM : ${BOOTROM}`,
    'Diagnostics : 5.10',
  ];
}

export function renderShowVersionImages(chassis: ChassisModel): string[] {
  const rows: string[] = [];
  for (const slot of ['A', 'B'] as const) {
    for (const partition of ['primary', 'secondary'] as Partition[]) {
      const { core, xmods } = chassis.msm[slot].partitions[partition];
      for (const image of core ? [core, ...xmods] : xmods) {
        const date = `${ctimeWithoutYear(image.installedAt)} UTC ${image.installedAt.getUTCFullYear()}`;
        const branch = branchToken(image.version, image.patch);
        rows.push(`${msmName(slot)} ${partition.padEnd(9)} ${date} ${image.version.padEnd(11)} ${image.file} ${branch}`);
      }
    }
  }
  return [
    '',
    'Card  Partition     Installation Date        Version     Name      Branch',
    '-'.repeat(78),
    ...rows,
    ' ',
    '',
  ];
}
