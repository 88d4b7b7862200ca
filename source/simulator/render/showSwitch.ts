// `show switch` of a dual-MSM chassis: the verified two-column stack layout with MSM-A/MSM-B names
// (docs/exos-cli.md §2.1, §2.3, §2.4; chassis names are a reconstruction, §2.6).
import type { ChassisModel } from '../chassisModel.js';
import { msmName, otherSlot } from '../chassisModel.js';
import type { MsmSlot, Partition } from '../scenarios.js';
import { ctime, uptime } from './timeText.js';

const LABEL_WIDTH = 18;
const COLUMN_1_WIDTH = 29;
const COLUMN_2_WIDTH = 24;
const CONFIG_VALUE_WIDTH = 53;

const label = (text: string) => text.padEnd(LABEL_WIDTH);
const twoColumns = (name: string, first: string, second: string) =>
  label(name) + first.padEnd(COLUMN_1_WIDTH) + second.padEnd(COLUMN_2_WIDTH);

/** Patch tags sit under their own column, with no trailing padding (docs/exos-cli.md §2.4). */
function patchLine(first?: string, second?: string): string | undefined {
  if (!first && !second) return undefined;
  const line = ' '.repeat(LABEL_WIDTH) + (first ?? '');
  return second ? line.padEnd(LABEL_WIDTH + COLUMN_1_WIDTH) + second : line;
}

export function renderShowSwitch(chassis: ChassisModel, local: MsmSlot, now: Date): string[] {
  const columns = [chassis.msm[local], chassis.msm[otherSlot(local)]] as const;
  const row = (name: string, value: (slot: MsmSlot) => string) =>
    twoColumns(name, value(columns[0].slot), value(columns[1].slot));
  const versionRows = (partition: Partition, name: string) => {
    const bootedPatch = (slot: MsmSlot) => {
      const m = chassis.msm[slot];
      return m.booted === partition ? m.partitions[partition].core?.patch : undefined;
    };
    const patch = patchLine(bootedPatch(columns[0].slot), bootedPatch(columns[1].slot));
    // An empty partition prints an empty value [R: no capture shows one].
    const version = row(name, (slot) => chassis.msm[slot].partitions[partition].core?.version ?? '');
    return patch === undefined ? [version] : [version, patch];
  };
  const config = chassis.savedConfig;
  return [
    '',
    label('SysName:') + chassis.snmp.sysname,
    label('SysLocation:') + chassis.snmp.syslocation,
    label('SysContact:') + chassis.snmp.syscontact,
    label('System MAC:') + chassis.systemMac,
    label('System Type:') + chassis.systemType,
    '',
    label('SysHealth check:') + 'Enabled (Normal)',
    label('Recovery Mode:') + 'All',
    label('System Watchdog:') + 'Enabled',
    '',
    label('Current Time:') + ctime(now),
    label('Timezone:') + '[Auto DST Disabled] GMT Offset: 0 minutes, name is UTC.',
    label('Boot Time:') + ctime(chassis.bootTime),
    label('Boot Count:') + String(chassis.bootCount),
    label('Next Reboot:') + 'None scheduled',
    label('System UpTime:') + uptime(now.getTime() - chassis.bootTime.getTime()) + ' ',
    '',
    row('Slot:', (slot) => (slot === local ? `${msmName(slot)} *` : msmName(slot))),
    twoColumns('', '-'.repeat(COLUMN_2_WIDTH), '-'.repeat(COLUMN_2_WIDTH)),
    row('Current State:', (slot) => chassis.stateText(slot)),
    '',
    row('Image Selected:', (slot) => chassis.msm[slot].selected),
    row('Image Booted:', (slot) => chassis.msm[slot].booted),
    ...versionRows('primary', 'Primary ver:'),
    ...versionRows('secondary', 'Secondary ver:'),
    '',
    label('Config Selected:') + 'primary.cfg'.padEnd(CONFIG_VALUE_WIDTH),
    label('Config Booted:') + 'primary.cfg'.padEnd(CONFIG_VALUE_WIDTH),
    '',
    label(config.file) + `Created by ExtremeXOS version ${config.version}`,
    label('') + `${config.bytes} bytes saved on ${ctime(config.at)}`,
  ];
}
