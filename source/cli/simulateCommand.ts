// `hitless simulate [--port P] [--scenario S | --from STATUS.json] [--speed F] [--list] [--console-server PROFILE]
// [--legacy-ssh] [--sys-name NAME]`: runs the simulated chassis (a scenario's, or with --from the twin of the chassis a
// `hitless status --json` document describes) and, with --console-server, a console server in front of its two MSM
// consoles, until SIGINT/SIGTERM. --legacy-ssh makes both offer only the SSH algorithms of old EXOS releases.
import { EXIT, usageError } from '../errors.js';
import { parseCommandArgs } from '../run/args.js';
import { rangedNumber } from '../run/optionRanges.js';
import { SIMULATED_PROFILES } from '../simulator/consoleServer/simulatedProfiles.js';
import {
  DEFAULT_CONSOLE_USERS,
  DEFAULT_USERS,
  isScenarioName,
  SCENARIOS,
  startChassis,
  startConsoleServer,
  startSimulator,
  type ChassisSpec,
  type RunningConsoleServer,
  type RunningSimulator,
  type SimulatedProfileName,
} from '../simulator/index.js';
import { LEGACY_SSH_ALGORITHMS } from '../simulator/legacySsh.js';
import { loadTwin, type Twin } from '../simulator/twin.js';

interface SimulateOptions {
  port: number;
  scenario: string;
  /** --from: the `hitless status --json` document of the chassis to twin. */
  from?: string;
  speed: number;
  list: boolean;
  consoleServer?: SimulatedProfileName;
  legacySsh: boolean;
  sysName?: string;
}

export const simulateSpec = {
  port: { type: 'string' },
  scenario: { type: 'string' },
  from: { type: 'string' },
  speed: { type: 'string' },
  list: { type: 'boolean' },
  'console-server': { type: 'string' },
  'legacy-ssh': { type: 'boolean' },
  'sys-name': { type: 'string' },
} as const;

