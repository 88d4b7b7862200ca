// Shown before every destructive step: the exact command, the questions the switch will ask with hitless's answers,
// and the evidence the decision rests on. Enter does nothing here on purpose.
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
}

/** At most `room` lines of `items`; when cut, the last line says how many were left out. */
function fitted(items: Span[], room: number): Span[] {
  if (items.length <= room) return items;
  if (room <= 0) return [];
  const kept = Math.max(0, room - 1);
  return [...items.slice(0, kept), { text: `  … ${items.length - kept} more`, color: 'gray' }];
}

/** The backup's state gates every destructive step (free partition, image installed, In Sync), so it comes first. */
const gatesTheStep = (line: string): boolean => /\bis BACKUP\b/.test(line);

const QUESTION_INDENT = '     ';

interface DialogParts {
  title: Span;
  command: Span[];
  questionsHeader: Span;
  /** Each question wrapped whole, the answer first. */
  questionsWrapped: Span[];
  /** One row per question, cut at the right edge (the answer still shows). */
  questionsOneRowEach: Span[];
  evidenceHeader: Span;
  evidence: Span[];
  keys: Span;
}

function dialogParts({ confirmation, canSkip, width }: Omit<ConfirmDialogProps, 'height'>): DialogParts {
  const innerWidth = Math.max(10, width - BORDER_AND_PADDING_COLUMNS);
  // Broken at spaces, so no word of the command is split across lines (a word longer than a line still is).
  const command = wrapText(`$ ${confirmation.command}`, innerWidth).map((text): Span => ({ text, bold: true, color: 'cyan' }));
  // Answer first: switch questions are long, and a cut line must still show what hitless will reply.
  const questionLine = (question: PendingConfirmation['questions'][number]) => `${question.answer || '<Enter>'}  ← "${question.text.trim()}"`;
  const questionsWrapped = confirmation.questions.flatMap((question) =>
    wrapText(questionLine(question), innerWidth - QUESTION_INDENT.length).map((text, index): Span => ({ text: `${index === 0 ? '  ' : QUESTION_INDENT}${text}` })),
  );
  const ordered = [...confirmation.evidence.filter(gatesTheStep), ...confirmation.evidence.filter((line) => !gatesTheStep(line))];
  return {
    title: { text: `Confirm: ${STEP_LABELS[confirmation.step]}`, bold: true, color: 'magenta' },
    command,
    questionsHeader: {
      text: confirmation.questions.length > 0 ? 'The switch will ask, hitless will answer:' : 'The switch is not expected to ask anything.',
    },
    questionsWrapped,
    questionsOneRowEach: confirmation.questions.map((question): Span => ({ text: `  ${questionLine(question)}` })),
    evidenceHeader: { text: 'Evidence:' },
    evidence: ordered.map((line): Span => ({ text: `  • ${line}` })),
    keys: {
      text: `[c] confirm   ${canSkip ? '[s] skip   ' : ''}[a] abort   [Esc] hide   (Enter does nothing)`,
      color: 'yellow',
      bold: true,
    },
  };
}

/** Title, command, the two headers and the keys. */
const fixedRows = (parts: DialogParts): number => 4 + parts.command.length;

/** Rows the dialog would like at `width` (everything whole), and the least it can be drawn whole in. */
export function confirmDialogRows(props: Omit<ConfirmDialogProps, 'height'>): DialogRows {
  const parts = dialogParts(props);
  const gating = props.confirmation.evidence.filter(gatesTheStep).length;
  return {
    wanted: BORDER_ROWS + fixedRows(parts) + parts.questionsWrapped.length + parts.evidence.length,
    minimum: BORDER_ROWS + fixedRows(parts) + parts.questionsOneRowEach.length + Math.min(parts.evidence.length, Math.max(gating, 1)),
  };
}

export interface DialogContent {
  lines: Span[];
  /** The command, every switch question and the keys are all shown: only then may a key confirm. */
  whole: boolean;
}

export function confirmDialogContent(props: ConfirmDialogProps): DialogContent {
  const parts = dialogParts(props);
  const rows = props.height - BORDER_ROWS;
  const room = rows - fixedRows(parts);
  // Questions wrapped whole where that leaves a row of evidence, else one row each.
  const questions = room - parts.questionsWrapped.length >= Math.min(parts.evidence.length, 1) ? parts.questionsWrapped : parts.questionsOneRowEach;
  const keptQuestions = fitted(questions, room - Math.min(parts.evidence.length, 1));
  const keptEvidence = fitted(parts.evidence, room - keptQuestions.length);
  const body = [parts.title, ...parts.command, parts.questionsHeader, ...keptQuestions, parts.evidenceHeader, ...keptEvidence];
  const shownBody = body.slice(0, rows - 1);
  const whole = room >= 0 && keptQuestions === questions && shownBody.length === body.length;
  return { lines: [...shownBody, parts.keys], whole };
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const innerWidth = props.width - BORDER_AND_PADDING_COLUMNS;
  const { lines, whole } = confirmDialogContent(props);
  const shown = whole ? lines : [...lines.slice(0, -1), { text: 'Enlarge the window: c confirms only a dialog shown whole.', color: 'yellow', bold: true }];
  return (
    <ModalFrame color="magenta" width={props.width} height={props.height}>
      {shown.map((line, index) => (
        <Row key={index} width={innerWidth} line={[line]} />
      ))}
    </ModalFrame>
  );
}
