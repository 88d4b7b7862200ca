// The real OpenSSH client against the simulator: interactive password login (the password fed by SSH_ASKPASS), and
// key auth.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunningSimulator } from '../../source/simulator/index.js';
import { nodeColumns, startTestSimulator, tempDir } from './helpers.js';

// SSH round trips: generous on a loaded 2-core machine.
vi.setConfig({ testTimeout: 20_000 });

let simulator: RunningSimulator | undefined;
const dirs: ReturnType<typeof tempDir>[] = [];

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
  for (const dir of dirs.splice(0)) dir.remove();
});

const SSH_OPTIONS = (port: number) => [
  '-F', '/dev/null',
  '-p', String(port),
  '-o', 'StrictHostKeyChecking=no',
  '-o', 'UserKnownHostsFile=/dev/null',
  '-o', 'LogLevel=ERROR',
];

function run(command: string, args: string[], extraEnv: Record<string, string> = {}) {
  const env = { ...process.env, ...extraEnv };
  delete env.SSH_AUTH_SOCK;
  const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (data: Buffer) => {
    output += data.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    stderr: () => stderr,
    exit,
    async waitFor(text: string) {
      while (!output.includes(text)) {
        if (child.exitCode !== null) throw new Error(`ssh exited before "${text}": ${output} ${stderr}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

/** OpenSSH reads the password from SSH_ASKPASS when forced to (no sshpass needed). */
function passwordByAskpass(password: string): Record<string, string> {
  const dir = tempDir();
  dirs.push(dir);
  const askpass = join(dir.path, 'askpass');
  writeFileSync(askpass, `#!/bin/sh\necho '${password}'\n`, { mode: 0o700 });
  return { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force' };
}

describe('OpenSSH client', () => {
  it('logs in interactively with a password (SSH_ASKPASS, ssh -tt), runs show switch, exits', async () => {
    simulator = await startTestSimulator();
    const ssh = run('ssh', ['-tt', ...SSH_OPTIONS(simulator.port), 'admin@127.0.0.1'], passwordByAskpass('admin'));
    await ssh.waitFor('BD-8810.1 # ');
    ssh.child.stdin.write('show switch\r');
    await ssh.waitFor('BD-8810.2 # ');
    const lines = ssh.output().split('\r\n');
    expect(nodeColumns(lines)['Slot:']).toEqual(['MSM-A *', 'MSM-B']);
    expect(nodeColumns(lines)['Current State:']).toEqual(['MASTER', 'BACKUP (In Sync)']);
    ssh.child.stdin.write('exit\r');
    expect(await ssh.exit).toBe(0);
    expect(simulator.commandLog.map((record) => record.command)).toEqual(['show switch', 'exit']);
  }, 20_000);

  it('logs in with a key (ssh -i) and runs a command; a user without that key is refused', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const key = join(dir.path, 'id_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    simulator = await startTestSimulator({
      users: [
        { username: 'admin', publicKeys: [readFileSync(`${key}.pub`, 'utf8').trim()] },
        { username: 'other', password: 'secret' },
      ],
    });
    const keyOptions = ['-i', key, '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes', '-o', 'PasswordAuthentication=no'];
    const ok = run('ssh', [...keyOptions, ...SSH_OPTIONS(simulator.port), 'admin@127.0.0.1', 'show switch']);
    expect(await ok.exit).toBe(0);
    expect(nodeColumns(ok.output().split('\r\n'))['Slot:']).toEqual(['MSM-A *', 'MSM-B']);

    const refused = run('ssh', [...keyOptions, ...SSH_OPTIONS(simulator.port), 'other@127.0.0.1', 'show switch']);
    expect(await refused.exit).toBe(255);
    expect(refused.stderr()).toContain('Permission denied');
  }, 20_000);
});

describe('OpenSSH client against the legacy SSH server (--legacy-ssh)', () => {
  it('is refused by default, naming the old key exchange the server offers', async () => {
    simulator = await startTestSimulator({ legacySsh: true });
    // Without -v this OpenSSH prints nothing at all about it.
    const ssh = run('ssh', ['-v', '-o', 'BatchMode=yes', ...SSH_OPTIONS(simulator.port), 'admin@127.0.0.1', 'show switch']);
    expect(await ssh.exit).toBe(255);
    expect(ssh.stderr()).toContain('no matching key exchange method found. Their offer: diffie-hellman-group1-sha1,diffie-hellman-group14-sha1');
  });

  it('logs in once the old algorithms are allowed, on a chassis whose system name holds blanks', async () => {
    simulator = await startTestSimulator({ legacySsh: true, sysName: 'DC1 CORE X670' });
    const legacy = ['-o', 'KexAlgorithms=+diffie-hellman-group14-sha1', '-o', 'HostKeyAlgorithms=+ssh-rsa', '-o', 'Ciphers=+aes128-cbc', '-v'];
    const ssh = run('ssh', ['-tt', ...legacy, ...SSH_OPTIONS(simulator.port), 'admin@127.0.0.1'], passwordByAskpass('admin'));
    await ssh.waitFor('DC1 CORE X670.1 # ');
    ssh.child.stdin.write('show switch\r');
    await ssh.waitFor('DC1 CORE X670.2 # ');
    expect(ssh.output()).toMatch(/SysName: +DC1 CORE X670\r\n/);
    ssh.child.stdin.write('exit\r');
    expect(await ssh.exit).toBe(0);
    // Only the legacy set was offered, so these are what was negotiated.
    expect(ssh.stderr()).toContain('kex: algorithm: diffie-hellman-group14-sha1');
    expect(ssh.stderr()).toContain('kex: host key algorithm: ssh-rsa');
    expect(ssh.stderr()).toMatch(/kex: server->client cipher: aes128-cbc MAC: hmac-sha1 /);
  });
});
