// No public capture of `show version images` exists; the fixtures follow the layout docs/exos-cli.md §4.6 describes
// from a held-back capture (header, 78-dash rule, whitespace-separated rows, trailing " " line).
import { describe, expect, it } from 'vitest';
import type { InstalledImage } from '../../source/exos/chassisState.js';
import { parseShowVersionImages } from '../../source/exos/parseShowVersionImages.js';

const HEADER = ['Card  Partition     Installation Date        Version     Name      Branch', '-'.repeat(78)];

const listing = (...rows: string[]) => ['show version images', ...HEADER, ...rows, ' ', '', 'X440G2.3 # '].join('\r\n');

describe('parseShowVersionImages', () => {
  it('reads a standalone listing with an .xos and an .xmod row (layout per docs/exos-cli.md §4.6)', () => {
    const text = listing(
      'Switch primary    Tue Apr 25 14:00:01 UTC 2017    15.3.2.11   summitX-15.3.2.11.xos   v1532b11',
      'Switch primary    Tue Apr 25 14:03:12 UTC 2017    15.3.2.11   summitX-15.3.2.11-ssh.xmod   v1532b11',
      'Switch secondary  Mon Mar  6 09:12:44 ___ 2017    16.2.5.4   summitX-16.2.5.4-patch1-22.xos   16.2.5.4-patch1-22',
    );
    expect(parseShowVersionImages(text)).toEqual({
      ok: true,
      value: [
        { card: 'Switch', partition: 'primary', version: '15.3.2.11', name: 'summitX-15.3.2.11.xos', branch: 'v1532b11' },
        { card: 'Switch', partition: 'primary', version: '15.3.2.11', name: 'summitX-15.3.2.11-ssh.xmod', branch: 'v1532b11' },
        { card: 'Switch', partition: 'secondary', version: '16.2.5.4', name: 'summitX-16.2.5.4-patch1-22.xos', branch: '16.2.5.4-patch1-22' },
      ] satisfies InstalledImage[],
    });
  });

  it('maps chassis cards MSM-A / MSM-B to slots (card names assumed, docs/exos-cli.md §4.6 [R])', () => {
    const text = listing(
      'MSM-A primary Tue Apr 25 14:00:01 Unknown 2017 15.3.1.4 bd8800-15.3.1.4.xos v1531b4',
      'MSM-B secondary Tue Apr 25 14:00:01 UTC 2017 15.3.1.4 bd8800-15.3.1.4.xos',
    );
    expect(parseShowVersionImages(text)).toEqual({
      ok: true,
      value: [
        { card: 'MSM-A', slot: 'A', partition: 'primary', version: '15.3.1.4', name: 'bd8800-15.3.1.4.xos', branch: 'v1531b4' },
        { card: 'MSM-B', slot: 'B', partition: 'secondary', version: '15.3.1.4', name: 'bd8800-15.3.1.4.xos' },
      ] satisfies InstalledImage[],
    });
  });

  it('fails on a row that has a card and partition but no version and file name', () => {
    expect(parseShowVersionImages(listing('Switch primary    Tue Apr 25 14:00:01 UTC 2017'))).toEqual({
      ok: false,
      reason: 'cannot read the "show version images" row "Switch primary    Tue Apr 25 14:00:01 UTC 2017"',
    });
  });

  it('fails on a row whose file name is cut off', () => {
    expect(parseShowVersionImages(listing('Switch primary Tue Apr 25 14:00:01 UTC 2017 15.3.2.11 summitX-15.3.2.11.xo')).ok).toBe(false);
  });

  it('fails on two rows joined by a damaged line break rather than read a version from the second (fuzz find)', () => {
    const joined = 'MSM-A primary Mon Mar  4 10:15:02 UTC 2024\ufffd12.6.3.3 bd8800-12.6.3.3.xos v1263b3 \ufffdMSM-A secondary Mon Mar  4 10:15:02 UTC 2024 15.3.1.4 bd8800-15.3.1.4.xos v1531b4';
    expect(parseShowVersionImages(listing(joined)).ok).toBe(false);
    expect(parseShowVersionImages(listing('MSM-A primary Mon Mar  4 10:15:02 UTC 2024 12.6.3.3 bd8800-12.6.3.3.xos v1263b3 MSM-A')).ok).toBe(false);
  });

  it('fails when nothing is listed, quoting the switch error if any', () => {
    expect(parseShowVersionImages(listing())).toEqual({ ok: false, reason: '"show version images" listed no images' });
    const refused = parseShowVersionImages('show version images\n%% Invalid input detected at \'^\' marker.\n');
    expect(refused).toEqual({
      ok: false,
      reason: '"show version images" listed no images; the switch said: %% Invalid input detected at \'^\' marker.',
    });
  });
});
