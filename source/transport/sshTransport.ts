// An interactive SSH shell (pty) to a switch as a Transport, directly or through jump hosts. The client's 'close'
// event is the single "gone" signal; keepalive is on by default so a silently dead link is noticed.
import { StringDecoder } from 'node:string_decoder';
import type { Client as ClientT, ClientChannel } from 'ssh2';
import { EXIT, HitlessError } from '../errors.js';
import type { HostKeyAcceptance } from './chassisKeys.js';
import { pushFile, type PushOptions, type PushResult } from './filePush.js';
import type { HostKeyPolicy } from './hostKeyPolicy.js';
import { hopName, openJumpPath, type SshHop } from './jumpHosts.js';
import type { Keepalive } from './keepalive.js';
import { weakAlgorithmWarning } from './sshAlgorithms.js';
import { openSshClient, withOwnSettings, type ClientSettings, type PresentedHostKey, type SshAuth, type SshTarget } from './sshClient.js';
import type { CloseReason } from './transport.js';
import { TransportBase } from './transportBase.js';

export type { HostKeyPolicy, HostKeyQuestion } from './hostKeyPolicy.js';
export type { PresentedHostKey, SshAuth, SshTarget } from './sshClient.js';
export type { SshHop } from './jumpHosts.js';

/** The switch's own settings (ClientSettings: algorithms, keepalive, ConnectTimeout, login time) and the shell's. */
export interface SshOptions extends Partial<ClientSettings> {
  /** pty size; wide by default so the switch never has to scroll a long command line. */
  cols?: number;
  rows?: number;
  term?: string;
  /** ProxyJump: jump hosts in order, each with its own credentials and its host key verified like the switch's. */
  jumps?: readonly SshHop[];
}

/**
 * Login timeout 20 s; keepalive every 2 s, the link counts as dead after 3 unanswered. While the operator decides,
 * nothing is sent and every destructive step re-reads `show switch` first, so the default keepalive relaxes to every
 * 15 s then (a dead link noticed within a minute); an interval the user set (ServerAliveInterval) is kept throughout.
 */
const CLIENT_DEFAULTS: ClientSettings = { readyTimeoutMs: 20_000, keepaliveIntervalMs: 2_000, keepaliveCountMax: 3, keepaliveRelaxedMs: 15_000 };
const PTY_DEFAULTS = { cols: 256, rows: 50, term: 'xterm-256color' };
/** After a local close, the polite SSH disconnect gets this long before the socket is destroyed. */
const LOCAL_CLOSE_GRACE_MS = 1_000;

export class SshTransport extends TransportBase {
  readonly description: string;
  private lastError: (Error & { level?: string }) | undefined;

  constructor(
    target: SshTarget,
    /** The host key the switch presented (already verified). */
    readonly hostKey: PresentedHostKey,
    /** Why that key was trusted; a key trusted as an MSM's pinned key still needs `show switch` to confirm the MSM. */
    readonly acceptance: HostKeyAcceptance,
    private readonly client: ClientT,
    private readonly stream: ClientChannel,
    jumps: readonly SshHop[] = [],
    private readonly jumpClients: readonly ClientT[] = [],
    /** The switch's and the jump hosts'. */
    private readonly keepalives: readonly Keepalive[] = [],
    /** One line per server on the way (jump hosts, then the switch) that settled on weak algorithms (SHA-1, CBC). */
    readonly weakAlgorithmWarnings: readonly string[] = [],
  ) {
    super();
    this.description = `ssh ${hopName(target)}${jumps.length > 0 ? ` via ${jumps.map(hopName).join(', ')}` : ''}`;
    for (const source of [stream, stream.stderr]) {
      const decoder = new StringDecoder('utf8');
      source.on('data', (data: Buffer) => this.emitData(decoder.write(data)));
    }
    // The shell ended (e.g. `exit`): end the connection too; its 'close' reports it.
    stream.on('close', () => client.end());
    client.on('error', (error: Error & { level?: string }) => (this.lastError = error));
    client.on('close', () => {
      this.endJumps();
      this.markClosed(...this.remoteReason());
    });
  }

  write(data: string): void {
    if (!this.closed) this.stream.write(data);
  }

  pushFile(localPath: string, remotePath: string, options: PushOptions): Promise<PushResult> {
    return pushFile(this.client, localPath, remotePath, options);
  }

  async whileOperatorDecides<T>(decision: () => Promise<T>): Promise<T> {
    this.keepalives.forEach((keepalive) => keepalive.relax());
    try {
      return await decision();
    } finally {
      this.keepalives.forEach((keepalive) => keepalive.resume());
    }
  }

  resize(cols: number, rows: number): void {
    if (!this.closed) this.stream.setWindow(rows, cols, 0, 0);
  }

  close(): void {
    if (this.closed) return;
    this.markClosed('local-close');
    this.client.end();
    setTimeout(() => {
      this.client.destroy();
      this.jumpClients.forEach((client) => client.destroy());
    }, LOCAL_CLOSE_GRACE_MS).unref();
  }

  private endJumps(): void {
    this.jumpClients.forEach((client) => client.end());
  }

  private remoteReason(): [CloseReason, string?] {
    const error = this.lastError;
    if (!error) return ['remote-closed'];
    if (error.level === 'client-timeout') return ['keepalive-timeout', error.message];
    return ['error', error.message];
  }
}

/**
 * Connects (through `options.jumps` if any), verifies the host key per `hostKeys`, authenticates and opens a pty
 * shell. Every failure is a one-line HitlessError with exit code 2 that never contains a password or key material.
 */
export async function connectSsh(target: SshTarget, auth: SshAuth, hostKeys: HostKeyPolicy, options: SshOptions = {}): Promise<SshTransport> {
  const settings = { ...PTY_DEFAULTS, ...withOwnSettings(CLIENT_DEFAULTS, options) };
  const jumps = options.jumps ?? [];
  // A jump host gets the run's login time; the rest of its settings come with it (SshHop.settings).
  const path = await openJumpPath(jumps, target, hostKeys, {
    ...CLIENT_DEFAULTS,
    readyTimeoutMs: settings.readyTimeoutMs,
    ...(settings.signal && { signal: settings.signal }),
    ...(settings.endsBy !== undefined && { endsBy: settings.endsBy }),
  });
  const where = `${target.host}:${target.port}`;
  try {
    const opened = await openSshClient(target, auth, hostKeys, settings, (client) => openShell(client, settings, where), {
      ...(path.sock && { sock: path.sock }),
    });
    const weak = opened.weakAlgorithms.length > 0 ? [weakAlgorithmWarning(where, opened.weakAlgorithms)] : [];
    return new SshTransport(target, opened.hostKey, opened.acceptance, opened.client, opened.value, jumps, path.clients, [opened.keepalive, ...path.keepalives], [
      ...path.weakAlgorithmWarnings,
      ...weak,
    ]);
  } catch (error) {
    path.close();
    throw error;
  }
}

function openShell(client: ClientT, pty: { term: string; cols: number; rows: number }, where: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) =>
    client.shell({ term: pty.term, cols: pty.cols, rows: pty.rows }, (error, stream) =>
      error ? reject(new HitlessError('connect', `${where} refused an interactive shell: ${error.message}`, EXIT.usage)) : resolve(stream),
    ),
  );
}
