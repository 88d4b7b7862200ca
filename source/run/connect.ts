// Turns connection options into a way to open EXOS sessions: ssh config and -o (alias, port, user, identities,
// ProxyJump, algorithms, keepalive, timeouts), credentials, host-key policy with keys pinned per MSM, the embedded simulator.
import { mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HitlessError, EXIT, usageError } from '../errors.js';
import type { ConsoleReady } from '../console/consoleProof.js';
import type { SessionAttempt, SessionLike } from '../engine/sessionLike.js';
import type { ChassisIdentity } from '../engine/runState.js';
import type { MsmSlot } from '../exos/chassisState.js';
import { SHOW_SWITCH } from '../exos/commands.js';
import { parseShowSwitch } from '../exos/parseShowSwitch.js';
import { DEFAULT_LOGIN_TIMEOUT_MS, ExosSession } from '../session/exosSession.js';
import {
  chassisName,
  fileChassisKeyStore,
  memoryChassisKeyStore,
  needsMsmConfirmation,
  otherMsm,
  settleMsmKey,
  type ChassisKeyStore,
} from '../transport/chassisKeys.js';
import { loadIdentity, loadOptionalIdentity, type AskPassphrase, type Identity } from '../transport/identityFile.js';
import { hostKeyChoice } from '../transport/hostKeyPolicy.js';
import { clientSettingsOf, hostConfigFrom, localUser, readSshConfig, type HostConfig, type SshConfig } from '../transport/sshConfig.js';
import { flagOption, IDENTITY_KEYWORDS, type SshOption } from '../transport/sshOptions.js';
import {
  connectSsh,
  type HostKeyPolicy,
  type SshAuth,
  type SshHop,
  type SshOptions,
  type SshTarget,
  type SshTransport,
} from '../transport/sshTransport.js';
import type { ConsoleSpec } from '../console/consoleSpec.js';
import type { ChassisSpec, RunningSimulator } from '../simulator/index.js';
import type { Redactor } from '../record/redact.js';
import { warnOnStderr } from '../privateFiles.js';
import { homeDir } from '../stateDir.js';
import type { ConnectionOptions } from './args.js';
import { redactingQuestions, terminalQuestions, type AskHidden, type OperatorQuestions } from './ttyPrompt.js';

/**
 * Limits of one attempt: `readyTimeoutMs` bounds the SSH handshake (a management address that accepts and never
 * answers); `timeLeftMs` bounds the handshake, the login and the wait for the first prompt together; `signal` gives
 * the SSH connection up when it aborts (the operator quit while connecting).
 */
export interface AttemptLimits extends SessionAttempt {
  readyTimeoutMs?: number;
  signal?: AbortSignal;
}

/** An OpenSession whose single attempt can be bounded (the console fallback keeps it within the reconnect time). */
export type OpenBoundedSession = (limits?: AttemptLimits) => Promise<SessionLike>;

export interface Connection {
  /** The switch itself, after ssh config (HostName, Port, User). */
  target: SshTarget;
  openSession: OpenBoundedSession;
  /**
   * hitless has sent a failover from the chassis `before` describes (in this run, or in an interrupted one whose run
   * state says so): the next session may meet the other MSM's first key, trusted only if that session finds the same
   * chassis (connect.ts, settleMsm).
   */
  failoverPerformed?(before: ChassisIdentity): void;
  simulator?: RunningSimulator<ChassisSpec>;
  /** What the watched serial consoles showed of an MSM's boot failure (runConnection.ts). */
  consoleEvidence?: (slot: MsmSlot) => string[];
  /** Logs in on each console given, before the first destructive step (console/consoleProof.ts). */
  proveConsoles?: (onReady: (ready: ConsoleReady) => void) => Promise<void>;
  close(): Promise<void>;
}

