// hitless fleet FILE: headless upgrades of many chassis, one line per chassis as it finishes, then a summary table.
import { dirname, relative } from 'node:path';
import { SCHEMA_VERSION } from '../engine/events.js';
import { HITLESS_VERSION } from '../version.js';
import { fileError, usageError } from '../errors.js';
import { makePrivateFolder } from '../privateFiles.js';
import { parseCommandArgs } from '../run/args.js';
import { canPrompt } from '../run/ttyPrompt.js';
import { targetLabel } from '../run/target.js';
import { rangedNumber } from '../run/optionRanges.js';
import { loadFleetFile, type FleetPlan, type RolloutOverrides } from './fleetFile.js';
import { runFleet, type ChassisResult, type ChassisState, type FleetResult } from './runFleet.js';
import { oneAtATime, upgradeChassis } from './upgradeChassis.js';

export interface FleetOutput {
  line(text: string): void;
}

/** A second Ctrl-C or SIGTERM does not wait for safe points: 128 + SIGINT, as a shell reports it. */
const EXIT_ON_SECOND_SIGNAL = 130;

const stdoutLines: FleetOutput = { line: (text) => process.stdout.write(text + '\n') };

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

/** @param shown what the fleet view saw of each chassis: its outcome (e.g. "refused") and a RELEASE column. */
export function summaryLines(result: FleetResult, shown?: (index: number) => ChassisAsShown): string[] {
  const rows = [
    ['CHASSIS', 'ADDRESS', 'RESULT', 'EXIT', ...(shown ? ['RELEASE'] : []), 'TIME', 'JOURNAL'],
    ...result.results.map((r, index) => [
      r.chassis.name,
      r.chassis.address,
      shown?.(index).outcome ?? r.state,
      r.exitCode === undefined ? '-' : String(r.exitCode),
      ...(shown ? [shown(index).release] : []),
      r.state === 'not started' ? '-' : formatDuration(r.durationMs),
      r.state === 'not started' ? '-' : shownPath(r.chassis.journal),
    ]),
  ];
  const counts = countStates(result.results);
  const totals = (Object.keys(counts) as ChassisState[]).map((state) => `${counts[state]} ${state}`).join(', ');
  return ['', ...table(rows), `fleet: ${totals}; exit ${result.exitCode}`];
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
} as const;

export interface FleetArgs {
  file: string;
  yes: boolean;
  json: boolean;
  headless: boolean;
  rollout: RolloutOverrides;
}

export function parseFleetArgs(argv: string[]): FleetArgs {
  const parsed = parseCommandArgs({ args: argv, options: fleetSpec, strict: true, allowPositionals: true });
  if (parsed.positionals.length !== 1) throw usageError('usage: hitless fleet FILE [--yes] [--headless] [--json] [--canary N] [--max-failures N]');
  const { yes = false, json = false, headless = false, canary, 'max-failures': maxFailures } = parsed.values;
  const rollout: RolloutOverrides = {
    ...(canary !== undefined && { canary: rangedNumber('canary', canary) }),
    ...(maxFailures !== undefined && { maxFailures: rangedNumber('max-failures', maxFailures) }),
  };
  return { file: parsed.positionals[0]!, yes, json, headless, rollout };
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

export async function runFleetCommand(argv: string[], output: FleetOutput = stdoutLines): Promise<number> {
  const args = parseFleetArgs(argv);
  const plan = loadFleetFile(args.file, args.rollout);
  if (!args.json) for (const line of previewLines(plan)) output.line(line);
  if (!args.yes) {
    throw usageError('a fleet run confirms every step on its own: check the list above, then rerun with --yes');
  }
  createJournalFolders(plan);
  const gate = canPrompt() ? oneAtATime() : undefined;
  const total = plan.chassis.length;
  const operatorStop = new AbortController();
  const onSignal = () => {
    if (operatorStop.signal.aborted) process.exit(EXIT_ON_SECOND_SIGNAL);
    process.stderr.write('fleet: stopping: nothing new starts, running upgrades stop at their next safe point (again to quit at once)\n');
    operatorStop.abort();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  let result: FleetResult;
  try {
    result = await runFleet(plan, {
      upgrade: (chassis, signal) => upgradeChassis(chassis, signal, gate),
      onResult: (r, finished) => output.line(args.json ? JSON.stringify(jsonResult(r)) : finishLine(r, finished, total)),
      signal: operatorStop.signal,
    });
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
  if (args.json) {
    for (const r of result.results.filter((r) => r.state === 'not started')) output.line(JSON.stringify(jsonResult(r)));
    output.line(JSON.stringify({ schema: SCHEMA_VERSION, hitless: HITLESS_VERSION, type: 'fleet-end', exitCode: result.exitCode, counts: countStates(result.results) }));
  } else {
    for (const line of summaryLines(result)) output.line(line);
  }
  return result.exitCode;
}
