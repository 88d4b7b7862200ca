// hitless export FILE.cast --html OUT.html [--journal JOURNAL.jsonl]: one self-contained page with the recording,
// its step chapters and the run's summary (the full report and the health table too, when the journal is given).
import { dirname } from 'node:path';
import { EXIT, fileError, usageError } from '../errors.js';
import { makePrivateFolder, writePrivateFile } from '../privateFiles.js';
import { redactCast, serializeCast } from '../record/asciicast.js';
import { exportPage } from '../record/exportHtml.js';
import { parseCommandArgs } from '../run/args.js';
import { printable } from '../record/redact.js';
import { lastHealthTable, renderReport, type HealthTable } from '../record/report.js';
import { readCastFile } from './replayCommand.js';
import { journalRuns } from './reportCommand.js';

/** Port names come from the switch: a journal from elsewhere is redacted and stripped of terminal controls like the report. */
const redactedHealth = (table: HealthTable | undefined): HealthTable | undefined =>
  table && {
    ...table,
    rows: table.rows.map((row) => row.map(printable) as HealthTable['rows'][number]),
    ...(table.lost && { lost: printable(table.lost) }),
  };

export const exportSpec = { html: { type: 'string' }, journal: { type: 'string' } } as const;

function parseExportArgs(argv: string[]): { file: string; html: string; journal?: string } {
  const parsed = parseCommandArgs({
    args: argv,
    options: exportSpec,
    strict: true,
    allowPositionals: true,
  });
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0 || !parsed.values.html) throw usageError('usage: hitless export FILE.cast --html OUT.html [--journal JOURNAL.jsonl]');
  return { file, html: parsed.values.html, journal: parsed.values.journal };
}

export async function runExportCommand(argv: string[]): Promise<number> {
  const { file, html, journal } = parseExportArgs(argv);
  // hitless' recordings are redacted when written; a recording from elsewhere is redacted before it is shared.
  const cast = redactCast(readCastFile(file));
  const runs = journal ? journalRuns(journal) : undefined;
  const page = exportPage({
    castText: serializeCast(cast),
    cast,
    report: runs && printable(renderReport(runs, 'text')),
    health: runs && redactedHealth(lastHealthTable(runs)),
  });
  try {
    makePrivateFolder(dirname(html));
    writePrivateFile(html, page);
  } catch (err) {
    throw fileError('write', html, err);
  }
  process.stdout.write(`wrote ${html} (${Math.round(page.length / 1024)} KiB)\n`);
  return EXIT.ok;
}
