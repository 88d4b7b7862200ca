// The switch's console as the headless terminal sees it: a title line, then exactly the visible viewport.
import { Box, Text } from 'ink';
import type { ConsoleSpan } from '../consoleStyle.js';
import { Row } from './Row.js';

/** A console line: plain text, or runs of styled text read from the terminal buffer. */
export type ConsoleLineContent = string | readonly ConsoleSpan[];

export interface ConsoleViewProps {
  lines: readonly ConsoleLineContent[];
  /** Rows including the title line. */
  height: number;
  width: number;
  focused: boolean;
  /** Lines scrolled up from the newest output; 0 = following. */
  scrolledBack: number;
  /** A serial console's name; absent for the management session. */
  label?: string;
}

function Title({ focused, scrolledBack, width, label: name }: Omit<ConsoleViewProps, 'lines' | 'height'>) {
  const label = focused
    ? ' CONSOLE INPUT — Ctrl-] to leave '
    : scrolledBack > 0
      ? ` ${name ?? 'Console'} — ${scrolledBack} lines back, End to follow `
      : name
        ? ` ${name} (watch only) — v next console, B break `
        : ' Console — Tab to type, PgUp/PgDn to scroll ';
  const rule = '─'.repeat(Math.max(0, width - label.length - 2));
  return (
    <Row width={width}>
      ──
      <Text inverse={focused} color={focused ? 'yellow' : scrolledBack > 0 ? 'cyan' : undefined} bold={focused}>
        {label}
      </Text>
      {rule}
    </Row>
  );
}

export function ConsoleView({ lines, height, width, focused, scrolledBack, label }: ConsoleViewProps) {
  const visible = Array.from({ length: height - 1 }, (_, index) => lines[index] ?? '');
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      <Title focused={focused} scrolledBack={scrolledBack} width={width} label={label} />
      {visible.map((line, index) => (
        <Row key={index} width={width}>
          {typeof line === 'string' ? line : line.map(({ text, ...style }, span) => <Text key={span} {...style}>{text}</Text>)}
        </Row>
      ))}
    </Box>
  );
}
