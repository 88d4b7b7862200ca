// The real CLI against a simulated chassis whose SSH server is as old as a BlackDiamond 8800's (--legacy-ssh: SHA-1
// key exchange, CBC ciphers, hmac-sha1, an RSA host key) and whose system name holds blanks: refused with one line
// naming the server's offer, then reached once ~/.ssh/config or -o allows the old algorithms.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SCENARIOS, startSimulator, type RunningSimulator } from '../../source/simulator/index.js';
import { tempDir } from '../support/runCli.js';
import { destructiveCommands, runningOn } from '../support/simulatedUpgrade.js';
import { PASSWORD_ENV, sshWorld, warningsOf } from './sshRig.js';

// Each test starts the CLI (a few seconds on a loaded 2-core machine) and logs in over SSH up to three times.
vi.setConfig({ testTimeout: 60_000 });

const SYSNAME = 'DC1 CORE X670';
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'happy', speed: 0, legacySsh: true, sysName: SYSNAME, hostKeyFile: join(tempDir(), 'sim_host_rsa') });
});
afterAll(async () => {
  await sim.close();
});

const where = () => `127.0.0.1:${sim.port}`;
const KEX_REFUSED = () =>
  `hitless: ${where()} offers only diffie-hellman-group1-sha1,diffie-hellman-group14-sha1 for key exchange; ` +
  'allow one with -o KexAlgorithms=+diffie-hellman-group14-sha1 or in ~/.ssh/config\n';
const WEAK = () =>
  `${where()} uses weak SSH algorithms: key exchange diffie-hellman-group14-sha1 (SHA-1), host key ssh-rsa (SHA-1), ` +
  'cipher aes128-cbc (CBC), MAC hmac-sha1 (SHA-1)';
const LEGACY_LINES = '  KexAlgorithms +diffie-hellman-group14-sha1\n  Ciphers +aes128-cbc\n';
const alias = () => `Host core1\n  HostName 127.0.0.1\n  Port ${sim.port}\n  User admin\n`;

function status(world: ReturnType<typeof sshWorld>, args: string[]) {
  return world.run(['status', '--password-env', PASSWORD_ENV, '--known-hosts', world.knownHosts, '--accept-new', '--json', ...args]);
}

