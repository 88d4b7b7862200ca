// An EXOS CLI session over any Transport: waits for prompts, answers questions through a policy, pages, times out.
// One command at a time; everything the switch prints also goes to `onOutput` untouched (console view, recording).
import { EXIT, type ErrorKind, type ExitCode } from '../errors.js';
import { onOpen, type AnswerPolicy, type AnsweredQuestion, type ParsedPrompt } from '../exos/platform.js';
import { cleanOutputLines } from '../exos/outputLines.js';
import { switchErrorLines } from '../exos/switchErrors.js';
import { FilePushError, type PushOptions, type PushResult } from '../transport/filePush.js';
import type { CloseReason, Transport } from '../transport/transport.js';
import { Exchange, refuseEverything, type ExchangeStep } from './exchange.js';
import { SessionError } from './sessionError.js';

export interface CommandResult {
  command: string;
  /** Between the echo line and the next prompt; `\r`, control sequences and pager lines removed. */
  output: string;
  prompt: ParsedPrompt;
  /** Every question asked while the command ran, with the reply sent, in order. */
  questions: AnsweredQuestion[];
  /** The first question the policy did not expect (or may never confirm); the safe refusal was sent. */
  unexpectedQuestion?: AnsweredQuestion;
  /** Output lines by which the switch reports a failure (exos/switchErrors.ts), clipped for display. */
  errors: string[];
}

export interface RunOptions {
  /** Default: refuse everything. */
  answer?: AnswerPolicy;
  /** No output for this long ends the command with a 'timeout' error. Default 30 s. */
  idleTimeoutMs?: number;
  totalTimeoutMs?: number;
  onProgress?: (chunk: string) => void;
  /** Each question the moment its reply is sent (the result lists them too, once the command has ended). */
  onAnswer?: (question: AnsweredQuestion) => void;
}

export type { PushOptions, PushResult } from '../transport/filePush.js';

/** Where EXOS keeps the files `ls` lists and `install image FILE` reads (docs/exos-cli.md §4.7). */
export const SWITCH_FILE_DIRECTORY = '/usr/local/cfg';

export interface OpenOptions {
  /** Time to see the first prompt after the transport is up. Default 30 s. */
  loginTimeoutMs?: number;
  /** Every raw chunk the switch sends, in order, for the console view and the recording. */
  onOutput?: (chunk: string) => void;
}

export type SessionCloseListener = (reason: CloseReason, detail?: string) => void;

const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
export const DEFAULT_LOGIN_TIMEOUT_MS = 30_000;

interface Pending {
  exchange: Exchange;
  /** Exit code for failures: 2 while logging in (nothing was running), 4 once a command was sent. */
  exitCode: ExitCode;
  resolve(step: Extract<ExchangeStep, { kind: 'done' }>): void;
  reject(error: Error): void;
  onProgress?: (chunk: string) => void;
  onAnswer?: (question: AnsweredQuestion) => void;
  touch(): void;
}

export class ExosSession {
  private pending: Pending | undefined;
  private currentPrompt: ParsedPrompt | undefined;
  private isClosed = false;
  private readonly closeListeners = new Set<SessionCloseListener>();
  private readonly unsubscribe: Array<() => void>;
  private bannerText = '';

  private constructor(
    private readonly transport: Transport,
    private readonly onOutput: ((chunk: string) => void) | undefined,
  ) {
    this.unsubscribe = [transport.onClose((reason, detail) => this.lost(reason, detail))];
  }

  /** Waits for the first prompt after the banner, then sends the platform's on-open commands. */
  static async open(transport: Transport, options: OpenOptions = {}): Promise<ExosSession> {
    if (transport.closed) throw new SessionError('link-lost', `${transport.description}: closed before login`, EXIT.usage, undefined, '');
    const session = new ExosSession(transport, options.onOutput);
    const login = new Exchange(undefined, undefined, refuseEverything);
    const loginTimeoutMs = options.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
    const started = session.start(login, EXIT.usage, { totalTimeoutMs: loginTimeoutMs });
    // Listen only once the login waits: the transport holds what arrived earlier (the banner) for the first listener.
    session.unsubscribe.push(transport.onData((chunk) => session.receive(chunk)));
    const first = await started;
    session.bannerText = login.output();
    session.currentPrompt = first.prompt;
    for (const command of onOpen) await session.execute(command, {}, EXIT.usage);
    return session;
  }

