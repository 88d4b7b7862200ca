// `hitless simulate --console-server PROFILE` prints --console-a/--console-b SPECs that work as printed.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConsoleSpec } from '../../source/console/consoleSpec.js';
import { MsmConsole } from '../../source/console/msmConsole.js';
import { runSimulateCommand } from '../../source/cli/simulateCommand.js';
import { HITLESS_BIN, ROOT, tempDir } from '../support/runCli.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  vi.restoreAllMocks();
});

/** Starts `hitless simulate` and resolves with its stdout once the console lines are printed. */
function startSimulate(args: string[], stateHome: string): Promise<string> {
  const child = spawn(process.execPath, [HITLESS_BIN, 'simulate', ...args], {
    cwd: ROOT,
    env: { ...process.env, XDG_STATE_HOME: stateHome },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.kill('SIGTERM'));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('Press Ctrl-C to stop.')) resolve(out);
    });
    child.on('exit', (code) => reject(new Error(`hitless simulate exited with ${code}: ${out}`)));
  });
}

describe('hitless simulate --console-server', () => {
  it('prints working console SPECs: the printed --console-b reaches MSM-B and logs in', async () => {
    const dir = tempDir('hitless-simulate-console-');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const out = await startSimulate(['--speed', '0', '--console-server', 'avocent'], join(dir, 'state'));
    const specB = /--console-b '([^']+)'/.exec(out)?.[1];
    expect(specB).toMatch(/^ssh:\/\/console@127\.0\.0\.1:\d+\?port=6&profile=avocent$/);
    expect(out).toMatch(/password: serial-lab; switch login on the consoles: admin \/ admin/);
    const consoleB = new MsmConsole({
      spec: parseConsoleSpec(specB!),
      server: { auth: { password: 'serial-lab' }, hostKeys: { knownHostsFile: join(dir, 'known_hosts'), mode: 'accept-new' } },
      switchLogin: { username: 'admin', password: 'admin' },
      dialog: { settleMs: 30, wakeEveryMs: 1_000 },
      loginTimeoutMs: 20_000,
    });
    cleanups.push(() => consoleB.close());
    const session = await consoleB.openSession();
    expect(session.banner).toContain('Backup MSM');
  }, 30_000);

  it('an unknown profile is a usage error', async () => {
    await expect(runSimulateCommand(['--console-server', 'cisco'])).rejects.toMatchObject({
      exitCode: 2,
      message: '--console-server must be opengear, avocent, generic, got "cisco"',
    });
  });
});
