// The one function that keeps terminal controls from the switch off the operator's terminal: checked on every code
// point and on random text full of controls and escape sequences.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripTerminalControls } from '../../source/exos/terminalControls.js';

const isTerminalControl = (code: number) => (code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

/** Text that mixes any characters with controls and (possibly unfinished) 7- and 8-bit escape sequences. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc.integer({ min: 0, max: 0x9f }).map((code) => String.fromCharCode(code)),
      fc.constantFrom('\x1b[', '\x9b', '\x1b]', '\x9d', '\x1bP', '\x90', '\x9c', '\x1b\\', '\x07', '2J', '0;TITLE', '52;c;aGk=', '\r\n', '\t'),
    ),
  )
  .map((parts) => parts.join(''));

describe('stripTerminalControls', () => {
  it('keeps every code point a terminal prints as it is and removes every one it would interpret, over all of Unicode', () => {
    const wrong: number[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      const char = String.fromCodePoint(code);
      // A line feed ends every sequence a control could start, so it stays whatever the control is.
      if (stripTerminalControls(`a${char}\n`) !== (isTerminalControl(code) ? 'a\n' : `a${char}\n`)) wrong.push(code);
    }
    expect(wrong).toEqual([]);
  });

  it('leaves no control but tab and line feed, adds nothing, and cleaning twice changes nothing', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const clean = stripTerminalControls(text);
        expect(clean).not.toMatch(CONTROLS);
        expect(stripTerminalControls(clean)).toBe(clean);
        let from = 0;
        for (const char of clean) from = text.indexOf(char, from) + char.length;
        expect(from).toBeGreaterThan(clean.length === 0 ? -1 : 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('removes whole sequences in both forms: the screen clear, the window title and the clipboard write', () => {
    expect(stripTerminalControls('lab\u009b2J\u009d0;TITLE\u009c-1')).toBe('lab-1');
    expect(stripTerminalControls('lab\x1b[2J\x1b]0;TITLE\x07-1')).toBe('lab-1');
    expect(stripTerminalControls('lab\x1b]52;c;aGFja2Vk\x1b\\-1')).toBe('lab-1');
    expect(stripTerminalControls('lab\u009d52;c;aGFja2Vk\u0007-1')).toBe('lab-1');
    expect(stripTerminalControls('lab\x1bP1$r\x1b\\-1\x1bc')).toBe('lab-1');
  });

  it('keeps text without controls as it is, tabs, line feeds and non-ASCII included', () => {
    const printable = fc.string({ unit: 'grapheme' }).filter((text) => !CONTROLS.test(text));
    fc.assert(fc.property(printable, (text) => stripTerminalControls(text) === text));
    expect(stripTerminalControls('Slot-1 BD-8810.1 #\tÄ € 日本\n')).toBe('Slot-1 BD-8810.1 #\tÄ € 日本\n');
  });
});
