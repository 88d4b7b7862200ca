// patches/ink+6.8.0.patch makes Ink's Output keep its caches across frames and skip work for equal styles and plain
// ASCII. What a frame shows must not change: random styled text written at random places, frame after frame, is read
// back through a real terminal emulator cell by cell (character, colour, bold).
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import fc from 'fast-check';
import xtermHeadless from '@xterm/headless';
import { describe, expect, it } from 'vitest';

const { Terminal } = xtermHeadless;

interface OutputLike {
  caches: unknown;
  write(x: number, y: number, text: string, options: { transformers: unknown[] }): void;
  get(): { output: string; height: number };
}
type OutputClass = new (size: { width: number; height: number }) => OutputLike;

// Ink exports only its index; the patched file is reached by path, as Ink's renderer reaches it.
const { default: Output } = (await import(pathToFileURL(join(process.cwd(), 'node_modules/ink/build/output.js')).href)) as { default: OutputClass };

const WIDTH = 24;
const HEIGHT = 6;

interface Segment {
  text: string;
  colour?: number;
  bold: boolean;
}
interface Write {
  x: number;
  y: number;
  segments: Segment[];
}

const segment = fc.record({
  text: fc.stringMatching(/^[a-z #|.─✓é]{1,6}$/),
  colour: fc.option(fc.integer({ min: 31, max: 36 }), { nil: undefined }),
  bold: fc.boolean(),
});
/** Ink's layout never writes past a row's end; the writes are cut to fit as its layout would. */
function fitted({ x, y, segments }: Write): Write {
  let room = WIDTH - x;
  const kept = segments.map((part) => {
    const text = Array.from(part.text).slice(0, Math.max(0, room)).join('');
    room -= Array.from(text).length;
    return { ...part, text };
  });
  return { x, y, segments: kept.filter((part) => part.text !== '') };
}
const write = fc
  .record({ x: fc.integer({ min: 0, max: WIDTH - 1 }), y: fc.integer({ min: 0, max: HEIGHT - 1 }), segments: fc.array(segment, { minLength: 1, maxLength: 4 }) })
  .map(fitted);
const frame = fc.array(write, { minLength: 1, maxLength: 8 });

const sgr = ({ text, colour, bold }: Segment) =>
  colour === undefined && !bold ? text : `\x1b[${[bold ? '1' : '', colour ?? ''].filter(Boolean).join(';')}m${text}\x1b[0m`;

type Cell = { char: string; colour?: number; bold: boolean };

/** What the writes mean, cell by cell: later writes cover earlier ones. */
function expectedCells(writes: Write[]): Cell[][] {
  const grid: Cell[][] = Array.from({ length: HEIGHT }, () => Array.from({ length: WIDTH }, () => ({ char: ' ', bold: false })));
  for (const { x, y, segments } of writes) {
    let column = x;
    for (const { text, colour, bold } of segments) {
      for (const char of text) {
        grid[y]![column++] = { char, colour, bold };
      }
    }
  }
  return grid;
}

async function cellsOnScreen(output: string): Promise<Cell[][]> {
  const terminal = new Terminal({ cols: WIDTH + 10, rows: HEIGHT, allowProposedApi: true, convertEol: true });
  await new Promise<void>((resolve) => terminal.write(output, resolve));
  const buffer = terminal.buffer.active;
  const cell = buffer.getNullCell();
  const rows = Array.from({ length: HEIGHT }, (_, y) =>
    Array.from({ length: WIDTH }, (_, x): Cell => {
      buffer.getLine(y)!.getCell(x, cell);
      const char = cell.getChars() || ' ';
      // A blank's colour and weight do not show; Ink trims trailing blanks, so compare them as plain.
      if (char === ' ') return { char, bold: false };
      return { char, colour: cell.isFgPalette() ? cell.getFgColor() + 30 : undefined, bold: cell.isBold() !== 0 };
    }),
  );
  terminal.dispose();
  return rows;
}

const plainBlanks = (grid: Cell[][]) => grid.map((row) => row.map((cell) => (cell.char === ' ' ? { char: ' ', bold: false } : cell)));

describe("Ink's Output with hitless's patch", () => {
  it('keeps one set of caches for every frame (the patch is applied)', () => {
    expect(new Output({ width: 1, height: 1 }).caches).toBe(new Output({ width: 2, height: 2 }).caches);
  });

  it('draws every frame of a sequence exactly as its writes say, whatever earlier frames left in the caches', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 4 }), async (frames) => {
        for (const writes of frames) {
          const output = new Output({ width: WIDTH, height: HEIGHT });
          for (const { x, y, segments } of writes) output.write(x, y, segments.map(sgr).join(''), { transformers: [] });
          const { output: text } = output.get();
          expect(await cellsOnScreen(text)).toEqual(plainBlanks(expectedCells(writes)));
        }
      }),
      { numRuns: 150 },
    );
  });
});
