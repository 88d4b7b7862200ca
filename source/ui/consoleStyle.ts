// Turns one line of the headless terminal into runs of equally styled text, so the console pane keeps the switch's
// colours and attributes (Ink's <Text> takes colour names, `#rrggbb` and `ansi256(n)`).
import type { IBufferCell, IBufferLine } from '@xterm/headless';
import type { Span } from './line.js';

const ANSI_NAMES = [
  'black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white',
  'blackBright', 'redBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright', 'cyanBright', 'whiteBright',
];

function colour(isRgb: boolean, isPalette: boolean, value: number): string | undefined {
  if (isRgb) return `#${value.toString(16).padStart(6, '0')}`;
  if (isPalette) return value < 16 ? ANSI_NAMES[value] : `ansi256(${value})`;
  return undefined;
}

const PLAIN: Omit<Span, 'text'> = Object.freeze({});

function styleOf(cell: IBufferCell): Omit<Span, 'text'> {
  // Most of a switch's output is unstyled: one check instead of eleven.
  if (cell.isAttributeDefault()) return PLAIN;
  const style: Omit<Span, 'text'> = {};
  const fg = colour(cell.isFgRGB(), cell.isFgPalette(), cell.getFgColor());
  const bg = colour(cell.isBgRGB(), cell.isBgPalette(), cell.getBgColor());
  if (fg) style.color = fg;
  if (bg) style.backgroundColor = bg;
  if (cell.isBold()) style.bold = true;
  if (cell.isDim()) style.dim = true;
  if (cell.isItalic()) style.italic = true;
  if (cell.isUnderline()) style.underline = true;
  if (cell.isInverse()) style.inverse = true;
  return style;
}

const sameStyle = (a: Omit<Span, 'text'>, b: Omit<Span, 'text'>) =>
  a.color === b.color &&
  a.backgroundColor === b.backgroundColor &&
  a.bold === b.bold &&
  a.dim === b.dim &&
  a.italic === b.italic &&
  a.underline === b.underline &&
  a.inverse === b.inverse;

/** Styled runs of a buffer line; trailing blanks are dropped unless styled (a coloured background shows). */
export function styledSpans(line: IBufferLine | undefined, scratch: IBufferCell): Span[] {
  if (!line) return [];
  const spans: Span[] = [];
  let length = 0;
  let visible = 0;
  for (let x = 0; x < line.length; x++) {
    const cell = line.getCell(x, scratch);
    if (!cell || cell.getWidth() === 0) continue;
    const style = styleOf(cell);
    const chars = cell.getChars();
    const text = chars || ' ';
    length += text.length;
    if (chars !== '' && chars !== ' ') visible = length;
    const last = spans.at(-1);
    if (last && sameStyle(last, style)) last.text += text;
    else spans.push({ ...style, text });
  }
  return trimTrailing(spans, visible);
}

/** Keeps the spans' text within the visible length, except for styled (e.g. inverse or coloured background) blanks. */
function trimTrailing(spans: Span[], visible: number): Span[] {
  while (spans.length > 0) {
    const last = spans.at(-1)!;
    const styledBlank = last.backgroundColor !== undefined || last.inverse;
    const length = spans.reduce((sum, span) => sum + span.text.length, 0);
    if (length <= visible || styledBlank) break;
    const trimmed = last.text.slice(0, Math.max(0, last.text.length - (length - visible)));
    if (trimmed) {
      last.text = trimmed;
      break;
    }
    spans.pop();
  }
  return spans;
}
