import { describe, expect, it } from 'vitest';
import { UnsolicitedLineFilter, isUnsolicited, rebootMarkerIn } from '../../source/console/consoleNoise.js';
import { splitAt } from '../session/scriptedTransport.js';

const LOG = '03/04/2024 10:17:45.12 <Info:DM.Info> MSM-B: Node State changed to INIT';

/** Everything `chunks` let through, fed one by one. */
function filtered(chunks: string[]): string {
  const filter = new UnsolicitedLineFilter();
  return chunks.map((chunk) => filter.push(chunk)).join('');
}

/** Every way of cutting `text` into two or three chunks gives `expected`. */
function expectAtEverySplit(text: string, expected: string) {
  for (let first = 1; first < text.length; first++) {
    expect(filtered(splitAt(text, [first])), `split at ${first}`).toBe(expected);
    for (const second of [first + 1, first + 7, text.length - 1]) {
      expect(filtered(splitAt(text, [first, second])), `split at ${first}, ${second}`).toBe(expected);
    }
  }
}

describe('log messages on the serial console', () => {
  it('recognises the EXOS log line format, with or without a stray carriage return before it', () => {
    expect(isUnsolicited(`${LOG}\r\n`)).toBe(true);
    expect(isUnsolicited(`\r${LOG}\r\n`)).toBe(true);
    expect(isUnsolicited('SysName:          BD-8810\r\n')).toBe(false);
    expect(isUnsolicited('03/04/2024 is not a log line\r\n')).toBe(false);
  });

  it('a log line between output lines disappears, wherever the chunks are cut', () => {
    const text = `show switch\r\nSysName:          BD-8810\r\n${LOG}\r\nSysLocation:      \r\nBD-8810.3 # `;
    expectAtEverySplit(text, 'show switch\r\nSysName:          BD-8810\r\nSysLocation:      \r\nBD-8810.3 # ');
  });

  it('a log line printed on its own line after a prompt takes its line break with it, so the prompt stays last', () => {
    expectAtEverySplit(`BD-8810.3 # \r\n${LOG}\r\n`, 'BD-8810.3 # ');
  });

  it('a log line between progress dots disappears; the line break before it stays', () => {
    expectAtEverySplit(`Downloading to MSM-B........\r\n${LOG}\r\n........ done!\r\n`, 'Downloading to MSM-B........\r\n........ done!\r\n');
  });

  it('the prompt is passed at once, even when it begins like a date', () => {
    const filter = new UnsolicitedLineFilter();
    expect(filter.push('SysName:  x\r\n2024-sw.4 # ')).toBe('SysName:  x\r\n2024-sw.4 # ');
    expect(new UnsolicitedLineFilter().push('BD-8810.5 # ')).toBe('BD-8810.5 # ');
  });

  it('a partial line that may still be a log message waits for the rest, then passes if it is not one', () => {
    const filter = new UnsolicitedLineFilter();
    expect(filter.push('output\r\n03/04/20')).toBe('output\r\n');
    expect(filter.push('24 was a good year\r\n')).toBe('03/04/2024 was a good year\r\n');
  });

  it('ordinary line breaks and blank lines are kept, also after a prompt', () => {
    expectAtEverySplit('a\r\n\r\nb\r\nc', 'a\r\n\r\nb\r\nc');
    expectAtEverySplit('BD-8810.3 # show switch\r\n\r\nSysName: x\r\nBD-8810.4 # \r\n\r\n', 'BD-8810.3 # show switch\r\n\r\nSysName: x\r\nBD-8810.4 # \r\n\r\n');
  });
});

describe('reboot markers', () => {
  it('finds the boot lines of an MSM rebooting', () => {
    expect(rebootMarkerIn('x\r\nPress and hold the <spacebar> to enter the bootstrap.\r\n')).toBe('Press and hold the <spacebar> to enter the bootstrap.');
    expect(rebootMarkerIn('Starting Primary Bootloader ...\r\n')).toBe('Starting Primary Bootloader ...');
    expect(rebootMarkerIn('Starting ExtremeXOS 15.3.5.2\r\n')).toBe('Starting ExtremeXOS 15.3.5.2');
  });

  it('ignores ordinary output that merely mentions booting', () => {
    expect(rebootMarkerIn('Image Booted:     primary\r\nThis image will be used only after rebooting the switch!\r\n')).toBeUndefined();
  });
});
