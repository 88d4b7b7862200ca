// The real OpenSSH client against the simulator: interactive password login (the password fed by SSH_ASKPASS), and
// key auth.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunningSimulator } from '../../source/simulator/index.js';
import { nodeColumns, startTestSimulator, tempDir } from './helpers.js';
import { openSshOptions, passwordByAskpass as passwordAt, runOpenSsh } from './openSshClient.js';

// SSH round trips: generous on a loaded 2-core machine.
vi.setConfig({ testTimeout: 20_000 });

let simulator: RunningSimulator | undefined;
const dirs: ReturnType<typeof tempDir>[] = [];

afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
  for (const dir of dirs.splice(0)) dir.remove();
});

function passwordByAskpass(password: string): Record<string, string> {
  const dir = tempDir();
  dirs.push(dir);
  return passwordAt(dir.path, password);
}

describe('OpenSSH client', () => {
  it('logs in interactively with a password (SSH_ASKPASS, ssh -tt), runs show switch, exits', async () => {
    simulator = await startTestSimulator();
    const ssh = runOpenSsh('ssh', ['-tt', ...openSshOptions(simulator.port), 'admin@127.0.0.1'], passwordByAskpass('admin'));
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
    const ok = runOpenSsh('ssh', [...keyOptions, ...openSshOptions(simulator.port), 'admin@127.0.0.1', 'show switch']);
    expect(await ok.exit).toBe(0);
    expect(nodeColumns(ok.output().split('\r\n'))['Slot:']).toEqual(['MSM-A *', 'MSM-B']);

    const refused = runOpenSsh('ssh', [...keyOptions, ...openSshOptions(simulator.port), 'other@127.0.0.1', 'show switch']);
    expect(await refused.exit).toBe(255);
    expect(refused.stderr()).toContain('Permission denied');
  }, 20_000);
});

describe('OpenSSH client against the legacy SSH server (--legacy-ssh)', () => {
  it('is refused by default, naming the old key exchange the server offers', async () => {
    simulator = await startTestSimulator({ legacySsh: true });
    // Without -v this OpenSSH prints nothing at all about it.
    const ssh = runOpenSsh('ssh', ['-v', '-o', 'BatchMode=yes', ...openSshOptions(simulator.port), 'admin@127.0.0.1', 'show switch']);
    expect(await ssh.exit).toBe(255);
    expect(ssh.stderr()).toContain('no matching key exchange method found. Their offer: diffie-hellman-group1-sha1,diffie-hellman-group14-sha1');
  });

  it('logs in once the old algorithms are allowed, on a chassis whose system name holds blanks', async () => {
    simulator = await startTestSimulator({ legacySsh: true, sysName: 'DC1 CORE X670' });
    const legacy = ['-o', 'KexAlgorithms=+diffie-hellman-group14-sha1', '-o', 'HostKeyAlgorithms=+ssh-rsa', '-o', 'Ciphers=+aes128-cbc', '-v'];
    const ssh = runOpenSsh('ssh', ['-tt', ...legacy, ...openSshOptions(simulator.port), 'admin@127.0.0.1'], passwordByAskpass('admin'));
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
