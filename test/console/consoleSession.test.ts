// The console login dialog and the console Transport over a scripted serial line: what hitless types, and what
// ExosSession makes of a console that prints log and boot messages of its own.
import { describe, expect, it } from 'vitest';
import { loginOnConsole } from '../../source/console/consoleLogin.js';
import { ConsoleTransport, loginTransport } from '../../source/console/consoleTransport.js';
import { HitlessError } from '../../source/errors.js';
import { ExosSession } from '../../source/session/exosSession.js';
import { SessionError } from '../../source/session/sessionError.js';
import { ScriptedTransport, type ScriptStep } from '../session/scriptedTransport.js';

const CREDENTIALS = { username: 'admin', password: 'sw-Pass.1' };
/** Generous timeouts; the dialog never waits for them unless something is wrong. Enter is pressed only once. */
const DIALOG = { timeoutMs: 10_000, settleMs: 20, wakeEveryMs: 60_000 };
const LOG = '03/04/2024 10:17:45.12 <Info:DM.Info> MSM-B: Node State changed to INIT';
const BANNER = ['', 'ExtremeXOS', 'Copyright (C) 1996-2020 Extreme Networks. All rights reserved.', '', ''].join('\r\n');
const CLIPAGING: ScriptStep = { expect: 'disable clipaging\r', reply: ['disable clipaging\r\n', 'BD-8810.2 # '] };

function expectAllScripted(line: ScriptedTransport) {
  expect(line.mismatches).toEqual([]);
  expect(line.remaining).toEqual([]);
}

