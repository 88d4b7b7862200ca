// `show ports no-refresh` (docs/exos-cli.md §11.1: header, rules, column offsets 0/9/30/50/56/63/70 and the legend are
// verbatim from the real captures) and the screen of plain `show ports`, the refreshing monitor [R: its title and
// key line are our reconstruction].
import type { ChassisModel } from '../chassisModel.js';
import { shownLink, type IoModule, type PortModel } from '../ioModules.js';
import { ctime } from './timeText.js';

const HEADER = [
  'Port     Display              VLAN Name           Port  Link  Speed  Duplex',
  '#        String               (or # VLANs)        State State Actual Actual',
  '='.repeat(75),
];

const LEGEND = [
  '='.repeat(72),
  '   Port State: D-Disabled, E-Enabled, F-Disabled by link-flap detection,',
  '               L-Disabled due to licensing',
  '   Link State: A-Active, R-Ready, NP-Port not present, L-Loopback,',
  '               D-ELSM enabled but not up,',
  '               d-Ethernet OAM enabled but not up,',
  '               B-MACsec enabled but blocked awaiting authentication',
];

/** Active rows end after the duplex and one space (75 characters); the others are padded to 88 (real captures). */
function portRow(module: IoModule, port: PortModel): string {
  const link = shownLink(module, port);
  const lead = `${port.id.padEnd(9)}${port.displayString.padEnd(21)}${port.vlan.padEnd(20)}${(port.enabled ? 'E' : 'D').padEnd(6)}`;
  return link === 'A' ? `${lead}${link.padEnd(7)}${String(port.speed).padEnd(7)}FULL ` : `${lead}${link}`.padEnd(88);
}

const portRows = (chassis: ChassisModel) => chassis.ioModules.flatMap((module) => module.ports.map((port) => portRow(module, port)));

export function renderShowPortsNoRefresh(chassis: ChassisModel): string[] {
  return ['Port Summary', ...HEADER, ...portRows(chassis), ...LEGEND];
}

export const MONITOR_KEYS = 'U->page up  D->page down ESC->exit';
/** Lines of the monitor screen around the port rows: title, header (3), closing rule, key line. */
const MONITOR_FRAME_LINES = 6;
/** Without a known terminal height the monitor shows one screen of this many rows. */
const DEFAULT_MONITOR_ROWS = 24;

/** How many port rows one monitor screen shows. */
export const monitorWindow = (screenRows: number) => Math.max(1, (screenRows || DEFAULT_MONITOR_ROWS) - MONITOR_FRAME_LINES);

/** One screen of the monitor, from port row `top`: redrawn in place, so it starts by homing the cursor and clearing. */
export function renderPortMonitor(chassis: ChassisModel, now: Date, top: number, screenRows: number): string {
  const rows = portRows(chassis).slice(top, top + monitorWindow(screenRows));
  const title = `${'Port Summary Monitor'.padEnd(55)}${ctime(now)}`;
  return `\x1b[H\x1b[J${[title, ...HEADER, ...rows, '='.repeat(75), MONITOR_KEYS].join('\r\n')}`;
}

export const portCount = (chassis: ChassisModel) => chassis.ioModules.reduce((sum, module) => sum + module.ports.length, 0);
