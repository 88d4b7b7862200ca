// Property tests for the parsers other than show switch: damaged or random input never throws and never
// produces a claim the undamaged output does not support.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImageSource } from '../../source/exos/imageFile.js';
import { findSwitchErrors, parseDownloadResult } from '../../source/exos/parseDownloadResult.js';
import { parseShowVersion } from '../../source/exos/parseShowVersion.js';
import { parseShowVersionImages } from '../../source/exos/parseShowVersionImages.js';
import { lineDamageChain, switchLikeText, truncations } from './mutations.js';
import { loadSample } from './samples.js';

const anyText = fc.oneof(switchLikeText, fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }));

describe.each(['show_version_x440_15.3.1.4_ngnetms.raw', 'show_version_x450a_stack_15.3.3.5_ngnetms.raw', 'show_version_x_30.6.1.11_ntc.raw'])(
  'parseShowVersion on damaged %s',
  (name) => {
    const text = loadSample(name);
    const original = parseShowVersion(text);
    if (!original.ok) throw new Error(`${name} must parse`);

    it('either fails or reads the same image and branch, when truncated at any position or randomly damaged', () => {
      const check = (damaged: string) => {
        const result = parseShowVersion(damaged);
        if (result.ok) expect([result.value.image, result.value.branch]).toEqual([original.value.image, original.value.branch]);
      };
      for (const prefix of truncations(text)) check(prefix);
      fc.assert(fc.property(lineDamageChain, (mutate) => check(mutate(text))), { numRuns: 100 });
    });
  },
);

const IMAGE_LISTING = [
  'show version images',
  'Card  Partition     Installation Date        Version     Name      Branch',
  '-'.repeat(78),
  'MSM-A primary    Tue Apr 25 14:00:01 UTC 2017    15.3.1.4   bd8800-15.3.1.4.xos   v1531b4',
  'MSM-A primary    Tue Apr 25 14:03:12 UTC 2017    15.3.1.4   bd8800-15.3.1.4-ssh.xmod   v1531b4',
  'MSM-B secondary  Mon Mar  6 09:12:44 ___ 2017    16.2.5.4   bd8800-16.2.5.4-patch1-22.xos   16.2.5.4-patch1-22',
  ' ',
  '',
].join('\n');

describe('parseShowVersionImages on damaged output (layout per docs/exos-cli.md §4.6)', () => {
  const original = parseShowVersionImages(IMAGE_LISTING);
  if (!original.ok) throw new Error('the listing must parse');

  it('never invents a row: every row read is one of the original rows, possibly without its branch', () => {
    const check = (damaged: string) => {
      const result = parseShowVersionImages(damaged);
      if (!result.ok) return;
      for (const row of result.value) {
        const same = original.value.find((candidate) => candidate.card === row.card && candidate.name === row.name);
        expect(same).toBeDefined();
        expect({ ...row, branch: undefined }).toEqual({ ...same, branch: undefined });
      }
    };
    for (const prefix of truncations(IMAGE_LISTING)) check(prefix);
    fc.assert(fc.property(lineDamageChain, (mutate) => check(mutate(IMAGE_LISTING))), { numRuns: 200 });
  });
});

describe('parseDownloadResult on damaged output', () => {
  const session = loadSample('download_url_lst_x870_22.2.1.5_exos_apps.session');
  const ERROR_LINES = [
    '%% Invalid input detected at \'^\' marker.',
    'Error: Failed to install image',
    'Failed to download image - Error: timeout',
    'tftpPeerSet failed',
    'Service contract expired, please renew it to be able to download the new software image.',
  ];

  it('reports errors whenever an error line is inserted anywhere between lines', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom(...ERROR_LINES), lineDamageChain, (position, errorLine, mutate) => {
        const lines = session.split('\n');
        lines.splice(position % (lines.length + 1), 0, errorLine);
        const damaged = lines.join('\n');
        expect(parseDownloadResult(damaged).errors).toContain(errorLine);
        expect(() => parseDownloadResult(mutate(damaged))).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it('claims installed only when "Image installed successfully" is in the text, at every truncation', () => {
    for (const prefix of truncations(session)) {
      const result = parseDownloadResult(prefix);
      if (result.installed) expect(prefix).toContain('Image installed successfully');
      if (result.partition) expect(result.partition).toBe('primary');
      expect(result.errors).toEqual([]);
    }
  });
});

describe('parsers on arbitrary text', () => {
  it('never throw and give one-line reasons', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const result of [parseShowVersion(text), parseShowVersionImages(text), parseImageSource(text)]) {
          if (!result.ok) expect(result.reason).not.toMatch(/[\r\n]/);
        }
        const download = parseDownloadResult(text);
        expect(typeof download.installed).toBe('boolean');
        for (const error of findSwitchErrors(text)) expect(error).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('parseImageSource properties', () => {
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
  const hostname = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join('.')).filter((host) => !/^[\d.]+$/.test(host));
  const host = fc.oneof(hostname, fc.ipV4(), fc.ipV6().map((address) => `[${address}]`));
  const version = fc.array(fc.nat({ max: 40 }), { minLength: 4, maxLength: 4 }).map((parts) => parts.join('.'));
  const imageName = fc
    .record({
      prefix: fc.constantFrom('bd8800', 'summitX', 'summit_arm', 'onie', 'summitlite', 'bd10K'),
      version,
      patch: fc.option(fc.tuple(fc.nat({ max: 9 }), fc.nat({ max: 99 })).map(([n, m]) => `patch${n}-${m}`), { nil: undefined }),
    })
    .map(({ prefix, version: v, patch }) => ({ name: `${prefix}-${v}${patch ? `-${patch}` : ''}.xos`, prefix, version: patch ? { version: v, patch } : { version: v } }));
  const directory = fc.array(fc.stringMatching(/^[A-Za-z0-9_.-]{1,8}$/), { maxLength: 3 }).map((parts) => parts.map((part) => `${part}/`).join(''));

  it('reads every well-formed HOST:FILE back into its parts', () => {
    fc.assert(
      fc.property(host, directory, imageName, (h, dir, image) => {
        const result = parseImageSource(`${h}:${dir}${image.name}`);
        expect(result).toEqual({
          ok: true,
          value: { source: { kind: 'host', host: h.replace(/^\[|\]$/g, ''), file: `${dir}${image.name}` }, prefix: image.prefix, version: image.version, kind: 'xos' },
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never accepts a source that contains whitespace, quotes, ; | ? \\ or control characters', () => {
    const unsafe = fc.constantFrom(' ', '\t', '\n', '\r', '"', "'", '`', ';', '|', '?', '\\', '\x1b', '\x00', 'é');
    fc.assert(
      fc.property(host, imageName, fc.nat(), unsafe, (h, image, position, character) => {
        const spec = `${h}:${image.name}`;
        const at = position % (spec.length + 1);
        expect(parseImageSource(`${spec.slice(0, at)}${character}${spec.slice(at)}`).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
