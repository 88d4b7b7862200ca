// One MSM's serial console for the length of a run: reconnects to the console server when that link drops, logs in
// again after the MSM rebooted, and passes every byte of the serial line to its watchers (the live console pane),
// boot messages included, whoever is logged in.
import { EXIT, HitlessError } from '../errors.js';
import { ExosSession, type OpenOptions } from '../session/exosSession.js';
import type { SshTransport } from '../transport/sshTransport.js';
import type { ConsoleLoginOptions, SwitchCredentials } from './consoleLogin.js';
import type { ConsoleSpec } from './consoleSpec.js';
import { connectConsoleLine, loginTransport, sendBreak, type ConsoleServerAccess, type ConsoleTransport } from './consoleTransport.js';

export interface MsmConsoleOptions {
  spec: ConsoleSpec;
  server: ConsoleServerAccess;
  /** The switch's own login on the console: the management credentials (--user / --password-env). */
  switchLogin: SwitchCredentials;
  /** Longest wait for the switch's login or EXOS prompt on each login, a boot included. Default 10 min. */
  loginTimeoutMs?: number;
  /** Fine-tuning of the login dialog (tests). */
  dialog?: Pick<ConsoleLoginOptions, 'settleMs' | 'wakeEveryMs'>;
}

const DEFAULT_LOGIN_TIMEOUT_MS = 600_000;

export class MsmConsole {
  private line: SshTransport | undefined;
  private connecting: Promise<SshTransport> | undefined;
  private current: ConsoleTransport | undefined;
  private lastEnd: ConsoleTransport['endedBy'];
  private readonly watchers = new Set<(chunk: string) => void>();
  private isClosed = false;

  constructor(readonly options: MsmConsoleOptions) {}

  get description(): string {
    return this.options.spec.description;
  }

  /** The console server login that reaches this console: USER@HOST:PORT (the username carries the port selection). */
  get route(): string {
    const { spec } = this.options;
    return `${spec.loginName}@${spec.host}:${spec.port}`;
  }

  /** The last login here ended because the MSM rebooted, and no login has worked since: it may still be booting. */
  get rebooting(): boolean {
    return this.lastEnd?.cause === 'reboot';
  }

  /** Every byte the serial line sends, across reconnects. Returns an unsubscribe function. */
  onOutput(listener: (chunk: string) => void): () => void {
    this.watchers.add(listener);
    return () => this.watchers.delete(listener);
  }

  /** The connection to the console server with the port selected; made again if it dropped. */
  async connect(): Promise<SshTransport> {
    if (this.isClosed) throw new Error(`${this.description}: used after close()`);
    if (this.line && !this.line.closed) return this.line;
    this.connecting ??= connectConsoleLine(this.options.spec, this.options.server)
      .then((line) => {
        this.line = line;
        line.onData((chunk) => {
          for (const watcher of [...this.watchers]) watcher(chunk);
        });
        if (this.isClosed) line.close();
        return line;
      })
      .finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /**
   * Logs in (or wakes an existing console login) and returns the Transport at the EXOS prompt. One at a time.
   * `timeoutMs` overrides the configured login timeout for this attempt.
   */
  async login(timeoutMs?: number): Promise<ConsoleTransport> {
    this.current?.close();
    const line = await this.connect();
    const transport = await loginTransport(line, this.options.switchLogin, {
      timeoutMs: timeoutMs ?? this.options.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS,
      ...this.options.dialog,
    });
    this.current = transport;
    this.lastEnd = undefined;
    transport.onClose(() => (this.lastEnd = transport.endedBy));
    return transport;
  }

  /**
   * Proves the console works before anything changes: the same login a session would make (console server, Enter,
   * the switch's login), up to the EXOS prompt, then left idle with nothing typed. Says whether a password was typed.
   */
  async prove(timeoutMs: number): Promise<{ loggedIn: boolean }> {
    const transport = await this.login(timeoutMs);
    transport.close();
    return { loggedIn: transport.loggedIn };
  }

  /** An ExosSession on this console: what the engine's OpenSession needs. `loginTimeoutMs` as for login(). */
  async openSession(options: Pick<OpenOptions, 'onOutput'> & { loginTimeoutMs?: number } = {}): Promise<ExosSession> {
    const { loginTimeoutMs, ...open } = options;
    return ExosSession.open(await this.login(loginTimeoutMs), open);
  }

  /** Sends a BREAK on the serial line. Only for an explicit operator action: never called by hitless itself. */
  sendBreak(): void {
    if (!this.line) throw new HitlessError('link-lost', `${this.description}: not connected, no BREAK sent`, EXIT.usage);
    sendBreak(this.line, this.options.spec);
  }

  /** Ends the console-server connection; the switch's console login is left as it is. */
  close(): void {
    this.isClosed = true;
    this.current?.close();
    this.line?.close();
  }
}
