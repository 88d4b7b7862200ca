// The connection options on the command line: -o like ssh's (repeatable, in order, before anything connects), and a
// login time that follows --step-timeout.
import { describe, expect, it } from 'vitest';
import { parseStatusArgs, parseUpgradeArgs } from '../../source/run/args.js';

describe('-o Key=Value', () => {
  it('is repeatable, keeps the order given, and takes -oKey=Value, --ssh-option and "Key Value"', () => {
    const options = parseStatusArgs(['--host', 'sw1', '-o', 'KexAlgorithms=+diffie-hellman-group14-sha1', '-oCiphers=+aes128-cbc', '--ssh-option', 'ConnectTimeout 5']);
    expect(options.sshOptions).toEqual([
      { keyword: 'KexAlgorithms', values: ['+diffie-hellman-group14-sha1'], origin: '-o' },
      { keyword: 'Ciphers', values: ['+aes128-cbc'], origin: '-o' },
      { keyword: 'ConnectTimeout', values: ['5'], origin: '-o' },
    ]);
    expect(parseStatusArgs(['--host', 'sw1']).sshOptions).toEqual([]);
  });

  it('refuses an option hitless does not use, with one line (exit 2)', () => {
    expect(() => parseStatusArgs(['--host', 'sw1', '-o', 'ProxyCommand=nc %h %p'])).toThrow(
      expect.objectContaining({ kind: 'usage', exitCode: 2, message: expect.stringMatching(/^-o ProxyCommand=nc %h %p: hitless does not use "ProxyCommand"/) }),
    );
  });
});

describe('the login time', () => {
  it('follows --step-timeout when one is given, and otherwise stays the session default', () => {
    const base = ['--host', 'sw1', '--image', '10.0.0.5:bd8800-15.3.5.2-patch1-5.xos'];
    expect(parseUpgradeArgs([...base, '--step-timeout', '90']).loginTimeoutMs).toBe(90_000);
    expect(parseUpgradeArgs(base).loginTimeoutMs).toBeUndefined();
    expect(parseStatusArgs(['--host', 'sw1']).loginTimeoutMs).toBeUndefined();
  });
});
