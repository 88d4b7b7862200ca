// One CLI session on one MSM: banner, prompt with counter and unsaved marker, echo, pager, questions,
// syntax errors with the caret, and the master-only rule. Transport-neutral: it talks to a TerminalPort.
import type { ChassisModel } from '../chassisModel.js';
import type { CommandContext, SessionSettings } from '../commands/commandContext.js';
import { ALLOWED_ON_BACKUP, runCommand } from '../commands/commandTable.js';
import { TEXT, type Question } from '../exosText.js';
import { LOGIN, type FaultInjector, type FaultSurface, type OutputTransform } from '../faultInjector.js';
import { majorOf } from '../imageName.js';
import type { OutageKind, SafetyOracle } from '../safetyOracle.js';
import type { MsmSlot, ChassisSpec } from '../scenarios.js';
import type { SimClock } from '../simClock.js';
import { parseCommand, type SyntaxProblem } from './commandGrammar.js';
import { INTERRUPT, LineReader, SessionClosed } from './lineReader.js';

export interface TerminalPort {
  write(text: string): void;
  /** Orderly end (`exit`). */
  end(): void;
  /** The MSM went down under the session: the connection dies without a word. */
  drop(): void;
}

export interface CliSessionOptions {
  chassis: ChassisModel;
  scenario: ChassisSpec;
  clock: SimClock;
  oracle: SafetyOracle;
  msm: MsmSlot;
  connection: number;
  port: TerminalPort;
  /** Null without a pty: no echo, no paging. */
  pty: { rows: number; cols: number } | null;
  /** Test-only misbehaviour on chosen command lines. */
  faults?: FaultInjector;
}

/** Ctrl-C at a question. */
class CommandInterrupted extends Error {}

function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

const SYNTAX_MESSAGE: Record<SyntaxProblem, string> = {
  invalid: TEXT.invalidInput,
  incomplete: TEXT.incompleteCommand,
  ambiguous: TEXT.ambiguousCommand,
};

/** The smallest real interval between two batches of progress dots. */
const PROGRESS_TICK_REAL_MS = 50;

export class CliSession {
  private readonly reader: LineReader;
  private readonly settings: SessionSettings = { paging: true, prompting: true };
  private counter = 1;
  private rows: number;
  private closed = false;
  private readonly closedSignal: { promise: Promise<void>; resolve: () => void } = signal();
  /** Set while a fault rewrites the command's output: what is held back, and how it is rewritten. */
  private held: { text: string; transform: OutputTransform } | undefined;
  private readonly onMsmDown = (slot: MsmSlot) => {
    if (slot !== this.options.msm || this.closed) return;
    this.close();
    this.options.port.drop();
  };

  constructor(private readonly options: CliSessionOptions) {
    this.reader = new LineReader((text) => this.write(text));
    this.rows = options.pty?.rows ?? 0;
    options.chassis.on('msm-down', this.onMsmDown);
  }

  input(data: string): void {
    this.reader.push(data);
  }

  resize(rows: number): void {
    this.rows = rows;
  }

  /** The transport is gone. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closedSignal.resolve();
    this.reader.close();
    this.options.chassis.off('msm-down', this.onMsmDown);
  }

  async runShell(): Promise<void> {
    const loginFault = this.options.faults?.take(LOGIN, this.options.msm);
    if (loginFault) {
      await loginFault(this.faultSurface(), async () => {});
      if (this.closed) return;
    }
    const onBackup = this.options.chassis.msm[this.options.msm].nodeState !== 'MASTER';
    for (const line of [...TEXT.bannerHead, ...(onBackup ? TEXT.backupNotice : []), ...TEXT.bannerTail]) this.line(line);
    await this.guard(async () => {
      while (!this.closed) {
        const prompt = this.prompt();
        this.write(prompt);
        const line = await this.reader.readLine(this.echo);
        if (line === INTERRUPT || line.trim() === '') continue;
        await this.execute(line, prompt.length);
        this.counter += 1;
      }
    });
  }

  /** `ssh host 'command'`: one command, no banner or prompt, then the channel ends. */
  async runExec(commandLine: string): Promise<void> {
    await this.guard(() => this.execute(commandLine, 0));
    this.end();
  }

  private get echo(): boolean {
    return this.options.pty !== null;
  }

  private prompt(): string {
    const unsaved = this.options.chassis.configUnsaved ? '* ' : '';
    return `${unsaved}${this.options.chassis.snmp.sysname}.${this.counter} # `;
  }

