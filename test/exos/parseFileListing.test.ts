// `ls` / `ls memorycard` [T]/[R] (docs/exos-cli.md §4.7): the files and sizes, the free space, a missing card.
import { describe, expect, it } from 'vitest';
import { parseFileListing } from '../../source/exos/parseFileListing.js';

describe('parseFileListing', () => {
  it('reads `ls -l` lines (netmiko\'s EXOS sample shape [T]) and the free space before Use%', () => {
    const text = [
      'ls',
      '-rw-r--r--    1 admin    admin     3934 Jan 24 03:50 primary.cfg',
      '-rw-r--r--    1 root     root  71458816 Dec  5 2025 bd8800-15.3.5.2-patch1-5.xos',
      'drwxr-xr-x    2 root     root         0 Jan  1 00:00 scripts',
      '',
      ' 1k-blocks      Used Available Use%',
      '    524288     73634    450654  15%',
      'BD-8810.5 # ',
    ].join('\r\n');
    expect(parseFileListing(text)).toEqual({
      files: [
        { name: 'primary.cfg', bytes: 3934 },
        { name: 'bd8800-15.3.5.2-patch1-5.xos', bytes: 71_458_816 },
      ],
      freeBytes: 450_654 * 1024,
    });
  });

  it('takes a df line that names its mount point, and a listing without owner columns', () => {
    const text = ['-rw-r--r-- 1 1234 Mar  3 10:00 a.cfg', '/dev/sda1   1966080  12  1966068   1% /usr/local/ext'].join('\n');
    expect(parseFileListing(text)).toEqual({ files: [{ name: 'a.cfg', bytes: 1234 }], freeBytes: 1_966_068 * 1024 });
  });

  it.each([
    ['ls: /usr/local/ext: No such file or directory'],
    ['Error: Invalid pathname'],
    ['Error: memorycard not present'],
  ])('names why nothing could be listed: %s', (line) => {
    expect(parseFileListing(`ls memorycard\n${line}\n`)).toEqual({ files: [], problem: line });
  });
});
