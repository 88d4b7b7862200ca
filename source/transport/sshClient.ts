// One authenticated ssh2 connection: the algorithms offered (ssh2's defaults or the configured lists), host key
// verified per the policy, credentials tried in order, then one use of it (a shell, or a forwarded channel to the next
// hop) — within a connect timer up to the host key and a login timer after it, both paused while the operator is asked
// something. Every failure is a one-line HitlessError with exit code 2 that never contains a secret; when the server
// and hitless share no algorithm, it names what the server offers and what to allow.
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, AuthHandlerMiddleware, Client as ClientT, ConnectConfig } from 'ssh2';
import { EXIT, HitlessError } from '../errors.js';
import type { HostKeyAcceptance } from './chassisKeys.js';
import { verifyHostKey, type HostKeyPolicy } from './hostKeyPolicy.js';
import type { Identity } from './identityFile.js';
import { startKeepalive, type Keepalive } from './keepalive.js';
import { fingerprint, keyFromBlob, knownKeyTypes, readKnownHosts } from './knownHosts.js';
import { negotiationMessage, preferKnownHostKeyTypes, ServerOffer, ssh2Algorithms, weakAlgorithms, type AlgorithmLists } from './sshAlgorithms.js';

const { Client } = ssh2;

export interface SshTarget {
  host: string;
  port: number;
  username: string;
}

export interface SshAuth {
  password?: string;
  /** Private keys offered in this order (encrypted ones with their passphrase, already checked). */
  identities?: Identity[];
  /** SSH_AUTH_SOCK path. */
  agent?: string;
  /** Asked only once everything above was refused and the server still takes a password (a terminal prompt). */
  askPassword?: () => Promise<string>;
}

export interface PresentedHostKey {
  keyType: string;
  fingerprint: string;
}

export interface ClientSettings {
  /** Time from the host key's acceptance to the end of `use` (the login); also to reach the host key, unless connectTimeoutMs. */
  readyTimeoutMs: number;
  /** Time to reach the host key (ConnectTimeout). */
  connectTimeoutMs?: number;
  /** ServerAliveInterval (0: none) and ServerAliveCountMax: the link counts as dead after that many unanswered pings. */
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  /** The keepalive interval while the operator decides (see keepalive.ts); absent: keepaliveIntervalMs throughout. */
  keepaliveRelaxedMs?: number;
  /** Lists for the categories configured (KexAlgorithms, ...); the others keep ssh2's defaults. */
  algorithms?: AlgorithmLists;
  /** Gives the attempt up at once when it aborts (the operator quit while connecting). */
  signal?: AbortSignal;
  /** No phase runs past this moment (ms since the epoch): a reconnect's time left bounds both timeouts above. */
  endsBy?: number;
}

export interface OpenedClient<T> {
  client: ClientT;
  hostKey: PresentedHostKey;
  acceptance: HostKeyAcceptance;
  /** Negotiated algorithms that are weak (SHA-1, CBC), e.g. "cipher aes128-cbc (CBC)"; empty for a modern server. */
  weakAlgorithms: string[];
  keepalive: Keepalive;
  value: T;
}

export interface OpenClientOptions {
  /** An already open path to the server (a channel forwarded by a jump host) instead of a TCP connection. */
  sock?: Duplex;
  /** What the server is to the operator, e.g. "jump host"; messages then say "jump host 10.0.0.9:22". */
  role?: string;
}

/** `own` (a host's ssh config entry, -o) over `base`; an interval of its own is kept while the operator decides too. */
export function withOwnSettings<T extends Partial<ClientSettings>>(base: ClientSettings, own: T): ClientSettings & T {
  const { keepaliveRelaxedMs, ...rest } = base;
  const relaxes = own.keepaliveIntervalMs === undefined && keepaliveRelaxedMs !== undefined;
  return { ...rest, ...(relaxes && { keepaliveRelaxedMs }), ...own };
}

