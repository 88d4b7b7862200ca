// One authenticated ssh2 connection: host key verified per the policy, credentials tried in order, then one use of it
// (a shell, or a forwarded channel to the next hop) — all within one login timer that pauses while the operator is
// asked something. Every failure is a one-line HitlessError with exit code 2 that never contains a secret.
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, AuthHandlerMiddleware, Client as ClientT, ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import { EXIT, HitlessError } from '../errors.js';
import type { HostKeyAcceptance } from './chassisKeys.js';
import { verifyHostKey, type HostKeyPolicy } from './hostKeyPolicy.js';
import type { Identity } from './identityFile.js';
import { fingerprint, keyFromBlob, knownKeyTypes, readKnownHosts } from './knownHosts.js';

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
  /** Time to reach the host key, and again from its acceptance to the end of `use`. */
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
}

export interface OpenedClient<T> {
  client: ClientT;
  hostKey: PresentedHostKey;
  acceptance: HostKeyAcceptance;
  value: T;
}

export interface OpenClientOptions {
  /** An already open path to the server (a channel forwarded by a jump host) instead of a TCP connection. */
  sock?: Duplex;
  /** What the server is to the operator, e.g. "jump host"; messages then say "jump host 10.0.0.9:22". */
  role?: string;
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
  const preferred = preferredHostKeyAlgorithms(knownKeyTypes(await readKnownHosts(hostKeys.knownHostsFile), target.host, target.port));
  const client = new Client();

  return new Promise<OpenedClient<T>>((resolve, reject) => {
    let settled = false;
    let hostKeyError: unknown;
    let presented: { hostKey: PresentedHostKey; acceptance: HostKeyAcceptance } | undefined;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      loginTimer.stop();
      client.destroy();
      reject(error);
    };
    const loginTimer = restartableTimer(settings.readyTimeoutMs, () =>
      fail(new HitlessError('connect', `cannot reach ${where}: no SSH login within ${settings.readyTimeoutMs / 1000} s`, EXIT.usage)),
    );
    /** Time the operator spends answering does not count against the login timer. */
    const whileAsking = async <R>(question: () => Promise<R>): Promise<R> => {
      loginTimer.stop();
      try {
        return await question();
      } finally {
        if (!settled) loginTimer.start();
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
      whileAsking(() => verifyHostKey(hostKeys, target.host, target.port, key)).then(
        (acceptance) => {
          presented = { hostKey, acceptance };
          verify(true);
        },
        (error: unknown) => {
          hostKeyError = error;
          verify(false);
        },
      );
    };
    const config: ConnectConfig = {
      ...(options.sock ? { sock: options.sock } : { host: target.host, port: target.port }),
      username: target.username,
      ...(auth.agent !== undefined && { agent: auth.agent }),
      authHandler: authHandlerFor(target.username, auth, whileAsking),
      readyTimeout: 0, // loginTimer instead
      keepaliveInterval: settings.keepaliveIntervalMs,
      keepaliveCountMax: settings.keepaliveCountMax,
      ...(preferred.length > 0 && { algorithms: { serverHostKey: { remove: preferred, prepend: preferred, append: [] } } }),
      hostVerifier,
    };

    client.on('error', (error: Error & { level?: string; code?: string }) => fail(hostKeyError ?? connectError(error, target, role)));
    client.on('close', () => fail(hostKeyError ?? new HitlessError('connect', `${where} closed the connection during login`, EXIT.usage)));
    client.on('ready', () => {
      use(client).then(
        (value) => {
          if (settled) return;
          settled = true;
          loginTimer.stop();
          resolve({ client, ...presented!, value });
        },
        fail,
      );
    });
    loginTimer.start();
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
function authHandlerFor(username: string, auth: SshAuth, whileAsking: <R>(question: () => Promise<R>) => Promise<R>): AuthHandlerMiddleware {
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
      () => next(giveUp),
    );
  };
  return handler;
}

/** Each start() gives the full time again. */
function restartableTimer(ms: number, onExpiry: () => void): { start(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    start: () => {
      clearTimeout(timer);
      timer = setTimeout(onExpiry, ms);
    },
    stop: () => clearTimeout(timer),
  };
}

/** ssh2 negotiates its own favourite type; ask first for the types known_hosts already has, as OpenSSH does. */
function preferredHostKeyAlgorithms(knownTypes: string[]): ServerHostKeyAlgorithm[] {
  return knownTypes.flatMap((type): ServerHostKeyAlgorithm[] =>
    type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : HOST_KEY_ALGORITHMS.includes(type) ? [type as ServerHostKeyAlgorithm] : [],
  );
}
const HOST_KEY_ALGORITHMS: readonly string[] = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-dss'];

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
