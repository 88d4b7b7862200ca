// ~/.ssh/config through the real CLI: a Host alias with HostName/Port/User/IdentityFile, flags winning over the file,
// ProxyJump through a second SSH server, and identity files that need a passphrase.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEd25519KeyPair } from '../../source/simulator/hostKey.js';
import { startSimulator, type RunningSimulator } from '../../source/simulator/index.js';
import { closedPort } from '../transport/sshFixture.js';
import { startJumpServer, type JumpServer } from '../transport/jumpServer.js';
import { HITLESS_BIN, ROOT, tempDir } from '../support/runCli.js';
import { PASSWORD_ENV, SWITCH_PASSWORD, secretLinesOf, sshWorld, warningsOf } from './sshRig.js';

const opsKey = generateEd25519KeyPair();
const hopKey = generateEd25519KeyPair();
let sim: RunningSimulator;
let jump: JumpServer;

beforeAll(async () => {
  sim = await startSimulator({
    scenario: 'happy',
    speed: 0,
    hostKeyFile: join(tempDir(), 'sim_host_key'),
    users: [{ username: 'admin', password: SWITCH_PASSWORD }, { username: 'ops', publicKeys: [opsKey.public] }],
  });
  jump = await startJumpServer({ user: 'hop', clientKey: hopKey.public });
});
afterAll(async () => {
  await sim.close();
  await jump.close();
});

const statusJson = (stdout: string) => JSON.parse(stdout) as { msms: Array<{ name: string; local: boolean }> };

describe('hitless status with ~/.ssh/config', () => {
  it('resolves a Host alias: HostName, Port, User and IdentityFile (~ expanded); pins the MSM key it logged in to', async () => {
    const world = sshWorld();
    world.sshFile('id_ops', opsKey.private);
    const config = world.sshFile('config', `Host core1\n  HostName 127.0.0.1\n  Port ${sim.port}\n  User ops\n  IdentityFile ~/.ssh/id_ops\n`);
    const run = await world.run(['status', '--host', 'core1', '--ssh-config', config, '--known-hosts', world.knownHosts, '--accept-new', '--json'], {
      env: { [PASSWORD_ENV]: '' },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(statusJson(run.stdout).msms.find((msm) => msm.local)?.name).toBe('MSM-A');
    expect(readFileSync(world.knownHosts, 'utf8')).toMatch(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sim.port} ssh-ed25519 `));
    expect(world.pins()).toEqual({ [`127.0.0.1:${sim.port}`]: { A: sim.hostKeyFingerprints.A } });
    for (const secret of secretLinesOf(opsKey.private)) expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('reads ~/.ssh/config by default and lets command-line flags win over it (port, user)', async () => {
    const world = sshWorld();
    world.sshFile('config', `Host core1\n  HostName 127.0.0.1\n  Port ${await closedPort()}\n  User nobody\n`);
    const run = await world.run([
      'status', '--host', 'core1', '--port', String(sim.port), '--user', 'admin', '--password-env', PASSWORD_ENV,
      '--known-hosts', world.knownHosts, '--accept-new', '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('goes through the ProxyJump host (its own alias and key), verifying both host keys; the switch password stays off it', async () => {
    const world = sshWorld();
    world.sshFile('id_hop', hopKey.private);
    world.sshFile(
      'config',
      `Host core1\n  HostName 127.0.0.1\n  Port ${sim.port}\n  User admin\n  ProxyJump bastion\n\n` +
        `Host bastion\n  HostName 127.0.0.1\n  Port ${jump.port}\n  User hop\n  IdentityFile ~/.ssh/id_hop\n`,
    );
    const forwarded = jump.destinations.length;
    const run = await world.run(['status', '--host', 'core1', '--password-env', PASSWORD_ENV, '--known-hosts', world.knownHosts, '--accept-new', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(jump.destinations.slice(forwarded)).toEqual([`127.0.0.1:${sim.port}`]);
    expect(jump.passwordsTried).not.toContain(SWITCH_PASSWORD);
    const hosts = readFileSync(world.knownHosts, 'utf8').split('\n').filter(Boolean).map((line) => line.split(' ')[0]);
    expect(hosts).toEqual([`[127.0.0.1]:${jump.port}`, `[127.0.0.1]:${sim.port}`]);
  });

  it('--jump wins over ProxyJump, and a jump host with no usable credentials is an auth error naming it (exit 2)', async () => {
    const world = sshWorld();
    world.sshFile('config', `Host core1\n  HostName 127.0.0.1\n  Port ${sim.port}\n  ProxyJump ${await closedPort()}.invalid\n`);
    const run = await world.run([
      'status', '--host', 'core1', '--user', 'admin', '--password-env', PASSWORD_ENV, '--jump', `hop@127.0.0.1:${jump.port}`,
      '--known-hosts', world.knownHosts, '--accept-new',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`hitless: authentication failed for jump host hop@127.0.0.1:${jump.port}\n`);
  });
});

// Two CLI runs each, on a machine that may be loaded.
describe('connection habits from ~/.ssh/config and -o', { timeout: 60_000 }, () => {
  it('ConnectTimeout bounds the wait for a server that never starts SSH: exit 2 after that time, one line', async () => {
    const mute = net.createServer(() => undefined);
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    const { port } = mute.address() as net.AddressInfo;
    try {
      const world = sshWorld();
      world.sshFile('config', `Host silent\n  HostName 127.0.0.1\n  Port ${port}\n  ConnectTimeout 1\n`);
      const args = ['status', '--user', 'admin', '--password-env', PASSWORD_ENV, '--known-hosts', world.knownHosts, '--accept-new'];
      const fromFile = await world.run([...args, '--host', 'silent']);
      expect(fromFile.code).toBe(2);
      expect(fromFile.stderr).toBe(`hitless: cannot reach 127.0.0.1:${port}: no SSH handshake within 1 s\n`);
      const fromOption = await world.run([...args, '--host', 'silent', '-o', 'ConnectTimeout=2']);
      expect(fromOption.stderr).toBe(`hitless: cannot reach 127.0.0.1:${port}: no SSH handshake within 2 s\n`);
    } finally {
      mute.close();
    }
  });

  it('StrictHostKeyChecking no is taken as accept-new, with a warning: a new key is written, never a changed one accepted', async () => {
    const world = sshWorld();
    world.sshFile('config', `Host core1\n  HostName 127.0.0.1\n  Port ${sim.port}\n  StrictHostKeyChecking no\n  UserKnownHostsFile ~/.ssh/kh_lab\n`);
    const run = await world.run(['status', '--host', 'core1', '--user', 'admin', '--password-env', PASSWORD_ENV]);
    expect(run.code, run.stderr).toBe(0);
    expect(warningsOf(run)).toEqual(['StrictHostKeyChecking no is taken as accept-new: a changed host key still stops the run']);
    expect(readFileSync(join(world.home, '.ssh', 'kh_lab'), 'utf8')).toMatch(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sim.port} ssh-ed25519 `));

    const other = generateEd25519KeyPair().public.split(' ').slice(0, 2).join(' ');
    const changed = world.sshFile('kh_lab', `[127.0.0.1]:${sim.port} ${other}\n`);
    const refused = await world.run(['status', '--host', 'core1', '--user', 'admin', '--password-env', PASSWORD_ENV]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/host key .*changed|changed host key|does not match/i);
    expect(readFileSync(changed, 'utf8')).toBe(`[127.0.0.1]:${sim.port} ${other}\n`);
  });
});