  private async guard(body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      if (!(error instanceof SessionClosed)) throw error;
    }
  }

  private async execute(line: string, caretOrigin: number): Promise<void> {
    const { oracle, connection, msm, faults } = this.options;
    oracle.recordCommand(connection, msm, line);
    const fault = faults?.take(line, msm);
    try {
      if (fault) await fault(this.faultSurface(), () => this.dispatch(line, caretOrigin));
      else await this.dispatch(line, caretOrigin);
    } catch (error) {
      if (!(error instanceof CommandInterrupted)) throw error;
    }
  }

  private async dispatch(line: string, caretOrigin: number): Promise<void> {
    const { chassis, msm } = this.options;
    const parsed = parseCommand(line, {
      failoverKeyword: majorOf(chassis.runningCore(msm).version) >= 21 ? 'failover' : 'msm-failover',
    });
    if (!parsed.ok) {
      this.line(' '.repeat(caretOrigin + parsed.offset) + '^');
      this.line(SYNTAX_MESSAGE[parsed.problem]);
      return;
    }
    if (chassis.msm[msm].nodeState !== 'MASTER' && !ALLOWED_ON_BACKUP.has(parsed.command.kind)) {
      this.line(TEXT.masterOnly);
      return;
    }
    await runCommand(this.context(line), parsed.command);
  }

  private context(commandLine: string): CommandContext {
    const { chassis, scenario, clock, msm, oracle, connection } = this.options;
    return {
      chassis,
      scenario,
      clock,
      msm,
      settings: this.settings,
      write: (text) => this.write(text),
      line: (text) => this.line(text),
      page: (lines) => this.page(lines),
      screenRows: this.settings.pageLines ?? this.rows,
      key: () => this.reader.readKey(),
      ask: (question) => this.ask(question),
      progress: (count, chassisMs) => this.progress(count, chassisMs),
      recordOutage: (kind: OutageKind, detail: string) => oracle.recordOutage(kind, commandLine, connection, detail),
      endSession: () => this.end(),
    };
  }

  private write(text: string): void {
    if (this.held) this.held.text += text;
    else this.writeThrough(text);
  }

  private writeThrough(text: string): void {
    if (!this.closed) this.options.port.write(text);
  }

  /** Writes what a fault held back, rewritten; `final` at the end of the command, before the prompt. */
  private releaseHeld(final: boolean): void {
    const held = this.held;
    if (!held || (!final && held.text === '')) return;
    const text = held.text;
    held.text = '';
    if (final) this.held = undefined;
    this.writeThrough(held.transform(text, final));
  }

  private faultSurface(): FaultSurface {
    return {
      ask: (text) => this.ask({ text, unattended: 'n' }),
      drop: () => {
        this.close();
        this.options.port.drop();
      },
      closed: this.closedSignal.promise,
      holdOutput: (transform) => {
        this.held = { text: '', transform };
        return () => this.releaseHeld(true);
      },
    };
  }

  private line(text = ''): void {
    this.write(`${text}\r\n`);
  }

  private end(): void {
    if (this.closed) return;
    this.close();
    this.options.port.end();
  }

  private async ask(question: Question): Promise<string> {
    if (!this.settings.prompting) return question.unattended;
    this.releaseHeld(false);
    this.writeThrough(question.text);
    const answer = await this.reader.readLine(this.echo);
    if (answer === INTERRUPT) throw new CommandInterrupted();
    return answer.trim();
  }

  /** docs/exos-cli.md §8.3: a page is the terminal height less the pager line; space = next page, q = stop. */
  private async page(lines: string[]): Promise<void> {
    const pageSize = (this.settings.pageLines ?? this.rows) - 1;
    if (!this.settings.paging || pageSize < 1) {
      for (const line of lines) this.line(line);
      return;
    }
    for (let start = 0; start < lines.length; start += pageSize) {
      if (start > 0) {
        this.write(TEXT.pagerPrompt);
        const key = await this.reader.readKey();
        this.write(TEXT.pagerClear);
        if (key === 'q' || key === 'Q' || key === '\x03') return;
      }
      for (const line of lines.slice(start, start + pageSize)) this.line(line);
    }
  }

  private async progress(count: number, chassisMs: number): Promise<void> {
    const { clock } = this.options;
    const batches = Math.max(1, Math.min(count, Math.floor(clock.scale(chassisMs) / PROGRESS_TICK_REAL_MS)));
    let written = 0;
    for (let batch = 1; batch <= batches; batch += 1) {
      await clock.sleep(chassisMs / batches);
      if (this.closed) throw new SessionClosed();
      const target = Math.round((count * batch) / batches);
      this.write('.'.repeat(target - written));
      written = target;
    }
  }
}
