// One screen row that never wraps: hitless cuts longer content at the row's width and ends it with an ellipsis the
// terminal can show; in ASCII mode every glyph becomes ASCII, and without colour only bold/dim/inverse remain.
import { memo, useContext } from 'react';
import { Box, Text } from 'ink';
import { DisplayContext, toAscii, type Display } from '../display.js';
import { fitLine, type Line, type Span } from '../line.js';

export function displayLine(line: Line, width: number, display: Display): Line {
  const shown = display.ascii ? line.map((span) => ({ ...span, text: toAscii(span.text) })) : line;
  return fitLine(shown, width, display.ascii ? '...' : '…');
}

export function SpanText({ span, display }: { span: Span; display: Display }) {
  const { text, color, backgroundColor, dim, ...style } = span;
  return (
    <Text {...style} dimColor={dim} color={display.color ? color : undefined} backgroundColor={display.color ? backgroundColor : undefined}>
      {text}
    </Text>
  );
}

interface RowProps {
  width: number;
  line?: Line | string;
}

const STYLE_KEYS = ['text', 'color', 'backgroundColor', 'bold', 'dim', 'italic', 'underline', 'inverse'] as const;

const sameSpan = (a: Span, b: Span): boolean => STYLE_KEYS.every((key) => a[key] === b[key]);

/** Rows are rebuilt from the snapshot and the console on every render; one whose content is unchanged is not redrawn. */
function sameRow(a: RowProps, b: RowProps): boolean {
  if (a.width !== b.width) return false;
  if (a.line === b.line) return true;
  if (typeof a.line !== 'object' || typeof b.line !== 'object') return false;
  const [left, right] = [a.line, b.line];
  return left.length === right.length && left.every((span, index) => sameSpan(span, right[index]!));
}

export const Row = memo(function Row({ width, line = [] }: RowProps) {
  const display = useContext(DisplayContext);
  const spans = displayLine(typeof line === 'string' ? [{ text: line }] : line, width, display);
  return (
    <Box width={width} height={1} flexShrink={0}>
      <Text wrap="truncate">
        {spans.map((span, index) => (
          <SpanText key={index} span={span} display={display} />
        ))}
      </Text>
    </Box>
  );
}, sameRow);
