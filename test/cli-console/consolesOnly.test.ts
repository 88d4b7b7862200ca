// The whole upgrade through the two MSM serial consoles alone (no management SSH), through the real CLI.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startConsoleServer } from '../../source/simulator/consoleServer/consoleServer.js';
import { runningOn, startRig, type Rig } from '../support/simulatedUpgrade.js';
import { runCli } from '../support/runCli.js';

const CONSOLE_SECRET = 'Cs-7q!x-console';
const SWITCH_SECRET = 'Sw-4k#z-switch';

let rig: Rig | undefined;
let stopConsoles: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopConsoles?.();
  await rig?.close();
  rig = stopConsoles = undefined;
});

it('upgrades through --console-a/--console-b without --host, always on the MASTER console, no outage, no secret printed', async () => {
  rig = await startRig('happy');
  const server = await startConsoleServer({
    simulator: rig.sim,
    profile: 'opengear',
    hostKeyFile: join(rig.dir, 'console_key'),
    users: [{ username: 'console', password: CONSOLE_SECRET }],
    switchUsers: [{ username: 'admin', password: SWITCH_SECRET }],
  });
  stopConsoles = () => server.close();
  const spec = (port: number) => `ssh://console@127.0.0.1:${server.port}?port=${port}&profile=opengear`;
  const run = await runCli(
    [
      'upgrade', '--user', 'admin', '--password-env', 'SWITCH_PW', '--console-a', spec(5), '--console-b', spec(6),
      '--console-password-env', 'CONSOLE_PW', '--known-hosts', join(rig.dir, 'known_hosts'), '--accept-new',
      '--image', rig.sim.scenario.suggested.image, '--headless', '--yes', '--json', '--poll', '0.05', '--step-timeout', '20',
    ],
    { env: { SWITCH_PW: SWITCH_SECRET, CONSOLE_PW: CONSOLE_SECRET, XDG_STATE_HOME: join(rig.dir, 'state') }, timeoutMs: 120_000 },
  );
  expect(run.code, run.stderr).toBe(0);
  expect(runningOn(rig.sim, 'A')).toBe('15.3.5.2-patch1-5');
  expect(runningOn(rig.sim, 'B')).toBe('15.3.5.2-patch1-5');
  expect(rig.sim.outages).toEqual([]);
  const destructive = rig.sim.commandLog.filter((r) => /^(download|reboot|run )/.test(r.command));
  for (const record of destructive) {
    const masterThen = record.command === 'run msm-failover' || record.command.endsWith('msm B') ? 'A' : 'B';
    expect(record.msm, record.command).toBe(masterThen);
  }
  expect(run.stdout + run.stderr).not.toContain(CONSOLE_SECRET);
  expect(run.stdout + run.stderr).not.toContain(SWITCH_SECRET);
}, 150_000);
