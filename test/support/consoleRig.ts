// A simulated console server in front of a rig's chassis (opengear profile: MSM-A on serial port 5, MSM-B on 6), and
// the CLI arguments and environment that reach both consoles through it.
import { join } from 'node:path';
import { startConsoleServer } from '../../source/simulator/consoleServer/consoleServer.js';
import type { Rig } from './simulatedUpgrade.js';

export const CONSOLE_SECRET = 'Cs-7q!x-console';
export const SWITCH_SECRET = 'Sw-4k#z-switch';

export interface ConsoleRig {
  /** --console-a/--console-b and the console password variable. */
  args: string[];
  /** CONSOLE_PW and SWITCH_PW for the CLI, and its own state directory. */
  env: Record<string, string>;
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
    close: () => server.close(),
  };
}
