import { describe, expect, it } from 'vitest';
import { parseImageFileName, parseImageSource, xmodMatchesCore } from '../../source/exos/imageFile.js';

describe('parseImageFileName', () => {
  it.each([
    ['bd8800-15.3.1.4.xos', { prefix: 'bd8800', version: { version: '15.3.1.4' }, kind: 'xos' }],
    ['summitX-21.1.1.4-techSupport.xmod', { prefix: 'summitX', version: { version: '21.1.1.4' }, kind: 'xmod', module: 'techSupport' }],
    ['summitlite-16.2.5.4-patch1-22.xos', { prefix: 'summitlite', version: { version: '16.2.5.4', patch: 'patch1-22' }, kind: 'xos' }],
    ['bd8800-15.3.1.4-patch1-5-ssh.xmod', { prefix: 'bd8800', version: { version: '15.3.1.4', patch: 'patch1-5' }, kind: 'xmod', module: 'ssh' }],
    ['onie-22.2.1.5.lst', { prefix: 'onie', version: { version: '22.2.1.5' }, kind: 'lst' }],
    ['onie-22.2.1.5-diagnostics.xmod', { prefix: 'onie', version: { version: '22.2.1.5' }, kind: 'xmod', module: 'diagnostics' }],
    ['summit_arm-31.3.1.3.xos', { prefix: 'summit_arm', version: { version: '31.3.1.3' }, kind: 'xos' }],
    ['bd10K-12.6.3.3.xos', { prefix: 'bd10K', version: { version: '12.6.3.3' }, kind: 'xos' }],
    [
      'summitX-22.5.0.42-vpex_controlling_bridge.lst',
      { prefix: 'summitX', version: { version: '22.5.0.42' }, kind: 'lst', module: 'vpex_controlling_bridge' },
    ],
    // An app package from the X870 bundle: parses, but its version is its own, not the core's.
    ['onie-cloud_connector-1.1.14.35.xmod', undefined],
  ])('reads %s', (name, expected) => {
    const result = parseImageFileName(name);
    if (expected) expect(result).toEqual({ ok: true, value: expected });
    else expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('without a module name') });
  });

  it.each([
    ['bd8800-15.3.1.4.tgz', /must end in .xos, .xmod or .lst/],
    ['bd8800-15.3.1.4.XOS', /must end in .xos, .xmod or .lst/],
    ['bd8800-15.3.1.xos', /does not look like/],
    ['15.3.1.4.xos', /does not look like/],
    ['bd8800-15.3.1.4-ssh.xos', /carries no module name/],
    ['summitX-21.1.1.4.xmod', /without a module name/],
    ['', /must end in/],
  ])('rejects %j', (name, reason) => {
    const result = parseImageFileName(name);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});

