// `show ports no-refresh` -> PortStatus[] (docs/exos-cli.md §11.1). Rows are cut at the column starts of the first header
// line (`Port     Display              VLAN Name           Port  Link  Speed  Duplex`): the display string and the
// VLAN may be empty, and a display string may hold blanks. The table ends at the `=` rule above the legend.
import { cells, headerOffsets, tableRows } from './columns.js';
import type { LinkState, PortState, PortStatus } from './healthState.js';
import { outputLines } from './outputLines.js';
import { notParsed, type ParseResult } from './parseResult.js';
import { withSwitchError } from './switchErrors.js';

const HEADER = /^Port +(Display) +(VLAN) Name +(Port) +(Link) +(Speed) +(Duplex)$/d;
const RULE = /^={20,}$/;
const PORT = /^\d+(?::\d+)?$/;
const PORT_STATES: readonly string[] = ['E', 'D', 'F', 'L'] satisfies PortState[];
const LINK_STATES: readonly string[] = ['A', 'R', 'NP', 'L', 'D', 'd', 'B'] satisfies LinkState[];
/** A display string or VLAN name: printable, no control characters or damage bytes. */
const LABEL = /^[\x21-\x7e]*(?: [\x21-\x7e]+)*$/;
const SPEED = /^\d*$/;
const DUPLEX = /^(?:FULL|HALF|)$/;

function readRow(line: string, offsets: number[]): PortStatus | undefined {
  const row = cells(line, offsets);
  if (!row) return undefined;
  const [port = '', displayString = '', vlan = '', portState = '', linkState = '', speed = '', duplex = ''] = row;
  const valid =
    PORT.test(port) &&
    LABEL.test(displayString) &&
    LABEL.test(vlan) &&
    PORT_STATES.includes(portState) &&
    LINK_STATES.includes(linkState) &&
    SPEED.test(speed) &&
    DUPLEX.test(duplex);
  if (!valid) return undefined;
  const status: PortStatus = { port, portState: portState as PortState, linkState: linkState as LinkState };
  if (displayString !== '') status.displayString = displayString;
  if (vlan !== '') status.vlan = vlan;
  if (speed !== '') status.speed = speed;
  if (duplex !== '') status.duplex = duplex;
  return status;
}

export function parseShowPortsNoRefresh(text: string): ParseResult<PortStatus[]> {
  const lines = outputLines(text);
  const headerAt = lines.findIndex((line) => HEADER.test(line));
  if (headerAt < 0) return notParsed(withSwitchError('no "Port Display VLAN Name ..." header, so this is not readable "show ports no-refresh" output', text));
  const offsets = headerOffsets(lines[headerAt]!, HEADER)!;
  const firstRule = lines.findIndex((line, index) => index > headerAt && RULE.test(line));
  const lastRule = lines.findIndex((line, index) => index > firstRule && RULE.test(line));
  if (firstRule < 0 || lastRule < 0) return notParsed('"show ports no-refresh" output ends before the "=" rule under the table; it looks cut off');
  return tableRows(lines.slice(firstRule + 1, lastRule), (line) => readRow(line, offsets), (port) => `port ${port.port}`, 'show ports no-refresh');
}