  /** What the switch printed before the first prompt (banner, standby-node notice), cleaned. */
  get banner(): string {
    return this.bannerText;
  }

  get prompt(): ParsedPrompt {
    if (!this.currentPrompt) throw new Error('ExosSession.prompt read before login');
    return this.currentPrompt;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Sends `command` and resolves at the next prompt. Rejects with a SessionError (exit 4) on timeout or link loss. */
  run(command: string, options: RunOptions = {}): Promise<CommandResult> {
    return this.execute(command, options, EXIT.stoppedSafe);
  }

  private async execute(command: string, options: RunOptions, exitCode: ExitCode): Promise<CommandResult> {
    if (this.pending) throw new Error(`ExosSession.run("${command}") while "${this.pending.exchange.command}" is still running`);
    if (/[\r\n]/.test(command)) throw new Error(`ExosSession.run: one command line at a time, got ${JSON.stringify(command)}`);
    if (this.isClosed) throw new SessionError('link-lost', `cannot run "${command}": the session to the switch is closed`, exitCode, command, '');
    const exchange = new Exchange(command, this.currentPrompt, options.answer ?? refuseEverything);
    const started = this.start(exchange, exitCode, options);
    this.transport.write(`${command}\r`);
    const done = await started;
    this.currentPrompt = done.prompt;
    return commandResult(command, done.prompt, exchange);
  }

  /**
   * Copies a local file into the switch's file system as `name`, between commands. A stalled or dropped transfer
   * closes the session and rejects with a 'link-lost' SessionError (the caller reconnects and compares sizes).
   */
  async pushFile(localPath: string, name: string, options: PushOptions): Promise<PushResult> {
    const what = `copying ${name} to the switch`;
    if (!this.transport.pushFile) throw new SessionError('switch-error', `${this.transport.description} cannot copy files (SSH only)`, EXIT.precondition, undefined, '');
    if (this.isClosed) throw new SessionError('link-lost', `cannot start ${what}: the session to the switch is closed`, EXIT.stoppedSafe, undefined, '');
    try {
      return await this.transport.pushFile(localPath, `${SWITCH_FILE_DIRECTORY}/${name}`, options);
    } catch (error) {
      if (!(error instanceof FilePushError)) throw error;
      // A refusal on a live link stops the run; anything on a link that went meanwhile is a lost link (reconnect, resume).
      if (!error.linkLost && !this.transport.closed) throw new SessionError('switch-error', `${what}: ${error.message}`, EXIT.stoppedSafe, undefined, '');
      this.transport.close();
      this.lost('local-close');
      throw new SessionError('link-lost', `link to the switch lost while ${what}: ${error.message}`, EXIT.stoppedSafe, undefined, '');
    }
  }

  /** Keys for the command running now, written as they are (Esc ends a monitor); false when none runs. */
  sendKeys(keys: string): boolean {
    if (this.isClosed || this.pending?.exchange.command === undefined) return false;
    this.transport.write(keys);
    return true;
  }

  /** Runs the operator's `decision`, during which nothing is sent: the transport may check the link less often. */
  whileOperatorDecides<T>(decision: () => Promise<T>): Promise<T> {
    return this.transport.whileOperatorDecides?.(decision) ?? decision();
  }

  onClose(listener: SessionCloseListener): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    if (this.isClosed) return;
    this.fail('stopped', (what) => `session closed by hitless while ${what}`);
    this.transport.close();
    this.lost('local-close');
  }

