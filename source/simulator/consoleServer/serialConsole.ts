// The serial console of one MSM: the switch end of the cable. It outlives any SSH connection to the console server
// (a login stays logged in when the operator disconnects), prints boot messages while its MSM reboots and a `login:`
// prompt afterwards, and shows log messages about the other MSM. Input while booting is lost, as on a real console.
import type { ChassisModel, NodeState } from '../chassisModel.js';
import { CliSession } from '../cli/cliSession.js';
import { INTERRUPT, LineReader, SessionClosed } from '../cli/lineReader.js';
import type { SafetyOracle } from '../safetyOracle.js';
import type { MsmSlot, ChassisSpec } from '../scenarios.js';
import type { SimClock } from '../simClock.js';
import type { SimulatorUser } from '../sshFront.js';
import { TIMINGS } from '../timings.js';
import { CONSOLE_TEXT } from './consoleText.js';

export interface SerialConsoleOptions {
  chassis: ChassisModel;
  scenario: ChassisSpec;
  clock: SimClock;
  oracle: SafetyOracle;
  slot: MsmSlot;
  /** The switch's accounts, for the console login. */
  users: SimulatorUser[];
  /** Numbers each console login for the command log. */
  nextConnection: () => number;
}

type Mode = { kind: 'login'; reader: LineReader } | { kind: 'cli'; cli: CliSession } | { kind: 'booting' };

