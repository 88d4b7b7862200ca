// A human-readable account of the upgrade runs in a journal: what, when, who, the evidence each confirmation was
// given on, the switch's questions and hitless' answers, timings and outcome — as text, or as a Markdown change record.
import { HEALTH_PHASE_LABEL, type EngineEvent, type FinalNodeState, type HealthPhase, type StepTiming } from '../engine/events.js';
import type { HealthSnapshot } from '../procedure/health.js';
import type { ExpectedQuestion, StepId } from '../procedure/types.js';
import { STEP_LABELS } from '../ui/stepLabels.js';
import { finalStateOf } from './auditTrail.js';
import { EMPTY_LEDGER, foldStepEvent, stepTimings } from '../procedure/stepLedger.js';
import { eventComplaint } from './eventSchema.js';

export interface ConfirmationRecord {
  at: string;
  step: StepId;
  /** What confirming did (absent in journals written before titles). */
  title?: string;
  command: string;
  /** A decision: nothing was sent to the switch, `command` says what hitless then did. */
  decision?: true;
  evidence: string[];
  /** The switch's questions the dialog announced, with hitless' answers. */
  questions: ExpectedQuestion[];
  answer?: string;
  by?: string;
  answeredAt?: string;
}

export interface StepRecord extends StepTiming {
  command?: string;
  detail?: string;
}

/** One read of the I/O modules and links. */
export interface HealthRecord {
  at: string;
  phase: HealthPhase;
  snapshot: HealthSnapshot;
  summary: string;
  /** What was lost since the baseline, on one line. */
  lost?: string;
}

export interface RunReport {
  mode?: string;
  operator?: string;
  host?: string;
  target?: string;
  startedAt: string;
  endedAt?: string;
  exitCode?: number;
  summary?: string;
  steps: StepRecord[];
  confirmations: ConfirmationRecord[];
  questions: Array<{ at: string; step?: StepId; text: string; reply: string; reason: string; refused: boolean }>;
  commands: Array<{ at: string; step?: StepId; command: string }>;
  problems: Array<{ at: string; severity: 'warning' | 'error'; message: string }>;
  finalState?: FinalNodeState[];
  /** When the final state was read, and what happened after that read that it cannot show. */
  finalStateAt?: string;
  sinceFinalState?: string[];
  /** The baseline (from an earlier run of the same journal when this one resumed) and the run's last read after it. */
  health: { before?: HealthRecord; after?: HealthRecord };
}

/**
 * The events of a JSONL journal, each line checked against its event schema (schema/events/); a line cut off by a
 * killed process (the last one) is left out. A bad line throws "line N is not ...: what is wrong".
 */
export function parseJournal(text: string): EngineEvent[] {
  const lines = text.split('\n');
  let last = lines.length - 1;
  while (last > 0 && lines[last]!.trim() === '') last--;
  return lines.flatMap((line, index) => {
    if (line.trim() === '') return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      if (index === last) return [];
      throw new Error(`line ${index + 1} is not JSON: ${(err as Error).message}`);
    }
    const complaint = eventComplaint(value);
    if (complaint) throw new Error(`line ${index + 1} is not a hitless/1 event: ${complaint}`);
    return [value as EngineEvent];
  });
}

/** One report per run: a journal appended to by several runs (a resumed upgrade) holds each of them. */
export function reportRuns(events: EngineEvent[]): RunReport[] {
  const runs: EngineEvent[][] = [];
  for (const event of events) {
    if (event.type === 'run-start' || runs.length === 0) runs.push([]);
    runs.at(-1)!.push(event);
  }
  let baseline: { record: HealthRecord; target?: string } | undefined;
  return runs.map((run) => {
    const report = reportRun(run);
    // A resumed run compares against the baseline an earlier run read before the first failover.
    if (report.health.before) baseline = { record: report.health.before, target: report.target };
    else if (report.health.after && baseline && baseline.target === report.target) report.health.before = baseline.record;
    return report;
  });
}