describe('hitless against an old EXOS SSH server', () => {
  it('without any configuration: exit 2, one line naming the key exchanges the server offers and what to allow', async () => {
    const world = sshWorld();
    const run = await status(world, ['--host', '127.0.0.1', '--port', String(sim.port), '--user', 'admin']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(KEX_REFUSED());
    expect(run.stdout).toBe('');
  });

  it('with the + lines in ~/.ssh/config: status reads the chassis (system name with blanks) and warns about the weak algorithms', async () => {
    const world = sshWorld();
    world.sshFile('config', alias() + LEGACY_LINES);
    const run = await status(world, ['--host', 'core1']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sysName: SYSNAME, msms: [{ name: 'MSM-A', local: true }, { name: 'MSM-B' }] });
    expect(warningsOf(run)).toEqual([WEAK()]);
  });

  it('names the next category that fails: the cipher, once the key exchange is allowed', async () => {
    const world = sshWorld();
    world.sshFile('config', `${alias()}  KexAlgorithms +diffie-hellman-group14-sha1\n`);
    const run = await status(world, ['--host', 'core1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`hitless: ${where()} offers only aes128-cbc,3des-cbc for cipher; allow one with -o Ciphers=+aes128-cbc or in ~/.ssh/config\n`);
  });

  it('-o works without any config file, and wins over one', async () => {
    const bare = sshWorld();
    const legacy = ['-o', 'KexAlgorithms=+diffie-hellman-group14-sha1', '-oCiphers=+aes128-cbc'];
    const run = await status(bare, ['--host', '127.0.0.1', '--port', String(sim.port), '--user', 'admin', ...legacy]);
    expect(run.code, run.stderr).toBe(0);

    const configured = sshWorld();
    configured.sshFile('config', `${alias()}  KexAlgorithms curve25519-sha256\n  Port 1\n`);
    const overridden = await status(configured, ['--host', 'core1', ...legacy, '-o', `Port=${sim.port}`]);
    expect(overridden.code, overridden.stderr).toBe(0);
  });

  it('takes ^ lists (the old algorithms first) and - lists (removing what the server needs: its offer is named)', async () => {
    const first = sshWorld();
    const run = await status(first, ['--host', '127.0.0.1', '--port', String(sim.port), '--user', 'admin', '-o', 'KexAlgorithms=^diffie-hellman-group1-sha1', '-o', 'Ciphers=^3des-cbc']);
    expect(run.code, run.stderr).toBe(0);
    expect(warningsOf(run)[0]).toContain('key exchange diffie-hellman-group1-sha1 (SHA-1)');
    expect(warningsOf(run)[0]).toContain('cipher 3des-cbc (CBC)');

    const removed = sshWorld();
    removed.sshFile('config', `${alias()}${LEGACY_LINES}  HostKeyAlgorithms -ssh-rsa\n`);
    const noHostKey = await status(removed, ['--host', 'core1']);
    expect(noHostKey.code).toBe(2);
    expect(noHostKey.stderr).toBe(`hitless: ${where()} offers only ssh-rsa for host key; allow one with -o HostKeyAlgorithms=+ssh-rsa or in ~/.ssh/config\n`);
    const noMac = await status(removed, ['--host', 'core1', '-o', 'HostKeyAlgorithms=+ssh-rsa', '-o', 'MACs=-hmac-sha1*']);
    expect(noMac.code).toBe(2);
    expect(noMac.stderr).toBe(`hitless: ${where()} offers only hmac-sha1 for MAC; allow one with -o MACs=+hmac-sha1 or in ~/.ssh/config\n`);
  });

  it('reads the lines from a file the config Includes (a glob relative to ~/.ssh)', async () => {
    const world = sshWorld();
    mkdirSync(join(world.home, '.ssh', 'conf.d'));
    world.sshFile('conf.d/bd8800.conf', alias() + LEGACY_LINES);
    world.sshFile('config', 'Include conf.d/*.conf\n');
    const run = await status(world, ['--host', 'core1']);
    expect(run.code, run.stderr).toBe(0);
  });

  it('refuses an -o it cannot use with one line (exit 2), before connecting', async () => {
    const world = sshWorld();
    const run = await status(world, ['--host', 'core1', '-o', 'Ciphers=+aes128-cbx']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^hitless: -o Ciphers: hitless does not implement aes128-cbx \(it knows [^\n]*\)\n$/);
  });

  it('runs a full upgrade with the + lines in ~/.ssh/config: done, no outage, the weak algorithms in the journal', async () => {
    const world = sshWorld();
    world.sshFile('config', alias() + LEGACY_LINES);
    const journal = join(world.home, 'journal.jsonl');
    const { image, xmods } = SCENARIOS.happy.suggested;
    const run = await world.run(
      [
        'upgrade', '--host', 'core1', '--password-env', PASSWORD_ENV, '--known-hosts', world.knownHosts, '--accept-new',
        '--image', image, ...xmods.flatMap((xmod) => ['--xmod', xmod]), '--headless', '--yes', '--json', '--poll', '0.05',
        '--step-timeout', '20', '--journal', journal,
      ],
      { timeoutMs: 120_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(sim.outages).toEqual([]);
    expect(runningOn(sim, 'A')).toBe('15.3.5.2-patch1-5');
    expect(runningOn(sim, 'B')).toBe('15.3.5.2-patch1-5');
    expect(destructiveCommands(sim).filter((command) => command.startsWith('reboot'))).toEqual(['reboot msm B', 'reboot msm A']);
    // Warned once, though the run connected again after the failover.
    expect(warningsOf(run).filter((message) => message === WEAK())).toHaveLength(1);
    const journaled = readFileSync(journal, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string; message?: string });
    expect(journaled).toContainEqual(expect.objectContaining({ type: 'warning', message: WEAK() }));
  }, 150_000);
});
