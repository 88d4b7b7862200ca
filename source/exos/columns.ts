// Fixed-width tables whose column starts are read off their own header line (`show slot`, `show ports`), so that
// a row is sliced where the switch put the columns instead of split on blanks (empty cells and values with
// spaces would shift every later column).

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
