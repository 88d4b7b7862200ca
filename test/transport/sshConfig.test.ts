import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostConfigFrom as hostConfigOf, parseJumpList, parseSshConfig, readSshConfig } from '../../source/transport/sshConfig.js';
import type { SshOption } from '../../source/transport/sshOptions.js';

/** The config text evaluated for `name`, `given` (the command line) first. */
const hostConfigFrom = (text: string, name: string, given: SshOption[] = [], file?: string) => hostConfigOf(parseSshConfig(text, file), name, given);
const given = (keyword: SshOption['keyword'], value: string, origin = '-o'): SshOption => ({ keyword, values: [value], origin });

const CONFIG = `
# the core chassis, reached through the bastion
Host core1 core1.lab
  HostName 10.20.0.1
  Port 2222
  User ops
  IdentityFile ~/.ssh/id_core
  IdentityFile "/keys/%h %r.key"
  ProxyJump bastion

Host bastion
  HostName bastion.example.net
  User jumper
  Port 2022

Host edge-*
  HostName %h.mgmt.example.net
  ProxyJump none

Host *
  User fallback
  Port 2200
  IdentityFile ~/.ssh/id_default
`;

describe('hostConfigFrom', () => {
  it('resolves a Host alias: HostName, Port, User, every IdentityFile (~ and % expanded) and ProxyJump', () => {
    expect(hostConfigFrom(CONFIG, 'core1')).toEqual({
      hostName: '10.20.0.1',
      port: 2222,
      user: 'ops',
      identityFiles: [join(homedir(), '.ssh/id_core'), '/keys/10.20.0.1 ops.key', join(homedir(), '.ssh/id_default')],
      proxyJump: [{ host: 'bastion' }],
      algorithms: {},
      notes: [],
    });
  });

  it('takes the first value found, like OpenSSH, so `Host *` only fills the gaps', () => {
    expect(hostConfigFrom(CONFIG, 'bastion')).toMatchObject({ hostName: 'bastion.example.net', port: 2022, user: 'jumper', proxyJump: [] });
    expect(hostConfigFrom(CONFIG, 'unlisted')).toMatchObject({ hostName: 'unlisted', port: 2200, user: 'fallback' });
  });

  it('expands %h in HostName to the name asked about and honours ProxyJump none', () => {
    expect(hostConfigFrom(CONFIG, 'edge-7')).toMatchObject({ hostName: 'edge-7.mgmt.example.net', proxyJump: [] });
  });

  it('lets the command-line user take part in Match user, and puts it first', () => {
    const text = 'Match user admin\n  Port 830\nHost *\n  User ops\n';
    expect(hostConfigFrom(text, 'sw', [given('User', 'admin', '--user')])).toMatchObject({ user: 'admin', port: 830 });
    expect(hostConfigFrom(text, 'sw')).toMatchObject({ user: 'ops' });
    expect(hostConfigFrom(text, 'sw').port).toBeUndefined();
  });

  it('never runs a Match exec command', () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'hitless-sshcfg-')), 'ran');
    const config = hostConfigFrom(`Match exec "touch ${marker}"\n  Port 9\n`, 'sw');
    expect(existsSync(marker)).toBe(false);
    expect(config.port).toBeUndefined();
  });

  it('with no config at all, the name is the host and nothing else is set', () => {
    expect(hostConfigFrom('', '192.0.2.7')).toEqual({ hostName: '192.0.2.7', identityFiles: [], proxyJump: [], algorithms: {}, notes: [] });
  });

  it('refuses a Port that is not a port number, naming the file and host', () => {
    expect(() => hostConfigFrom('Host sw\n  Port ssh\n', 'sw', [], '/home/op/.ssh/config')).toThrow(
      expect.objectContaining({ kind: 'usage', exitCode: 2, message: 'Port in /home/op/.ssh/config for sw: "ssh" is not a port number (1-65535)' }),
    );
  });
});

describe('parseJumpList', () => {
  it('reads comma-separated [user@]host[:port] hops, bracketed IPv6 and ssh:// URLs', () => {
    expect(parseJumpList('jump1,ops@jump2:2022, [2001:db8::1]:22,ssh://me@j4:23')).toEqual([
      { host: 'jump1' },
      { host: 'jump2', port: 2022, user: 'ops' },
      { host: '2001:db8::1', port: 22 },
      { host: 'j4', port: 23, user: 'me' },
    ]);
  });

  it('refuses a hop it cannot read', () => {
    expect(() => parseJumpList('ops@')).toThrow(expect.objectContaining({ kind: 'usage', message: '--jump: "ops@" is not [user@]host[:port]' }));
    expect(() => parseJumpList('j1:99999')).toThrow(/not a port number/);
  });
});

describe('readSshConfig', () => {
  it('treats a missing default file as empty, but a missing named file as a usage error', () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'hitless-sshcfg-')), 'config');
    expect(readSshConfig(missing, { required: false }).nodes).toEqual([]);
    expect(() => readSshConfig(missing, { required: true })).toThrow(expect.objectContaining({ kind: 'usage', exitCode: 2 }));
    writeFileSync(missing, 'Host x\n  Port 2\n');
    expect(hostConfigOf(readSshConfig(missing, { required: true }), 'x').port).toBe(2);
  });
});