function parseOptions(argv: string[]): SimulateOptions {
  const { values } = parseCommandArgs({
    args: argv,
    options: simulateSpec,
    strict: true,
    allowPositionals: false,
  });
  const port = values.port === undefined ? 0 : rangedNumber('port', values.port, 0);
  const speed = values.speed === undefined ? 1 : rangedNumber('speed', values.speed);
  const scenario = values.scenario ?? 'happy';
  if (!isScenarioName(scenario)) throw usageError(`unknown scenario "${scenario}"; see: hitless simulate --list`);
  if (values.from !== undefined && (values.scenario !== undefined || values['sys-name'] !== undefined)) {
    throw usageError('--from takes the chassis from the status document: not with --scenario or --sys-name');
  }
  const consoleServer = values['console-server'];
  if (consoleServer !== undefined && !Object.hasOwn(SIMULATED_PROFILES, consoleServer)) {
    throw usageError(`--console-server must be ${Object.keys(SIMULATED_PROFILES).join(', ')}, got "${consoleServer}"`);
  }
  const sysName = values['sys-name'];
  if (sysName !== undefined && !/^\S(?:[^#>\r\n\t]*\S)?$/.test(sysName)) {
    throw usageError(`--sys-name must be printable text without # or > and no blank at either end, got "${sysName}"`);
  }
  return {
    port,
    scenario,
    ...(values.from !== undefined && { from: values.from }),
    speed,
    list: values.list ?? false,
    ...(consoleServer !== undefined && { consoleServer: consoleServer as SimulatedProfileName }),
    legacySsh: values['legacy-ssh'] ?? false,
    ...(sysName !== undefined && { sysName }),
  };
}

function scenarioList(): string {
  const width = Math.max(...Object.keys(SCENARIOS).map((name) => name.length));
  return Object.values(SCENARIOS)
    .map((scenario) => `${scenario.name.padEnd(width)}  ${scenario.description}\n`)
    .join('');
}

/** The -o options a modern OpenSSH client (and hitless) needs for the legacy server. */
const LEGACY_CLIENT_OPTIONS = [
  `-o KexAlgorithms=+${LEGACY_SSH_ALGORITHMS.kex.at(-1)}`,
  `-o HostKeyAlgorithms=+${LEGACY_SSH_ALGORITHMS.serverHostKey[0]}`,
  `-o Ciphers=+${LEGACY_SSH_ALGORITHMS.cipher[0]}`,
].join(' ');

/** What runs: a scenario's chassis and the upgrade it suggests, or a twin and the image the operator will name. */
function describe(twin: Twin | undefined, options: SimulateOptions): { origin: string; image: string } {
  if (twin) return { origin: `twin of ${twin.file}`, image: 'HOST:FILE' };
  const { name, description, suggested } = SCENARIOS[options.scenario as keyof typeof SCENARIOS];
  return { origin: `scenario "${name}" (${description})`, image: `${suggested.image}${suggested.xmods.map((xmod) => ` --xmod ${xmod}`).join('')}` };
}

function howToConnect(simulator: RunningSimulator<ChassisSpec>, twin: Twin | undefined, options: SimulateOptions, consoles = ''): string {
  const { port, scenario, hostKeyFingerprint } = simulator;
  const user = DEFAULT_USERS[0]!;
  const { origin, image } = describe(twin, options);
  const legacy = options.legacySsh ? `${LEGACY_CLIENT_OPTIONS} ` : '';
  return [
    `Simulated ${scenario.systemType} chassis "${scenario.sysName}", ${origin}, speed ${options.speed}`,
    ...(options.legacySsh ? [`  legacy SSH: offers only ${Object.values(LEGACY_SSH_ALGORITHMS).flat().join(', ')}`] : []),
    `  connect:  ssh ${legacy}-p ${port} ${user.username}@127.0.0.1    password: ${user.password}`,
    `  host key: ${hostKeyFingerprint}`,
    `  upgrade:  hitless upgrade --host 127.0.0.1 --port ${port} --user ${user.username} ${legacy}--image ${image}`,
    ...(consoles ? [consoles] : []),
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

function howToReachConsoles(server: RunningConsoleServer, profile: SimulatedProfileName): string {
  const account = DEFAULT_CONSOLE_USERS[0]!;
  const user = DEFAULT_USERS[0]!;
  const spec = (slot: 'A' | 'B') => `'ssh://${account.username}@127.0.0.1:${server.port}?port=${server.serialPorts[slot]}&profile=${profile}'`;
  return [
    `Console server (${profile}) on 127.0.0.1:${server.port}, password: ${account.password}; switch login on the consoles: ${user.username} / ${user.password}`,
    `  consoles:  --console-a ${spec('A')} --console-b ${spec('B')}`,
    `  menu:      ssh://${account.username}@127.0.0.1:${server.port}?menu=MSM-A&profile=${profile}`,
    `  dedicated: MSM-A ssh://${account.username}@127.0.0.1:${server.dedicatedPorts.A}   MSM-B ssh://${account.username}@127.0.0.1:${server.dedicatedPorts.B}`,
  ].join('\n');
}

function untilStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export async function runSimulateCommand(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options.list) {
    process.stdout.write(scenarioList());
    return EXIT.ok;
  }
  const twin = options.from === undefined ? undefined : await loadTwin(options.from);
  let simulator: RunningSimulator<ChassisSpec>;
  try {
    const listening = { port: options.port, speed: options.speed, legacySsh: options.legacySsh };
    simulator = twin
      ? await startChassis(twin.chassis, listening)
      : await startSimulator({
          ...listening,
          scenario: options.scenario as keyof typeof SCENARIOS,
          ...(options.sysName !== undefined && { sysName: options.sysName }),
        });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
    throw usageError(`cannot listen on 127.0.0.1:${options.port} (${code})`);
  }
  const consoleServer = options.consoleServer && (await startConsoleServer({ simulator, profile: options.consoleServer, legacySsh: options.legacySsh }));
  process.stdout.write(howToConnect(simulator, twin, options, consoleServer ? howToReachConsoles(consoleServer, options.consoleServer!) : ''));
  await untilStopSignal();
  await consoleServer?.close();
  await simulator.close();
  return EXIT.ok;
}
