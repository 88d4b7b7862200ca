// One screen line as runs of styled text, cut to a width by hitless itself (not by Ink), so that a cut line ends in
// the ellipsis the terminal can show and ASCII mode never draws a glyph outside ASCII.
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import type { MarkerColor } from './markers.js';

export interface Span {
  text: string;
  /** A marker colour, or any colour Ink takes (the switch's own colours in the console pane). */
  color?: MarkerColor | string;
  backgroundColor?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

export type Line = readonly Span[];

export const lineWidth = (line: Line): number => line.reduce((sum, span) => sum + stringWidth(span.text), 0);

/** The first `width` columns of `text`, never splitting a wide character. */
function cutText(text: string, width: number): string {
  let used = 0;
  let end = 0;
  for (const char of text) {
    const charWidth = stringWidth(char);
    if (used + charWidth > width) break;
    used += charWidth;
    end += char.length;
  }
  return text.slice(0, end);
}

/** `line` when it fits in `width` columns; otherwise cut so that `ellipsis` (in the style where the cut falls) ends it. */
export function fitLine(line: Line, width: number, ellipsis: string): Line {
  if (lineWidth(line) <= width) return line;
  const room = Math.max(0, width - stringWidth(ellipsis));
  const kept: Span[] = [];
  let used = 0;
  for (const span of line) {
    const spanWidth = stringWidth(span.text);
    if (used + spanWidth <= room) {
      kept.push(span);
      used += spanWidth;
      continue;
    }
    kept.push({ ...span, text: cutText(span.text, room - used) + ellipsis.slice(0, width) });
    break;
  }
  return kept;
}

/** Plain text in lines of at most `width` columns, broken at spaces where possible and inside a too-long word. */
export const wrapText = (text: string, width: number): string[] => wrapAnsi(text, Math.max(1, width), { hard: true }).split('\n');
