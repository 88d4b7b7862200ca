// The real CLI in a real terminal: a tmux server of its own per test, since a new session on the socket of a server
// still shutting down after the last test's kill-server fails with "server exited unexpectedly".
import { execFileSync } from 'node:child_process';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface TmuxServers {
  /** A tmux command on the current test's server. */
  tmux(...args: string[]): string;
  /** A new server for this test, its one session `session` running `command` in a `columns` x `rows` window. */
  start(session: string, columns: number, rows: number, command: string): void;
  /** Ends the current server (nothing to do when it is gone already). */
  kill(): void;
}

export function tmuxServers(prefix: string): TmuxServers {
  let runs = 0;
  let socket = `${prefix}-${process.pid}-0`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  return {
    tmux,
    start(session, columns, rows, command) {
      socket = `${prefix}-${process.pid}-${++runs}`;
      tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), command);
    },
    kill() {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    },
  };
}

/** Polls `capture` until `predicate` holds; past `timeoutMs` fails with the last screen and what `explain` adds. */
export async function waitForScreen(capture: () => string, predicate: (screen: string) => boolean, timeoutMs = 30_000, explain = () => ''): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = capture();
    if (predicate(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`screen never matched; last screen:\n${screen}${explain()}`);
    await sleep(100);
  }
}
