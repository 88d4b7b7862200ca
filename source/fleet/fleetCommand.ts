// hitless fleet FILE: headless upgrades of many chassis, one line per chassis as it finishes, then a summary table.
import { dirname, relative } from 'node:path';
import { SCHEMA_VERSION } from '../engine/events.js';
import { HITLESS_VERSION } from '../version.js';
import { fileError, usageError } from '../errors.js';
import { makePrivateFolder } from '../privateFiles.js';
import { parseCommandArgs } from '../run/args.js';
import { targetLabel } from '../run/target.js';
import { besideQuestions } from '../terminalTurns.js';
import { rangedNumber } from '../run/optionRanges.js';
import type { EventSink } from '../engine/events.js';
import { loadFleetFile, type FleetChassis, type FleetPlan, type RolloutOverrides } from './fleetFile.js';
import { runFleet, type ChassisResult, type ChassisState, type FleetResult } from './runFleet.js';
import { upgradeChassis } from './upgradeChassis.js';
import { wrapText } from '../ui/line.js';

export interface FleetOutput {
  line(text: string): void;
}

/** A second Ctrl-C or SIGTERM does not wait for safe points: 128 + SIGINT, as a shell reports it. */
const EXIT_ON_SECOND_SIGNAL = 130;

const stdoutLines: FleetOutput = { line: (text) => besideQuestions(() => process.stdout.write(text + '\n')) };

export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}

const shownPath = (path: string) => relative(process.cwd(), path) || path;

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '));
}

function previewLines(plan: FleetPlan): string[] {
  const header = `fleet ${shownPath(plan.file)}: ${plan.chassis.length} chassis, ${plan.concurrency} at a time, ${rolloutText(plan)}`;
  const rows = plan.chassis.map((c) => {
    const xmods = c.target.xmods.map((xmod) => ` + ${xmod.source.file}`).join('');
    return [c.name, c.address, `-> ${targetLabel(c.target)}${xmods}${c.target.failback ? ', failback' : ''}`, `journal ${shownPath(c.journal)}`];
  });
  return [header, ...table(rows).map((row) => `  ${row}`)];
}

function finishLine(result: ChassisResult, finished: number, total: number): string {
  const { chassis } = result;
  return `[${finished}/${total}] ${chassis.name} (${chassis.address}) ${result.state}, exit ${result.exitCode} in ${formatDuration(result.durationMs)}: ${result.detail}`;
}

/** What the fleet view saw of a chassis, for its summary: its outcome named as the view named it, and its release. */
export interface ChassisAsShown {
  outcome: string;
  release: string;
}

export interface SummaryOptions {
  /** What the fleet view saw of each chassis: its outcome (e.g. "refused") and a RELEASE column. */
  shown?: (index: number) => ChassisAsShown;
  /** The terminal's columns: the table drops and shortens its least useful columns rather than wrap. */
  width?: number;
}

interface SummaryColumn {
  header: string;
  cells: string[];
  /** Dropped when the table is too wide (the first such column first). */
  droppable?: boolean;
  /** Shortened when dropping was not enough, keeping its end (a path) or its start. */
  keep?: 'end' | 'start';
}

const SEPARATOR = 2;
/** A shortened column keeps at least this much of each cell. */
const MIN_SHORTENED = 12;
const columnWidth = (column: SummaryColumn) => Math.max(...[column.header, ...column.cells].map((cell) => cell.length));
const tableWidth = (columns: SummaryColumn[]) => columns.reduce((sum, column) => sum + columnWidth(column), 0) + SEPARATOR * (columns.length - 1);

function shortened(text: string, width: number, keep: 'end' | 'start'): string {
  if (text.length <= width) return text;
  return keep === 'end' ? `…${text.slice(text.length - width + 1)}` : `${text.slice(0, width - 1)}…`;
}

/** The columns that fit `width`: droppable ones left out first, then the shortenable ones cut, widest first. */
function fitColumns(columns: SummaryColumn[], width: number): SummaryColumn[] {
  let fitted = columns;
  for (const column of columns.filter((c) => c.droppable)) {
    if (tableWidth(fitted) <= width) return fitted;
    fitted = fitted.filter((c) => c !== column);
  }
  for (const column of fitted.filter((c) => c.keep).sort((a, b) => columnWidth(b) - columnWidth(a))) {
    const excess = tableWidth(fitted) - width;
    if (excess <= 0) break;
    const room = Math.max(MIN_SHORTENED, columnWidth(column) - excess);
    const cut = { ...column, cells: column.cells.map((cell) => shortened(cell, room, column.keep!)) };
    fitted = fitted.map((c) => (c === column ? cut : c));
  }
  return fitted;
}

