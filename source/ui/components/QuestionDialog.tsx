// A y/n question as the one modal on screen: what answering y does, then the two answers.
import type { Span } from '../line.js';
import { wrapText } from '../line.js';
import type { QuestionText } from '../prompts.js';
import { BORDER_AND_PADDING_COLUMNS, BORDER_ROWS, ModalFrame } from './Modal.js';
import { Row } from './Row.js';

export function questionLines(question: QuestionText, innerWidth: number): Span[] {
  return [
    { text: question.title, bold: true, color: 'red' },
    { text: '' },
    ...question.consequences.flatMap((text) => wrapText(text, innerWidth).map((line): Span => ({ text: line }))),
    { text: '' },
    { text: `[y] ${question.yes}   [n] ${question.no}`, bold: true, color: 'yellow' },
  ];
}

/** Rows the question needs at `width`, frame included. */
export const questionRows = (question: QuestionText, width: number): number => questionLines(question, width - BORDER_AND_PADDING_COLUMNS).length + BORDER_ROWS;

export function QuestionDialog({ question, width, height }: { question: QuestionText; width: number; height: number }) {
  const innerWidth = width - BORDER_AND_PADDING_COLUMNS;
  return (
    <ModalFrame color="red" width={width} height={height}>
      {questionLines(question, innerWidth).map((line, index) => (
        <Row key={index} width={innerWidth} line={[line]} />
      ))}
    </ModalFrame>
  );
}