/** What EXOS uses for a serial console without a window size. */
const SERIAL_PTY = { rows: 24, cols: 80 };
/** A line the console redraws after a log message: a prompt waiting for input. */
const WAITING_FOR_INPUT = /(?:[#>]|login:|password:) $/;
const SLOTS: readonly MsmSlot[] = ['A', 'B'];

export class SerialConsole {
  private readonly listeners = new Set<(text: string) => void>();
  private mode: Mode;
  private readonly seen: Record<MsmSlot, NodeState>;
  /** Printed since the last line break. */
  private currentLine = '';
  private printed = '';
  /** Boot output is printed in order, phase after phase. */
  private bootOutput: Promise<void> = Promise.resolve();
  private bootGeneration = 0;
  private closed = false;
  private readonly onChange = () => this.stateChanged();

  constructor(private readonly options: SerialConsoleOptions) {
    const { chassis, slot } = options;
    this.seen = { A: chassis.msm.A.nodeState, B: chassis.msm.B.nodeState };
    this.mode = { kind: 'booting' };
    if (!isBooting(this.seen[slot])) this.startLogin();
    chassis.on('change', this.onChange);
  }

  /** Everything printed since the server started. */
  get transcript(): string {
    return this.printed;
  }

  /** A console-server client starts watching; returns its detach function. */
  attach(listener: (text: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Keys typed by any attached client. */
  input(data: string): void {
    if (this.mode.kind === 'login') this.mode.reader.push(data);
    else if (this.mode.kind === 'cli') this.mode.cli.input(data);
  }

  close(): void {
    this.closed = true;
    this.options.chassis.off('change', this.onChange);
    this.leaveMode();
    this.listeners.clear();
  }

  private print(text: string): void {
    if (this.closed || text === '') return;
    this.printed += text;
    const lineBreak = text.lastIndexOf('\n');
    this.currentLine = lineBreak < 0 ? this.currentLine + text : text.slice(lineBreak + 1);
    for (const listener of [...this.listeners]) listener(text);
  }

  private printLines(lines: readonly string[]): void {
    this.print(lines.map((line) => `${line}\r\n`).join(''));
  }

  private leaveMode(): void {
    if (this.mode.kind === 'login') this.mode.reader.close();
    if (this.mode.kind === 'cli') this.mode.cli.close();
    this.mode = { kind: 'booting' };
  }

  private startLogin(): void {
    const reader = new LineReader((text) => this.print(text));
    this.mode = { kind: 'login', reader };
    this.loginLoop(reader).catch((error: unknown) => {
      if (!(error instanceof SessionClosed)) this.internalError(error);
    });
  }

  private async loginLoop(reader: LineReader): Promise<void> {
    for (;;) {
      const username = await reader.readLine(true);
      if (username === INTERRUPT || username.trim() === '') {
        this.print(CONSOLE_TEXT.loginPrompt);
        continue;
      }
      this.print(CONSOLE_TEXT.passwordPrompt);
      const password = await reader.readLine(false);
      this.print('\r\n');
      if (password !== INTERRUPT && this.accepts(username.trim(), password)) {
        reader.close();
        this.startCli();
        return;
      }
      this.print(`${CONSOLE_TEXT.loginIncorrect}\r\n\r\n${CONSOLE_TEXT.loginPrompt}`);
    }
  }

  private accepts(username: string, password: string): boolean {
    return this.options.users.some((user) => user.username === username && user.password !== undefined && user.password === password);
  }

  private startCli(): void {
    const { chassis, scenario, clock, oracle, slot } = this.options;
    const cli: CliSession = new CliSession({
      chassis,
      scenario,
      clock,
      oracle,
      msm: slot,
      connection: this.options.nextConnection(),
      pty: SERIAL_PTY,
      port: {
        write: (text) => this.print(text),
        end: () => this.loggedOut(cli),
        // The MSM went down: stateChanged() prints the boot; the serial line itself stays.
        drop: () => {},
      },
    });
    this.mode = { kind: 'cli', cli };
    cli.runShell().catch((error: unknown) => this.internalError(error));
  }

  private loggedOut(cli: CliSession): void {
    if (this.mode.kind !== 'cli' || this.mode.cli !== cli) return;
    this.print(`\r\n${CONSOLE_TEXT.loginPrompt}`);
    this.startLogin();
  }

  private stateChanged(): void {
    for (const slot of SLOTS) {
      const state = this.options.chassis.msm[slot].nodeState;
      if (state === this.seen[slot]) continue;
      this.seen[slot] = state;
      if (slot === this.options.slot) this.ownStateChanged(state);
      else if (this.mode.kind !== 'booting') this.log(CONSOLE_TEXT.nodeStateLog(slot, state));
    }
  }

  private ownStateChanged(state: NodeState): void {
    const { chassis, scenario, slot, clock } = this.options;
    if (state === 'DOWN') {
      const generation = ++this.bootGeneration;
      this.leaveMode();
      this.queueBoot(generation, async () => this.printLines(CONSOLE_TEXT.bootstrap(scenario.systemType, slot)));
    } else if (state === 'INIT') {
      const generation = this.bootGeneration;
      const lines = CONSOLE_TEXT.bootImage(chassis.runningCore(slot).version);
      this.queueBoot(generation, async () => {
        for (const line of lines) {
          if (generation !== this.bootGeneration) return;
          this.printLines([line]);
          await clock.sleep(TIMINGS.nodeInit / (lines.length + 1));
        }
      });
    } else if (this.mode.kind === 'booting') {
      const generation = this.bootGeneration;
      const text = state === 'FAIL' ? CONSOLE_TEXT.failed(slot) : CONSOLE_TEXT.ready(state === 'MASTER' ? 'master' : 'backup');
      this.queueBoot(generation, async () => {
        this.printLines([...text, '']);
        this.print(CONSOLE_TEXT.loginPrompt);
        this.startLogin();
      });
    }
  }

  /** Runs a boot phase after the previous ones, unless a newer boot started in the meantime. */
  private queueBoot(generation: number, phase: () => Promise<void>): void {
    this.bootOutput = this.bootOutput
      .then(async () => {
        if (generation === this.bootGeneration && !this.closed) await phase();
      })
      .catch((error: unknown) => this.internalError(error));
  }

  /** A log message on its own line; a prompt that was waiting for input is drawn again below it. */
  private log(message: string): void {
    const waiting = WAITING_FOR_INPUT.test(this.currentLine) ? this.currentLine : '';
    const lead = this.currentLine === '' ? '' : '\r\n';
    this.print(`${lead}${CONSOLE_TEXT.logLine(this.options.clock.now(), message)}\r\n${waiting}`);
  }

  private internalError(error: unknown): void {
    process.stderr.write(`hitless simulator: internal error on the MSM-${this.options.slot} console: ${String(error)}\n`);
  }
}

const isBooting = (state: NodeState) => state === 'DOWN' || state === 'INIT';