/** Connects, verifies, authenticates and runs `use` on the ready client; on any failure the client is destroyed. */
export async function openSshClient<T>(
  target: SshTarget,
  auth: SshAuth,
  hostKeys: HostKeyPolicy,
  settings: ClientSettings,
  use: (client: ClientT) => Promise<T>,
  options: OpenClientOptions = {},
): Promise<OpenedClient<T>> {
  const role = options.role ? `${options.role} ` : '';
  const where = `${role}${target.host}:${target.port}`;
  const hostKeyAlgorithms =
    settings.algorithms?.hostKey ?? preferKnownHostKeyTypes(knownKeyTypes(await readKnownHosts(hostKeys.knownHostsFile), target.host, target.port));
  const client = new Client();
  const offer = new ServerOffer();
  let weak: string[] = [];

  return new Promise<OpenedClient<T>>((resolve, reject) => {
    let settled = false;
    let hostKeyError: unknown;
    let presented: { hostKey: PresentedHostKey; acceptance: HostKeyAcceptance } | undefined;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      loginTimer.stop();
      settings.signal?.removeEventListener('abort', giveUp);
      client.destroy();
      reject(error);
    };
    const giveUp = () => fail(new HitlessError('stopped', `connecting to ${where} was given up`, EXIT.stoppedSafe));
    // Until the host key is accepted the connect time runs, after it the login time.
    let phase: { ms: number; what: string } = { ms: settings.connectTimeoutMs ?? settings.readyTimeoutMs, what: 'SSH handshake' };
    let endsBy = settings.endsBy ?? Infinity;
    let cutShort = false;
    const loginTimer = restartableTimer(() =>
      fail(new HitlessError('connect', `cannot reach ${where}: no ${phase.what} ${cutShort ? 'in the time left' : `within ${phase.ms / 1000} s`}`, EXIT.usage)),
    );
    const startPhaseTimer = () => {
      const left = Math.max(0, endsBy - Date.now());
      cutShort = left < phase.ms;
      loginTimer.start(Math.min(phase.ms, left));
    };
    /** Time the operator spends answering does not count against the timers. */
    const whileAsking = async <R>(question: () => Promise<R>): Promise<R> => {
      loginTimer.stop();
      const asked = Date.now();
      try {
        return await question();
      } finally {
        endsBy += Date.now() - asked;
        if (!settled) startPhaseTimer();
      }
    };

    const hostVerifier = (blob: Buffer, verify: (valid: boolean) => void) => {
      let key;
      try {
        key = keyFromBlob(blob);
      } catch {
        hostKeyError = new HitlessError('connect', `${where} sent a malformed host key`, EXIT.usage);
        return verify(false);
      }
      const hostKey = { keyType: key.keyType, fingerprint: fingerprint(blob) };
      // The operator may answer after the connection is gone (the server hung up meanwhile): ssh2 must not hear of it then.
      whileAsking(() => verifyHostKey(hostKeys, target.host, target.port, key)).then(
        (acceptance) => {
          if (settled) return;
          presented = { hostKey, acceptance };
          phase = { ms: settings.readyTimeoutMs, what: 'SSH login' };
          startPhaseTimer();
          verify(true);
        },
        (error: unknown) => {
          hostKeyError = error;
          if (!settled) verify(false);
        },
      );
    };
    // A password prompt the operator cancelled (Ctrl-C, Esc) ends the login: that, not "authentication failed", is why.
    let passwordNotGiven: unknown;
    const config: ConnectConfig = {
      ...(options.sock ? { sock: options.sock } : { host: target.host, port: target.port }),
      username: target.username,
      ...(auth.agent !== undefined && { agent: auth.agent }),
      authHandler: authHandlerFor(target.username, auth, whileAsking, (error) => (passwordNotGiven = error)),
      readyTimeout: 0, // loginTimer instead
      keepaliveInterval: 0, // startKeepalive instead: its interval changes on a live connection
      algorithms: ssh2Algorithms({ ...settings.algorithms, ...(hostKeyAlgorithms && { hostKey: hostKeyAlgorithms }) }),
      hostVerifier,
      // The only place ssh2 shows the server's algorithm lists (needed when none of them is acceptable).
      debug: offer.debug,
    };

    client.on('handshake', (negotiated) => (weak = weakAlgorithms(negotiated)));
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      const failure = error.level === 'handshake' ? offer.failure(error) : undefined;
      // -o and the command line reach the switch (and console servers), never a jump host, like ssh -J.
      if (failure) fail(new HitlessError('ssh-negotiation', negotiationMessage(where, failure, options.role !== 'jump host'), EXIT.usage));
      else fail(hostKeyError ?? passwordNotGiven ?? connectError(error, target, role));
    });
    client.on('close', () => fail(hostKeyError ?? new HitlessError('connect', `${where} closed the connection during login`, EXIT.usage)));
    client.on('ready', () => {
      let keepalive: Keepalive;
      try {
        // From the login on, like ssh2's own keepalive.
        keepalive = startKeepalive(client, {
          intervalMs: settings.keepaliveIntervalMs,
          countMax: settings.keepaliveCountMax,
          ...(settings.keepaliveRelaxedMs !== undefined && { relaxedIntervalMs: settings.keepaliveRelaxedMs }),
        });
      } catch (error) {
        return fail(new HitlessError('connect', `cannot keep ${where} alive: ${error instanceof Error ? error.message : String(error)}`, EXIT.usage));
      }
      use(client).then(
        (value) => {
          if (settled) return;
          settled = true;
          loginTimer.stop();
          settings.signal?.removeEventListener('abort', giveUp);
          resolve({ client, ...presented!, weakAlgorithms: weak, keepalive, value });
        },
        fail,
      );
    });
    if (settings.signal?.aborted) return giveUp();
    settings.signal?.addEventListener('abort', giveUp, { once: true });
    startPhaseTimer();
    try {
      client.connect(config);
    } catch (error) {
      fail(new HitlessError('connect', `cannot connect to ${where}: ${error instanceof Error ? error.message : String(error)}`, EXIT.usage));
    }
  });
}

