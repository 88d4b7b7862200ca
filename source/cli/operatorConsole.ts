// The management console pane of the full-screen UI: the switch's output, and the operator's own `show` commands,
// typed while a confirmation waits and sent through the session hitless runs on (never while a command of hitless
// or another of the operator's runs). Typing at any other time rings the bell. A command that would hold the terminal
// (a monitor) is sent in its form that prints once, or refused; keys for a command of the operator's that is still
// running (Esc to leave a monitor) are sent only when asked for explicitly.
import type { SessionLike } from '../engine/sessionLike.js';
import { isShowCommand } from '../exos/commands.js';
import { operatorCommandPlan } from '../exos/terminalHolders.js';
import { ConsoleBuffer } from '../ui/consoleBuffer.js';
import { ConsoleLine } from './consoleLine.js';

const OPERATOR_COMMAND_IDLE_MS = 30_000;

const say = (text: string) => `\r\n% hitless: ${text}\r\n`;

export class OperatorConsole {
  readonly buffer: ConsoleBuffer;
  private readonly line = new ConsoleLine();
  private session?: SessionLike;
  private running?: string;
  private readonly listeners = new Set<() => void>();

  /** @param canType whether the operator may type now (a confirmation is waiting). */
  constructor(
    cols: number,
    private readonly canType: () => boolean,
  ) {
    this.buffer = new ConsoleBuffer({ cols, rows: 10 });
  }

  /** The session hitless runs on now; the operator's commands go through it. */
  readonly track = (session: SessionLike): void => {
    this.session = session;
  };

  /** An operator command is running: a confirmation must wait for it. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** The operator's command the switch has not yet returned to its prompt from. */
  readonly runningCommand = (): string | undefined => this.running;

  /** Tells `listener` when an operator command starts or ends; returns the function that stops telling. */
  readonly onChange = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly input = (data: string): void => {
    if (!this.canType()) {
      this.buffer.write('\x07');
      return;
    }
    const edit = this.line.feed(data);
    if (edit.echo) this.buffer.write(edit.echo);
    if (edit.submit !== undefined && edit.submit.trim() !== '') void this.run(edit.submit);
  };

  /** Keys the operator sends to the switch explicitly: only to a command of theirs that has not returned. */
  readonly sendKeys = (keys: string): void => {
    if (this.running === undefined || !this.session?.sendKeys(keys)) {
      this.buffer.write(say('the switch is at its prompt: keys are sent only to a command of yours that is still running'));
    }
  };

  /** Removes a half-typed line (a confirmation was answered). */
  eraseLine(): void {
    this.buffer.write(this.line.erase());
  }

  dispose(): void {
    this.buffer.dispose();
  }

  private async run(typed: string): Promise<void> {
    if (!isShowCommand(typed)) {
      this.buffer.write(say('only "show ..." commands can be typed here'));
      return;
    }
    if (this.running !== undefined) {
      this.buffer.write(say(`"${this.running}" has not returned yet: not sent (Ctrl-V Esc ends a monitor)`));
      return;
    }
    if (!this.session || this.session.closed) {
      this.buffer.write(say('no session to the switch now: not sent'));
      return;
    }
    const plan = operatorCommandPlan(typed);
    if (plan.kind === 'refused') {
      this.buffer.write(say(plan.reason));
      return;
    }
    if (plan.kind === 'rewritten') this.buffer.write(say(`"${typed.trim()}" starts ${plan.monitor}, which holds the terminal: sending "${plan.command}"`));
    this.setRunning(plan.command);
    this.buffer.scrollToBottom();
    try {
      await this.session.run(plan.command, { idleTimeoutMs: OPERATOR_COMMAND_IDLE_MS });
    } catch {
      // The console shows what happened; the engine notices a dead session on its next read.
    } finally {
      this.setRunning(undefined);
    }
  }

  private setRunning(command: string | undefined): void {
    this.running = command;
    for (const listener of [...this.listeners]) listener();
  }
}
