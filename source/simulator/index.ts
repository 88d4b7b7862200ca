// The simulated dual-MSM EXOS chassis: an SSH server on 127.0.0.1 backed by a shared chassis model.
import { usageError } from '../errors.js';
import { ChassisModel } from './chassisModel.js';
import { FaultInjector } from './faultInjector.js';
import { defaultHostKeyFile, loadOrCreateHostKey } from './hostKey.js';
import { hostKeyTypeFor, legacyAlgorithms } from './legacySsh.js';
import type { CommandRecord, OutageRecord } from './safetyOracle.js';
import { SafetyOracle } from './safetyOracle.js';
import { isScenarioName, SCENARIOS, type ChassisSpec, type MsmSlot, type Scenario, type ScenarioName } from './scenarios.js';
import { SimClock } from './simClock.js';
import { SshFront, type SimulatorUser } from './sshFront.js';

export { SCENARIOS, isScenarioName, IMAGE_HOST } from './scenarios.js';
export type { ChassisSpec, Scenario, ScenarioName, ScenarioFaults, MsmSlot, Partition } from './scenarios.js';
export { ChassisModel } from './chassisModel.js';
export type { MsmModel, NodeState, CoreImage, XmodImage, PartitionContents, StateChange } from './chassisModel.js';
export type { CommandRecord, OutageRecord, OutageKind } from './safetyOracle.js';
export type { SimulatorUser } from './sshFront.js';
export { CliSession, type TerminalPort, type CliSessionOptions } from './cli/cliSession.js';
export { SafetyOracle } from './safetyOracle.js';
export { SimClock } from './simClock.js';
export { startConsoleServer, DEFAULT_CONSOLE_USERS } from './consoleServer/consoleServer.js';
export type { ConsoleServerOptions, ConsoleServerUser, RunningConsoleServer, SimulatedProfileName } from './consoleServer/consoleServer.js';
export { LEGACY_SSH_ALGORITHMS } from './legacySsh.js';

export interface SimulatorOptions {
  /** 0 = a random free port (default); listens on 127.0.0.1 only. */
  port?: number;
  /** Default 'happy'. */
  scenario?: ScenarioName;
  /** Time factor: 0 = as fast as possible (tests), 1 = real-ish (default), e.g. 0.05 for demos. */
  speed?: number;
  /** Default [{ username: 'admin', password: 'admin' }]. */
  users?: SimulatorUser[];
  /** Default <state dir>/simulator_host_ed25519 (_rsa with legacySsh), created once so the fingerprint stays stable. */
  hostKeyFile?: string;
  /** Offer only the SSH algorithms of old EXOS releases (SHA-1, CBC, an RSA host key): legacySsh.ts. */
  legacySsh?: boolean;
  /** The chassis' system name (prompt, `show switch`) instead of the scenario's, e.g. one with blanks. */
  sysName?: string;
  /**
   * MSM-A and MSM-B present different host keys (MSM-B's is kept next to the first as `<hostKeyFile>-msm-b`), as a
   * real chassis may once the management address moves at failover. Default: one key for both.
   */
  hostKeyPerMsm?: boolean;
}

/** A running simulated chassis: a scenario's, or with `Spec` = ChassisSpec any chassis (a twin). */
export interface RunningSimulator<Spec extends ChassisSpec = Scenario> {
  port: number;
  /** "SHA256:..." as OpenSSH prints it (MSM-A's key). */
  hostKeyFingerprint: string;
  /** The key each MSM presents while it is master; the same one unless `hostKeyPerMsm`. */
  hostKeyFingerprints: Record<MsmSlot, string>;
  scenario: Spec;
  chassis: ChassisModel;
  /** Every command line received, in order. */
  commandLog: CommandRecord[];
  /** Every SSH authentication request received (user and method), in order. */
  authAttempts: ReadonlyArray<{ username: string; method: string }>;
  /** Safety oracle: every traffic-affecting act. Empty after a correct hitless upgrade. */
  outages: OutageRecord[];
  /** Test-only: make the chassis misbehave on chosen command lines (tests import faultInjector.ts by its path). */
  faults: FaultInjector;
  /** Shared with a console server started on this chassis (startConsoleServer). */
  clock: SimClock;
  oracle: SafetyOracle;
  close(): Promise<void>;
}

export const DEFAULT_USERS: SimulatorUser[] = [{ username: 'admin', password: 'admin' }];
/** "Current Time" of the fake chassis at start. */
const CHASSIS_START_TIME = new Date(Date.UTC(2024, 2, 4, 10, 15, 2));

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const scenarioName = options.scenario ?? 'happy';
  if (!isScenarioName(scenarioName)) throw usageError(`unknown scenario "${scenarioName}"`);
  const scenario = options.sysName === undefined ? SCENARIOS[scenarioName] : { ...SCENARIOS[scenarioName], sysName: options.sysName };
  return startChassis(scenario, options);
}

/** Starts the chassis `scenario` describes (startSimulator: a scenario's; a twin: twin.ts). */
export async function startChassis<Spec extends ChassisSpec>(
  scenario: Spec,
  options: Omit<SimulatorOptions, 'scenario' | 'sysName'> = {},
): Promise<RunningSimulator<Spec>> {
  const speed = options.speed ?? 1;
  if (!Number.isFinite(speed) || speed < 0) throw usageError(`speed must be a number >= 0, got ${speed}`);
  const keyType = hostKeyTypeFor(options.legacySsh ?? false);
  const hostKeyFile = options.hostKeyFile ?? defaultHostKeyFile(keyType);
  const hostKey = loadOrCreateHostKey(hostKeyFile, keyType);
  const msmBHostKey = options.hostKeyPerMsm ? loadOrCreateHostKey(`${hostKeyFile}-msm-b`, keyType) : hostKey;
  const clock = new SimClock(speed, CHASSIS_START_TIME);
  const chassis = new ChassisModel(scenario, clock);
  const oracle = new SafetyOracle();
  const faults = new FaultInjector();
  const front = new SshFront({
    chassis,
    scenario,
    clock,
    oracle,
    faults,
    users: options.users ?? DEFAULT_USERS,
    hostPrivateKey: hostKey.privateKey,
    ...(options.hostKeyPerMsm && { msmBHostPrivateKey: msmBHostKey.privateKey }),
    ...(options.legacySsh && { algorithms: legacyAlgorithms() }),
  });
  const port = await front.listen(options.port ?? 0);
  return {
    port,
    hostKeyFingerprint: hostKey.fingerprint,
    hostKeyFingerprints: { A: hostKey.fingerprint, B: msmBHostKey.fingerprint },
    scenario,
    chassis,
    commandLog: oracle.commandLog,
    authAttempts: front.authAttempts,
    outages: oracle.outages,
    faults,
    clock,
    oracle,
    close: async () => {
      clock.close();
      await front.close();
    },
  };
}