export interface ConnectionIo {
  /** The run's redactor: it learns every password and passphrase typed at a prompt. */
  redactor: Redactor;
  /** Every raw chunk from the switch (console view, recording). */
  onOutput?: (chunk: string) => void;
  /** What the operator should know without stopping, e.g. the host key changed at failover. Default: a stderr line. */
  onWarning?: (message: string) => void;
  /**
   * Where passwords, passphrases and host-key questions (ask mode) go. Default: the plain terminal, if there is one.
   * The full-screen console asks in dialogs, from the first connection to every reconnect after a failover.
   */
  questions?: OperatorQuestions;
  cols?: number;
  rows?: number;
}

interface Route {
  target: SshTarget;
  jumps: SshHop[];
  /** The switch's own SSH settings (algorithms, keepalive, ConnectTimeout, login time). */
  ssh: SshOptions;
  /** --step-timeout: also the wait for the first prompt. */
  loginTimeoutMs?: number;
}

const SIMULATOR_PASSWORD = 'admin';

export { warnOnStderr };

/** The operator's questions for this run (the terminal's by default), every secret typed learnt by the redactor. */
export function questionsOf(io: Pick<ConnectionIo, 'questions' | 'redactor'>): OperatorQuestions | undefined {
  const questions = io.questions ?? terminalQuestions();
  return questions && redactingQuestions(questions, io.redactor);
}

/** `warn`, said once per distinct message: a weak-algorithm warning once per run and server, not at every reconnect. */
export function onceEach(warn: (message: string) => void): (message: string) => void {
  const said = new Set<string>();
  return (message) => {
    if (said.has(message)) return;
    said.add(message);
    warn(message);
  };
}

export async function prepareConnection(options: ConnectionOptions, io: ConnectionIo): Promise<Connection> {
  if (options.simulate) return simulatedConnection(options.simulate, options.speed, io);
  if (options.simulateFrom) return twinConnection(options.simulateFrom, options.speed, io);
  const questions = questionsOf(io);
  const warn = io.onWarning ?? warnOnStderr;
  const config = sshConfigOf(options);
  const host = hostConfigFrom(config, options.host!, givenSshOptions(options));
  const route = await resolveRoute(config, host, options, warn, questions?.secret);
  const auth = await switchAuth(options, route.target, host.identityFiles, questions?.secret);
  return {
    target: route.target,
    ...sessionOpener(route, auth, hostKeyPolicy(options, host, fileChassisKeyStore(), questions, warn), io),
    close: async () => {},
  };
}

const sshConfigOf = (options: ConnectionOptions): SshConfig =>
  options.sshConfig !== undefined || process.env.HOME
    ? readSshConfig(options.sshConfig ?? join(homedir(), '.ssh', 'config'), { required: options.sshConfig !== undefined })
    : { file: '', nodes: [] };

/** The command line as OpenSSH sees it: --port, --user and --jump like -p, -l and -J, then every -o, all ahead of the file. */
function givenSshOptions(options: ConnectionOptions): SshOption[] {
  return [
    ...flagOption('Port', options.port, '--port'),
    ...flagOption('User', options.user, '--user'),
    ...flagOption('ProxyJump', options.jump, '--jump'),
    ...options.sshOptions,
  ];
}

/** A jump host reads only its own Host entry (-o does not reach it, as with ssh -J); explicit hop user and port win. */
async function resolveRoute(
  config: SshConfig,
  host: HostConfig,
  options: ConnectionOptions,
  warn: (message: string) => void,
  ask: AskHidden | undefined,
): Promise<Route> {
  host.notes.forEach(warn);
  const target: SshTarget = { host: host.hostName, port: host.port ?? 22, username: host.user ?? localUser() };
  const jumps: SshHop[] = [];
  for (const spec of host.proxyJump) {
    const hop = hostConfigFrom(config, spec.host, [...flagOption('Port', spec.port, 'ProxyJump'), ...flagOption('User', spec.user, 'ProxyJump')]);
    hop.notes.forEach(warn);
    const hopTarget = { host: hop.hostName, port: hop.port ?? 22, username: hop.user ?? localUser() };
    jumps.push({ ...hopTarget, auth: await jumpAuth(hopTarget, hop.identityFiles, ask), settings: clientSettingsOf(hop) });
  }
  const { loginTimeoutMs } = options;
  return {
    target,
    jumps,
    ssh: { ...clientSettingsOf(host), ...(loginTimeoutMs !== undefined && { readyTimeoutMs: loginTimeoutMs }) },
    ...(loginTimeoutMs !== undefined && { loginTimeoutMs }),
  };
}

