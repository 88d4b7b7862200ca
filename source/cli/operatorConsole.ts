// The management console pane of the full-screen UI: the switch's output, and the operator's own `show` commands,
// typed while a confirmation waits and sent through the session hitless runs on (never while a command of hitless
// or another of the operator's runs). Typing at any other time rings the bell.
import type { SessionLike } from '../engine/sessionLike.js';
import { isShowCommand } from '../exos/commands.js';
import { ConsoleBuffer } from '../ui/consoleBuffer.js';
import { ConsoleLine } from './consoleLine.js';

const OPERATOR_COMMAND_IDLE_MS = 30_000;

export class OperatorConsole {
  readonly buffer: ConsoleBuffer;
  private readonly line = new ConsoleLine();
  private session?: SessionLike;
  private commandRunning = false;

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
    return this.commandRunning;
  }

  readonly input = (data: string): void => {
    if (!this.canType()) {
      this.buffer.write('\x07');
      return;
    }
    const edit = this.line.feed(data);
    if (edit.echo) this.buffer.write(edit.echo);
    if (edit.submit !== undefined && edit.submit.trim() !== '') void this.run(edit.submit);
  };

  /** Removes a half-typed line (a confirmation was answered). */
  eraseLine(): void {
    this.buffer.write(this.line.erase());
  }

  dispose(): void {
    this.buffer.dispose();
  }

  private async run(command: string): Promise<void> {
    if (!isShowCommand(command)) {
      this.buffer.write(`\r\n% hitless: only "show ..." commands can be typed here\r\n`);
      return;
    }
    if (!this.session || this.session.closed || this.commandRunning) return;
    this.commandRunning = true;
    try {
      await this.session.run(command, { idleTimeoutMs: OPERATOR_COMMAND_IDLE_MS });
    } catch {
      // The console shows what happened; the engine notices a dead session on its next read.
    } finally {
      this.commandRunning = false;
    }
  }
}
