// Text from the switch (or from a file written elsewhere) made safe to print on a terminal or a page: whatever a
// terminal would interpret — C0 controls other than tab and line feed, DEL, C1 controls (U+0080–U+009F) and the escape
// sequences built from them in 7-bit (ESC [ ..., ESC ] ... BEL) or 8-bit form (CSI U+009B, OSC U+009D ... ST U+009C) —
// is removed, sequence and all. A system name like "lab\u009b2J\u009d0;TITLE\u009c" can then neither clear the
// operator's screen, nor set the window title, nor write the clipboard (OSC 52). The parsers read text through it too.

/** C0 controls but tab, line feed, ESC and BEL (BEL and ESC end string sequences), and DEL. A terminal ignores them inside a sequence, so they go first. */
const INERT_CONTROL = /[\x00-\x06\x08\x0b-\x1a\x1c-\x1f\x7f]/g;
/** The body of OSC, DCS, SOS, PM and APC: up to ST (ESC \ or U+009C), BEL, the end of the line or of the text. */
const STRING_BODY = '[^\\x07\\x1b\\x9c\\n]*(?:\\x07|\\x1b\\\\|\\x9c)?';
const ESCAPE_SEQUENCE = new RegExp(
  [
    '(?:\\x1b\\[|\\x9b)[0-?]*[ -/]*[@-~]', // CSI: ESC [ 2 J or U+009B 2 J
    `(?:\\x1b[\\]PX^_]|[\\x90\\x98\\x9d\\x9e\\x9f])${STRING_BODY}`, // OSC (title, clipboard), DCS, SOS, PM, APC
    '\\x1b[ -/]*[0-~]', // the other escapes: charset selection ESC ( B, ESC 7, ESC c
  ].join('|'),
  'g',
);
/** Every control left (a lone ESC or C1, an unfinished sequence, BEL): none may reach a terminal. */
const ANY_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** `text` without terminal controls and escape sequences; tabs and line feeds stay. */
export function stripTerminalControls(text: string): string {
  return text.replace(INERT_CONTROL, '').replace(ESCAPE_SEQUENCE, '').replace(ANY_CONTROL, '');
}