function reportRun(events: EngineEvent[]): RunReport {
  let steps = EMPTY_LEDGER;
  const commands = new Map<StepId, string>();
  const details = new Map<StepId, string>();
  const report: RunReport = {
    startedAt: events[0]!.at,
    steps: [],
    confirmations: [],
    questions: [],
    commands: [],
    problems: [],
    health: {},
  };
  for (const event of events) {
    steps = foldStepEvent(steps, event, Date.parse(event.at));
    switch (event.type) {
      case 'run-start':
        Object.assign(report, { mode: event.mode, operator: event.operator, host: event.host, target: event.target });
        break;
      case 'state':
        report.finalState = finalStateOf(event.show);
        report.finalStateAt = event.at;
        break;
      case 'step-start':
        if (event.command) commands.set(event.step, event.command);
        break;
      case 'step-end':
        if (event.detail) details.set(event.step, event.detail);
        break;
      case 'confirm-request':
        if (!event.decision) commands.set(event.step, event.command);
        report.confirmations.push({
          at: event.at,
          step: event.step,
          ...(event.title && { title: event.title }),
          command: event.command,
          ...(event.decision && { decision: event.decision }),
          evidence: event.evidence,
          questions: event.questions,
        });
        break;
      case 'confirm-response': {
        const open = [...report.confirmations].reverse().find((c) => c.step === event.step && c.answer === undefined);
        if (open) Object.assign(open, { answer: event.answer, by: event.by, answeredAt: event.at });
        break;
      }
      case 'command':
        report.commands.push({ at: event.at, step: event.step, command: event.command });
        break;
      case 'question':
        report.questions.push({ at: event.at, step: event.step, ...event.question });
        break;
      case 'health': {
        const record: HealthRecord = { at: event.at, phase: event.phase, snapshot: event.snapshot, summary: event.summary, ...(event.description && { lost: event.description }) };
        if (event.phase === 'baseline') report.health.before = record;
        else report.health.after = record;
        break;
      }
      case 'warning':
        report.problems.push({ at: event.at, severity: 'warning', message: event.message });
        break;
      case 'error':
        report.problems.push({ at: event.at, severity: 'error', message: event.message });
        break;
      case 'run-end':
        Object.assign(report, { endedAt: event.at, exitCode: event.exitCode, summary: event.summary });
        if (event.finalState) report.finalState = event.finalState;
        if (event.finalStateAt) report.finalStateAt = event.finalStateAt;
        if (event.sinceFinalState) report.sinceFinalState = event.sinceFinalState;
        break;
      default:
        break;
    }
  }
  report.steps = stepTimings(steps).map((timing) => ({ ...timing, command: commands.get(timing.step), detail: details.get(timing.step) }));
  return report;
}

// --- formatting ------------------------------------------------------------------------------------------------

