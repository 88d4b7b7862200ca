// `show slot` -> SlotStatus[] (docs/exos-cli.md §11). Rows are cut at the column starts of the header line
// (`Slots    Type                 Configured           State       Ports`), because Type and Configured are empty
// for an empty slot; the state may hold blanks ("Power Off/Disabled"), so it runs up to the port count at the end.
import type { MsmSlot } from './chassisState.js';
import { cells, headerOffsets, tableRows } from './columns.js';
import type { SlotStatus } from './healthState.js';
import { outputLines } from './outputLines.js';
import { notParsed, type ParseResult } from './parseResult.js';
import { withSwitchError } from './switchErrors.js';

const HEADER = /^Slots +(Type) +(Configured) +(State) +Ports$/d;
const RULE = /^-{20,}$/;
/** Stack members and chassis I/O slots are Slot-N; MSMs are MSM-A/B (MM-A/B on a BD-X8). */
const SLOT_NAME = /^(?:Slot-(\d+)|MS?M-([AB]))$/;
const MODULE_TYPE = /^[\w.+-]*$/;
const STATE_AND_PORTS = /^([A-Za-z][A-Za-z/ ]*?) +(\d+)$/;

function readRow(line: string, offsets: number[]): SlotStatus | undefined {
  const row = cells(line, offsets);
  if (!row) return undefined;
  const [name = '', type = '', configured = '', rest = ''] = row;
  const slotName = SLOT_NAME.exec(name);
  const stateAndPorts = STATE_AND_PORTS.exec(rest);
  if (!slotName || !stateAndPorts || !MODULE_TYPE.test(type) || !MODULE_TYPE.test(configured)) return undefined;
  const status: SlotStatus = { name, state: stateAndPorts[1]!, ports: Number(stateAndPorts[2]) };
  if (slotName[1] !== undefined) status.slotNumber = Number(slotName[1]);
  if (slotName[2] !== undefined) status.msm = slotName[2] as MsmSlot;
  if (type !== '') status.type = type;
  if (configured !== '') status.configured = configured;
  return status;
}

export function parseShowSlot(text: string): ParseResult<SlotStatus[]> {
  const lines = outputLines(text);
  const headerAt = lines.findIndex((line) => HEADER.test(line));
  if (headerAt < 0) return notParsed(withSwitchError('no "Slots Type Configured State Ports" header, so this is not readable "show slot" output', text));
  const offsets = headerOffsets(lines[headerAt]!, HEADER)!;
  const rows = lines.slice(headerAt + 1).filter((line) => !RULE.test(line));
  return tableRows(rows, (line) => readRow(line, offsets), (slot) => slot.name, 'show slot');
}
