// Shown before every destructive step and every decision: a title naming the action, the exact command (or that
// nothing is sent, for a decision), the questions the switch may ask with hitless's answers, and the evidence the
// decision rests on. Where the terminal is too short for all of it, the middle scrolls (PgUp/PgDn, ↑/↓) and c counts
// only once every line has been on screen. Enter does nothing here on purpose.
import type { PendingConfirmation } from '../snapshot.js';
import { wrapText, type Span } from '../line.js';
import type { DialogRows } from '../layout.js';
import { STEP_LABELS } from '../stepLabels.js';
import { BORDER_AND_PADDING_COLUMNS, BORDER_ROWS, ModalFrame } from './Modal.js';
import { Row } from './Row.js';

export interface ConfirmDialogProps {
  confirmation: PendingConfirmation;
  canSkip: boolean;
  width: number;
  height: number;
  /** First row of the scrolled middle shown (clamped to what there is). */
  top?: number;
  /** The operator's own command the switch has not returned from: c waits for it. */
  switchBusy?: string;
}

/** The backup's state gates every destructive step (free partition, image installed, In Sync), so it comes first. */
const gatesTheStep = (line: string): boolean => /\bis BACKUP\b/.test(line);

const QUESTION_INDENT = '     ';
/** Title and keys, always shown. */
const FIXED_ROWS = 2;

export const dialogTitle = (confirmation: PendingConfirmation): string => confirmation.title ?? `Confirm: ${STEP_LABELS[confirmation.step]}`;

/** Everything between the title and the keys, wrapped whole at the dialog's inner width. */
function bodyLines({ confirmation, width }: Pick<ConfirmDialogProps, 'confirmation' | 'width'>): Span[] {
  const innerWidth = Math.max(10, width - BORDER_AND_PADDING_COLUMNS);
  const wrapped = (text: string, span: Omit<Span, 'text'> = {}, indent = '') =>
    wrapText(text, innerWidth - indent.length).map((line, index): Span => ({ ...span, text: `${index === 0 ? '' : indent}${line}` }));
  // Broken at spaces, so no word of the command is split across lines (a word longer than a line still is).
  const command = confirmation.decision
    ? wrapped(`Your decision; nothing is sent to the switch. c: ${confirmation.command}. a: stop here (exit 4).`, { bold: true })
    : wrapped(`$ ${confirmation.command}`, { bold: true, color: 'cyan' });
  // Answer first: switch questions are long, and the answer is what the operator checks.
  const questions = confirmation.questions.flatMap((question) =>
    wrapped(`  ${question.answer || '<Enter>'}  ← "${question.text.trim()}"`, {}, QUESTION_INDENT),
  );
  const questionsHeader = confirmation.decision
    ? []
    : [{ text: questions.length > 0 ? 'If the switch asks, hitless answers:' : 'The switch is not expected to ask anything.' }];
  const ordered = [...confirmation.evidence.filter(gatesTheStep), ...confirmation.evidence.filter((line) => !gatesTheStep(line))];
  // The evidence before the questions: what gates the step is read first, the long switch questions last.
  return [...command, { text: 'Evidence:' }, ...ordered.flatMap((line) => wrapped(`  • ${line}`, {}, '    ')), ...questionsHeader, ...questions];
}

/** Rows the dialog would like at `width` (everything at once), and the least it can be paged in. */
export function confirmDialogRows(props: Pick<ConfirmDialogProps, 'confirmation' | 'width'>): DialogRows {
  const body = bodyLines(props).length;
  return { wanted: BORDER_ROWS + FIXED_ROWS + body, minimum: BORDER_ROWS + FIXED_ROWS + Math.min(body, 4) };
}

export interface DialogContent {
  lines: Span[];
  /** The first row of the middle shown, clamped. */
  top: number;
  /** How far the middle can scroll: 0 when all of it is shown at once; undefined when not even a row of it fits. */
  maxTop?: number;
}

export function confirmDialogContent(props: ConfirmDialogProps): DialogContent {
  const body = bodyLines(props);
  const rows = props.height - BORDER_ROWS - FIXED_ROWS;
  const keys: Span = props.switchBusy
    ? { text: `c waits: the switch has not returned from "${props.switchBusy}" (Tab, Ctrl-V Esc ends a monitor) · [a] abort`, color: 'yellow', bold: true }
    : { text: `[c] confirm   ${props.canSkip ? '[s] skip   ' : ''}[a] abort   [Esc] hide   (Enter does nothing)`, color: 'yellow', bold: true };
  const title: Span = { text: dialogTitle(props.confirmation), bold: true, color: 'magenta' };
  if (body.length <= rows) return { lines: [title, ...body, keys], top: 0, maxTop: 0 };
  // One row says where in the middle the view is, and how to see the rest.
  const view = rows - 1;
  if (view < 1) return { lines: [title, keys].slice(0, Math.max(0, props.height - BORDER_ROWS)), top: 0 };
  const maxTop = body.length - view;
  const top = Math.max(0, Math.min(maxTop, props.top ?? 0));
  const below = body.length - top - view;
  const where: Span = {
    text: below > 0 ? `↓ ${below} more line${below === 1 ? '' : 's'}: PgDn or ↓ (c counts once all is read)` : `↑ all read (lines ${top + 1}-${top + view} of ${body.length}); PgUp or ↑ goes back`,
    color: 'yellow',
  };
  return { lines: [title, ...body.slice(top, top + view), where, keys], top, maxTop };
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const innerWidth = props.width - BORDER_AND_PADDING_COLUMNS;
  const { lines, maxTop } = confirmDialogContent(props);
  const shown = maxTop !== undefined ? lines : [...lines.slice(0, -1), { text: 'Enlarge the window: c confirms only a dialog shown whole.', color: 'yellow', bold: true }];
  return (
    <ModalFrame color="magenta" width={props.width} height={props.height}>
      {shown.map((line, index) => (
        <Row key={index} width={innerWidth} line={[line]} />
      ))}
    </ModalFrame>
  );
}
