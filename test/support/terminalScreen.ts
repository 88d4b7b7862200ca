// What a real terminal does with text: it is written into a headless xterm that already shows a line, and the test
// reads back the screen and every window title or clipboard write (OSC 0/2, OSC 52) the text asked for.
import xtermHeadless from '@xterm/headless';

const { Terminal } = xtermHeadless;

/** The line on the screen before the text: a clear-screen sequence in the text would wipe it. */
export const BEFORE = 'operator shell: before';

/** Every C0 control but tab, line feed and carriage return (a frame needs those), DEL and every C1 control. */
export const TERMINAL_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;

export async function onTerminal(text: string, size = { cols: 200, rows: 60 }): Promise<{ screen: string; titles: string[]; oscs: string[] }> {
  const terminal = new Terminal({ ...size, scrollback: 1000, allowProposedApi: true });
  const titles: string[] = [];
  const oscs: string[] = [];
  terminal.onTitleChange((title) => titles.push(title));
  for (const code of [0, 1, 2, 52]) terminal.parser.registerOscHandler(code, (data) => (oscs.push(`${code};${data}`), false));
  await new Promise<void>((resolve) => terminal.write(`${BEFORE}\r\n${text.replace(/\r?\n/g, '\r\n')}`, resolve));
  const buffer = terminal.buffer.active;
  const screen = Array.from({ length: buffer.length }, (_, i) => buffer.getLine(i)?.translateToString(true).trimEnd() ?? '').join('\n');
  terminal.dispose();
  return { screen, titles, oscs };
}
