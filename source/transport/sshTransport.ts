// An interactive SSH shell (pty) to a switch as a Transport. The client's 'close' event is the single "gone" signal;
// keepalive is on by default so a silently dead link is noticed (STACK.md §5).
import { StringDecoder } from 'node:string_decoder';
import ssh2 from 'ssh2';
import type { Client as ClientT, ClientChannel, ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import { EXIT, HitlessError } from '../errors.js';
import { verifyHostKey, type HostKeyPolicy } from './hostKeyPolicy.js';
import { fingerprint, keyFromBlob, knownKeyTypes, readKnownHosts } from './knownHosts.js';
import type { CloseReason } from './transport.js';
import { TransportBase } from './transportBase.js';

const { Client } = ssh2;

export type { HostKeyPolicy, HostKeyQuestion } from './hostKeyPolicy.js';

export interface SshTarget {
  host: string;
  port: number;
  username: string;
}

export interface SshAuth {
  password?: string;
  privateKey?: Buffer;
  passphrase?: string;
  /** SSH_AUTH_SOCK path. */
  agent?: string;
}

export interface SshOptions {
  /** Time to reach the host key, and again from its acceptance to an open shell. Default 20 s. */
  readyTimeoutMs?: number;
  /** Default 2000 ms. */
  keepaliveIntervalMs?: number;
  /** Unanswered keepalives before the link counts as dead. Default 3. */
  keepaliveCountMax?: number;
  /** pty size; wide by default so the switch never has to scroll a long command line. */
  cols?: number;
  rows?: number;
  term?: string;
}

const DEFAULTS = { readyTimeoutMs: 20_000, keepaliveIntervalMs: 2_000, keepaliveCountMax: 3, cols: 256, rows: 50, term: 'xterm-256color' };
/** After a local close, the polite SSH disconnect gets this long before the socket is destroyed. */
const LOCAL_CLOSE_GRACE_MS = 1_000;

export class SshTransport extends TransportBase {
  readonly description: string;
  private lastError: (Error & { level?: string }) | undefined;

  constructor(
    target: SshTarget,
    /** The host key the switch presented (already verified against known_hosts). */
    readonly hostKey: { keyType: string; fingerprint: string },
    private readonly client: ClientT,
    private readonly stream: ClientChannel,
  ) {
    super();
    this.description = `ssh ${target.username}@${target.host}:${target.port}`;
    for (const source of [stream, stream.stderr]) {
      const decoder = new StringDecoder('utf8');
      source.on('data', (data: Buffer) => this.emitData(decoder.write(data)));
    }
    // The shell ended (e.g. `exit`): end the connection too; its 'close' reports it.
    stream.on('close', () => client.end());
    client.on('error', (error: Error & { level?: string }) => (this.lastError = error));
    client.on('close', () => this.markClosed(...this.remoteReason()));
  }

  write(data: string): void {
    if (!this.closed) this.stream.write(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.closed) this.stream.setWindow(rows, cols, 0, 0);
  }

  close(): void {
    if (this.closed) return;
    this.markClosed('local-close');
    this.client.end();
    setTimeout(() => this.client.destroy(), LOCAL_CLOSE_GRACE_MS).unref();
  }

  private remoteReason(): [CloseReason, string?] {
    const error = this.lastError;
    if (!error) return ['remote-closed'];
    if (error.level === 'client-timeout') return ['keepalive-timeout', error.message];
    return ['error', error.message];
  }
}

/**
 * Connects, verifies the host key against known_hosts per `hostKeys`, authenticates and opens a pty shell.
 * Every failure is a one-line HitlessError with exit code 2 that never contains a password or key material.
 */
export async function connectSsh(target: SshTarget, auth: SshAuth, hostKeys: HostKeyPolicy, options: SshOptions = {}): Promise<SshTransport> {
  const settings = { ...DEFAULTS, ...options };
  const where = `${target.host}:${target.port}`;
  const preferred = preferredHostKeyAlgorithms(knownKeyTypes(await readKnownHosts(hostKeys.knownHostsFile), target.host, target.port));
  const client = new Client();

  return new Promise<SshTransport>((resolve, reject) => {
    let settled = false;
    let hostKeyError: unknown;
    let presented: { keyType: string; fingerprint: string } | undefined;
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

    const hostVerifier = (blob: Buffer, verify: (valid: boolean) => void) => {
      let key;
      try {
        key = keyFromBlob(blob);
      } catch {
        hostKeyError = new HitlessError('connect', `${where} sent a malformed host key`, EXIT.usage);
        return verify(false);
      }
      presented = { keyType: key.keyType, fingerprint: fingerprint(blob) };
      loginTimer.stop(); // an operator may be asked: that time does not count
      verifyHostKey(hostKeys, target.host, target.port, key).then(
        () => (loginTimer.start(), verify(true)),
        (error: unknown) => {
          hostKeyError = error;
          verify(false);
        },
      );
    };
    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: target.username,
      ...(auth.password !== undefined && { password: auth.password, tryKeyboard: true }),
      ...(auth.privateKey !== undefined && { privateKey: auth.privateKey }),
      ...(auth.passphrase !== undefined && { passphrase: auth.passphrase }),
      ...(auth.agent !== undefined && { agent: auth.agent }),
      readyTimeout: 0, // loginTimer instead
      keepaliveInterval: settings.keepaliveIntervalMs,
      keepaliveCountMax: settings.keepaliveCountMax,
      ...(preferred.length > 0 && { algorithms: { serverHostKey: { remove: preferred, prepend: preferred, append: [] } } }),
      hostVerifier,
    };

    client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => auth.password ?? '')));
    client.on('error', (error: Error & { level?: string; code?: string }) => fail(hostKeyError ?? connectError(error, target)));
    client.on('close', () => fail(hostKeyError ?? new HitlessError('connect', `${where} closed the connection during login`, EXIT.usage)));
    client.on('ready', () => {
      client.shell({ term: settings.term, cols: settings.cols, rows: settings.rows }, (error, stream) => {
        if (error) return fail(new HitlessError('connect', `${where} refused an interactive shell: ${error.message}`, EXIT.usage));
        if (settled) return stream.close();
        settled = true;
        loginTimer.stop();
        resolve(new SshTransport(target, presented!, client, stream));
      });
    });
    try {
      loginTimer.start();
      client.connect(config);
    } catch (error) {
      fail(configError(error));
    }
  });
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

function connectError(error: Error & { level?: string; code?: string }, target: SshTarget): HitlessError {
  const where = `${target.host}:${target.port}`;
  if (error.level === 'client-authentication') {
    return new HitlessError('auth', `authentication failed for ${target.username}@${where}`, EXIT.usage);
  }
  const reason = (error.code && SOCKET_ERRORS[error.code]) ?? error.message;
  return new HitlessError('connect', `cannot reach ${where}: ${reason}`, EXIT.usage);
}

/** ssh2 rejects an unusable private key before connecting; say why without echoing the key. */
function configError(error: unknown): HitlessError {
  const message = error instanceof Error ? error.message : String(error);
  const reason = /passphrase|decrypt|bad decrypt/i.test(message) ? 'wrong or missing passphrase' : 'not a supported private key';
  return new HitlessError('auth', `cannot use the private key: ${reason}`, EXIT.usage);
}
