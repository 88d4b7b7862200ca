import { describe, expect, it } from 'vitest';
import { ConsoleBuffer } from '../../source/ui/consoleBuffer.js';

async function written(text: string): Promise<ConsoleBuffer> {
  const buffer = new ConsoleBuffer({ cols: 40, rows: 3 });
  await new Promise<void>((resolve) => buffer.write(text, resolve));
  return buffer;
}

describe('styled console viewport', () => {
  it('keeps the switch colours and attributes as styled runs', async () => {
    const buffer = await written('plain \x1b[1;31mERROR\x1b[0m \x1b[38;5;200mpink\x1b[0m \x1b[38;2;1;2;3mrgb\x1b[0m');
    const [line] = buffer.styledViewport();
    expect(line).toEqual([
      { text: 'plain ' },
      { text: 'ERROR', color: 'red', bold: true },
      { text: ' ' },
      { text: 'pink', color: 'ansi256(200)' },
      { text: ' ' },
      { text: 'rgb', color: '#010203' },
    ]);
    buffer.dispose();
  });

  it('gives the same text as the plain viewport, cursor movement included', async () => {
    const buffer = await written('abcdefghij\x1b[5G\x1b[7mXY\x1b[0m\r\nsecond');
    const styled = buffer.styledViewport().map((spans) => spans.map((span) => span.text).join(''));
    expect(styled).toEqual(buffer.viewport());
    expect(buffer.styledViewport()[0]).toContainEqual({ text: 'XY', inverse: true });
    buffer.dispose();
  });
});