/**
 * The order credentials are offered in: a given password first (the operator's explicit choice), then the keys,
 * then the agent, and a password typed at the prompt last. Methods the server no longer offers are skipped.
 */
function authHandlerFor(
  username: string,
  auth: SshAuth,
  whileAsking: <R>(question: () => Promise<R>) => Promise<R>,
  onNoPassword: (error: unknown) => void,
): AuthHandlerMiddleware {
  const withPassword = (password: string): AnyAuthMethod[] => [
    { type: 'password', username, password },
    { type: 'keyboard-interactive', username, prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)) },
  ];
  const attempts: AnyAuthMethod[] = [
    ...(auth.password !== undefined ? withPassword(auth.password) : []),
    ...(auth.identities ?? []).map(
      ({ key, passphrase }): AnyAuthMethod => ({ type: 'publickey', username, key, ...(passphrase !== undefined && { passphrase }) }),
    ),
    ...(auth.agent !== undefined ? [{ type: 'agent', username, agent: auth.agent } as const] : []),
  ];
  let prompted = auth.password !== undefined || auth.askPassword === undefined;
  const giveUp = false as unknown as AnyAuthMethod; // ssh2 ends authentication on `false`; its types omit that
  const handler: AuthHandlerMiddleware = (methodsLeft, partialSuccess, next) => {
    // methodsLeft is null until the server has refused something
    const offered = (method: AuthenticationType) => (methodsLeft as AuthenticationType[] | null)?.includes(method) ?? true;
    for (let attempt = attempts.shift(); attempt; attempt = attempts.shift()) {
      if (offered(attempt.type === 'agent' ? 'publickey' : attempt.type)) return next(attempt);
    }
    if (prompted || !(offered('password') || offered('keyboard-interactive'))) return next(giveUp);
    prompted = true;
    whileAsking(auth.askPassword!).then(
      (password) => {
        attempts.push(...withPassword(password));
        handler(methodsLeft, partialSuccess, next);
      },
      (error: unknown) => {
        onNoPassword(error);
        next(giveUp);
      },
    );
  };
  return handler;
}

/** Each start(ms) gives that much time again. */
function restartableTimer(onExpiry: () => void): { start(ms: number): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    start: (ms) => {
      clearTimeout(timer);
      timer = setTimeout(onExpiry, ms);
    },
    stop: () => clearTimeout(timer),
  };
}

const SOCKET_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host name',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'no answer',
  ECONNRESET: 'connection reset',
};

function connectError(error: Error & { level?: string; code?: string }, target: SshTarget, role: string): HitlessError {
  const where = `${role}${target.host}:${target.port}`;
  if (error.level === 'client-authentication') {
    return new HitlessError('auth', `authentication failed for ${role}${target.username}@${target.host}:${target.port}`, EXIT.usage);
  }
  const reason = (error.code && SOCKET_ERRORS[error.code]) ?? error.message;
  return new HitlessError('connect', `cannot reach ${where}: ${reason}`, EXIT.usage);
}
