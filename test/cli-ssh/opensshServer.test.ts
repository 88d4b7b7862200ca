// hitless against a real OpenSSH sshd on loopback that offers only what an old EXOS release offers (SHA-1 key
// exchange, CBC ciphers, hmac-sha1, an ssh-rsa host key). The login shell is a few lines of sh that answer like the
// EXOS CLI (prompt with a blank in the system name, `show switch` from a capture), so `hitless status` goes all the way.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSample, RECONSTRUCTED } from '../exos/samples.js';
import { tempDir } from '../support/runCli.js';
import { sshWorld, warningsOf } from './sshRig.js';

vi.setConfig({ testTimeout: 60_000 });

const SSHD = '/usr/sbin/sshd';
const dir = tempDir('hitless-sshd-');
const clientKey = join(dir, 'id_ed25519');
let sshd: ChildProcess;
let port: number;

/** Answers like an EXOS CLI on a pty (the tty echoes what is typed): a prompt per line, `show switch` from a capture. */
const FAKE_EXOS = `n=1
printf 'ExtremeXOS\\n\\n* DC1 CORE X670.%d # ' "$n"
while IFS= read -r line; do
  n=$((n + 1))
  if [ "$line" = "show switch" ]; then cat '${join(dir, 'show_switch.txt')}'; fi
  printf '* DC1 CORE X670.%d # ' "$n"
done
`;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return free;
}

beforeAll(async () => {
  execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', join(dir, 'host_rsa')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', clientKey]);
  execFileSync('cp', [`${clientKey}.pub`, join(dir, 'authorized_keys')]);
  writeFileSync(join(dir, 'show_switch.txt'), loadSample(RECONSTRUCTED.dualMsmInSync));
  writeFileSync(join(dir, 'fake_exos.sh'), FAKE_EXOS);
  port = await freePort();
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_rsa')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      // The temp dir is not root-owned the way sshd wants key files to be; password logins stay off.
      'StrictModes no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      'KexAlgorithms diffie-hellman-group1-sha1,diffie-hellman-group14-sha1',
      'HostKeyAlgorithms ssh-rsa',
      'Ciphers aes128-cbc,3des-cbc',
      'MACs hmac-sha1',
      `ForceCommand /bin/sh ${join(dir, 'fake_exos.sh')}`,
      '',
    ].join('\n'),
  );
  // Run as root, sshd wants its privilege-separation directory (a boot-time tmpfiles entry on most systems).
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  sshd = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    sshd.stderr!.on('data', (data: Buffer) => {
      log += data.toString();
      if (log.includes('Server listening')) resolve();
    });
    sshd.on('error', (error) => reject(new Error(`cannot start ${SSHD} (package openssh-server): ${error.message}`)));
    sshd.on('close', (code) => reject(new Error(`sshd exited (${code}): ${log}`)));
  });
});

afterAll(() => {
  sshd?.kill('SIGTERM');
});

const where = () => `127.0.0.1:${port}`;

function status(args: string[]) {
  const world = sshWorld();
  return world.run([
    'status', '--host', '127.0.0.1', '--port', String(port), '--user', userInfo().username, '--identity', clientKey,
    '--known-hosts', world.knownHosts, '--accept-new', '--json', ...args,
  ]);
}

describe('hitless against OpenSSH sshd with only the old algorithms', () => {
  it('without configuration: exit 2, one line naming the key exchanges sshd offers and what to allow', async () => {
    const run = await status([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `hitless: ${where()} offers only diffie-hellman-group1-sha1,diffie-hellman-group14-sha1 for key exchange; ` +
        'allow one with -o KexAlgorithms=+diffie-hellman-group14-sha1 or in ~/.ssh/config\n',
    );
  });

  it('then names the ciphers, and with those too the host key type sshd offers', async () => {
    const kexOnly = await status(['-o', 'KexAlgorithms=+diffie-hellman-group14-sha1']);
    expect(kexOnly.stderr).toBe(`hitless: ${where()} offers only aes128-cbc,3des-cbc for cipher; allow one with -o Ciphers=+aes128-cbc or in ~/.ssh/config\n`);
    const noRsa = await status(['-o', 'KexAlgorithms=+diffie-hellman-group14-sha1', '-o', 'Ciphers=+aes128-cbc', '-o', 'HostKeyAlgorithms=-ssh-rsa']);
    expect(noRsa.code).toBe(2);
    expect(noRsa.stderr).toBe(`hitless: ${where()} offers only ssh-rsa for host key; allow one with -o HostKeyAlgorithms=+ssh-rsa or in ~/.ssh/config\n`);
  });

  it('logs in once -o allows them, reads the chassis, and warns about each weak algorithm in use', async () => {
    const run = await status(['-o', 'KexAlgorithms=+diffie-hellman-group14-sha1', '-o', 'Ciphers=+aes128-cbc']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ chassis: 'dual-msm', msms: [{ name: 'MSM-A' }, { name: 'MSM-B' }] });
    expect(warningsOf(run)).toEqual([
      `${where()} uses weak SSH algorithms: key exchange diffie-hellman-group14-sha1 (SHA-1), host key ssh-rsa (SHA-1), cipher aes128-cbc (CBC), MAC hmac-sha1 (SHA-1)`,
      // This switch answers only show switch: the status stands, the twin's inventory is left out and says so.
      ...['show version images', 'show slot', 'show ports no-refresh'].map((command) => expect.stringMatching(new RegExp(`^cannot read "${command}" \\(.*\\); the document leaves it out, so no twin can be built from it$`))),
    ]);
    expect(JSON.parse(run.stdout)).not.toHaveProperty('images');
  });

  it('takes the algorithms from an Included file with ^ lists', async () => {
    const world = sshWorld();
    mkdirSync(join(world.home, '.ssh', 'legacy'));
    world.sshFile(
      'legacy/sshd-test',
      `Host old-core\n  HostName 127.0.0.1\n  Port ${port}\n  KexAlgorithms ^diffie-hellman-group1-sha1\n  Ciphers ^3des-cbc\n`,
    );
    world.sshFile('config', 'Include legacy/*\n');
    const run = await world.run(['status', '--host', 'old-core', '--user', userInfo().username, '--identity', clientKey, '--known-hosts', world.knownHosts, '--accept-new', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(warningsOf(run)[0]).toMatch(/key exchange diffie-hellman-group1-sha1 \(SHA-1\), host key ssh-rsa \(SHA-1\), cipher 3des-cbc \(CBC\)/);
  });
});
