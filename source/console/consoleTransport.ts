// An MSM's serial console through a console server, as a Transport for ExosSession: SSH to the console server,
// select the serial port (username syntax or menu), press Enter, log in to the switch, and hand over a Transport
// whose first data is the banner and prompt. On that Transport log messages are removed, and boot messages or a
// login prompt (the MSM rebooted, or the switch ended the session) close it like a dropped SSH link. The serial line
// itself stays connected for the next login.
import { EXIT, HitlessError } from '../errors.js';
import { stripTerminalNoise } from '../exos/outputLines.js';
import { connectSsh, type HostKeyPolicy, type SshAuth, type SshOptions, type SshTransport } from '../transport/sshTransport.js';
import type { CloseReason, Transport } from '../transport/transport.js';
import { TransportBase } from '../transport/transportBase.js';
import { converse } from './consoleDialog.js';
import { loginOnConsole, type ConsoleLoginOptions, type SwitchCredentials } from './consoleLogin.js';
import { LOGIN_PROMPT, UnsolicitedLineFilter, rebootMarkerIn } from './consoleNoise.js';
import type { ConsoleSpec } from './consoleSpec.js';
import { chooseMenuEntry, parseMenuEntries, type MenuEntry } from './portMenu.js';

export interface ConsoleServerAccess {
  /** Credentials for the console-server account (its password from --console-password-env or a prompt). */
  auth: SshAuth;
  hostKeys: HostKeyPolicy;
  ssh?: SshOptions;
  /** Longest wait for the port menu. Default 20 s. */
  menuTimeoutMs?: number;
  /** Hears which weak algorithms (SHA-1, CBC) the console server negotiated, at each connection to it. */
  onWarning?: (message: string) => void;
}

/** A serial console is 80 columns wide; the pty size only matters to the console server's own menu. */
const SERIAL_PTY = { cols: 80, rows: 24 };
const MENU_SETTLE_MS = 150;
/** How much of an unfinished line is kept: boot messages and the login prompt are recognised by their start. */
const PARTIAL_LINE_MAX = 256;

/** SSH to the console server and select the serial port. The result carries the raw serial line (no login yet). */
export async function connectConsoleLine(spec: ConsoleSpec, access: ConsoleServerAccess): Promise<SshTransport> {
  const line = await connectSsh({ host: spec.host, port: spec.port, username: spec.loginName }, access.auth, access.hostKeys, {
    ...SERIAL_PTY,
    ...access.ssh,
  });
  for (const warning of line.weakAlgorithmWarnings) access.onWarning?.(`console server ${warning}`);
  if (spec.selection.kind !== 'menu') return line;
  try {
    await selectFromMenu(line, spec, spec.selection.entry, access.menuTimeoutMs ?? 20_000);
  } catch (error) {
    line.close();
    throw error;
  }
  return line;
}

async function selectFromMenu(line: Transport, spec: ConsoleSpec, wanted: number | string, timeoutMs: number): Promise<void> {
  const choice = await converse<MenuEntry>(
    line,
    {
      settleMs: MENU_SETTLE_MS,
      timeoutMs,
      timedOut: () => new HitlessError('connect', `${spec.description}: no port menu within ${Math.round(timeoutMs / 1000)} s`, EXIT.usage),
    },
    (received) => {
      const text = stripTerminalNoise(received);
      if (!spec.profile.menuPrompt.test(text)) return { kind: 'wait' };
      const chosen = chooseMenuEntry(parseMenuEntries(text), wanted);
      return chosen.ok ? { kind: 'done', value: chosen.entry } : { kind: 'fail', error: new HitlessError('usage', `${spec.description}: ${chosen.reason}`, EXIT.usage) };
    },
  );
  line.write(`${choice.number}\r`);
}

export type SessionEnd = { cause: 'reboot' | 'logged-out'; message: string };

/** Why a logged-in console session ended, if the lines show it: boot messages, or the switch asking for a login. */
function sessionEnd(completeLines: string, partialLine: string): SessionEnd | undefined {
  const marker = rebootMarkerIn(completeLines);
  if (marker) return { cause: 'reboot', message: `the MSM rebooted ("${marker}")` };
  if (LOGIN_PROMPT.test(stripTerminalNoise(partialLine))) return { cause: 'logged-out', message: 'the switch ended the console session (login prompt)' };
  return undefined;
}

/** One login's worth of a serial line. Closing it leaves the line (and the switch's console login) as they are. */
export class ConsoleTransport extends TransportBase {
  readonly description: string;
  private readonly filter = new UnsolicitedLineFilter();
  private readonly detach: Array<() => void>;
  /** Held until the first listener subscribes (on a later tick, so a session can install its login wait first). */
  private backlog: string | undefined;
  private partialLine = '';
  /** Set when the switch ended this session (as opposed to the console connection dropping or a local close). */
  endedBy: SessionEnd | undefined;

  constructor(
    private readonly line: Transport,
    replay: string,
    /** This login typed the switch's user and password (false: a login was already open on the console). */
    readonly loggedIn = false,
  ) {
    super();
    this.description = `${line.description} (serial console)`;
    this.backlog = this.filter.push(replay);
    this.detach = [line.onData((chunk) => this.receive(chunk)), line.onClose((reason, detail) => this.end(reason, detail))];
  }

  override onData(listener: (chunk: string) => void): () => void {
    const unsubscribe = super.onData(listener);
    if (this.backlog !== undefined) setImmediate(() => this.flushBacklog());
    return unsubscribe;
  }

  write(data: string): void {
    if (!this.closed) this.line.write(data);
  }

  close(): void {
    this.end('local-close');
  }

  private receive(chunk: string): void {
    const text = this.partialLine + chunk;
    const lineEnd = text.lastIndexOf('\n') + 1;
    this.partialLine = text.slice(lineEnd, lineEnd + PARTIAL_LINE_MAX);
    const ended = sessionEnd(text.slice(0, lineEnd), this.partialLine);
    if (ended) {
      this.endedBy = ended;
      return this.end('remote-closed', ended.message);
    }
    const passed = this.filter.push(chunk);
    if (this.backlog !== undefined) this.backlog += passed;
    else this.emitData(passed);
  }

  private flushBacklog(): void {
    const backlog = this.backlog;
    this.backlog = undefined;
    if (backlog) this.emitData(backlog);
  }

  private end(reason: CloseReason, detail?: string): void {
    if (this.closed) return;
    for (const detach of this.detach) detach();
    this.markClosed(reason, detail);
  }
}

/** Logs in on an already selected serial line and returns the Transport positioned at the EXOS prompt. */
export async function loginTransport(line: Transport, credentials: SwitchCredentials, options: ConsoleLoginOptions): Promise<ConsoleTransport> {
  const login = await loginOnConsole(line, credentials, options);
  return new ConsoleTransport(line, login.replay, login.loggedIn);
}

/** Sends the profile's BREAK sequence on the serial line. Only ever called on an explicit operator request. */
export function sendBreak(line: Transport, spec: ConsoleSpec): void {
  const sequence = spec.profile.breakSequence;
  if (sequence === undefined) {
    throw new HitlessError('usage', `${spec.description}: profile ${spec.profile.name} has no BREAK sequence; use profile=opengear or profile=avocent`, EXIT.usage);
  }
  if (line.closed) throw new HitlessError('link-lost', `${spec.description}: not connected, no BREAK sent`, EXIT.usage);
  line.write(sequence);
}
