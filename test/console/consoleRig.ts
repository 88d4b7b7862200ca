// A simulated chassis with its console server in the test process, and MsmConsoles that reach its serial consoles
// the way hitless would: SPEC -> console server -> port -> switch login. The console server and the switch use
// different passwords, so each is proven to go where it belongs.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseConsoleSpec } from '../../source/console/consoleSpec.js';
import { MsmConsole, type MsmConsoleOptions } from '../../source/console/msmConsole.js';
import type { MsmSlot } from '../../source/exos/chassisState.js';
import {
  startConsoleServer,
  startSimulator,
  type RunningConsoleServer,
  type RunningSimulator,
  type ScenarioName,
  type SimulatedProfileName,
} from '../../source/simulator/index.js';
import { tempDir } from '../support/runCli.js';

export const CONSOLE_USER = 'ops';
export const CONSOLE_PASSWORD = 'cs-Secret.9';
export const SWITCH_USER = 'admin';
export const SWITCH_PASSWORD = 'sw-Secret.7';

export type PortForm = 'username' | 'menu-number' | 'menu-label' | 'dedicated';

export interface ConsoleRig {
  sim: RunningSimulator;
  server: RunningConsoleServer;
  dir: string;
  /** The SPEC text an operator would type to reach `slot`'s console in the given way. */
  specText(slot: MsmSlot, form?: PortForm): string;
  console(slot: MsmSlot, form?: PortForm, overrides?: Partial<MsmConsoleOptions>): MsmConsole;
  close(): Promise<void>;
}

export async function startConsoleRig(profile: SimulatedProfileName, options: { scenario?: ScenarioName; speed?: number } = {}): Promise<ConsoleRig> {
  const dir = tempDir('hitless-console-');
  const hostKeyFile = join(dir, 'host_key');
  const switchUsers = [{ username: SWITCH_USER, password: SWITCH_PASSWORD }];
  const sim = await startSimulator({ scenario: options.scenario ?? 'happy', speed: options.speed ?? 0, hostKeyFile, users: switchUsers });
  const server = await startConsoleServer({
    simulator: sim,
    profile,
    hostKeyFile,
    users: [{ username: CONSOLE_USER, password: CONSOLE_PASSWORD }],
    switchUsers,
  });
  const consoles: MsmConsole[] = [];
  const specText = (slot: MsmSlot, form: PortForm = 'username') => {
    const serial = server.serialPorts[slot];
    switch (form) {
      case 'username':
        return `ssh://${CONSOLE_USER}@127.0.0.1:${server.port}?port=${serial}&profile=${profile}`;
      case 'menu-number':
        return `ssh://${CONSOLE_USER}@127.0.0.1:${server.port}?menu=${serial}&profile=${profile}`;
      case 'menu-label':
        return `ssh://${CONSOLE_USER}@127.0.0.1:${server.port}?menu=MSM-${slot}&profile=${profile}`;
      case 'dedicated':
        return `ssh://${CONSOLE_USER}@127.0.0.1:${server.dedicatedPorts[slot]}?profile=${profile}`;
    }
  };
  return {
    sim,
    server,
    dir,
    specText,
    console: (slot, form, overrides = {}) => {
      const msmConsole = new MsmConsole({
        spec: parseConsoleSpec(specText(slot, form)),
        server: { auth: { password: CONSOLE_PASSWORD }, hostKeys: { knownHostsFile: join(dir, 'known_hosts'), mode: 'accept-new' } },
        switchLogin: { username: SWITCH_USER, password: SWITCH_PASSWORD },
        loginTimeoutMs: 20_000,
        dialog: { settleMs: 30, wakeEveryMs: 1_000 },
        ...overrides,
      });
      consoles.push(msmConsole);
      return msmConsole;
    },
    close: async () => {
      for (const msmConsole of consoles) msmConsole.close();
      await server.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Collects everything a console prints from now on. */
export function recordOutput(msmConsole: MsmConsole): { text(): string } {
  let text = '';
  msmConsole.onOutput((chunk) => (text += chunk));
  return { text: () => text };
}