/**
 * The SSH settings of each console server: its own Host entry of the ssh config, and the -o options that say how to
 * speak SSH (algorithms, keepalive, timeouts, host keys); its address, port and user come from the SPEC.
 */
export function consoleServerSsh(options: ConnectionOptions): (spec: ConsoleSpec) => SshOptions {
  const config = sshConfigOf(options);
  const given = options.sshOptions.filter((option) => !IDENTITY_KEYWORDS.includes(option.keyword));
  return (spec) => clientSettingsOf(hostConfigFrom(config, spec.host, given));
}

/** A password typed once serves every reconnect of the run (at failover nobody should have to type it again). */
function passwordPrompt(who: SshTarget, ask: AskHidden | undefined): (() => Promise<string>) | undefined {
  if (!ask) return undefined;
  let answer: Promise<string> | undefined;
  return () => (answer ??= ask(`${who.username}@${who.host}'s password: `));
}

async function optionalIdentities(files: readonly string[], ask: AskPassphrase | undefined, skip: readonly string[] = []): Promise<Identity[]> {
  const identities: Identity[] = [];
  for (const file of files) {
    if (skip.includes(resolve(file))) continue;
    const identity = await loadOptionalIdentity(file, ask);
    if (identity) identities.push(identity);
  }
  return identities;
}

/** Like `ssh -J`, a jump host gets the agent, its own IdentityFile entries and a password prompt — never the switch's password. */
async function jumpAuth(hop: SshTarget, identityFiles: readonly string[], ask: AskHidden | undefined): Promise<SshAuth> {
  const askPassword = passwordPrompt(hop, ask);
  return {
    identities: await optionalIdentities(identityFiles, ask),
    ...(process.env.SSH_AUTH_SOCK && { agent: process.env.SSH_AUTH_SOCK }),
    ...(askPassword && { askPassword }),
  };
}

async function switchAuth(options: ConnectionOptions, target: SshTarget, identityFiles: readonly string[], ask: AskHidden | undefined): Promise<SshAuth> {
  const auth: SshAuth = {};
  if (options.passwordEnv) {
    const password = process.env[options.passwordEnv];
    if (password === undefined) throw usageError(`environment variable ${options.passwordEnv} (from --password-env) is not set`);
    auth.password = password;
  }
  // Like `ssh -i`: the named identity first, then the config's IdentityFile entries.
  const named = options.identity ? [await loadIdentity(options.identity, ask)] : [];
  auth.identities = [...named, ...(await optionalIdentities(identityFiles, ask, named.map((identity) => resolve(identity.file))))];
  if (process.env.SSH_AUTH_SOCK) auth.agent = process.env.SSH_AUTH_SOCK;
  const askPassword = passwordPrompt(target, ask);
  if (askPassword && auth.password === undefined) auth.askPassword = askPassword;
  if (auth.password === undefined && auth.identities.length === 0 && !auth.agent && !auth.askPassword) {
    throw usageError('no credentials: use --password-env VAR, --identity FILE, an IdentityFile in ssh config or an ssh-agent (SSH_AUTH_SOCK)');
  }
  return auth;
}

/**
 * Host keys of other SSH servers of the run (console servers): known_hosts, --accept-new, StrictHostKeyChecking and
 * UserKnownHostsFile from -o (and from the switch's Host entry when there is a --host), or a question to the operator
 * (ask mode, only when `questions` can be asked).
 */
