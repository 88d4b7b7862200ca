// The results table (terminal and Markdown) and the machine it was measured on.
import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';

export interface Target {
  op: '<' | '<=' | '>=';
  value: number;
  on: 'value' | 'ratio';
}

export interface Metric {
  id: string;
  name: string;
  value: number;
  unit: string;
  /** Measured in the same run, same unit as `value`. */
  baseline?: { label: string; value: number };
  /** Absent for figures the issue asks to report without a bound; several when all must hold (e.g. ≤ 300 ms and ≤ 2×). */
  target?: Target | Target[];
  /** How to read or why it is what it is; shown under the table. */
  note?: string;
}

export const ratioOf = (metric: Metric): number | undefined =>
  metric.baseline && metric.baseline.value !== 0 ? metric.value / metric.baseline.value : undefined;

const targetsOf = (metric: Metric): Target[] => (metric.target === undefined ? [] : [metric.target].flat());

function meets(metric: Metric, { op, value, on }: Target): boolean | undefined {
  const subject = on === 'ratio' ? ratioOf(metric) : metric.value;
  if (subject === undefined || !Number.isFinite(subject)) return undefined;
  return op === '<' ? subject < value : op === '<=' ? subject <= value : subject >= value;
}

/** undefined: no target, or one that could not be judged (no ratio). */
export function isMet(metric: Metric): boolean | undefined {
  const results = targetsOf(metric).map((target) => meets(metric, target));
  if (results.length === 0 || results.includes(undefined)) return undefined;
  return results.every(Boolean);
}

function number(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit === '' ? '' : ` ${unit}`}`;
}

function cells(metric: Metric): string[] {
  const ratio = ratioOf(metric);
  const targets = targetsOf(metric);
  const shown = (t: Target) => `${t.on === 'ratio' ? 'ratio ' : ''}${t.op.replace('<=', '≤').replace('>=', '≥')} ${t.value}${t.on === 'value' && metric.unit ? ` ${metric.unit}` : ''}`;
  const met = isMet(metric);
  return [
    metric.name,
    number(metric.value, metric.unit),
    metric.baseline ? `${number(metric.baseline.value, metric.unit)} (${metric.baseline.label})` : '—',
    ratio === undefined ? '—' : ratio.toFixed(2),
    targets.length === 0 ? '—' : targets.map(shown).join(' and '),
    targets.length === 0 ? '—' : met === undefined ? '?' : met ? 'yes' : 'NO',
  ];
}

const HEADER = ['metric', 'measured', 'baseline (same run)', 'ratio', 'target', 'met'];

export function textTable(metrics: Metric[]): string {
  const rows = [HEADER, ...metrics.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

export function markdownTable(metrics: Metric[]): string {
  const line = (row: string[]) => `| ${row.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(HEADER), line(HEADER.map(() => '---')), ...metrics.map((metric) => line(cells(metric)))].join('\n');
}

export interface Machine {
  cores: number;
  cpuModel: string;
  memory: string;
  node: string;
  os: string;
  load: string;
}

const sh = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' }).trim();

export function describeMachine(): Machine {
  const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return {
    cores: Number(sh('nproc', [])),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memory: `${gib(totalmem())} total, ${gib(freemem())} free at start`,
    node: process.version,
    os: sh('uname', ['-sr']),
    load: loadavg().map((n) => n.toFixed(2)).join(' '),
  };
}