/** A line no wider than `width`, its continuation lines indented. */
const wrapped = (text: string, width: number | undefined): string[] =>
  width === undefined ? [text] : wrapText(text, width - 2).map((line, index) => (index === 0 ? line : `  ${line}`));

export function summaryLines(result: FleetResult, { shown, width }: SummaryOptions = {}): string[] {
  const ended = (r: ChassisResult, text: string) => (r.state === 'not started' ? '-' : text);
  const columns: SummaryColumn[] = [
    { header: 'CHASSIS', cells: result.results.map((r) => r.chassis.name) },
    // The name already tells the chassis apart: the address is the first to go on a narrow terminal.
    { header: 'ADDRESS', cells: result.results.map((r) => r.chassis.address), droppable: true },
    { header: 'RESULT', cells: result.results.map((r, index) => shown?.(index).outcome ?? r.state) },
    { header: 'EXIT', cells: result.results.map((r) => (r.exitCode === undefined ? '-' : String(r.exitCode))) },
    ...(shown ? [{ header: 'RELEASE', cells: result.results.map((_, index) => shown(index).release), keep: 'start' as const }] : []),
    { header: 'TIME', cells: result.results.map((r) => ended(r, formatDuration(r.durationMs))), droppable: true },
    { header: 'JOURNAL', cells: result.results.map((r) => ended(r, shownPath(r.chassis.journal))), keep: 'end' },
  ];
  const fitted = width === undefined ? columns : fitColumns(columns, width);
  const rows = [fitted.map((c) => c.header), ...result.results.map((_, row) => fitted.map((c) => c.cells[row]!))];
  const tableLines = table(rows).map((line) => (width !== undefined && line.length > width ? shortened(line, width, 'start') : line));
  const counts = countStates(result.results);
  const totals = (Object.keys(counts) as ChassisState[]).map((state) => `${counts[state]} ${state}`).join(', ');
  const stopped = result.stopReason === undefined ? [] : wrapped(`the fleet stopped because ${result.stopReason}`, width);
  return ['', ...tableLines, ...wrapped(`fleet: ${totals}; exit ${result.exitCode}`, width), ...stopped];
}

/**
 * Why each chassis that did not finish stopped, whole (a row of the view has room for only its start); the fleet's own
 * stop reason is the summary's last line, not repeated here.
 */
export function reasonLines(result: FleetResult, outcome: (index: number) => string, width?: number): string[] {
  return result.results.flatMap((r, index) =>
    r.state === 'done' || r.state === 'not started' ? [] : wrapped(`${r.chassis.name} ${outcome(index)}: ${r.runDetail}`, width),
  );
}

function countStates(results: ChassisResult[]): Record<ChassisState, number> {
  const counts: Record<ChassisState, number> = { done: 0, failed: 0, stopped: 0, 'not started': 0 };
  for (const result of results) counts[result.state]++;
  return counts;
}

/** A `chassis-end` line of --json (schema/fleet.schema.json): the chassis' result, wrapping its own run-end. */
const jsonResult = (r: ChassisResult) => ({
  schema: SCHEMA_VERSION,
  hitless: HITLESS_VERSION,
  type: 'chassis-end',
  name: r.chassis.name,
  address: r.chassis.address,
  state: r.state,
  exitCode: r.exitCode,
  detail: r.detail,
  durationMs: Math.round(r.durationMs),
  journal: r.chassis.journal,
  ...(r.runEnd && { runEnd: r.runEnd }),
});

export const fleetSpec = {
  yes: { type: 'boolean' },
  json: { type: 'boolean' },
  headless: { type: 'boolean' },
  canary: { type: 'string' },
  'max-failures': { type: 'string' },
  record: { type: 'string' },
} as const;

export interface FleetArgs {
  file: string;
  yes: boolean;
  json: boolean;
  headless: boolean;
  rollout: RolloutOverrides;
  /** --record FILE.cast */
  record?: string;
}

/** The full-screen fleet view, or (headless, --json, no terminal) a line per chassis. */
export const showsFleetView = (args: FleetArgs): boolean => !args.headless && !args.json && process.stdout.isTTY === true && process.stdin.isTTY === true;

