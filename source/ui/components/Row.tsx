// One screen row that never wraps: hitless cuts longer content at the row's width and ends it with an ellipsis the
// terminal can show; in ASCII mode every glyph becomes ASCII, and without colour only bold/dim/inverse remain.
import { useContext } from 'react';
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

export function Row({ width, line = [] }: { width: number; line?: Line | string }) {
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
}