export function plainHostKeyPolicy(
  options: ConnectionOptions,
  questions: OperatorQuestions | undefined,
  host?: HostConfig,
  warn: (message: string) => void = warnOnStderr,
): HostKeyPolicy {
  const configured = host ?? hostConfigFrom(options.host ? sshConfigOf(options) : { file: '', nodes: [] }, options.host ?? '', givenSshOptions(options));
  const choice = hostKeyChoice(options, configured, {
    canAsk: questions !== undefined,
    defaultKnownHostsFile: () => join(homeDir('set it, or give --known-hosts FILE'), '.ssh', 'known_hosts'),
  });
  if (choice.note) warn(choice.note);
  const { knownHostsFile, mode, hashKnownHosts } = choice;
  const policy: HostKeyPolicy = { knownHostsFile, mode, hashKnownHosts };
  return mode === 'ask' && questions ? { ...policy, ask: (question) => questions.hostKey(question) } : policy;
}

function hostKeyPolicy(
  options: ConnectionOptions,
  host: HostConfig,
  chassisKeys: ChassisKeyStore,
  questions: OperatorQuestions | undefined,
  warn: (message: string) => void,
): HostKeyPolicy {
  return { ...plainHostKeyPolicy(options, questions, host, warn), chassisKeys };
}

function sessionOpener(route: Route, auth: SshAuth, hostKeys: HostKeyPolicy, io: ConnectionIo): Pick<Connection, 'openSession' | 'failoverPerformed'> {
  const chassis = chassisName(route.target.host, route.target.port);
  const warn = io.onWarning ?? warnOnStderr;
  const warnWeak = onceEach(warn);
  /** The chassis as it was before the failover hitless just performed, until a session is open again. */
  let beforeFailover: ChassisIdentity | undefined;
  const openSession: OpenBoundedSession = async ({ timeLeftMs, ...limits } = {}) => {
    const policy = beforeFailover ? { ...hostKeys, failoverJustPerformed: true } : hostKeys;
    const endsBy = timeLeftMs === undefined ? undefined : Date.now() + timeLeftMs;
    const transport = await connectSsh(route.target, auth, policy, {
      cols: io.cols ?? 120,
      rows: io.rows ?? 40,
      jumps: route.jumps,
      ...route.ssh,
      ...limits,
      ...(endsBy !== undefined && { endsBy }),
    });
    transport.weakAlgorithmWarnings.forEach(warnWeak);
    const fullLoginMs = route.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
    const loginTimeoutMs = endsBy === undefined ? route.loginTimeoutMs : Math.max(0, Math.min(fullLoginMs, endsBy - Date.now()));
    const loginCutShort = loginTimeoutMs !== undefined && loginTimeoutMs < fullLoginMs;
    let session: ExosSession | undefined;
    try {
      session = await ExosSession.open(transport, { onOutput: io.onOutput, ...(loginTimeoutMs !== undefined && { loginTimeoutMs }) });
      if (hostKeys.chassisKeys) await settleMsm(session, transport, chassis, hostKeys.chassisKeys, beforeFailover, warn);
      beforeFailover = undefined;
      return session;
    } catch (error) {
      session?.close();
      transport.close();
      // A banner without its prompt in the time left is the reconnect running out, not a switch that cannot be read.
      if (loginCutShort && error instanceof HitlessError && error.kind === 'unparsable') throw new HitlessError('timeout', error.message, error.exitCode);
      throw error;
    }
  };
  return {
    openSession,
    failoverPerformed: (before) => {
      beforeFailover = before;
    },
  };
}

/**
 * Pins the presented key for the MSM this session is on (the `*` node of `show switch`), and refuses a key that was
 * trusted as one MSM's while the session is on the other. An MSM's first key (trusted only right after a failover
 * hitless performed) is pinned only when `show switch` shows the chassis from before the failover (its System MAC).
 * Sends `show switch` only when that can change something, and nothing else.
 */
