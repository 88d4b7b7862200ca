// What the operator's terminal can show: UTF-8 glyphs or only ASCII (a serial line, an old console-server shell with
// LANG=C), colours or not (NO_COLOR, or a terminal type without them), DEC private modes (the alternate screen,
// synchronized output, cursor hiding) or not. The screen keeps the same layout either way.
import { createContext } from 'react';

export interface Display {
  /** Draw only printable ASCII (0x20-0x7e). */
  ascii: boolean;
  /** Use colours; bold, dim and inverse are kept either way. */
  color: boolean;
  /** Use the xterm private modes: the alternate screen, synchronized output (?2026) and hiding the cursor. */
  privateModes: boolean;
}

export const FULL_DISPLAY: Display = { ascii: false, color: true, privateModes: true };

/** Terminal types (TERM, with any -suffix) that know neither colours nor the xterm private modes. */
const PLAIN_TERMINALS: readonly string[] = ['dumb', 'unknown', 'vt52', 'vt100', 'vt102', 'vt220'];
const isPlainTerminal = (term: string | undefined): boolean => PLAIN_TERMINALS.includes((term ?? '').split('-')[0]!.toLowerCase());

/** The locale's character set decides ASCII (LC_ALL, then LC_CTYPE, then LANG, as C libraries read them). */
export function displayFor(env: NodeJS.ProcessEnv, options: { ascii?: boolean } = {}): Display {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  const plain = isPlainTerminal(env.TERM);
  return { ascii: options.ascii === true || !/utf-?8/i.test(locale), color: !env.NO_COLOR && !plain, privateModes: !plain };
}

export const DisplayContext = createContext<Display>(FULL_DISPLAY);

/** Each glyph the screen draws, as ASCII; anything else outside ASCII (switch output, names) becomes '?'. */
const ASCII_GLYPHS: Readonly<Record<string, string>> = {
  '★': '*',
  '●': 'o',
  '○': '-',
  '◌': '~',
  '✓': '+',
  '✗': 'x',
  '■': '#',
  '█': '#',
  '░': '-',
  '⚠': '!',
  '•': '-',
  '·': '|',
  '–': '-',
  '—': '-',
  '─': '-',
  '│': '|',
  '…': '...',
  '←': '<-',
  '→': '->',
  '↑': '^',
  '↓': 'v',
};

const NOT_ASCII = /[^\x20-\x7e]/gu;

export const toAscii = (text: string): string => text.replace(NOT_ASCII, (char) => ASCII_GLYPHS[char] ?? '?');
