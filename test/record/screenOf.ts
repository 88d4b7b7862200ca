// Plays a recording's output into a headless xterm of the recorded size and reads the screen it leaves.
import xtermHeadless from '@xterm/headless';
import type { Cast } from '../../source/record/asciicast.js';

const { Terminal } = xtermHeadless;

/** The visible lines after every output event up to `untilTime` (default: all), trailing blanks trimmed. */
export function finalScreen(cast: Cast, untilTime = Number.POSITIVE_INFINITY): Promise<string[]> {
  const terminal = new Terminal({ cols: cast.header.width, rows: cast.header.height, allowProposedApi: true });
  for (const [time, code, data] of cast.events) {
    if (time > untilTime) break;
    if (code === 'o') terminal.write(data);
    if (code === 'r') {
      const [cols, rows] = data.split('x').map(Number);
      terminal.resize(cols!, rows!);
    }
  }
  return new Promise((resolve) =>
    terminal.write('', () => {
      const buffer = terminal.buffer.active;
      const lines = Array.from({ length: terminal.rows }, (_, i) => buffer.getLine(buffer.viewportY + i)?.translateToString(true).trimEnd() ?? '');
      terminal.dispose();
      resolve(lines);
    }),
  );
}
