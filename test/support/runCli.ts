// Runs the real CLI (bin/hitless.js and the bundle it runs, built once per test run by test/support/buildOnce.ts, as
// users run it) and collects what a user or a script would see.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EngineEvent } from '../../source/engine/events.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
/** The `hitless` command: `node ${HITLESS_BIN} ARGS...`, or a shell line starting with HITLESS_COMMAND. */
export const HITLESS_BIN = join(ROOT, 'bin', 'hitless.js');
export const HITLESS_COMMAND = `${process.execPath} ${HITLESS_BIN}`;

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  events: EngineEvent[];
}

export const tempDir = (prefix = 'hitless-test-') => mkdtempSync(join(tmpdir(), prefix));

export interface CliOptions {
  env?: Record<string, string>;
  /** Called with each JSON event as it arrives; may kill the child. */
  onEvent?: (event: EngineEvent, child: ChildProcess) => void;
  timeoutMs?: number;
  /** The folder the CLI runs in (default: the repository), where a relative --image ./FILE is looked for. */
  cwd?: string;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [HITLESS_BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    // A state folder of its own unless the test gives one: runs keep journals there by default, never in the user's.
    env: { ...process.env, CI: 'true', FORCE_COLOR: '0', XDG_STATE_HOME: tempDir('hitless-state-'), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let pending = '';
  const events: EngineEvent[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line) as EngineEvent;
      events.push(event);
      options.onEvent?.(event, child);
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolvePromise) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, events });
    });
  });
}
