// `show switch` -> ShowSwitch (docs/exos-cli.md §2). The node block is read by column offsets taken from the
// 18-character label field, never with `label:\s+(.*)`, which glues the two columns together (§2.7).
import type { ImageVersion, MsmSlot, NodeRole, NodeStatus, Partition, ShowSwitch } from './chassisState.js';
import { outputLines } from './outputLines.js';
import { notParsed, parsed, type ParseResult } from './parseResult.js';
import { withSwitchError } from './switchErrors.js';

/** Value column 1 starts after the 18-character label field; column 2 after 24 value + 5 gutter characters. */
const COLUMN_1 = 18;
const COLUMN_2 = 47;

const NODE_ROW_LABELS = ['Slot', 'Current State', 'Image Selected', 'Image Booted', 'Primary ver', 'Secondary ver'] as const;
type NodeRowLabel = (typeof NODE_ROW_LABELS)[number];
const VERSION_ROW_LABELS = ['Primary ver', 'Secondary ver'] as const;
const isNodeRowLabel = (label: string): label is NodeRowLabel => (NODE_ROW_LABELS as readonly string[]).includes(label);

const LABEL = /^([A-Za-z][A-Za-z ]{0,16}):/;
const PATCH_TAG = /patch\d+-\d+/g;
const PATCH_LINE = /^ +patch\d+-\d+(?: +patch\d+-\d+)?$/;
const VERSION_VALUE = /^(\d+\.\d+\.\d+\.\d+)(?:-(patch\d+-\d+))?$/;
const NODE_HEADER_CELL = /^(\S+?) ?(\*)?$/;
const MSM_NAME = /^MSM-([AB])$/;
const STACK_NODE_NAME = /^Slot-\d+$/;
const SEVERAL_VALUES = /\S {3,}\S/;

interface LabelledLine {
  label: string;
  line: string;
  index: number;
}

/** The trimmed values of column 1 and column 2 of a node-block row. */
type Columns = [string, string];

/** Undefined when the text does not sit in the two columns (starts early, or runs from column 1 into 2). */
function splitColumns(row: LabelledLine): Columns | undefined {
  const { line, label } = row;
  const beforeColumn1 = line.slice(label.length + 1, COLUMN_1);
  const bleedsIntoColumn2 = line.length > COLUMN_2 && line[COLUMN_2 - 1] !== ' ';
  if (beforeColumn1.trim() !== '' || bleedsIntoColumn2) return undefined;
  return [line.slice(COLUMN_1, COLUMN_2).trim(), line.slice(COLUMN_2).trim()];
}

// In sync only for exactly this qualifier: "contains In Sync but not Not In Sync" would also accept damaged
// text such as "BACKUP ot In Sync)" (found by the property tests), and a false in-sync could allow a failover.
const IN_SYNC_BACKUP = /^BACKUP ?\( ?In ?Sync ?\)$/i;

function classifyState(stateText: string): { role: NodeRole; inSync: boolean } {
  if (stateText === 'MASTER') return { role: 'master', inSync: false };
  if (stateText.startsWith('BACKUP')) return { role: 'backup', inSync: IN_SYNC_BACKUP.test(stateText) };
  return { role: 'not-ready', inSync: false };
}

const asPartition = (text: string): Partition | undefined =>
  text === 'primary' || text === 'secondary' ? text : undefined;

function asVersion(text: string): ImageVersion | undefined {
  const match = VERSION_VALUE.exec(text);
  if (!match) return undefined;
  return match[2] ? { version: match[1]!, patch: match[2] } : { version: match[1]! };
}

function slotOf(name: string): MsmSlot | undefined {
  const letter = MSM_NAME.exec(name)?.[1];
  return letter === 'A' || letter === 'B' ? letter : undefined;
}

function labelledLines(lines: string[]): LabelledLine[] {
  return lines.flatMap((line, index) => {
    const label = LABEL.exec(line)?.[1];
    return label === undefined ? [] : [{ label, line, index }];
  });
}

function singleValue(rows: LabelledLine[], label: string): string | undefined {
  const row = rows.find((candidate) => candidate.label === label);
  const value = row?.line.slice(row.label.length + 1).trim();
  return value === '' ? undefined : value;
}

/** Patch tags on the line right after a `... ver:` row, by the column their start offset falls in. */
function patchTags(lines: string[], verRow: LabelledLine): [string | undefined, string | undefined] {
  const next = lines[verRow.index + 1];
  const tags: [string | undefined, string | undefined] = [undefined, undefined];
  if (next === undefined || !PATCH_LINE.test(next)) return tags;
  for (const match of next.matchAll(PATCH_TAG)) {
    if (match.index >= COLUMN_2) tags[1] = match[0];
    else if (match.index >= COLUMN_1) tags[0] = match[0];
  }
  return tags;
}

interface NodeBlock {
  /** Row cells per label, one entry per column. */
  cells: Map<NodeRowLabel, Columns>;
  /** Patch tags under each version row, one entry per column. */
  patches: Map<NodeRowLabel, [string | undefined, string | undefined]>;
}

