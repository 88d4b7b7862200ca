// Why the run stopped (or the latest warning) and, once it has ended, what to do next — wrapped over as many rows as
// the layout gives, never cut off at the right edge. A stop the operator chose is not drawn as an error.
import { Box } from 'ink';
import { wrapText, type Line } from '../line.js';
import { HEALTH_PHASE_LABEL } from '../../engine/events.js';
import type { UiSnapshot } from '../snapshot.js';
import { Row } from './Row.js';

/** While the run goes on, a warning may take this many rows; after it ended, the outcome may take more. */
const ROWS_WHILE_RUNNING = 2;
const ROWS_AFTER_RUN = 5;

function heading(problem: NonNullable<UiSnapshot['problem']>): { text: string; color: 'red' | 'yellow' } {
  if (problem.severity === 'warning') return { text: '⚠ warning: ', color: 'yellow' };
  if (problem.kind === 'stopped') return { text: '■ stopped: ', color: 'yellow' };
  return { text: '✗ error: ', color: 'red' };
}

/** The wanted lines; the layout may give fewer rows, and the last row shown is then cut with an ellipsis. */
export function problemLines(snapshot: UiSnapshot, width: number): Line[] {
  const problem = snapshot.problem;
  if (!problem) return [...healthLines(snapshot, width), ...consoleLines(snapshot, width)];
  const head = heading(problem);
  const reason = wrapText(`${head.text}${problem.message}`, width).map((text, index): Line =>
    index === 0 ? [{ text: head.text, color: head.color, bold: true }, { text: text.slice(head.text.length) }] : [{ text }],
  );
  const finished = snapshot.finished;
  const next = finished && problem.severity === 'error' ? (finished.next ?? problem.advice ?? finished.summary) : undefined;
  const advice = next ? wrapText(`next: ${next}`, width).map((text): Line => [{ text, bold: true }]) : [];
  return [...reason, ...advice].slice(0, finished ? ROWS_AFTER_RUN : ROWS_WHILE_RUNNING);
}

/** A green or red head, then text wrapped under it, on at most the rows a running run gives the area. */
function headedLines(head: string, color: 'green' | 'red', text: string, width: number): Line[] {
  return wrapText(`${head}${text}`, width)
    .map((line, index): Line => (index === 0 ? [{ text: head, color, bold: true }, { text: line.slice(head.length) }] : [{ text: line }]))
    .slice(0, ROWS_WHILE_RUNNING);
}

/** While nothing is wrong with the run, the consoles proven before it changed anything (the fallback is there), below the health line. */
function consoleLines({ consolesReady }: UiSnapshot, width: number): Line[] {
  const told = (['A', 'B'] as const).flatMap((slot) => consolesReady?.[slot] ?? []);
  return told.length === 0 ? [] : headedLines('● ', 'green', told.join('; '), width);
}

/** While nothing is wrong with the run, the latest read of the I/O modules and links, and what it lost. */
function healthLines({ health }: UiSnapshot, width: number): Line[] {
  if (!health) return [];
  const text = `${HEALTH_PHASE_LABEL[health.phase]}: ${health.summary}${health.lost ? ` — ${health.lost}` : ''}`;
  return health.lost ? headedLines('✗ health ', 'red', text, width) : headedLines('● health ', 'green', text, width);
}

export function ProblemArea({ lines, rows, width }: { lines: Line[]; rows: number; width: number }) {
  if (rows <= 0) return null;
  const shown = lines.slice(0, rows);
  const cut = lines.length > rows;
  return (
    <Box flexDirection="column" width={width} height={rows} flexShrink={0}>
      {shown.map((line, index) => (
        // A cut last row carries the rest of the text, so Row ends it with an ellipsis.
        <Row key={index} width={width} line={cut && index === rows - 1 ? [...line, { text: ` ${lines.slice(rows).map((rest) => rest.map((span) => span.text).join('')).join(' ')}` }] : line} />
      ))}
    </Box>
  );
}
