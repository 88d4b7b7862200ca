// A private tmux server for running the real CLI on a real terminal (pty), reading its screen and its process.
import { execFileSync } from 'node:child_process';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Tmux {
  private readonly socket = `hitless-bench-${process.pid}`;
  private serverStarted = false;

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /**
   * Starts `command` (exec'ed, so the pane's process is the command itself) in a new session of cols x rows, with CI
   * variables removed so Ink renders live. Returns the process id.
   */
  start(name: string, command: string, cols = 120, rows = 40): number {
    return this.newSession(name, `exec env -u CI -u CONTINUOUS_INTEGRATION ${command}`, cols, rows);
  }

  /**
   * Starts `command` as start does, with everything it writes to its terminal copied into `file` (tmux pipe-pane) from
   * its first byte: the pane's shell waits for a line before it execs the command, and gets it once the pipe is open.
   */
  startPiped(name: string, command: string, file: string, cols = 120, rows = 40): number {
    const pid = this.newSession(name, `read go; exec env -u CI -u CONTINUOUS_INTEGRATION ${command}`, cols, rows);
    this.tmux('pipe-pane', '-t', name, `cat > ${file}`);
    this.sendKeys(name, 'Enter');
    return pid;
  }

  private newSession(name: string, shellCommand: string, cols: number, rows: number): number {
    // tmux exits with its last session; a session that outlives the others keeps one server for the whole run.
    if (!this.serverStarted) this.tmux('new-session', '-d', '-s', 'keep-server', 'sleep 86400');
    this.serverStarted = true;
    this.tmux('new-session', '-d', '-s', name, '-x', String(cols), '-y', String(rows), shellCommand);
    return Number(this.tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim());
  }

  capture(name: string): string {
    return this.tmux('capture-pane', '-p', '-t', name);
  }

  sendKeys(name: string, ...keys: string[]): void {
    this.tmux('send-keys', '-t', name, ...keys);
  }

  /** Polls the screen until `predicate` holds; returns the screen and when it was first seen (performance.now()). */
  async waitFor(name: string, predicate: (screen: string) => boolean, timeoutMs = 20_000, pollMs = 5): Promise<{ screen: string; at: number }> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const screen = this.capture(name);
      if (predicate(screen)) return { screen, at: performance.now() };
      if (performance.now() > deadline) throw new Error(`tmux ${name}: screen never matched; last screen:\n${screen}`);
      await sleep(pollMs);
    }
  }

  kill(name: string): void {
    try {
      this.tmux('kill-session', '-t', name);
    } catch {
      // already gone
    }
  }

  close(): void {
    if (!this.serverStarted) return;
    try {
      this.tmux('kill-server');
    } catch {
      // no server left
    }
  }
}