  private start(exchange: Exchange, exitCode: ExitCode, options: RunOptions): Promise<Extract<ExchangeStep, { kind: 'done' }>> {
    return new Promise((resolve, reject) => {
      const idleMs = exchange.command === undefined ? undefined : (options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
      let idleTimer: NodeJS.Timeout | undefined;
      const totalTimer = options.totalTimeoutMs === undefined ? undefined : setTimeout(() => this.timedOut(options.totalTimeoutMs!, 'total'), options.totalTimeoutMs);
      const settle = () => {
        clearTimeout(idleTimer);
        clearTimeout(totalTimer);
        this.pending = undefined;
      };
      this.pending = {
        exchange,
        exitCode,
        onProgress: options.onProgress,
        onAnswer: options.onAnswer,
        resolve: (step) => (settle(), resolve(step)),
        reject: (error) => (settle(), reject(error)),
        touch: () => {
          if (idleMs === undefined) return;
          // Called per chunk: restarting the one timer is cheaper than a new one each time.
          if (idleTimer) idleTimer.refresh();
          else idleTimer = setTimeout(() => this.timedOut(idleMs, 'idle'), idleMs);
        },
      };
      this.pending.touch();
    });
  }

  private receive(chunk: string): void {
    this.onOutput?.(chunk);
    const pending = this.pending;
    if (!pending) return; // between commands: console view only (late trailing blank of a prompt, log lines)
    pending.touch();
    pending.onProgress?.(chunk);
    let step: ExchangeStep;
    try {
      step = pending.exchange.feed(chunk);
    } catch (error) {
      pending.reject(error instanceof Error ? error : new Error(String(error)));
      this.close();
      return;
    }
    if (step.kind === 'write') {
      this.transport.write(step.data);
      if (step.answered) pending.onAnswer?.(step.answered);
    } else if (step.kind === 'done') pending.resolve(step);
  }

  private timedOut(ms: number, which: 'idle' | 'total'): void {
    const pending = this.pending;
    if (!pending) return;
    const seconds = `${Math.round(ms / 100) / 10} s`;
    const kind: ErrorKind = pending.exchange.command === undefined && pending.exchange.lastLine() !== '' ? 'unparsable' : 'timeout';
    this.fail(kind, (what) => {
      const last = pending.exchange.lastLine();
      const after = last === '' ? 'nothing received' : `last line "${truncate(last)}"`;
      if (pending.exchange.command === undefined) {
        return kind === 'unparsable' ? `no EXOS prompt within ${seconds} of login (${after})` : `no output from the switch within ${seconds} of login`;
      }
      return which === 'idle' ? `no output for ${seconds} while ${what} (${after})` : `${what} took longer than ${seconds} (${after})`;
    });
    // The switch may still be busy with the command: the next prompt would be out of step. Start over instead.
    this.transport.close();
    this.lost('local-close');
  }

  private lost(reason: CloseReason, detail?: string): void {
    if (this.isClosed) return;
    this.fail('link-lost', (what) => `link to the switch lost while ${what} (${detail ?? reason})`);
    this.isClosed = true;
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    for (const listener of [...this.closeListeners]) listener(reason, detail);
  }

  /** Rejects the pending command, if any, with a message built around what was running. */
  private fail(kind: ErrorKind, message: (what: string) => string): void {
    const pending = this.pending;
    if (!pending) return;
    const { command } = pending.exchange;
    const what = command === undefined ? 'logging in' : `running "${command}"`;
    const { exchange } = pending;
    pending.reject(new SessionError(kind, message(what), pending.exitCode, command, exchange.partialOutput(), [...exchange.questions]));
  }
}

/**
 * The output is cleaned, and searched for error lines, when first read, and only once: the engine reads what its
 * commands printed, while what the operator types is only shown in the console (megabytes of `show log`, say).
 */
function commandResult(command: string, prompt: ParsedPrompt, exchange: Exchange): CommandResult {
  let output: string | undefined;
  let errors: string[] | undefined;
  return {
    command,
    get output() {
      return (output ??= exchange.output());
    },
    prompt,
    questions: exchange.questions,
    ...(exchange.unexpectedQuestion && { unexpectedQuestion: exchange.unexpectedQuestion }),
    get errors() {
      return (errors ??= switchErrorLines(cleanOutputLines(this.output)));
    },
  };
}

const truncate = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
