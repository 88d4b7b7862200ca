// Command-line options for status / plan / upgrade (and the argument parsing every command uses). Parsing only: no IO,
// no secrets (passwords never come from argv).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseConsoleSpec, type ConsoleSpec } from '../console/consoleSpec.js';
import { DEFAULT_HEALTH_SETTLE_SECONDS } from '../engine/healthCheck.js';
import { usageError } from '../errors.js';
import type { ImageVersion } from '../exos/chassisState.js';
import { parseRedactPatterns } from '../record/redact.js';
import { isScenarioName } from '../simulator/scenarios.js';
import { rangedNumber, type RangedOption } from './optionRanges.js';
import { parseSshOption, type SshOption } from '../transport/sshOptions.js';

export interface ConnectionOptions {
  /** A host name, address, or a Host alias of the ssh config. */
  host?: string;
  /** Only when given on the command line: it wins over the ssh config, which wins over 22. */
  port?: number;
  user?: string;
  passwordEnv?: string;
  identity?: string;
  knownHosts?: string;
  /** OpenSSH client config to honour (default ~/.ssh/config). */
  sshConfig?: string;
  /** Jump hosts `[user@]host[:port],...` like `ssh -J`; wins over the config's ProxyJump. */
  jump?: string;
  /** `-o Key=Value` in the order given (like ssh -o): ahead of the ssh config, so they win over it. */
  sshOptions: SshOption[];
  /** Time to log in (SSH and the first prompt); default: the transport's and session's own. */
  loginTimeoutMs?: number;
  acceptNew: boolean;
  /** Run against the embedded simulated chassis with this scenario instead of a real host. */
  simulate?: string;
  /** Run against the twin of the chassis this `hitless status --json` document describes (simulator/twin.ts). */
  simulateFrom?: string;
  speed: number;
  json: boolean;
}

/** --console-a / --console-b: the serial consoles of MSM-A and MSM-B through a console server. */
export interface ConsoleOptions {
  consoleA?: ConsoleSpec;
  consoleB?: ConsoleSpec;
  /** Environment variable holding the console server's password (else a prompt). */
  consolePasswordEnv?: string;
}

/** status: a connection, through management SSH or (without --host) the MASTER's serial console. */
export type StatusOptions = ConnectionOptions & ConsoleOptions;

export interface UpgradeOptions extends ConnectionOptions, ConsoleOptions {
  image?: string;
  /** --image-password-env: the environment variable holding the password of the image URLs' user (never argv). */
  imagePasswordEnv?: string;
  vr: string;
  /** --block-size N: the TFTP block size of HOST:FILE images (`download image ... block-size N`). */
  blockSize?: number;
  xmods: string[];
  failback: boolean;
  allowIoReset: boolean;
  forceFailover: boolean;
  headless: boolean;
  yes: boolean;
  /** `hitless rollback` / `plan --rollback`: back to the release on the other partitions, or to `toVersion`. */
  rollback?: { toVersion?: ImageVersion };
  /** Headless: roll back a backup that did not come up on the new release (never implied by --yes). */
  rollbackOnFailure: boolean;
  /** Unsaved configuration changes are saved (`save configuration`) before the first destructive step. */
  saveConfig: boolean;
  /** `hitless stage`: preflight and the install on the backup's inactive partition only. */
  stage: boolean;
  /** A local --image copied to the switch stays there after both MSMs installed it. */
  keepImage: boolean;
  journal?: string;
  /** --record FILE.cast: asciicast of the full-screen UI. */
  record?: string;
  /** --record-console FILE.cast: asciicast of the raw switch console. */
  recordConsole?: string;
  /** --redact REGEX (repeatable): more text to mask in every output. */
  redact: RegExp[];
  stepTimeoutSeconds: number;
  /** --reconnect-timeout: how long management SSH is tried after a drop (default: the step timeout). */
  reconnectTimeoutSeconds?: number;
  pollSeconds: number;
  /** --no-health-check: no `show slot` / `show ports no-refresh` comparison around the failovers. */
  healthCheck: boolean;
  /** --health-settle SECONDS: how long a lost module or link may take to come back before the run stops. */
  healthSettleSeconds: number;
  /** --accept-health-regression: continue past a lost module or link, with a warning. */
  acceptHealthRegression: boolean;
  /** --ascii: draw the screen in ASCII only, whatever the locale says. */
  ascii: boolean;
}

