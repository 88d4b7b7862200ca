// A console server as old as the chassis (--legacy-ssh on the simulated one): refused with its offer named, then
// reached with its own Host entry in ~/.ssh/config, for a whole upgrade through the two MSM consoles.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startConsoleServer, type RunningConsoleServer } from '../../source/simulator/consoleServer/consoleServer.js';
import { runningOn, startRig, type Rig } from '../support/simulatedUpgrade.js';
import { sshWorld, warningsOf } from '../cli-ssh/sshRig.js';

vi.setConfig({ testTimeout: 150_000 });

/** Not the simulated console server's default ("console"): the run would mask that word in every message. */
const CONSOLE_PASSWORD = 'Cs-Legacy-pw1';

let rig: Rig;
let server: RunningConsoleServer;
beforeAll(async () => {
  rig = await startRig('happy');
  server = await startConsoleServer({
    simulator: rig.sim,
    profile: 'opengear',
    legacySsh: true,
    hostKeyFile: join(rig.dir, 'console_rsa'),
    users: [{ username: 'console', password: CONSOLE_PASSWORD }],
  });
});
afterAll(async () => {
  await server.close();
  await rig.close();
});

function upgradeThroughConsoles(world: ReturnType<typeof sshWorld>) {
  const spec = (port: number) => `ssh://console@127.0.0.1:${server.port}?port=${port}&profile=opengear`;
  return world.run(
    [
      'upgrade', '--user', 'admin', '--password-env', 'SWITCH_PW', '--console-a', spec(5), '--console-b', spec(6),
      '--console-password-env', 'CONSOLE_PW', '--known-hosts', world.knownHosts, '--accept-new',
      '--image', rig.sim.scenario.suggested.image, '--headless', '--yes', '--json', '--poll', '0.05', '--step-timeout', '20',
    ],
    { env: { SWITCH_PW: 'admin', CONSOLE_PW: CONSOLE_PASSWORD }, timeoutMs: 120_000 },
  );
}

it('without configuration: exit 2, naming what the console server offers for key exchange', async () => {
  const run = await upgradeThroughConsoles(sshWorld());
  expect(run.code, run.stdout + run.stderr).toBe(2);
  expect(run.stdout).toContain(
    `127.0.0.1:${server.port} offers only diffie-hellman-group1-sha1,diffie-hellman-group14-sha1 for key exchange; ` +
      'allow one with -o KexAlgorithms=+diffie-hellman-group14-sha1 or in ~/.ssh/config',
  );
  expect(rig.sim.commandLog).toEqual([]);
});

it('with the console server in ~/.ssh/config: the whole upgrade through its consoles, no outage, its weak algorithms named once', async () => {
  const world = sshWorld();
  world.sshFile('config', 'Host 127.0.0.1\n  KexAlgorithms +diffie-hellman-group14-sha1\n  Ciphers +aes128-cbc\n');
  const run = await upgradeThroughConsoles(world);
  expect(run.code, run.stderr).toBe(0);
  expect(runningOn(rig.sim, 'A')).toBe('15.3.5.2-patch1-5');
  expect(runningOn(rig.sim, 'B')).toBe('15.3.5.2-patch1-5');
  expect(rig.sim.outages).toEqual([]);
  // Both consoles are on the same server (and reconnect during the upgrade): one warning for the run.
  expect(warningsOf(run).filter((warning) => warning.includes('weak'))).toEqual([
    `console server 127.0.0.1:${server.port} uses weak SSH algorithms: key exchange diffie-hellman-group14-sha1 (SHA-1), host key ssh-rsa (SHA-1), ` +
      'cipher aes128-cbc (CBC), MAC hmac-sha1 (SHA-1)',
  ]);
});
