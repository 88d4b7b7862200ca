// The switch's console as the headless terminal sees it: a title line, then exactly the visible viewport.
import { Box } from 'ink';
import type { Line } from '../line.js';
import { Row } from './Row.js';

/** A console line: plain text, or runs of styled text read from the terminal buffer. */
export type ConsoleLineContent = string | Line;

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
  /** The keys named in a serial console's title (default: v next console, B break). */
  keysHint?: string;
  /** Tab types show commands into the management session (not from the fleet view); default true. */
  typable?: boolean;
}

export const CONSOLE_INPUT_TITLE = ' CONSOLE INPUT — Esc or Ctrl-] to leave ';

function titleLine({ focused, scrolledBack, width, label: name, keysHint = 'v next console, B break', typable = true }: Omit<ConsoleViewProps, 'lines' | 'height'>): Line {
  const label = focused
    ? CONSOLE_INPUT_TITLE
    : scrolledBack > 0
      ? ` ${name ?? 'Console'} — ${scrolledBack} lines back, End to follow `
      : name
        ? ` ${name} (watch only) — ${keysHint} `
        : typable
          ? ' Console — Tab to type, PgUp/PgDn to scroll '
          : ' Console — PgUp/PgDn to scroll ';
  const rule = '─'.repeat(Math.max(0, width - label.length - 2));
  return [
    { text: '──' },
    { text: label, inverse: focused, color: focused ? 'yellow' : scrolledBack > 0 ? 'cyan' : undefined, bold: focused },
    { text: rule },
  ];
}

export function ConsoleView({ lines, height, width, focused, scrolledBack, label, keysHint, typable }: ConsoleViewProps) {
  const visible = Array.from({ length: height - 1 }, (_, index) => lines[index] ?? '');
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      <Row width={width} line={titleLine({ focused, scrolledBack, width, label, keysHint, typable })} />
      {visible.map((line, index) => (
        <Row key={index} width={width} line={line} />
      ))}
    </Box>
  );
}