export const connectionSpec = {
  host: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  'password-env': { type: 'string' },
  identity: { type: 'string' },
  'known-hosts': { type: 'string' },
  'ssh-config': { type: 'string' },
  jump: { type: 'string' },
  'ssh-option': { type: 'string', short: 'o', multiple: true },
  'accept-new': { type: 'boolean' },
  simulate: { type: 'string' },
  'simulate-from': { type: 'string' },
  speed: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const consoleSpec = {
  'console-a': { type: 'string' },
  'console-b': { type: 'string' },
  'console-password-env': { type: 'string' },
} as const;

export const statusSpec = { ...connectionSpec, ...consoleSpec } as const;

export const upgradeSpec = {
  ...statusSpec,
  image: { type: 'string' },
  'image-password-env': { type: 'string' },
  vr: { type: 'string' },
  'block-size': { type: 'string' },
  xmod: { type: 'string', multiple: true },
  failback: { type: 'boolean' },
  'allow-io-reset': { type: 'boolean' },
  'force-failover': { type: 'boolean' },
  headless: { type: 'boolean' },
  'no-tui': { type: 'boolean' },
  yes: { type: 'boolean' },
  'rollback-on-failure': { type: 'boolean' },
  'save-config': { type: 'boolean' },
  stage: { type: 'boolean' },
  'keep-image': { type: 'boolean' },
  rollback: { type: 'boolean' },
  'to-version': { type: 'string' },
  journal: { type: 'string' },
  record: { type: 'string' },
  'record-console': { type: 'string' },
  redact: { type: 'string', multiple: true },
  'step-timeout': { type: 'string' },
  'reconnect-timeout': { type: 'string' },
  poll: { type: 'string' },
  'health-settle': { type: 'string' },
  'no-health-check': { type: 'boolean' },
  'accept-health-regression': { type: 'boolean' },
  ascii: { type: 'boolean' },
} as const;

/**
 * node:util parseArgs for every command: an unknown or malformed option is a usage error (its first line), and so is
 * a single-value option given twice. A negative number after an option is its value (refused by its range), not an
 * option of its own.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  const options = config.options ?? {};
  let parsed;
  try {
    parsed = parseArgs({ ...config, args: negativeValuesAttached(config.args ?? [], options), tokens: true });
  } catch (err) {
    throw usageError((err as Error).message.split('\n')[0]!);
  }
  const given = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option' || options[token.name]?.type !== 'string' || options[token.name]?.multiple) continue;
    if (given.has(token.name)) throw usageError(`--${token.name} is given more than once; give it once`);
    given.add(token.name);
  }
  return parsed as unknown as ReturnType<typeof parseArgs<T>>;
}

function negativeValuesAttached(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const attached: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = /^--([^=]+)$/.exec(args[i]!)?.[1];
    const next = args[i + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      attached.push(`--${name}=${next}`);
      i++;
    } else {
      attached.push(args[i]!);
    }
  }
  return attached;
}

const parse = <T extends typeof connectionSpec>(argv: string[], spec: T) =>
  parseCommandArgs({ args: argv, options: spec, strict: true, allowPositionals: false }).values;

function optionalRanged(option: RangedOption, value: string | undefined): number | undefined {
  return value === undefined ? undefined : rangedNumber(option, value);
}

/** `consolesOnly`: both MSM consoles are given, so the upgrade may run through them without management SSH. */
function connectionFrom(values: ReturnType<typeof parse>, consolesOnly = false): ConnectionOptions {
  const simulateFrom = values['simulate-from'];
  if (!values.simulate && simulateFrom === undefined && !values.host && !consolesOnly) {
    throw usageError('--host is required (or --simulate SCENARIO for the embedded simulated chassis, or both --console-a and --console-b)');
  }
  if ([values.host, values.simulate, simulateFrom].filter((value) => value !== undefined).length > 1) {
    throw usageError('use one of --host, --simulate and --simulate-from');
  }
  // Checked here, before --image falls back to the scenario's image, so the message names the real mistake.
  if (values.simulate && !isScenarioName(values.simulate)) {
    throw usageError(`unknown scenario "${values.simulate}"; see: hitless simulate --list`);
  }
  return {
    host: values.host,
    port: optionalRanged('port', values.port),
    user: values.user,
    passwordEnv: values['password-env'],
    identity: values.identity,
    knownHosts: values['known-hosts'],
    sshConfig: values['ssh-config'],
    jump: values.jump,
    sshOptions: (values['ssh-option'] ?? []).map(parseSshOption),
    acceptNew: values['accept-new'] ?? false,
    simulate: values.simulate,
    simulateFrom,
    speed: optionalRanged('speed', values.speed) ?? 0.05,
    json: values.json ?? false,
  };
}

/** The embedded simulated chassis, a scenario's or a twin, stands in for a switch. */
export const isSimulated = (options: ConnectionOptions): boolean => options.simulate !== undefined || options.simulateFrom !== undefined;

const bothConsoles = (consoles: ConsoleOptions) => consoles.consoleA !== undefined && consoles.consoleB !== undefined;

export function parseStatusArgs(argv: string[]): StatusOptions {
  const values = parse(argv, statusSpec);
  const consoles = consolesFrom(values);
  return { ...connectionFrom(values, bothConsoles(consoles)), ...consoles };
}

export function parseUpgradeArgs(argv: string[]): UpgradeOptions {
  const values = parse(argv, upgradeSpec);
  const consoles = consolesFrom(values);
  const stepTimeoutSeconds = optionalRanged('step-timeout', values['step-timeout']) ?? 1800;
  const reconnectTimeoutSeconds = optionalRanged('reconnect-timeout', values['reconnect-timeout']);
  return {
    ...connectionFrom(values, bothConsoles(consoles)),
    // A login that hangs is given up like any step that hangs.
    ...(values['step-timeout'] !== undefined && { loginTimeoutMs: stepTimeoutSeconds * 1000 }),
    image: values.image,
    ...(values['image-password-env'] !== undefined && { imagePasswordEnv: values['image-password-env'] }),
    vr: values.vr ?? 'VR-Mgmt',
    ...(values['block-size'] !== undefined && { blockSize: rangedNumber('block-size', values['block-size']) }),
    xmods: values.xmod ?? [],
    failback: values.failback ?? false,
    allowIoReset: values['allow-io-reset'] ?? false,
    forceFailover: values['force-failover'] ?? false,
    headless: (values.headless ?? false) || (values['no-tui'] ?? false),
    yes: values.yes ?? false,
    rollbackOnFailure: values['rollback-on-failure'] ?? false,
    saveConfig: values['save-config'] ?? false,
    stage: stageFrom(values),
    keepImage: values['keep-image'] ?? false,
    ...rollbackFrom(values),
    journal: values.journal,
    record: values.record,
    recordConsole: values['record-console'],
    redact: parseRedactPatterns(values.redact ?? [], usageError),
    stepTimeoutSeconds,
    ...(reconnectTimeoutSeconds !== undefined && { reconnectTimeoutSeconds }),
    pollSeconds: optionalRanged('poll', values.poll) ?? 1,
    ascii: values.ascii ?? false,
    healthCheck: !(values['no-health-check'] ?? false),
    healthSettleSeconds: optionalRanged('health-settle', values['health-settle']) ?? DEFAULT_HEALTH_SETTLE_SECONDS,
    acceptHealthRegression: values['accept-health-regression'] ?? false,
    ...consoles,
  };
}

const RELEASE = /^(\d+\.\d+\.\d+\.\d+)(?:-(patch\d+-\d+))?$/;

function stageFrom(values: ReturnType<typeof parse<typeof upgradeSpec>>): boolean {
  if (values.stage && values.rollback) throw usageError('a rollback installs nothing: there is nothing to stage');
  return values.stage ?? false;
}

function rollbackFrom(values: ReturnType<typeof parse<typeof upgradeSpec>>): Pick<UpgradeOptions, 'rollback'> {
  const toVersion = values['to-version'];
  if (!values.rollback) {
    if (toVersion !== undefined) throw usageError('--to-version is for hitless rollback (or plan --rollback)');
    return {};
  }
  if (values.image !== undefined || values.xmod !== undefined) throw usageError('a rollback downloads nothing: --image and --xmod do not apply');
  if (toVersion === undefined) return { rollback: {} };
  const match = RELEASE.exec(toVersion);
  if (!match) throw usageError(`--to-version ${toVersion}: expected a release like 15.3.1.4 or 15.3.5.2-patch1-5`);
  return { rollback: { toVersion: match[2] ? { version: match[1]!, patch: match[2] } : { version: match[1]! } } };
}

function consolesFrom(values: ReturnType<typeof parse<typeof statusSpec>>): ConsoleOptions {
  const consoleA = values['console-a'] === undefined ? undefined : parseConsoleSpec(values['console-a'], '--console-a');
  const consoleB = values['console-b'] === undefined ? undefined : parseConsoleSpec(values['console-b'], '--console-b');
  const consolePasswordEnv = values['console-password-env'];
  if (consolePasswordEnv !== undefined && !consoleA && !consoleB) throw usageError('--console-password-env needs --console-a or --console-b');
  return { ...(consoleA && { consoleA }), ...(consoleB && { consoleB }), ...(consolePasswordEnv !== undefined && { consolePasswordEnv }) };
}
