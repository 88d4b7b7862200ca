// hitless report JOURNAL.jsonl [--format text|md]: what the journal says happened, for people (md: a change record).
import { readFileSync } from 'node:fs';
import { EXIT, fileError, usageError } from '../errors.js';
import { parseJournal, renderReport, reportRuns, type ReportFormat, type RunReport } from '../record/report.js';
import { printable } from '../record/redact.js';
import { parseCommandArgs } from '../run/args.js';

const FORMATS: readonly ReportFormat[] = ['text', 'md'];

export const reportSpec = { format: { type: 'string' } } as const;

export function parseReportArgs(argv: string[]): { file: string; format: ReportFormat } {
  const parsed = parseCommandArgs({ args: argv, options: reportSpec, strict: true, allowPositionals: true });
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) throw usageError('usage: hitless report JOURNAL.jsonl [--format text|md]');
  const format = (parsed.values.format ?? 'text') as ReportFormat;
  if (!FORMATS.includes(format)) throw usageError(`--format must be ${FORMATS.join(' or ')}, got "${parsed.values.format}"`);
  return { file, format };
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

export async function runReportCommand(argv: string[]): Promise<number> {
  const { file, format } = parseReportArgs(argv);
  process.stdout.write(reportOfJournal(file, format));
  return EXIT.ok;
}
