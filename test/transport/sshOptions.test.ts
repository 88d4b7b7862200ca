// Every form an OpenSSH option can take, from `-o` and from a config file, with OpenSSH's quirks: keywords in any
// case, `=` or blanks between keyword and value, quoted values, the first value winning, Include and Match.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostConfigFrom, parseSshConfig, readSshConfig } from '../../source/transport/sshConfig.js';
import { parseDuration, parseSshOption, type SshOption } from '../../source/transport/sshOptions.js';
import { matchesPattern, matchesPatternList } from '../../source/transport/sshPatterns.js';

const hostFrom = (text: string, name: string, given: SshOption[] = []) => hostConfigFrom(parseSshConfig(text, '/cfg'), name, given);

describe('-o Key=Value', () => {
  it.each([
    ['Port=2222', { keyword: 'Port', values: ['2222'] }],
    ['Port 2222', { keyword: 'Port', values: ['2222'] }],
    ['Port = 2222', { keyword: 'Port', values: ['2222'] }],
    ['port=2222', { keyword: 'Port', values: ['2222'] }],
    ['KEXALGORITHMS=+diffie-hellman-group14-sha1', { keyword: 'KexAlgorithms', values: ['+diffie-hellman-group14-sha1'] }],
    ['Ciphers="aes128-cbc,3des-cbc"', { keyword: 'Ciphers', values: ['aes128-cbc,3des-cbc'] }],
    ['IdentityFile="/keys/my key"', { keyword: 'IdentityFile', values: ['/keys/my key'] }],
    ['UserKnownHostsFile=/a /b', { keyword: 'UserKnownHostsFile', values: ['/a', '/b'] }],
    ['macs=-hmac-sha1*', { keyword: 'MACs', values: ['-hmac-sha1*'] }],
  ])('reads %j', (text, expected) => {
    expect(parseSshOption(text)).toEqual({ ...expected, origin: '-o' });
  });

  it.each([
    ['ForwardAgent=yes', '-o ForwardAgent=yes: hitless does not use "ForwardAgent"'],
    ['Host=sw1', '-o Host=sw1: hitless does not use "Host"'],
    ['Port=', '-o Port=: the value is missing'],
    ['Ciphers="aes128-cbc', '-o Ciphers="aes128-cbc: Unexpected line break'],
  ])('refuses %j with one line (exit 2)', (text, message) => {
    expect(() => parseSshOption(text)).toThrow(expect.objectContaining({ kind: 'usage', exitCode: 2, message: expect.stringContaining(message) }));
  });
});

describe('option values', () => {
  it('reads times as OpenSSH does: seconds, or runs with s/m/h/d/w', () => {
    expect(parseDuration('30', 'x')).toBe(30);
    expect(parseDuration('1m30s', 'x')).toBe(90);
    expect(parseDuration('2H', 'x')).toBe(7200);
    expect(() => parseDuration('soon', 'ConnectTimeout')).toThrow('ConnectTimeout: "soon" is not a time (seconds, or e.g. 1m30s)');
  });

  it('takes no time a timer cannot hold: at most a day; a long run of digits is refused at once', () => {
    expect(parseDuration('1d', 'x')).toBe(86_400);
    expect(() => parseDuration('99999999', 'ConnectTimeout')).toThrow('ConnectTimeout: "99999999" is longer than 86400 seconds (a day)');
    expect(() => parseDuration('2w', 'ServerAliveInterval')).toThrow('ServerAliveInterval: "2w" is longer than 86400 seconds (a day)');
    expect(() => parseDuration(`${'1'.repeat(39)}x`, 'ConnectTimeout')).toThrow(/is not a time/);
  });

  it('turns keepalive, ConnectTimeout, StrictHostKeyChecking and UserKnownHostsFile into settings', () => {
    const text = 'Host sw\n  ServerAliveInterval 1m\n  ServerAliveCountMax 5\n  ConnectTimeout 7\n  StrictHostKeyChecking Accept-New\n  UserKnownHostsFile ~/kh/%h /etc/other\n  HostName 10.0.0.1\n';
    expect(hostFrom(text, 'sw')).toMatchObject({
      keepaliveIntervalMs: 60_000,
      keepaliveCountMax: 5,
      connectTimeoutMs: 7000,
      strictHostKeyChecking: 'accept-new',
      knownHostsFile: expect.stringMatching(/\/kh\/10\.0\.0\.1$/),
    });
    expect(hostFrom('StrictHostKeyChecking off\n', 'sw').strictHostKeyChecking).toBe('no');
    expect(() => hostFrom('StrictHostKeyChecking maybe\n', 'sw')).toThrow('StrictHostKeyChecking in /cfg for sw: "maybe" is not yes, ask, accept-new or no');
  });
});

