// Helpers for the CLI contract tests: a simulator per test (tests run concurrently), what the switch received during
// one CLI run, and what a user could tell apart on the chassis.
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ScenarioName } from '../../source/simulator/index.js';
import type { CliOptions, CliRun } from '../support/runCli.js';
import { runCli } from '../support/runCli.js';
import { PASSWORD_ENV, startRig, type Rig } from '../support/simulatedUpgrade.js';

export const STACK_TRACE = /\n\s+at /;

/** Generous: a CLI run takes about a second, but other suites may share the two cores. */
export const CLI_TEST_TIMEOUT_MS = 90_000;

/** Commands that only read the switch or set up the session. */
export const READ_ONLY = /^(show \S.*|disable clipaging)$/;

export async function withRig<T>(scenario: ScenarioName, use: (rig: Rig) => Promise<T>): Promise<T> {
  const rig = await startRig(scenario);
  try {
    return await use(rig);
  } finally {
    await rig.close();
  }
}

/** Runs the CLI against the rig's simulator (password in the environment, state kept in the rig's folder) and returns the run with the command lines
 * the switch received meanwhile. */
export async function runAgainst(rig: Rig, args: string[], options: CliOptions = {}): Promise<CliRun & { received: string[] }> {
  const before = rig.sim.commandLog.length;
  // A hung CLI is killed well before the test's own timeout, so the failure shows its output.
  const env = { [PASSWORD_ENV]: 'admin', XDG_STATE_HOME: join(rig.dir, 'state'), ...options.env };
  const run = await runCli(args, { timeoutMs: 45_000, ...options, env });
  return { ...run, received: rig.sim.commandLog.slice(before).map((record) => record.command.trim()) };
}

/** What a user could tell apart on the chassis: roles, node states, and what each partition holds. */
export function chassisSnapshot(rig: Rig): string {
  const { A, B } = rig.sim.chassis.msm;
  return JSON.stringify([A, B].map(({ role, nodeState, inSync, selected, booted, partitions }) => ({ role, nodeState, inSync, selected, booted, partitions })));
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}