describe('parseImageSource', () => {
  it.each([
    ['10.0.0.5:bd8800-15.3.1.4.xos', { kind: 'host', host: '10.0.0.5', file: 'bd8800-15.3.1.4.xos' }],
    ['tftp.example.net:images/2024/bd8800-15.3.1.4.xos', { kind: 'host', host: 'tftp.example.net', file: 'images/2024/bd8800-15.3.1.4.xos' }],
    ['[2001:db8::5]:/srv/bd8800-15.3.1.4.xos', { kind: 'host', host: '2001:db8::5', file: '/srv/bd8800-15.3.1.4.xos' }],
    ['tftp://10.0.0.5/exos/bd8800-15.3.1.4.xos', { kind: 'url', url: 'tftp://10.0.0.5/exos/bd8800-15.3.1.4.xos', file: 'bd8800-15.3.1.4.xos' }],
    [
      'https://github.com/extremenetworks/EXOS_Apps/blob/master/X870/onie-22.2.1.5.lst',
      { kind: 'url', url: 'https://github.com/extremenetworks/EXOS_Apps/blob/master/X870/onie-22.2.1.5.lst', file: 'onie-22.2.1.5.lst' },
    ],
    ['ftp://[2001:db8::5]/bd8800-15.3.1.4.xos', { kind: 'url', url: 'ftp://[2001:db8::5]/bd8800-15.3.1.4.xos', file: 'bd8800-15.3.1.4.xos' }],
    ['http://files:8080/bd8800-15.3.1.4.xos', { kind: 'url', url: 'http://files:8080/bd8800-15.3.1.4.xos', file: 'bd8800-15.3.1.4.xos' }],
  ])('reads %s', (spec, source) => {
    const result = parseImageSource(spec);
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ source }) });
  });

  it('combines the source with the parsed file name', () => {
    expect(parseImageSource('10.0.0.5:dir/bd8800-15.3.1.4-patch1-5-ssh.xmod')).toEqual({
      ok: true,
      value: {
        source: { kind: 'host', host: '10.0.0.5', file: 'dir/bd8800-15.3.1.4-patch1-5-ssh.xmod' },
        prefix: 'bd8800',
        version: { version: '15.3.1.4', patch: 'patch1-5' },
        kind: 'xmod',
        module: 'ssh',
      },
    });
  });

  it.each([
    ['', /empty/],
    ['10.0.0.5:bd8800 15.3.1.4.xos', /contains a space/],
    ['10.0.0.5:bd8800-15.3.1.4.xos\nreboot', /contains a line break/],
    ['10.0.0.5:bd8800-15.3.1.4.xos\rreboot', /contains a line break/],
    ['10.0.0.5:"bd8800-15.3.1.4.xos"', /contains """/],
    ["10.0.0.5:'x'.xos", /contains "'"/],
    ['10.0.0.5:a.xos;reboot', /contains ";"/],
    ['10.0.0.5:a.xos|include', /contains "\|"/],
    ['http://h/bd8800-15.3.1.4.xos?raw=true', /contains "\?"/],
    ['10.0.0.5:bd8800-15.3.1.4.xos\t', /U\+0009/],
    ['10.0.0.5:bd8800-15.3.1.4.xös', /U\+00F6/],
    ['scp://10.0.0.5/bd8800-15.3.1.4.xos', /unsupported URL scheme "scp"/],
    ['bd8800-15.3.1.4.xos', /neither HOST:FILE nor/],
    [':bd8800-15.3.1.4.xos', /neither HOST:FILE nor/],
    ['10.0.0.5:', /names no file/],
    ['300.0.0.5:bd8800-15.3.1.4.xos', /not a valid IPv4/],
    ['bad_host:bd8800-15.3.1.4.xos', /not a valid host name/],
    ['-host:bd8800-15.3.1.4.xos', /not a valid host name/],
    ['[2001:db8::zz]:bd8800-15.3.1.4.xos', /bracketed IPv6/],
    ['[2001:db8::5:bd8800-15.3.1.4.xos', /neither HOST:FILE nor/],
    ['2001:db8::5:bd8800-15.3.1.4.xos', /in brackets: \[2001:db8::5\]:FILE/],
    ['http:///bd8800-15.3.1.4.xos', /names no server/],
    ['https://example.net/', /does not end in an image file name/],
    ['10.0.0.5:images/', /must end in .xos/],
    ['10.0.0.5:notes.txt', /must end in .xos/],
  ])('rejects %j', (spec, reason) => {
    const result = parseImageSource(spec);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});

describe('xmodMatchesCore', () => {
  it.each([
    [{ version: '15.3.1.4' }, { version: '15.3.1.4' }, true],
    [{ version: '15.3.1.4', patch: 'patch1-5' }, { version: '15.3.1.4', patch: 'patch1-5' }, true],
    [{ version: '15.3.1.4', patch: 'patch1-5' }, { version: '15.3.1.4' }, true],
    [{ version: '15.3.1.4' }, { version: '15.3.1.4', patch: 'patch1-5' }, true],
    [{ version: '15.3.1.4', patch: 'patch1-5' }, { version: '15.3.1.4', patch: 'patch1-7' }, false],
    [{ version: '15.3.1.4' }, { version: '15.3.1.5' }, false],
    [{ version: '22.2.1.5' }, { version: '1.1.14.35' }, false],
  ])('core %j with xmod %j -> %s', (core, xmod, expected) => {
    expect(xmodMatchesCore(core, xmod)).toBe(expected);
  });
});

describe('parseImageSource: files the switch already holds', () => {
  it.each([
    ['memorycard:bd8800-15.3.5.2-patch1-5.xos', { kind: 'memorycard', file: 'bd8800-15.3.5.2-patch1-5.xos' }],
    ['switch:bd8800-15.3.5.2-patch1-5.xos', { kind: 'switch', file: 'bd8800-15.3.5.2-patch1-5.xos' }],
    ['switch:bd8800-15.3.5.2-ssh.xmod', { kind: 'switch', file: 'bd8800-15.3.5.2-ssh.xmod' }],
  ])('reads %s', (spec, source) => {
    expect(parseImageSource(spec)).toMatchObject({ ok: true, value: { source } });
  });

  it.each([
    ['memorycard:', /names no file/],
    ['switch:images/bd8800-15.3.5.2.xos', /give the bare file name, as `ls` lists it/],
    ['memorycard:usb/bd8800-15.3.5.2.xos', /as `ls memorycard` lists it/],
    ['switch:bd8800.tgz', /must end in .xos/],
    ['memorycard:bd8800-15.3.5.2.xos;reboot', /cannot be passed safely/],
  ])('rejects %j', (spec, reason) => {
    const result = parseImageSource(spec);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});

describe("parseImageSource: a file on the operator's machine", () => {
  it.each([
    ['./bd8800-16.1.2.3.xos', 'bd8800-16.1.2.3.xos'],
    ['../images/bd8800-16.1.2.3.xos', 'bd8800-16.1.2.3.xos'],
    ['/srv/exos images/bd8800-16.1.2.3.xos', 'bd8800-16.1.2.3.xos'],
    ['~/bd8800-16.1.2.3.xos', 'bd8800-16.1.2.3.xos'],
  ])('reads %s as a file pushed to the switch, then installed like switch:FILE', (spec, file) => {
    expect(parseImageSource(spec)).toMatchObject({ ok: true, value: { source: { kind: 'switch', file, pushedFrom: spec }, version: { version: '16.1.2.3' } } });
  });

  it.each([
    ['./bd8800.tgz', /must end in .xos/],
    ['./bd8800-16.1.2.3;reboot.xos', /contains ";", which cannot be passed safely/],
    ['/srv/\nbd8800-16.1.2.3.xos', /contains a line break/],
    ['./', /is not an image file/],
  ])('rejects %j: only the base name reaches the switch, and it must be an image name', (spec, reason) => {
    const result = parseImageSource(spec);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});
