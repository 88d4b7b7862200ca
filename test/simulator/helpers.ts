// Test helpers: a simulator with a throw-away host key, and an ssh2 shell that can "send a line, read until
// the prompt or a question" without the product's session layer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterEach } from 'vitest';
import type { ClientChannel, ConnectConfig } from 'ssh2';
import { startSimulator, type RunningSimulator, type ScenarioName, type SimulatorOptions } from '../../source/simulator/index.js';

const { Client } = ssh2;

/** A prompt that ends everything received so far (after a line end, or after the pager's clear sequence). */
export const PROMPT = /(?:^|\r\n|\x1b\[K)(\* )?[\w.-]+\.(\d+) # $/;

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'hitless-sim-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A simulator at speed 0 whose host key lives in a temporary directory. */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const dir = tempDir();
  const simulator = await startSimulator({ speed: 0, hostKeyFile: join(dir.path, 'host_key'), ...options });
  return {
    ...simulator,
    close: async () => {
      await simulator.close();
      dir.remove();
    },
  };
}

/** A test simulator and a shell on it, at its first prompt. */
export async function startWithShell(options: SimulatorOptions, shellOptions: ShellOptions = {}): Promise<{ simulator: RunningSimulator; shell: ShellClient }> {
  const simulator = await startTestSimulator(options);
  const shell = await ShellClient.open(simulator.port, shellOptions);
  await shell.readUntilPrompt();
  return { simulator, shell };
}

export interface ShellOptions {
  username?: string;
  password?: string;
  privateKey?: string;
  rows?: number;
  cols?: number;
}

export class ShellClient {
  /** Output not consumed by a read yet. */
  private buffer = '';
  private waiters: (() => void)[] = [];
  ended = false;
  /** The shell channel or the whole connection has closed. */
  readonly closed: Promise<void>;

  private constructor(
    private readonly client: InstanceType<typeof Client>,
    private readonly stream: ClientChannel,
  ) {
    stream.on('data', (data: Buffer) => {
      this.buffer += data.toString('utf8');
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      const end = () => {
        this.ended = true;
        this.wake();
        resolve();
      };
      stream.on('close', end);
      client.on('close', end);
    });
  }

  static async open(port: number, options: ShellOptions = {}): Promise<ShellClient> {
    const client = new Client();
    const config: ConnectConfig = {
      host: '127.0.0.1',
      port,
      username: options.username ?? 'admin',
      readyTimeout: 10_000,
      ...(options.privateKey ? { privateKey: options.privateKey } : { password: options.password ?? 'admin' }),
    };
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', reject);
      client.connect(config);
    });
    client.on('error', () => {});
    const stream = await new Promise<ClientChannel>((resolve, reject) =>
      client.shell({ term: 'xterm', rows: options.rows ?? 500, cols: options.cols ?? 200 }, (err, channel) =>
        err ? reject(err) : resolve(channel),
      ),
    );
    return new ShellClient(client, stream);
  }

  /** Retries while the management IP is silent (failover gap), then opens a shell. */
  static async openWhenReachable(port: number, options: ShellOptions = {}): Promise<ShellClient> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await ShellClient.open(port, options);
      } catch (error) {
        if (attempt >= 200) throw error;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  }

  resize(rows: number, cols: number): void {
    this.stream.setWindow(rows, cols, 0, 0);
  }

  send(text: string): void {
    this.stream.write(text);
  }

  sendLine(line: string): void {
    this.send(`${line}\r`);
  }

  /** Everything up to and including the first match; throws if the connection ends first. */
  async readUntil(pattern: RegExp | string): Promise<string> {
    for (;;) {
      const end = this.matchEnd(pattern);
      if (end !== undefined) {
        const text = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end);
        return text;
      }
      if (this.ended) throw new Error(`connection closed before ${String(pattern)}; unread output: ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Output up to and including the next prompt (the prompt must end the output received so far). */
  async readUntilPrompt(): Promise<string> {
    return this.readUntil(PROMPT);
  }

  /** Output up to the next prompt, without the prompt. */
  async readOutput(): Promise<string> {
    return (await this.readUntilPrompt()).replace(PROMPT, '');
  }

  /** Sends a command and returns what came back before the next prompt, echo line included. */
  async run(command: string): Promise<string> {
    this.sendLine(command);
    return this.readOutput();
  }

  /** Sends a command and returns its output lines (without the echoed command and the prompt). */
  async runLines(command: string): Promise<string[]> {
    const text = await this.run(command);
    const lines = text.split('\r\n');
    if (lines[0] !== command) throw new Error(`expected the echo of ${JSON.stringify(command)}, got ${JSON.stringify(lines[0])}`);
    return lines.slice(1);
  }

  /** Everything still unread (waits until the connection has ended). */
  async rest(): Promise<string> {
    await this.closed;
    const text = this.buffer;
    this.buffer = '';
    return text;
  }

  close(): void {
    this.client.end();
  }

  private matchEnd(pattern: RegExp | string): number | undefined {
    if (typeof pattern === 'string') {
      const index = this.buffer.indexOf(pattern);
      return index < 0 ? undefined : index + pattern.length;
    }
    const match = pattern.exec(this.buffer);
    return match ? match.index + match[0].length : undefined;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** `show switch` node block, sliced at offsets 18 and 47 (docs/exos-cli.md §2.7). */
export function nodeColumns(showSwitchLines: string[]): Record<string, [string, string]> {
  const rows: Record<string, [string, string]> = {};
  for (const line of showSwitchLines) {
    const label = line.slice(0, 18).trim();
    if (!['Slot:', 'Current State:', 'Image Selected:', 'Image Booted:', 'Primary ver:', 'Secondary ver:'].includes(label)) continue;
    rows[label] = [line.slice(18, 47).trim(), line.slice(47).trim()];
  }
  return rows;
}

/** A simulated chassis and a shell on it per test, closed after each: `start(scenario)`, then `.simulator` and `.shell`. */
export function chassisPerTest() {
  let running: { simulator: RunningSimulator; shell: ShellClient } | undefined;
  afterEach(async () => {
    running?.shell.close();
    await running?.simulator.close();
    running = undefined;
  });
  const current = () => {
    if (!running) throw new Error('start(scenario) first');
    return running;
  };
  return {
    start: async (scenario: ScenarioName) => {
      running = await startWithShell({ scenario });
    },
    get simulator() {
      return current().simulator;
    },
    get shell() {
      return current().shell;
    },
    /** The shell on the new master after a failover (the old one went down with its MSM). */
    set shell(next: ShellClient) {
      current().shell = next;
    },
  };
}
