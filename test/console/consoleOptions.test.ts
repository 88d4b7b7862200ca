import { describe, expect, it } from 'vitest';
import { prepareConsoles } from '../../source/console/consoleOptions.js';
import { parseConsoleSpec } from '../../source/console/consoleSpec.js';
import { parseUpgradeArgs } from '../../source/run/args.js';

const hostKeys = { knownHostsFile: '/nonexistent/known_hosts', mode: 'strict' as const };
const consoleA = parseConsoleSpec('ssh://ops@cs1:22?port=5&profile=opengear');
const consoleB = parseConsoleSpec('ssh://ops@cs1:22?port=6&profile=opengear');

describe('console options', () => {
  it('upgrade takes --console-a, --console-b and --console-password-env; a bad SPEC is a usage error naming the option', () => {
    const options = parseUpgradeArgs([
      '--host', 'sw1', '--user', 'admin', '--image', '10.0.0.5:bd8800-15.3.5.2.xos',
      '--console-a', 'ssh://ops@cs1:22?port=5&profile=opengear', '--console-b', 'ssh://ops@cs1:22?menu=MSM-B', '--console-password-env', 'CS_PW',
    ]);
    expect(options.consoleA?.loginName).toBe('ops:port05');
    expect(options.consoleB?.selection).toEqual({ kind: 'menu', entry: 'MSM-B' });
    expect(options.consolePasswordEnv).toBe('CS_PW');
    expect(() => parseUpgradeArgs(['--host', 'sw1', '--console-b', 'ssh://ops@cs1?port=6'])).toThrow(/^--console-b .*port=N needs profile=/);
    expect(() => parseUpgradeArgs(['--host', 'sw1', '--console-password-env', 'CS_PW'])).toThrow(/needs --console-a or --console-b/);
    expect(parseUpgradeArgs(['--host', 'sw1'])).not.toHaveProperty('consoleA');
  });

  it('reads both passwords from the environment and builds one console per SPEC', async () => {
    const consoles = await prepareConsoles(
      { consoleA, consoleB, consolePasswordEnv: 'CS_PW', user: 'admin', passwordEnv: 'SW_PW' },
      { hostKeys, env: { CS_PW: 'cs-secret', SW_PW: 'sw-secret' } },
    );
    expect(consoles.A?.options).toMatchObject({ spec: consoleA, server: { auth: { password: 'cs-secret' } }, switchLogin: { username: 'admin', password: 'sw-secret' } });
    expect(consoles.B?.description).toBe('console ops:port06@cs1:22');
  });

  it('asks once for the console-server password and once for the switch password when no variables are given', async () => {
    const asked: string[] = [];
    const consoles = await prepareConsoles({ consoleA, consoleB, user: 'admin' }, { hostKeys, env: {}, askHidden: async (prompt) => (asked.push(prompt), `pw${asked.length}`) });
    expect(asked).toEqual(['Console server password for ops@cs1: ', 'Switch password for admin (console login): ']);
    expect(consoles.B?.options.server.auth.password).toBe('pw1');
    expect(consoles.B?.options.switchLogin.password).toBe('pw2');
  });

  it('a switch password already typed for management SSH is reused', async () => {
    const consoles = await prepareConsoles({ consoleA, user: 'admin', consolePasswordEnv: 'CS_PW' }, { hostKeys, env: { CS_PW: 'x' }, switchPassword: 'typed-once' });
    expect(consoles.A?.options.switchLogin.password).toBe('typed-once');
    expect(consoles.B).toBeUndefined();
  });

  it('refuses (exit 2): an unset variable, no terminal to ask, no --user', async () => {
    await expect(prepareConsoles({ consoleA, user: 'admin', consolePasswordEnv: 'CS_PW' }, { hostKeys, env: {} })).rejects.toMatchObject({
      exitCode: 2,
      message: 'environment variable CS_PW (from --console-password-env) is not set',
    });
    await expect(prepareConsoles({ consoleA, user: 'admin' }, { hostKeys, env: {} })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/--console-password-env VAR/) });
    await expect(prepareConsoles({ consoleA, consolePasswordEnv: 'CS_PW' }, { hostKeys, env: { CS_PW: 'x' } })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/--user is required/) });
  });

  it('without console options nothing is asked', async () => {
    expect(await prepareConsoles({ user: 'admin' }, { hostKeys, env: {}, askHidden: async () => { throw new Error('asked'); } })).toEqual({});
  });
});
