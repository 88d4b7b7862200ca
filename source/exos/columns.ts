// Fixed-width tables whose column starts are read off their own header line (`show slot`, `show ports`), so that
// a row is sliced where the switch put the columns instead of split on blanks (empty cells and values with
// spaces would shift every later column).
import { clip } from './outputLines.js';
import { notParsed, parsed, type ParseResult } from './parseResult.js';

/** Start offsets of the header words, in order; undefined when the line is not that header. */
export function headerOffsets(line: string, header: RegExp): number[] | undefined {
  const match = header.exec(line);
  if (!match?.indices) return undefined;
  return match.indices.slice(1).map((range) => range![0]);
}

/**
 * The trimmed cells of a row cut at `offsets` (the first cell starts at 0, the last runs to the end), or undefined
 * when a value runs across a column start: the character before every start reached must be a blank.
 */
export function cells(line: string, offsets: number[]): string[] | undefined {
  if (offsets.some((offset) => offset > 0 && line.length > offset && line[offset - 1] !== ' ')) return undefined;
  const starts = [0, ...offsets];
  return starts.map((start, index) => line.slice(start, starts[index + 1]).trim());
}

/**
 * Every non-blank line read by `readRow`. One unreadable or repeated row refuses the whole table: a health check
 * must not pass on a table it read only in part.
 */
export function tableRows<T>(
  lines: string[],
  readRow: (line: string) => T | undefined,
  keyOf: (row: T) => string,
  command: string,
): ParseResult<T[]> {
  const rows: T[] = [];
  const keys = new Set<string>();
  for (const line of lines) {
    if (line.trim() === '') continue;
    const row = readRow(line);
    if (row === undefined) return notParsed(`cannot read the "${command}" row "${clip(line)}"`);
    if (keys.has(keyOf(row))) return notParsed(`"${command}" lists ${keyOf(row)} twice`);
    keys.add(keyOf(row));
    rows.push(row);
  }
  return rows.length === 0 ? notParsed(`"${command}" listed nothing`) : parsed(rows);
}