/** "2026-11-25 17:26:22 UTC": journals hold UTC times, and a change record must not depend on where it is read. */
export const formatTime = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
const clockTime = (iso: string): string => iso.slice(11, 19);

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(Math.round(seconds - minutes * 60)).padStart(2, '0')} s`;
}

const stepLabel = (step: StepId | undefined): string => (step ? STEP_LABELS[step] ?? step : '—');
const outcomeText = (run: RunReport): string =>
  run.exitCode === undefined ? 'unfinished (no run-end: the process was stopped)' : `exit ${run.exitCode} — ${run.summary}`;
/** The error the run ended on, shown right under the outcome, whose advice ("the cause above") refers to it. */
const causeOf = (run: RunReport): string | undefined => (run.exitCode ? [...run.problems].reverse().find((p) => p.severity === 'error')?.message : undefined);
const spanText = (run: RunReport): string =>
  run.endedAt
    ? `${formatTime(run.startedAt)} → ${clockTime(run.endedAt)} (${formatDuration(Date.parse(run.endedAt) - Date.parse(run.startedAt))})`
    : `${formatTime(run.startedAt)} → ?`;
/** The final state is the last `show switch` read: say when, and that it may be out of date when something came after. */
const finalStateHeading = (run: RunReport): string =>
  `Final state${run.finalStateAt ? ` (last read at ${clockTime(run.finalStateAt)}${run.sinceFinalState ? '; may have changed since' : ''})` : ''}`;

const confirmationText = (c: ConfirmationRecord): string =>
  `${c.title ? `${c.title}: ` : ''}${c.decision ? `decision (nothing sent): ${c.command}` : `$ ${c.command}`}`;
const answerText = (c: ConfirmationRecord): string => (c.answer ? `${c.answer} (${c.by})` : 'no answer');
const nodeText = (node: FinalNodeState): string =>
  `${node.state}, booted ${node.booted ?? '?'}; primary ${node.primary ?? '?'}, secondary ${node.secondary ?? '?'}`;

/** Each I/O module of either read, before and after ("—" where a read does not list it); empty slots left out. */
function moduleRows(health: RunReport['health']): Array<{ name: string; type: string; before: string; after: string }> {
  const names = [...new Set([...(health.before?.snapshot.modules ?? []), ...(health.after?.snapshot.modules ?? [])].map((m) => m.name))];
  const find = (record: HealthRecord | undefined, name: string) => record?.snapshot.modules.find((m) => m.name === name);
  return names.flatMap((name) => {
    const before = find(health.before, name);
    const after = find(health.after, name);
    if (before?.state !== 'Operational' && before?.state === after?.state && !before?.type) return [];
    return [{ name, type: before?.type ?? after?.type ?? '', before: before?.state ?? '—', after: after?.state ?? '—' }];
  });
}

const activePorts = (record: HealthRecord | undefined): string =>
  record ? `${record.snapshot.ports.filter((port) => port.linkState === 'A').length} of ${record.snapshot.ports.length}` : '—';
const healthHeading = (record: HealthRecord | undefined, name: string): string =>
  record ? `${HEALTH_PHASE_LABEL[record.phase]} (${clockTime(record.at)})` : `${name}: not read`;

/** The before/after health table of a run: the text report, the Markdown record and the exported page all show it. */
export interface HealthTable {
  headings: [string, string, string, string];
  /** One row per I/O module, then the active ports: name, type, before, after. */
  rows: Array<[string, string, string, string]>;
  /** What was lost since the baseline, on one line. */
  lost?: string;
}

export function healthTable(health: RunReport['health']): HealthTable | undefined {
  if (!health.before && !health.after) return undefined;
  return {
    headings: ['I/O module', 'type', healthHeading(health.before, 'before'), healthHeading(health.after, 'after')],
    rows: [
      ...moduleRows(health).map((row): [string, string, string, string] => [row.name, row.type, row.before, row.after]),
      ['Active ports', '', activePorts(health.before), activePorts(health.after)],
    ],
    ...(health.after?.lost && { lost: health.after.lost }),
  };
}

/** The health table of the last run that read one (a resumed run carries the baseline of the run before it). */
export const lastHealthTable = (runs: RunReport[]): HealthTable | undefined =>
  runs.map((run) => healthTable(run.health)).filter((table) => table !== undefined).at(-1);

function healthText(health: RunReport['health']): string[] {
  const table = healthTable(health);
  if (!table) return [];
  const all = [table.headings, ...table.rows];
  const width = (column: number) => Math.max(...all.map((row) => row[column]!.length));
  const line = (row: readonly string[]) => `  ${row.slice(0, 3).map((text, column) => text.padEnd(width(column))).join('  ')}  ${row[3]}`.trimEnd();
  return ['', 'Health before and after', ...all.map(line), ...(table.lost ? [`  lost: ${table.lost}`] : [])];
}

function healthMarkdown(health: RunReport['health']): string[] {
  const table = healthTable(health);
  if (!table) return [];
  const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const out = ['## Health before and after', '', row(table.headings), '|---|---|---|---|', ...table.rows.map(row), ''];
  if (table.lost) out.push(`Lost: ${table.lost}`, '');
  return out;
}

function textReport(run: RunReport, index: number, count: number): string {
  const out: string[] = [];
  const heading = `hitless ${run.mode ?? 'run'}${count > 1 ? ` (run ${index + 1} of ${count})` : ''}`;
  out.push(heading, '='.repeat(heading.length));
  out.push(`What:     ${run.target ?? '?'} on ${run.host ?? '?'}`);
  out.push(`Who:      ${run.operator ?? '?'}`);
  out.push(`When:     ${spanText(run)}`);
  out.push(`Outcome:  ${outcomeText(run)}`);
  const cause = causeOf(run);
  if (cause) out.push(`Cause:    ${cause}`);
  if (run.finalState) {
    out.push('', finalStateHeading(run));
    for (const node of run.finalState) out.push(`  ${node.name.padEnd(6)} ${nodeText(node)}`);
    for (const since of run.sinceFinalState ?? []) out.push(`  since: ${since}`);
  }
  out.push(...healthText(run.health));
  if (run.steps.length) {
    out.push('', 'Steps');
    const width = Math.max(...run.steps.map((s) => stepLabel(s.step).length));
    for (const s of run.steps) {
      const took = s.durationMs === undefined ? 'unfinished' : `${s.outcome} in ${formatDuration(s.durationMs)}`;
      out.push(`  ${clockTime(s.startedAt)}  ${stepLabel(s.step).padEnd(width)}  ${took}${s.command ? `  $ ${s.command}` : ''}`);
      if (s.detail) out.push(`  ${' '.repeat(8)}  ${' '.repeat(width)}  ${s.detail}`);
    }
  }
  if (run.confirmations.length) {
    out.push('', 'Confirmations');
    for (const c of run.confirmations) {
      out.push(`  ${clockTime(c.at)}  ${stepLabel(c.step)}: ${confirmationText(c)}`);
      out.push(`            answer: ${answerText(c)}${c.answeredAt ? ` at ${clockTime(c.answeredAt)}` : ''}`);
      for (const line of c.evidence) out.push(`            evidence: ${line}`);
      for (const q of c.questions) out.push(`            switch may ask: "${q.text}" → ${q.answer}`);
    }
  }
  if (run.questions.length) {
    out.push('', 'Questions from the switch and answers');
    for (const q of run.questions) {
      out.push(`  ${clockTime(q.at)}  ${stepLabel(q.step)}: "${q.text}" → ${q.refused ? 'REFUSED, ' : ''}${q.reply} (${q.reason})`);
    }
  }
  if (run.problems.length) {
    out.push('', 'Warnings and errors');
    for (const p of run.problems) out.push(`  ${clockTime(p.at)}  ${p.severity}: ${p.message}`);
  }
  return out.join('\n') + '\n';
}

/** Markdown table cells: pipes and line breaks would break the table. */
const cell = (text: string): string => text.replaceAll('|', '\\|').replace(/\r?\n/g, ' ');
const code = (text: string): string => `\`${text.replaceAll('`', "'")}\``;