export function parseFleetArgs(argv: string[]): FleetArgs {
  const parsed = parseCommandArgs({ args: argv, options: fleetSpec, strict: true, allowPositionals: true });
  if (parsed.positionals.length !== 1) throw usageError('usage: hitless fleet FILE [--yes] [--headless] [--json] [--canary N] [--max-failures N] [--record FILE.cast]');
  const { yes = false, json = false, headless = false, canary, 'max-failures': maxFailures, record } = parsed.values;
  const rollout: RolloutOverrides = {
    ...(canary !== undefined && { canary: rangedNumber('canary', canary) }),
    ...(maxFailures !== undefined && { maxFailures: rangedNumber('max-failures', maxFailures) }),
  };
  return { file: parsed.positionals[0]!, yes, json, headless, rollout, ...(record !== undefined && { record }) };
}

/** How the fleet rolls out, for the preview and the fleet view's header: "on failure: stop", "canary 1, max failures 2". */
export function rolloutText(plan: FleetPlan): string {
  const onFailure = plan.maxFailures === undefined ? `on failure: ${plan.onFailure}` : `max failures ${plan.maxFailures}`;
  return plan.canary > 0 ? `canary ${plan.canary}, ${onFailure}` : onFailure;
}

/** Before anything starts, so a mistyped folder stops the fleet instead of one chassis in the middle of it. */
export function createJournalFolders(plan: FleetPlan): void {
  for (const folder of new Set(plan.chassis.map((c) => dirname(c.journal)))) {
    try {
      makePrivateFolder(folder);
    } catch (err) {
      throw fileError('create the journal folder', folder, err);
    }
  }
}

/** What watches a headless fleet besides its lines: the fleet view drawn into a recording (--record). */
export interface FleetWatcher {
  /** The events of the chassis at `index` (in fleet-file order). */
  sink(index: number): EventSink;
  onStart(index: number): void;
  onResult(index: number, result: ChassisResult): void;
  /** Aborted when the watcher cannot go on (its recording cannot be written): the fleet stops. */
  signal: AbortSignal;
  end(result: FleetResult): Promise<void>;
}

export async function runFleetCommand(argv: string[], output: FleetOutput = stdoutLines, watch?: (plan: FleetPlan) => FleetWatcher): Promise<number> {
  const args = parseFleetArgs(argv);
  const plan = loadFleetFile(args.file, args.rollout);
  if (!args.json) for (const line of previewLines(plan)) output.line(line);
  if (!args.yes) {
    throw usageError('a fleet run confirms every step on its own: check the list above, then rerun with --yes');
  }
  createJournalFolders(plan);
  const total = plan.chassis.length;
  const operatorStop = new AbortController();
  const onSignal = () => {
    if (operatorStop.signal.aborted) process.exit(EXIT_ON_SECOND_SIGNAL);
    process.stderr.write('fleet: stopping: nothing new starts, running upgrades stop at their next safe point (again to quit at once)\n');
    operatorStop.abort();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  const watcher = watch?.(plan);
  const indexOf = (chassis: FleetChassis) => plan.chassis.indexOf(chassis);
  let result: FleetResult;
  try {
    result = await runFleet(plan, {
      upgrade: (chassis, signal) => upgradeChassis(chassis, signal, watcher && { sink: watcher.sink(indexOf(chassis)) }),
      onStart: (chassis) => watcher?.onStart(indexOf(chassis)),
      onResult: (r, finished) => {
        watcher?.onResult(indexOf(r.chassis), r);
        output.line(args.json ? JSON.stringify(jsonResult(r)) : finishLine(r, finished, total));
      },
      signal: watcher ? AbortSignal.any([operatorStop.signal, watcher.signal]) : operatorStop.signal,
    });
    await watcher?.end(result);
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
  if (args.json) {
    for (const r of result.results.filter((r) => r.state === 'not started')) output.line(JSON.stringify(jsonResult(r)));
    output.line(JSON.stringify({ schema: SCHEMA_VERSION, hitless: HITLESS_VERSION, type: 'fleet-end', exitCode: result.exitCode, counts: countStates(result.results) }));
  } else {
    for (const line of summaryLines(result, { width: process.stdout.isTTY ? process.stdout.columns : undefined })) output.line(line);
  }
  return result.exitCode;
}