describe('ssh config evaluation', () => {
  it('takes keywords in any case, `=` or blanks, quoted values, and comments after a value', () => {
    const text = 'HOST sw\n  hostname="10.1.1.1"\n  PORT = 2222 # management\n  user\t"ops"\n  kexalgorithms=+diffie-hellman-group14-sha1\n';
    expect(hostFrom(text, 'sw')).toMatchObject({ hostName: '10.1.1.1', port: 2222, user: 'ops', algorithms: { kex: expect.arrayContaining(['diffie-hellman-group14-sha1']) } });
  });

  it('keeps the first value of each option, the command line ahead of the file; IdentityFile accumulates', () => {
    const text = 'Host sw\n  Port 1001\n  IdentityFile /k/one\nHost *\n  Port 1002\n  User later\n  IdentityFile /k/two\n';
    expect(hostFrom(text, 'sw')).toMatchObject({ port: 1001, user: 'later', identityFiles: ['/k/one', '/k/two'] });
    const fromCommandLine = hostFrom(text, 'sw', [parseSshOption('Port=1003'), parseSshOption('User=first'), parseSshOption('Port=1004')]);
    expect(fromCommandLine).toMatchObject({ port: 1003, user: 'first' });
  });

  it('matches Host patterns with wildcards and negation, case-insensitively', () => {
    const text = 'Host core-* !core-lab*\n  Port 1\nHost EDGE?\n  Port 2\n';
    expect(hostFrom(text, 'core-7').port).toBe(1);
    expect(hostFrom(text, 'core-lab3').port).toBeUndefined();
    expect(hostFrom(text, 'edge1').port).toBe(2);
    expect(hostFrom(text, 'edge12').port).toBeUndefined();
  });

  it('evaluates Match host (after HostName), originalhost, user, all, negated criteria and a final pass', () => {
    const text = [
      'Host sw',
      '  HostName 10.9.0.1',
      'Match host 10.9.*',
      '  Ciphers +aes128-cbc',
      'Match originalhost sw user admin',
      '  Port 830',
      'Match !host 10.9.*',
      '  User never',
      'Match final',
      '  ConnectTimeout 5',
      'Match all',
      '  ServerAliveCountMax 9',
    ].join('\n');
    const plain = hostFrom(text, 'sw');
    expect(plain.algorithms.cipher).toContain('aes128-cbc');
    expect(plain).toMatchObject({ connectTimeoutMs: 5000, keepaliveCountMax: 9 });
    expect([plain.user, plain.port]).toEqual([undefined, undefined]);
    expect(hostFrom(text, 'sw', [parseSshOption('User=admin')]).port).toBe(830);
  });

  it('never runs Match exec and applies nothing under it', () => {
    expect(hostFrom('Match exec "true"\n  Port 9\n', 'sw').port).toBeUndefined();
  });

  it('lists algorithm names it does not implement as notes from a file, but refuses them in -o', () => {
    const host = hostFrom('Host sw\n  KexAlgorithms +sntrup761x25519-sha512@openssh.com,diffie-hellman-group14-sha1\n', 'sw');
    expect(host.algorithms.kex).toContain('diffie-hellman-group14-sha1');
    expect(host.notes).toEqual(['KexAlgorithms in /cfg for sw: hitless does not implement sntrup761x25519-sha512@openssh.com; left out']);
    expect(() => hostFrom('', 'sw', [parseSshOption('Ciphers=+aes128-cbx')])).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/^-o Ciphers: hitless does not implement aes128-cbx \(it knows .*aes128-cbc/) }),
    );
  });
});