function markdownReport(run: RunReport, index: number, count: number): string {
  const out: string[] = [];
  out.push(`# Change record: hitless ${run.mode ?? 'run'} of ${run.host ?? '?'}${count > 1 ? ` (run ${index + 1} of ${count})` : ''}`, '');
  out.push('| | |', '|---|---|');
  out.push(`| What | ${cell(run.mode === 'upgrade' || run.mode === undefined ? `upgrade to ${run.target ?? '?'}` : (run.target ?? run.mode))} |`);
  out.push(`| Device | ${cell(run.host ?? '?')} |`);
  out.push(`| Who | ${cell(run.operator ?? '?')} |`);
  out.push(`| When | ${cell(spanText(run))} |`);
  out.push(`| Outcome | ${cell(outcomeText(run))} |`);
  const cause = causeOf(run);
  if (cause) out.push(`| Cause | ${cell(cause)} |`);
  out.push('');
  if (run.finalState) {
    out.push(`## ${finalStateHeading(run)}`, '', '| MSM | state | booted | primary | secondary |', '|---|---|---|---|---|');
    for (const node of run.finalState) {
      out.push(`| ${cell(node.name)} | ${cell(node.state)} | ${node.booted ?? '?'} | ${node.primary ?? '?'} | ${node.secondary ?? '?'} |`);
    }
    out.push('');
    if (run.sinceFinalState) out.push('Since that read (the MSMs may no longer be as shown):', '', ...run.sinceFinalState.map((since) => `- ${since}`), '');
  }
  out.push(...healthMarkdown(run.health));
  if (run.steps.length) {
    out.push('## Steps', '', '| started | step | outcome | took | command |', '|---|---|---|---|---|');
    for (const s of run.steps) {
      const took = s.durationMs === undefined ? '' : formatDuration(s.durationMs);
      out.push(`| ${clockTime(s.startedAt)} | ${cell(stepLabel(s.step))} | ${s.outcome ?? 'unfinished'}${s.detail ? `: ${cell(s.detail)}` : ''} | ${took} | ${s.command ? code(s.command) : ''} |`);
    }
    out.push('');
  }
  if (run.confirmations.length) {
    out.push('## Confirmations', '');
    for (const c of run.confirmations) {
      const what = c.decision ? `Decision (nothing sent to the switch): ${cell(c.command)}` : `Command: ${code(c.command)}`;
      out.push(`### ${clockTime(c.at)} ${stepLabel(c.step)}${c.title ? `: ${cell(c.title)}` : ''}`, '', what, '');
      out.push(`Answer: **${c.answer ?? 'none'}**${c.by ? ` by ${cell(c.by)}` : ''}${c.answeredAt ? ` at ${clockTime(c.answeredAt)}` : ''}`, '');
      if (c.evidence.length) out.push('Evidence shown:', '', ...c.evidence.map((line) => `- ${line}`), '');
      if (c.questions.length) out.push('If the switch asks, hitless answers:', '', ...c.questions.map((q) => `- "${q.text}" → ${code(q.answer)}`), '');
    }
  }
  if (run.questions.length) {
    out.push('## Questions from the switch', '', '| time | step | question | answer | why |', '|---|---|---|---|---|');
    for (const q of run.questions) {
      out.push(`| ${clockTime(q.at)} | ${cell(stepLabel(q.step))} | ${cell(q.text)} | ${q.refused ? 'refused: ' : ''}${code(q.reply)} | ${cell(q.reason)} |`);
    }
    out.push('');
  }
  if (run.problems.length) {
    out.push('## Warnings and errors', '', ...run.problems.map((p) => `- ${clockTime(p.at)} **${p.severity}**: ${p.message}`), '');
  }
  return out.join('\n');
}

export type ReportFormat = 'text' | 'md';

export function renderReport(runs: RunReport[], format: ReportFormat): string {
  const render = format === 'md' ? markdownReport : textReport;
  return runs.map((run, index) => render(run, index, runs.length)).join('\n');
}
