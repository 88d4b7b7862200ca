// `hitless simulate`: --list, usage errors (exit 2, one line on stderr), and a real run stopped by SIGTERM.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import net from 'node:net';
import ssh2 from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SCENARIOS } from '../../source/simulator/index.js';
import { runSimulateCommand } from '../../source/cli/simulateCommand.js';
import { tempDir } from './helpers.js';
import { HITLESS_BIN } from '../support/runCli.js';

const state = tempDir();
const savedStateHome = process.env.XDG_STATE_HOME;
beforeAll(() => {
  process.env.XDG_STATE_HOME = state.path;
});
afterAll(() => {
  process.env.XDG_STATE_HOME = savedStateHome;
  state.remove();
});

function captureOutput() {
  const out = { stdout: '', stderr: '' };
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out.stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((out.stderr += String(chunk)), true));
  return out;
}
afterEach(() => vi.restoreAllMocks());

/** `hitless simulate ARGS` as its own process, once it has printed how to connect. */
async function startSimulateCommand(args: string[]) {
  const child = spawn(
    process.execPath,
    [HITLESS_BIN, 'simulate', ...args],
    { env: { ...process.env, XDG_STATE_HOME: state.path }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
      if (stdout.includes('Press Ctrl-C to stop.')) resolve();
    });
    child.on('close', () => reject(new Error(`exited early: ${stdout}`)));
  });
  return { child, stdout };
}

describe('hitless simulate', () => {
  it('--list prints every scenario with its one-line description', async () => {
    const out = captureOutput();
    expect(await runSimulateCommand(['--list'])).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(Object.keys(SCENARIOS).length);
    for (const [index, scenario] of Object.values(SCENARIOS).entries()) {
      expect(lines[index]).toMatch(new RegExp(`^${scenario.name} +\\S`));
      expect(lines[index]!.endsWith(scenario.description)).toBe(true);
    }
  });

  it.each([
    [['--scenario', 'nope'], 'unknown scenario "nope"; see: hitless simulate --list'],
    [['--bogus'], expect.stringMatching(/^Unknown option '--bogus'[^\n]*$/)],
    [['--speed=-1'], '--speed must be a number from 0 to 100, got "-1"'],
    [['--port', '70000'], '--port must be a whole number from 0 to 65535, got "70000"'],
    [['--sys-name', 'core # 1'], '--sys-name must be printable text without # or > and no blank at either end, got "core # 1"'],
  ])('%j is a usage error: exit 2, one line for cli.tsx to print', async (argv, message) => {
    const out = captureOutput();
    await expect(runSimulateCommand(argv as string[])).rejects.toMatchObject({ kind: 'usage', exitCode: 2, message });
    expect(out).toEqual({ stdout: '', stderr: '' });
  });

  it('a port in use is a usage error', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      await expect(runSimulateCommand(['--port', String(port)])).rejects.toMatchObject({
        exitCode: 2,
        message: `cannot listen on 127.0.0.1:${port} (EADDRINUSE)`,
      });
    } finally {
      busy.close();
    }
  });

  it('runs until SIGTERM, printing how to connect; the printed fingerprint is the one the server presents', async () => {
    const { child, stdout } = await startSimulateCommand(['--port', '0', '--speed', '0', '--scenario', 'xmod']);
    const port = Number(/ssh -p (\d+) admin@127\.0\.0\.1 +password: admin/.exec(stdout)?.[1]);
    const printed = /host key: (SHA256:\S+)/.exec(stdout)?.[1];
    expect(stdout).toContain(
      `upgrade:  hitless upgrade --host 127.0.0.1 --port ${port} --user admin --image 10.0.0.5:bd8800-15.3.5.2-patch1-5.xos --xmod 10.0.0.5:bd8800-15.3.5.2-patch1-5-ssh.xmod`,
    );

    let presented = '';
    const client = new ssh2.Client();
    await new Promise<void>((resolve, reject) => {
      client.on('ready', () => resolve());
      client.on('error', reject);
      client.connect({
        host: '127.0.0.1',
        port,
        username: 'admin',
        password: 'admin',
        hostVerifier: (key: Buffer) => {
          presented = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
          return true;
        },
      });
    });
    client.end();
    expect(presented).toBe(printed);

    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 30_000);

  it('--legacy-ssh --sys-name: prints the old algorithms and the -o options a client needs, which are enough to log in', async () => {
    const { child, stdout } = await startSimulateCommand(['--port', '0', '--speed', '0', '--legacy-ssh', '--sys-name', 'DC1 CORE X670']);
    expect(stdout).toContain('Simulated BD-8810 chassis "DC1 CORE X670"');
    expect(stdout).toContain(
      'legacy SSH: offers only diffie-hellman-group1-sha1, diffie-hellman-group14-sha1, ssh-rsa, aes128-cbc, 3des-cbc, hmac-sha1',
    );
    const options = '-o KexAlgorithms=+diffie-hellman-group14-sha1 -o HostKeyAlgorithms=+ssh-rsa -o Ciphers=+aes128-cbc';
    const port = Number(/ -p (\d+) admin@127\.0\.0\.1 /.exec(stdout)?.[1]);
    expect(stdout).toContain(`connect:  ssh ${options} -p ${port} admin@127.0.0.1`);
    expect(stdout).toContain(`upgrade:  hitless upgrade --host 127.0.0.1 --port ${port} --user admin ${options} --image`);

    const client = new ssh2.Client();
    const prompt = await new Promise<string>((resolve, reject) => {
      client.on('ready', () =>
        client.shell((error, stream) => {
          if (error) return reject(error);
          let seen = '';
          stream.on('data', (data: Buffer) => {
            seen += data.toString();
            if (seen.endsWith(' # ')) resolve(seen.split('\n').at(-1)!);
          });
        }),
      );
      client.on('error', reject);
      client.connect({
        host: '127.0.0.1', port, username: 'admin', password: 'admin', hostVerifier: () => true,
        algorithms: { kex: ['diffie-hellman-group14-sha1'], cipher: ['aes128-cbc'], serverHostKey: ['ssh-rsa'] },
      });
    });
    client.end();
    expect(prompt).toBe('DC1 CORE X670.1 # ');

    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 60_000);
});