function readNodeBlock(lines: string[], rows: LabelledLine[]): ParseResult<NodeBlock> {
  const cells = new Map<NodeRowLabel, Columns>();
  const patches = new Map<NodeRowLabel, [string | undefined, string | undefined]>();
  for (const label of NODE_ROW_LABELS) {
    const found = rows.filter((row) => row.label === label);
    if (found.length === 0) continue;
    if (found.length > 1) return notParsed(`"${label}:" appears ${found.length} times in the node block`);
    const row = found[0]!;
    const columns = splitColumns(row);
    if (!columns) return notParsed(`the "${label}:" row is not aligned to the value columns (offsets ${COLUMN_1} and ${COLUMN_2})`);
    cells.set(label, columns);
    if ((VERSION_ROW_LABELS as readonly string[]).includes(label)) patches.set(label, patchTags(lines, row));
  }
  return parsed({ cells, patches });
}

function nodeValues(block: NodeBlock, column: 0 | 1) {
  const cell = (label: NodeRowLabel) => block.cells.get(label)?.[column] ?? '';
  const version = (label: NodeRowLabel): ImageVersion | undefined => {
    const bare = asVersion(cell(label));
    const patch = block.patches.get(label)?.[column];
    return bare && patch && !bare.patch ? { ...bare, patch } : bare;
  };
  return {
    selected: asPartition(cell('Image Selected')),
    booted: asPartition(cell('Image Booted')),
    primary: version('Primary ver'),
    secondary: version('Secondary ver'),
  };
}

/** Drops undefined fields so results compare cleanly and serialise without holes. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function readHeader(header: Columns): ParseResult<Array<{ name: string; local: boolean }>> {
  const nodes: Array<{ name: string; local: boolean }> = [];
  for (const text of header) {
    if (text === '') continue;
    const match = NODE_HEADER_CELL.exec(text);
    if (!match) return notParsed(`cannot read the node name "${text}" in the "Slot:" header`);
    nodes.push({ name: match[1]!, local: match[2] === '*' });
  }
  if (header[0] === '') return notParsed('the "Slot:" header has no node in column 1');
  if (nodes.length === 2 && nodes[0]!.name === nodes[1]!.name) return notParsed(`the "Slot:" header names ${nodes[0]!.name} twice`);
  if (nodes.length === 2 && nodes[0]!.local && nodes[1]!.local) return notParsed('the "Slot:" header marks both nodes with "*"');
  return parsed(nodes);
}

function twoColumnNodes(block: NodeBlock): ParseResult<NodeStatus[]> {
  const header = readHeader(block.cells.get('Slot')!);
  if (!header.ok) return header;
  const states = block.cells.get('Current State')!;
  if (header.value.length === 1 && states[1] !== '') {
    return notParsed('"Current State:" has a second column but the "Slot:" header names only one node');
  }
  return parsed(
    header.value.map(({ name, local }, column) => {
      const stateText = states[column as 0 | 1];
      return defined({ name, slot: slotOf(name), local, stateText, ...classifyState(stateText), ...nodeValues(block, column as 0 | 1) });
    }),
  );
}

function singleNode(block: NodeBlock): ParseResult<NodeStatus[]> {
  const [stateText, second] = block.cells.get('Current State')!;
  if (second !== '' || SEVERAL_VALUES.test(stateText)) {
    return notParsed('"Current State:" holds two values but there is no "Slot:" header naming the nodes');
  }
  // A standalone switch says OPERATIONAL; it is never reported as master, so nothing can mistake it for a chassis.
  return parsed([defined({ name: '', local: true, stateText, role: 'not-ready' as const, inSync: false, ...nodeValues(block, 0) })]);
}

export function parseShowSwitch(text: string): ParseResult<ShowSwitch> {
  const lines = outputLines(text);
  const rows = labelledLines(lines);
  const block = readNodeBlock(lines, rows);
  if (!block.ok) return block;
  if (!block.value.cells.has('Current State')) {
    return notParsed(withSwitchError('no "Current State:" row, so this is not readable "show switch" output', text));
  }
  // Every release prints `Config Selected:` after the node block (§2.1); without it the output may be cut
  // off inside the node block, where a shortened last value (e.g. "12.6.2.1" for "12.6.2.10") still parses.
  const lastNodeRow = Math.max(...rows.filter((row) => isNodeRowLabel(row.label)).map((row) => row.index));
  if (!rows.some((row) => row.label === 'Config Selected' && row.index > lastNodeRow)) {
    return notParsed('the output ends before the "Config Selected:" line that follows the node block; it looks cut off');
  }
  const layout = block.value.cells.has('Slot') ? 'two-column' : 'single-node';
  const nodes = layout === 'two-column' ? twoColumnNodes(block.value) : singleNode(block.value);
  if (!nodes.ok) return nodes;
  const systemType = singleValue(rows, 'System Type');
  const isStack = (systemType?.endsWith('(Stack)') ?? false) || nodes.value.some((node) => STACK_NODE_NAME.test(node.name));
  return parsed(
    defined({
      sysName: singleValue(rows, 'SysName'),
      systemType,
      systemMac: singleValue(rows, 'System MAC'),
      layout,
      isStack,
      nodes: nodes.value,
      configSelected: singleValue(rows, 'Config Selected'),
      configBooted: singleValue(rows, 'Config Booted'),
    }),
  );
}
