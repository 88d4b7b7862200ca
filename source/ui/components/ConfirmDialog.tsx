// Shown before every destructive step: the exact command, the questions the switch will ask with hitless's answers,
// and the evidence the decision rests on. Enter does nothing here on purpose.
import { Box, Text } from 'ink';
import type { MarkerColor } from '../markers.js';
import type { PendingConfirmation } from '../snapshot.js';
import { STEP_LABELS } from '../stepLabels.js';
import { Row } from './Row.js';

export interface ConfirmDialogProps {
  confirmation: PendingConfirmation;
  canSkip: boolean;
  width: number;
  height: number;
}

interface DialogLine {
  text: string;
  color?: MarkerColor;
  bold?: boolean;
}

const BORDER_AND_PADDING_COLUMNS = 4;
const BORDER_ROWS = 2;

/** Cuts text into pieces of `width` characters, so a long command is shown whole. */
function chunks(text: string, width: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += width) pieces.push(text.slice(start, start + width));
  return pieces.length > 0 ? pieces : [''];
}

/** At most `room` lines of `items`; when cut, the last line says how many were left out. */
function fitted(items: DialogLine[], room: number): DialogLine[] {
  if (items.length <= room) return items;
  if (room <= 0) return [];
  const kept = Math.max(0, room - 1);
  return [...items.slice(0, kept), { text: `  … ${items.length - kept} more`, color: 'gray' }];
}

export function confirmDialogLines({ confirmation, canSkip, width, height }: ConfirmDialogProps): DialogLine[] {
  const innerWidth = Math.max(10, width - BORDER_AND_PADDING_COLUMNS);
  const rows = height - BORDER_ROWS;
  const title: DialogLine = { text: `Confirm: ${STEP_LABELS[confirmation.step]}`, bold: true, color: 'magenta' };
  const command = chunks(`$ ${confirmation.command}`, innerWidth).map((text) => ({ text, bold: true, color: 'cyan' as const }));
  const questionsHeader: DialogLine = {
    text: confirmation.questions.length > 0 ? 'The switch will ask, hitless will answer:' : 'The switch is not expected to ask anything.',
  };
  // Answer first: switch questions are long, and a cut line must still show what hitless will reply.
  const questions = confirmation.questions.map((question) => ({ text: `  ${question.answer || '<Enter>'}  ← "${question.text.trim()}"` }));
  const evidenceHeader: DialogLine = { text: 'Evidence:' };
  const evidence = confirmation.evidence.map((line) => ({ text: `  • ${line}` }));
  const keys: DialogLine = {
    text: `[c] confirm   ${canSkip ? '[s] skip   ' : ''}[a] abort   [Esc] hide   (Enter does nothing)`,
    color: 'yellow',
    bold: true,
  };
  // Questions before evidence: what the switch will be told matters most after the command itself.
  const room = rows - (1 + command.length + 1 + 1 + 1);
  const keptQuestions = fitted(questions, room - Math.min(evidence.length, 1));
  const keptEvidence = fitted(evidence, room - keptQuestions.length);
  const body = [title, ...command, questionsHeader, ...keptQuestions, evidenceHeader, ...keptEvidence];
  return [...body.slice(0, rows - 1), keys];
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const innerWidth = props.width - BORDER_AND_PADDING_COLUMNS;
  return (
    <Box borderStyle="round" borderColor="magenta" paddingX={1} flexDirection="column" width={props.width} height={props.height} flexShrink={0}>
      {confirmDialogLines(props).map((line, index) => (
        <Row key={index} width={innerWidth}>
          <Text color={line.color} bold={line.bold}>
            {line.text}
          </Text>
        </Row>
      ))}
    </Box>
  );
}
