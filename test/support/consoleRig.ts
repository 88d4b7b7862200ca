// A simulated console server in front of a rig's chassis (opengear profile: MSM-A on serial port 5, MSM-B on 6), and
// the CLI arguments and environment that reach both consoles through it.
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startConsoleServer, type RunningConsoleServer } from '../../source/simulator/consoleServer/consoleServer.js';
import type { ScenarioName } from '../../source/simulator/index.js';
import { startRig, type Rig } from './simulatedUpgrade.js';

export const CONSOLE_SECRET = 'Cs-7q!x-console';
export const SWITCH_SECRET = 'Sw-4k#z-switch';

export interface ConsoleRig {
  /** --console-a/--console-b and the console password variable. */
  args: string[];
  /** CONSOLE_PW and SWITCH_PW for the CLI, and its own state directory. */
  env: Record<string, string>;
  /** The simulated console server: what was typed on each console. */
  server: RunningConsoleServer;
  close(): Promise<void>;
}

export async function startConsoles(rig: Rig, switchPassword = SWITCH_SECRET): Promise<ConsoleRig> {
  const server = await startConsoleServer({
    simulator: rig.sim,
    profile: 'opengear',
    hostKeyFile: join(rig.dir, 'console_key'),
    users: [{ username: 'console', password: CONSOLE_SECRET }],
    switchUsers: [{ username: 'admin', password: switchPassword }],
  });
  const spec = (port: number) => `ssh://console@127.0.0.1:${server.port}?port=${port}&profile=opengear`;
  return {
    args: ['--console-a', spec(5), '--console-b', spec(6), '--console-password-env', 'CONSOLE_PW'],
    env: { SWITCH_PW: switchPassword, CONSOLE_PW: CONSOLE_SECRET, XDG_STATE_HOME: join(rig.dir, 'state') },
    server,
    close: () => server.close(),
  };
}

/** For a test file: starts a rig and its console server in a test, both closed after that test. */
export function consoleRigPerTest(): (scenario: ScenarioName, switchPassword?: string) => Promise<{ rig: Rig; consoles: ConsoleRig }> {
  let closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.reverse()) await close();
    closers = [];
  });
  return async (scenario, switchPassword) => {
    const rig = await startRig(scenario);
    closers.push(() => rig.close());
    const consoles = await startConsoles(rig, switchPassword);
    closers.push(() => consoles.close());
    return { rig, consoles };
  };
}
