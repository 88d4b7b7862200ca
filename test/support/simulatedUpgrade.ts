// Runs the real CLI against a simulator started in the test process, so tests can read the simulator's command log
// and safety oracle while the CLI talks to it over real SSH.
import { join } from 'node:path';
import { startSimulator, SCENARIOS, type ChassisSpec, type RunningSimulator, type ScenarioName } from '../../source/simulator/index.js';
import { releaseOf } from '../../source/simulator/chassisModel.js';
import type { CliOptions, CliRun } from './runCli.js';
import { runCli, tempDir } from './runCli.js';

export const PASSWORD_ENV = 'HITLESS_TEST_PASSWORD';

export interface Rig {
  sim: RunningSimulator;
  dir: string;
  /** Connection arguments for the CLI: host, port, user, password via env, a private known_hosts. */
  connectArgs(port?: number): string[];
  upgrade(extra?: string[], options?: CliOptions): Promise<CliRun>;
  close(): Promise<void>;
}

/** `speed` 0 (default) makes reboots instant; a small one (e.g. 0.001) leaves the engine real waits to poll through. */
export async function startRig(scenario: ScenarioName, options: { speed?: number } = {}): Promise<Rig> {
  const dir = tempDir();
  const sim = await startSimulator({ scenario, speed: options.speed ?? 0, hostKeyFile: join(dir, 'sim_host_key') });
  const connectArgs = (port = sim.port) => [
    '--host', '127.0.0.1', '--port', String(port), '--user', 'admin', '--password-env', PASSWORD_ENV,
    '--known-hosts', join(dir, 'known_hosts'), '--accept-new',
  ];
  const suggested = SCENARIOS[scenario].suggested;
  const imageArgs = ['--image', suggested.image, ...suggested.xmods.flatMap((x) => ['--xmod', x])];
  return {
    sim,
    dir,
    connectArgs,
    upgrade: (extra = [], options = {}) =>
      runCli(
        ['upgrade', ...notGivenIn(extra, [...connectArgs(), ...imageArgs, '--headless', '--yes', '--json', '--poll', '0.05', '--step-timeout', '4']), ...extra],
        { ...options, env: { [PASSWORD_ENV]: 'admin', XDG_STATE_HOME: join(dir, 'state'), ...options.env } },
      ),
    close: () => sim.close(),
  };
}

/** The rig's own arguments without the options `extra` gives (an option that takes one value may be given once). */
function notGivenIn(extra: string[], base: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < base.length; i++) {
    const withValue = base[i + 1] !== undefined && !base[i + 1]!.startsWith('--');
    if (!extra.includes(base[i]!)) kept.push(...base.slice(i, withValue ? i + 2 : i + 1));
    if (withValue) i++;
  }
  return kept;
}

const DESTRUCTIVE = /^(download|install|reboot|run |synchronize|use )/;

/** The commands that changed the chassis, in the order the simulator received them. */
export const destructiveCommands = (sim: RunningSimulator<ChassisSpec>): string[] =>
  sim.commandLog.map((record) => record.command.trim()).filter((command) => DESTRUCTIVE.test(command));

/** "15.3.5.2-patch1-5" style label of what an MSM runs now. */
export function runningOn(sim: RunningSimulator<ChassisSpec>, slot: 'A' | 'B'): string {
  return releaseOf(sim.chassis.runningCore(slot));
}