describe('an encrypted --identity', () => {
  const locked = generateEd25519KeyPair({ passphrase: 'the-passphrase-77', cipher: 'aes256-cbc', rounds: 4 });

  it('without a terminal: exit 2 and one clear line, before connecting', async () => {
    const world = sshWorld();
    const file = world.sshFile('id_locked', locked.private);
    const before = sim.commandLog.length;
    const run = await world.run([
      'status', '--host', '127.0.0.1', '--port', String(sim.port), '--user', 'ops', '--identity', file,
      '--known-hosts', world.knownHosts, '--accept-new',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`hitless: identity file ${file} needs a passphrase and there is no terminal to ask for it\n`);
    expect(sim.commandLog.length).toBe(before);
  });
});

describe('an encrypted --identity on a terminal', () => {
  const PASSPHRASE = 'tty-passphrase-31';
  const locked = generateEd25519KeyPair({ passphrase: PASSPHRASE, cipher: 'aes256-cbc', rounds: 4 });

  it('asks for the passphrase without echoing it, again after a wrong one, then logs in with the key', { timeout: 30_000 }, async () => {
    const lockedSim = await startSimulator({
      scenario: 'happy',
      speed: 0,
      hostKeyFile: join(tempDir(), 'sim_host_key'),
      users: [{ username: 'ops', publicKeys: [locked.public] }],
    });
    try {
      const world = sshWorld();
      const file = world.sshFile('id_locked', locked.private);
      const screen = await onTerminal(
        ['status', '--host', '127.0.0.1', '--port', String(lockedSim.port), '--user', 'ops', '--identity', file, '--known-hosts', world.knownHosts, '--accept-new'],
        { HOME: world.home, XDG_STATE_HOME: world.stateHome, SSH_AUTH_SOCK: '' },
        ['wrong-one\r', `${PASSPHRASE}\r`],
      );
      expect(screen.code).toBe(0);
      expect(screen.output.match(/Enter passphrase for key '[^']+': /g)).toEqual([`Enter passphrase for key '${file}': `, `Enter passphrase for key '${file}': `]);
      expect(screen.output).toContain('MSM-A');
      expect(screen.output).not.toContain(PASSPHRASE);
      expect(screen.output).not.toContain('wrong-one');
    } finally {
      await lockedSim.close();
    }
  });
});

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`), typing each reply when the passphrase prompt shows.
 * Returns everything the terminal showed.
 */
function onTerminal(args: string[], env: Record<string, string>, replies: string[]): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, HITLESS_BIN, ...args].map(shellQuote).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, CI: 'true', FORCE_COLOR: '0', ...env } });
  let output = '';
  let prompts = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    const seen = output.split('Enter passphrase for key').length - 1;
    while (prompts < seen) child.stdin.write(replies[prompts++] ?? '\r');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

const shellQuote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
