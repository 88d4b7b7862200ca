// A question of connecting (a password, a passphrase, whether to trust a host key) drawn over the screen: every cell
// of its box is written, so nothing of the screen beneath shows through. A secret is never drawn, only whether
// something was typed.
import { useContext } from 'react';
import { Box } from 'ink';
import type { ConnectionDialog } from '../connectionDialogs.js';
import { DisplayContext } from '../display.js';
import { lineWidth, wrapText, type Span } from '../line.js';
import { BORDER_ROWS } from './Modal.js';
import { displayLine, Row } from './Row.js';

const BORDER_COLUMNS = 2;
/** A space either side of the text inside the border. */
const MARGIN_COLUMNS = 2;

const wrapped = (text: string, width: number, style: Omit<Span, 'text'> = {}): Span[] => wrapText(text, width).map((line) => ({ ...style, text: line }));

/** The dialog's lines at `textWidth` columns, keys last. */
export function connectionDialogLines(dialog: ConnectionDialog, textWidth: number): Span[] {
  if (dialog.kind === 'secret') {
    return [
      { text: 'Connecting', bold: true, color: 'cyan' },
      ...wrapped(dialog.prompt.trim(), textWidth),
      { text: dialog.typed ? '> typed (hidden, its length too)' : '> type it: nothing you type is shown', dim: !dialog.typed },
      ...wrapped('[Enter] send   [Backspace] erase   [Esc] cancel', textWidth, { bold: true, color: 'yellow' }),
    ];
  }
  return [
    { text: dialog.title, bold: true, color: 'red' },
    ...dialog.lines.flatMap((line) => wrapped(line, textWidth)),
    ...wrapped(`[y] ${dialog.yes}   [n] ${dialog.no}`, textWidth, { bold: true, color: 'yellow' }),
  ];
}

/** Rows the box takes at `width` columns. */
export const connectionDialogRows = (dialog: ConnectionDialog, width: number): number =>
  connectionDialogLines(dialog, width - BORDER_COLUMNS - MARGIN_COLUMNS).length + BORDER_ROWS;

export function ConnectionDialogBox({ dialog, width }: { dialog: ConnectionDialog; width: number }) {
  const display = useContext(DisplayContext);
  const innerWidth = width - BORDER_COLUMNS;
  const lines = connectionDialogLines(dialog, innerWidth - MARGIN_COLUMNS);
  return (
    <Box
      borderStyle={display.ascii ? 'classic' : 'round'}
      borderColor={display.color ? 'yellow' : undefined}
      flexDirection="column"
      width={width}
      height={lines.length + BORDER_ROWS}
      flexShrink={0}
    >
      {lines.map((span, index) => {
        const shown = displayLine([{ text: ' ' }, span], innerWidth, display);
        return <Row key={index} width={innerWidth} line={[...shown, { text: ' '.repeat(Math.max(0, innerWidth - lineWidth(shown))) }]} />;
      })}
    </Box>
  );
}