describe('console login', () => {
  it('presses Enter, answers login: and password: with the management credentials, and stops at the EXOS prompt', async () => {
    const line = new ScriptedTransport([
      { expect: '\r', reply: ['\r\n', 'login: '] },
      { expect: 'admin\r', reply: ['admin\r\n', 'password: '] },
      { expect: 'sw-Pass.1\r', reply: ['\r\n', BANNER, 'BD-8810.1 # '] },
      CLIPAGING,
    ]);
    const session = await ExosSession.open(await loginTransport(line, CREDENTIALS, DIALOG));
    expect(session.banner).toContain('ExtremeXOS');
    expect(session.prompt).toMatchObject({ sysname: 'BD-8810', counter: 2 });
    expectAllScripted(line);
  });

  it('a console that is still logged in needs only Enter', async () => {
    const line = new ScriptedTransport([{ expect: '\r', reply: ['\r\n', 'BD-8810.7 # '] }]);
    expect(await loginOnConsole(line, CREDENTIALS, DIALOG)).toEqual({ replay: 'BD-8810.7 # ', loggedIn: false });
    expectAllScripted(line);
  });

  it('waits through boot messages for the login prompt', async () => {
    const boot = ['Starting Primary Bootloader ...\r\n', 'Loading EXOS Image ...\r\n', 'Starting ExtremeXOS 15.3.5.2\r\n'];
    const line = new ScriptedTransport([
      { expect: '\r', reply: [...boot, '\r\nAuthentication Service (AAA) on the backup node is now available for login.\r\n\r\n', 'login: '] },
      { expect: 'admin\r', reply: ['admin\r\npassword: '] },
      { expect: 'sw-Pass.1\r', reply: ['\r\n', BANNER, 'BD-8810.1 # '] },
    ]);
    expect(await loginOnConsole(line, CREDENTIALS, DIALOG)).toMatchObject({ loggedIn: true });
    expectAllScripted(line);
  });

  it('a log message printed after the login prompt does not hide it', async () => {
    const line = new ScriptedTransport([
      { expect: '\r', reply: ['\r\nlogin: ', `\r\n${LOG}\r\n`] },
      { expect: 'admin\r', reply: ['admin\r\npassword: '] },
      { expect: 'sw-Pass.1\r', reply: ['\r\nBD-8810.1 # '] },
    ]);
    await loginOnConsole(line, CREDENTIALS, DIALOG);
    expectAllScripted(line);
  });

  it('a refused password fails at once (exit 2) instead of trying again', async () => {
    const line = new ScriptedTransport([
      { expect: '\r', reply: ['\r\nlogin: '] },
      { expect: 'admin\r', reply: ['admin\r\npassword: '] },
      { expect: 'sw-Pass.1\r', reply: ['\r\nLogin incorrect\r\n\r\nlogin: '] },
    ]);
    const error = await loginOnConsole(line, CREDENTIALS, DIALOG).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HitlessError);
    expect(error).toMatchObject({ kind: 'auth', exitCode: 2 });
    expect((error as Error).message).not.toContain('sw-Pass.1');
    expect(line.writes).toEqual(['\r', 'admin\r', 'sw-Pass.1\r']);
  });

  it('a question or pager left by an earlier session gets the harmless answer before anything else', async () => {
    const line = new ScriptedTransport([
      { expect: '\r', reply: ['Are you sure you want to reboot MSM-B? (y/N) '] },
      { expect: 'n\r', reply: ['n\r\n', 'Press <SPACE> to continue or <Q> to quit:'] },
      { expect: 'q', reply: ['\x1b[m\x1b[60;D\x1b[K\r\nBD-8810.9 # '] },
    ]);
    expect(await loginOnConsole(line, CREDENTIALS, DIALOG)).toMatchObject({ loggedIn: false });
    expectAllScripted(line);
  });

  it('a password prompt hitless did not ask for is abandoned with Enter, never answered with the password', async () => {
    const line = new ScriptedTransport([
      { expect: '\r', reply: ['\r\npassword: '] },
      { expect: '\r', reply: ['\r\nLogin incorrect\r\n\r\nlogin: '] },
      { expect: 'admin\r', reply: ['admin\r\npassword: '] },
      { expect: 'sw-Pass.1\r', reply: ['\r\nBD-8810.1 # '] },
    ]);
    await loginOnConsole(line, CREDENTIALS, DIALOG);
    expectAllScripted(line);
  });

  it('gives up with a timeout error naming the last line seen', async () => {
    const line = new ScriptedTransport([{ expect: '\r', reply: ['Loading EXOS Image ...\r\n'] }]);
    const error = await loginOnConsole(line, CREDENTIALS, { ...DIALOG, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', exitCode: 2 });
    expect((error as Error).message).toMatch(/no login prompt or EXOS prompt within 0 s \(last line "Loading EXOS Image \.\.\."\)/);
  });

  it('a console connection that closes during the login is a link-lost error', async () => {
    const line = new ScriptedTransport([{ expect: '\r', reply: [] }]);
    const failure = loginOnConsole(line, CREDENTIALS, DIALOG).catch((e: unknown) => e);
    await line.drop('remote-closed', 'console server went away');
    expect(await failure).toMatchObject({ kind: 'link-lost' });
  });
});

/** A console Transport already logged in, its session open at BD-8810.2. */
async function consoleSession(steps: ScriptStep[]) {
  const line = new ScriptedTransport([CLIPAGING, ...steps]);
  const transport = new ConsoleTransport(line, '\r\nBD-8810.1 # ');
  const session = await ExosSession.open(transport);
  return { line, transport, session };
}

describe('a session on the serial console', () => {
  const SHOW = ['SysName:          BD-8810', 'SysLocation:      ', 'Current State:    MSM-A MASTER'];

  it('log messages inside command output are not part of the output', async () => {
    const { line, session } = await consoleSession([
      {
        expect: 'show switch\r',
        reply: ['show switch\r\n', `${SHOW[0]}\r\n03/04/2024 10:17:4`, `5.12 <Info:DM.Info> MSM-B: Node State changed to DOWN\r\n${SHOW[1]}\r\n`, `${LOG}\r\n`, `${SHOW[2]}\r\nBD-8810.3 # `],
      },
    ]);
    const result = await session.run('show switch');
    expect(result.output).toBe(SHOW.join('\n'));
    expect(result.prompt.counter).toBe(3);
    expectAllScripted(line);
  });

  it('a log message right after the prompt (no redraw) does not keep the command waiting', async () => {
    const { session } = await consoleSession([{ expect: 'show switch\r', reply: [`show switch\r\n${SHOW[0]}\r\nBD-8810.3 # \r\n${LOG}\r\n`] }]);
    const result = await session.run('show switch', { idleTimeoutMs: 5_000 });
    expect(result.output).toBe(SHOW[0]);
  });

  it('log messages between commands, with the prompt drawn again, do not disturb the next command', async () => {
    const { line, session } = await consoleSession([
      { expect: 'show switch\r', reply: [`show switch\r\n${SHOW[0]}\r\nBD-8810.3 # `] },
      { expect: 'show switch\r', reply: [`show switch\r\n${SHOW[2]}\r\nBD-8810.4 # `] },
    ]);
    await session.run('show switch');
    await line.send(`\r\n${LOG}\r\nBD-8810.3 # `);
    const second = await session.run('show switch');
    expect(second.output).toBe(SHOW[2]);
    expect(second.prompt.counter).toBe(4);
  });

  it('boot messages mean the MSM rebooted: the command fails as a lost link, the serial line stays connected', async () => {
    const { line, transport, session } = await consoleSession([
      { expect: 'run msm-failover\r', reply: ['run msm-failover\r\n', 'Are you sure you want to failover? (y/n) '] },
      { expect: 'y\r', reply: ['y\r\n', '\r\n* BD-8810 MSM-A *\r\nCopyright 2003-2014, Extreme Networks, Inc.\r\n', 'Press and hold the <spacebar> to enter the bootstrap.\r\n'] },
    ]);
    const error = await session.run('run msm-failover', { answer: () => ({ reply: 'y', reason: 'test' }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionError);
    expect(error).toMatchObject({ kind: 'link-lost', exitCode: 4 });
    expect((error as SessionError).questions.map((q) => q.reply)).toEqual(['y']);
    expect((error as Error).message).toMatch(/the MSM rebooted \("Press and hold the <spacebar> to enter the bootstrap\."\)/);
    expect(transport.endedBy?.cause).toBe('reboot');
    expect(session.closed).toBe(true);
    expect(line.closed).toBe(false);
  });

  it('a login prompt means the switch ended the session', async () => {
    const { transport, session } = await consoleSession([{ expect: 'show switch\r', reply: ['show switch\r\n\r\n', 'log', 'in: '] }]);
    await expect(session.run('show switch')).rejects.toMatchObject({ kind: 'link-lost' });
    expect(transport.endedBy?.cause).toBe('logged-out');
  });

  it('closing the session leaves the serial line connected; the console-server link dropping closes the session', async () => {
    const first = await consoleSession([]);
    first.session.close();
    expect(first.line.closed).toBe(false);
    const second = await consoleSession([]);
    await second.line.drop('remote-closed', 'console server rebooted');
    expect(second.session.closed).toBe(true);
    expect(second.transport.endedBy).toBeUndefined();
  });
});