async function settleMsm(
  session: ExosSession,
  transport: SshTransport,
  chassis: string,
  store: ChassisKeyStore,
  beforeFailover: ChassisIdentity | undefined,
  warn: (message: string) => void,
) {
  const { hostKey, acceptance } = transport;
  if (!needsMsmConfirmation(store.load(chassis), hostKey.fingerprint, acceptance)) return;
  const show = parseShowSwitch((await session.run(SHOW_SWITCH)).output);
  const slot = show.ok ? show.value.nodes.find((node) => node.local)?.slot : undefined;
  if (slot === undefined) {
    if (acceptance.basis === 'known-hosts' || acceptance.basis === 'new') return;
    throw new HitlessError(
      'host-key-changed',
      `${chassis} presented ${hostKey.fingerprint}, trusted only as MSM-${acceptance.slot}'s key, ` +
        `but "show switch" does not tell which MSM this session is on`,
      EXIT.usage,
    );
  }
  if (acceptance.basis === 'first-msm-key') {
    const before = beforeFailover?.systemMac;
    const now = show.ok ? show.value.systemMac : undefined;
    if (before === undefined || now === undefined || before.toLowerCase() !== now.toLowerCase()) {
      throw new HitlessError(
        'host-key-changed',
        `HOST KEY CHANGED for ${chassis}: after the failover it presented ${hostKey.fingerprint} (pinned for MSM-${otherMsm(acceptance.slot)}: ` +
          `${acceptance.peerKey}), and it is not the chassis from before the failover (System MAC ${now ?? 'not shown'}, before: ` +
          `${before ?? 'not known'}); the key was not pinned and nothing but "show switch" was run. Check the chassis`,
        EXIT.usage,
      );
    }
  }
  settleMsmKey(store, chassis, slot, hostKey.fingerprint, acceptance);
  if (acceptance.basis === 'msm-key') warn(`host key changed at failover: now MSM-${slot}'s key ${hostKey.fingerprint}`);
  if (acceptance.basis === 'first-msm-key') {
    warn(
      `host key changed at failover: now MSM-${slot}'s key ${hostKey.fingerprint}, seen for the first time and pinned for MSM-${slot} ` +
        `(MSM-${otherMsm(slot)}'s: ${acceptance.peerKey})`,
    );
  }
}

/** The embedded simulated chassis: started on a random loopback port, its own host keys pinned for this run. */
async function simulatedConnection(scenario: string, speed: number, io: ConnectionIo): Promise<Connection> {
  // Loaded only for --simulate: a run against a real switch never pays for the simulated chassis.
  const { startSimulator, SCENARIOS } = await import('../simulator/index.js');
  if (!(scenario in SCENARIOS)) {
    throw new HitlessError('usage', `unknown scenario "${scenario}"; see: hitless simulate --list`, EXIT.usage);
  }
  return connectionTo(await startSimulator({ scenario: scenario as keyof typeof SCENARIOS, speed }), io);
}

/** The twin of the chassis a `hitless status --json` document describes, like the embedded simulated chassis. */
async function twinConnection(file: string, speed: number, io: ConnectionIo): Promise<Connection> {
  const [{ startChassis }, { loadTwin }] = await Promise.all([import('../simulator/index.js'), import('../simulator/twin.js')]);
  return connectionTo(await startChassis((await loadTwin(file)).chassis, { speed }), io);
}

function connectionTo(simulator: RunningSimulator<ChassisSpec>, io: ConnectionIo): Connection {
  const target: SshTarget = { host: '127.0.0.1', port: simulator.port, username: 'admin' };
  const simulatorKeys = Object.values(simulator.hostKeyFingerprints);
  const hostKeys: HostKeyPolicy = {
    knownHostsFile: join(mkdtempSync(join(tmpdir(), 'hitless-sim-')), 'known_hosts'),
    mode: 'ask',
    ask: async ({ fingerprint }) => simulatorKeys.includes(fingerprint),
    chassisKeys: memoryChassisKeyStore(),
  };
  return {
    target,
    simulator,
    ...sessionOpener({ target, jumps: [], ssh: {} }, { password: SIMULATOR_PASSWORD }, hostKeys, io),
    close: () => simulator.close(),
  };
}
