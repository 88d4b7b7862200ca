// Shown before every destructive step: the exact command, the questions the switch will ask with hitless's answers,
// and the evidence the decision rests on. Enter does nothing here on purpose.
import type { PendingConfirmation } from '../snapshot.js';
import type { Span } from '../line.js';
import { STEP_LABELS } from '../stepLabels.js';
import { BORDER_AND_PADDING_COLUMNS, BORDER_ROWS, ModalFrame } from './Modal.js';
import { Row } from './Row.js';

export interface ConfirmDialogProps {
  confirmation: PendingConfirmation;
  canSkip: boolean;
  width: number;
  height: number;
}

/** Cuts text into pieces of `width` characters, so a long command is shown whole. */
function chunks(text: string, width: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += width) pieces.push(text.slice(start, start + width));
  return pieces.length > 0 ? pieces : [''];
}

/** At most `room` lines of `items`; when cut, the last line says how many were left out. */
function fitted(items: Span[], room: number): Span[] {
  if (items.length <= room) return items;
  if (room <= 0) return [];
  const kept = Math.max(0, room - 1);
  return [...items.slice(0, kept), { text: `  … ${items.length - kept} more`, color: 'gray' }];
}

export interface DialogContent {
  lines: Span[];
  /** The command, every switch question and the keys are all shown: only then may a key confirm. */
  whole: boolean;
}

export function confirmDialogContent({ confirmation, canSkip, width, height }: ConfirmDialogProps): DialogContent {
  const innerWidth = Math.max(10, width - BORDER_AND_PADDING_COLUMNS);
  const rows = height - BORDER_ROWS;
  const title: Span = { text: `Confirm: ${STEP_LABELS[confirmation.step]}`, bold: true, color: 'magenta' };
  const command = chunks(`$ ${confirmation.command}`, innerWidth).map((text): Span => ({ text, bold: true, color: 'cyan' }));
  const questionsHeader: Span = {
    text: confirmation.questions.length > 0 ? 'The switch will ask, hitless will answer:' : 'The switch is not expected to ask anything.',
  };
  // Answer first: switch questions are long, and a cut line must still show what hitless will reply.
  const questions = confirmation.questions.map((question): Span => ({ text: `  ${question.answer || '<Enter>'}  ← "${question.text.trim()}"` }));
  const evidenceHeader: Span = { text: 'Evidence:' };
  const evidence = confirmation.evidence.map((line): Span => ({ text: `  • ${line}` }));
  const keys: Span = {
    text: `[c] confirm   ${canSkip ? '[s] skip   ' : ''}[a] abort   [Esc] hide   (Enter does nothing)`,
    color: 'yellow',
    bold: true,
  };
  // Questions before evidence: what the switch will be told matters most after the command itself.
  const room = rows - (1 + command.length + 1 + 1 + 1);
  const keptQuestions = fitted(questions, room - Math.min(evidence.length, 1));
  const keptEvidence = fitted(evidence, room - keptQuestions.length);
  const body = [title, ...command, questionsHeader, ...keptQuestions, evidenceHeader, ...keptEvidence];
  const shownBody = body.slice(0, rows - 1);
  const whole = room >= 0 && keptQuestions === questions && shownBody.length === body.length;
  return { lines: [...shownBody, keys], whole };
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
