// hitless report JOURNAL.jsonl... [--format text|md]: what the journals say happened, for people (md: a change record).
// Several journals (a fleet's) get one table first, a line per journal, then each one's report.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { EXIT, fileError, usageError } from '../errors.js';
import { formatDuration, parseJournal, renderReport, reportRuns, type ReportFormat, type RunReport } from '../record/report.js';
import { printable } from '../record/redact.js';
import { parseCommandArgs } from '../run/args.js';

const FORMATS: readonly ReportFormat[] = ['text', 'md'];

export const reportSpec = { format: { type: 'string' } } as const;

export function parseReportArgs(argv: string[]): { files: string[]; format: ReportFormat } {
  const parsed = parseCommandArgs({ args: argv, options: reportSpec, strict: true, allowPositionals: true });
  const files = parsed.positionals;
  if (files.length === 0) throw usageError('usage: hitless report JOURNAL.jsonl... [--format text|md]');
  const format = (parsed.values.format ?? 'text') as ReportFormat;
  if (!FORMATS.includes(format)) throw usageError(`--format must be ${FORMATS.join(' or ')}, got "${parsed.values.format}"`);
  return { files, format };
}

/** The runs of a journal file, for the report and the exported page. */
export function journalRuns(file: string): RunReport[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw fileError('read journal', file, err);
  }
  let events;
  try {
    events = parseJournal(text);
  } catch (err) {
    throw usageError(`${file} ${(err as Error).message}`);
  }
  if (events.length === 0) throw usageError(`${file}: the journal holds no events`);
  return reportRuns(events);
}

/**
 * The report of a journal file; journals written by hitless are redacted and free of terminal controls already, older or
 * foreign ones get it here.
 */
export function reportOfJournal(file: string, format: ReportFormat): string {
  return printable(renderReport(journalRuns(file), format));
}

/** What a run's exit code means, in the words of the fleet's summary. */
const OUTCOMES: Readonly<Record<number, string>> = { 0: 'done', 1: 'internal error', 2: 'bad input', 3: 'refused', 4: 'stopped' };

/** One line per journal: its name, the chassis, how its last run ended, the release it went to, and how long its runs took. */
export function journalsTable(journals: Array<{ file: string; runs: RunReport[] }>, format: ReportFormat): string {
  const rows = journals.map(({ file, runs }) => {
    const last = runs.at(-1)!;
    const ended = last.endedAt === undefined ? undefined : Date.parse(last.endedAt) - Date.parse(runs[0]!.startedAt);
    return [
      basename(file, '.jsonl'),
      last.host ?? '?',
      last.exitCode === undefined ? 'unfinished' : (OUTCOMES[last.exitCode] ?? 'failed'),
      last.exitCode === undefined ? '-' : String(last.exitCode),
      last.target ?? '?',
      ended === undefined ? '-' : formatDuration(ended),
    ];
  });
  const header = ['JOURNAL', 'HOST', 'OUTCOME', 'EXIT', 'RELEASE', 'DURATION'];
  if (format === 'md') {
    const cell = (text: string) => text.replace(/\|/g, '\\|');
    return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`), ''].join('\n');
  }
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((text, column) => (column === row.length - 1 ? text : text.padEnd(widths[column]!))).join('  ')).join('\n') + '\n';
}

export async function runReportCommand(argv: string[]): Promise<number> {
  const { files, format } = parseReportArgs(argv);
  if (files.length === 1) {
    process.stdout.write(reportOfJournal(files[0]!, format));
    return EXIT.ok;
  }
  const journals = files.map((file) => ({ file, runs: journalRuns(file) }));
  const reports = journals.map(({ runs }) => renderReport(runs, format));
  process.stdout.write(printable([journalsTable(journals, format), ...reports].join('\n')));
  return EXIT.ok;
}