describe('Include', () => {
  const home = mkdtempSync(join(tmpdir(), 'hitless-include-'));
  const savedHome = process.env.HOME;
  const write = (path: string, text: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  beforeAll(() => {
    process.env.HOME = home;
    write(join(home, '.ssh', 'config.d', '10-legacy'), 'Host old-*\n  KexAlgorithms +diffie-hellman-group14-sha1\n  Port 2201\n');
    write(join(home, '.ssh', 'config.d', '20-other'), 'Host old-*\n  Port 2202\n  User ops\n');
    write(join(home, '.ssh', 'config.d', '.hidden'), 'Host *\n  User hidden\n');
    mkdirSync(join(home, '.ssh', 'config.d', '30-a-directory'));
    write(join(home, 'lab', 'only-lab'), 'Port 2300\n');
    write(join(home, 'loop'), `Include ${join(home, 'loop')}\n`);
  });
  afterAll(() => {
    process.env.HOME = savedHome;
  });

  it('reads globbed files relative to ~/.ssh in sorted order, in place, first value winning; no dot files, no directories', () => {
    const config = write(join(home, '.ssh', 'config'), 'Include config.d/*\nHost *\n  Port 22\n  User fallback\n');
    expect(hostConfigFrom(readSshConfig(config, { required: true }), 'old-bd8810')).toMatchObject({
      port: 2201,
      user: 'ops',
      algorithms: { kex: expect.arrayContaining(['diffie-hellman-group14-sha1']) },
    });
    expect(hostConfigFrom(readSshConfig(config, { required: true }), 'new-x870')).toMatchObject({ port: 22, user: 'fallback' });
  });

  it('applies an Include inside a Host block only to that host; a pattern that matches nothing is no error', () => {
    const config = write(join(home, 'cfg-block'), `Host lab-*\n  Include ${home}/lab/*\n  Include ${home}/missing/*\nHost *\n  Port 22\n`);
    expect(hostConfigFrom(readSshConfig(config, { required: true }), 'lab-1').port).toBe(2300);
    expect(hostConfigFrom(readSshConfig(config, { required: true }), 'prod-1').port).toBe(22);
  });

  it('stops an Include that includes itself with one line (exit 2)', () => {
    expect(() => readSshConfig(join(home, 'loop'), { required: true })).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringContaining('Include nested more than 16 deep') }),
    );
  });
});

describe('patterns', () => {
  it.each([
    ['*', 'anything', true],
    ['hmac-sha1*', 'hmac-sha1-etm@openssh.com', true],
    ['*-cbc', 'aes128-cbc', true],
    ['*-cbc', 'aes128-ctr', false],
    ['aes???-cbc', 'aes128-cbc', true],
    ['aes?-cbc', 'aes128-cbc', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
  ])('%s against %s: %s', (pattern, text, expected) => {
    expect(matchesPattern(pattern, text)).toBe(expected);
  });

  it('lets a negated entry of a list win', () => {
    expect(matchesPatternList(['10.*', '!10.9.*'], '10.1.1.1')).toBe(true);
    expect(matchesPatternList(['10.*', '!10.9.*'], '10.9.1.1')).toBe(false);
    expect(matchesPatternList(['!10.9.*'], '192.0.2.1')).toBe(false);
  });

  it('stays linear on a long text that almost matches', () => {
    expect(matchesPattern(`${'*a'.repeat(50)}b`, 'a'.repeat(100_000))).toBe(false);
  });
});
