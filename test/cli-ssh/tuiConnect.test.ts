// The full-screen console draws first and connects behind its first frame: the host-key and password questions of
// a real SSH login (the simulator, a fresh known_hosts, no --password-env) are dialogs answered by keys, and what is
// typed for the password reaches neither the screen nor the journal. Run in-process on a virtual terminal.
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import xtermHeadless from '@xterm/headless';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runUpgradeTui } from '../../source/cli/tuiRun.js';
import type { EngineEvent } from '../../source/engine/events.js';
import { parseUpgradeArgs } from '../../source/run/args.js';
import { withPreparedRun } from '../../source/run/prepareRun.js';
import { SCENARIOS, startSimulator, type RunningSimulator } from '../../source/simulator/index.js';
import { tempDir } from '../support/runCli.js';

const { Terminal } = xtermHeadless;
const PASSWORD = 'Tui-Dialog-pw7';

/** A 120x40 terminal whose screen is read back through a headless xterm; it keeps every byte written to it. */
class VirtualTerminal extends EventEmitter {
  readonly columns = 120;
  readonly rows = 40;
  readonly isTTY = true;
  written = '';
  // convertEol: a tty's output processing turns Ink's \n into CR LF.
  private readonly xterm = new Terminal({ cols: 120, rows: 40, allowProposedApi: true, convertEol: true });

  write = (data: string): boolean => {
    this.written += data;
    this.xterm.write(data);
    return true;
  };

  screen(): Promise<string> {
    return new Promise((resolve) =>
      this.xterm.write('', () => {
        const buffer = this.xterm.buffer.active;
        resolve(Array.from({ length: this.rows }, (_, i) => buffer.getLine(buffer.viewportY + i)?.translateToString(true).trimEnd() ?? '').join('\n'));
      }),
    );
  }

  dispose(): void {
    this.xterm.dispose();
  }
}

/** Keys as a terminal in raw mode delivers them: one chunk per write, read by Ink on 'readable'. */
class VirtualKeyboard extends EventEmitter {
  readonly isTTY = true;
  private readonly queue: string[] = [];
  type(data: string): void {
    this.queue.push(data);
    this.emit('readable');
  }
  read = (): string | null => this.queue.shift() ?? null;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

const running: Array<{ close(): unknown }> = [];
let terminal: VirtualTerminal;
let keyboard: VirtualKeyboard;
let home: string;
beforeEach(() => {
  terminal = new VirtualTerminal();
  keyboard = new VirtualKeyboard();
  home = tempDir('hitless-tui-home-');
  vi.stubEnv('HOME', home);
  vi.stubEnv('XDG_STATE_HOME', join(home, 'state'));
  vi.stubEnv('SSH_AUTH_SOCK', '');
  vi.stubEnv('LANG', 'C.UTF-8');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  terminal.dispose();
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function screenShowing(text: string | RegExp, timeoutMs = 15_000): Promise<string> {
  let last = '';
  await vi.waitFor(
    async () => {
      last = await terminal.screen();
      expect(last).toMatch(text);
    },
    { timeout: timeoutMs, interval: 20 },
  );
  return last;
}

function startTui(args: string[]): { events: EngineEvent[]; exit: Promise<number> } {
  const events: EngineEvent[] = [];
  const options = parseUpgradeArgs([...args, '--ssh-config', join(home, 'no-ssh-config'), '--known-hosts', join(home, 'known_hosts')]);
  writeFileSync(join(home, 'no-ssh-config'), '');
  const exit = withPreparedRun(options, (run) =>
    runUpgradeTui(run, [(event) => events.push(event)], {
      terminal: terminal as unknown as NodeJS.WriteStream,
      stdin: keyboard as unknown as NodeJS.ReadStream,
    }),
  );
  return { events, exit };
}

describe('the full-screen console connects behind its first frame', () => {
  it('asks the unknown host key and the password in dialogs, answered by keys; the password is never drawn or journaled', { timeout: 60_000 }, async () => {
    const sim: RunningSimulator = await startSimulator({
      scenario: 'happy',
      speed: 0,
      hostKeyFile: join(home, 'sim_host_key'),
      users: [{ username: 'ops', password: PASSWORD }],
    });
    running.push(sim);
    const { events, exit } = startTui(['--host', '127.0.0.1', '--port', String(sim.port), '--user', 'ops', '--image', SCENARIOS.happy.suggested.image, '--poll', '0.05']);

    const hostKey = await screenShowing('Unknown host key');
    expect(hostKey).toContain(`The authenticity of host '[127.0.0.1]:${sim.port}' can't be established.`);
    expect(hostKey).toContain(sim.hostKeyFingerprints.A);
    expect(hostKey).toMatch(/MSM A .*waiting for show switch/);
    expect(hostKey).toMatch(/connecting for/);
    keyboard.type('x'); // not an answer: the dialog stays
    keyboard.type('y');

    const password = await screenShowing("ops@127.0.0.1's password:");
    expect(password).toContain('nothing you type is shown');
    // q and c would quit or confirm on the screen beneath: here they are part of the password.
    for (const char of `${PASSWORD}qc`) keyboard.type(char);
    keyboard.type('\x7f');
    keyboard.type('\x7f');
    expect(await screenShowing('typed (hidden')).not.toContain(PASSWORD);
    keyboard.type('\r');

    await screenShowing('[c] confirm');
    expect(readFileSync(join(home, 'known_hosts'), 'utf8')).toContain(`[127.0.0.1]:${sim.port} ssh-ed25519 `);
    keyboard.type('a');
    await screenShowing(/finished, exit 4/);
    keyboard.type('q');
    expect(await exit).toBe(4);

    expect(terminal.written).not.toContain(PASSWORD);
    expect(terminal.written).not.toContain(PASSWORD.slice(0, 6));
    expect(JSON.stringify(events)).not.toContain(PASSWORD.slice(0, 6));
    expect(events.find((event) => event.type === 'confirm-response')).toMatchObject({ answer: 'abort', by: 'key a' });
    expect(sim.commandLog.map((record) => record.command)).not.toContainEqual(expect.stringMatching(/^(download|reboot|run msm-failover)/));
  });

  it('at the reconnect after failover, MSM-B showing its own key is asked in a dialog too, and pinned for MSM-B', { timeout: 90_000 }, async () => {
    const sim: RunningSimulator = await startSimulator({ scenario: 'happy', speed: 0, hostKeyFile: join(home, 'sim_host_key'), hostKeyPerMsm: true });
    running.push(sim);
    vi.stubEnv('HITLESS_TUI_PW', 'admin');
    const { events, exit } = startTui([
      '--host', '127.0.0.1', '--port', String(sim.port), '--user', 'admin', '--password-env', 'HITLESS_TUI_PW',
      '--image', SCENARIOS.happy.suggested.image, '--poll', '0.05',
    ]);
    const { A, B } = sim.hostKeyFingerprints;
    expect((await screenShowing('Unknown host key'))).toContain(A);
    keyboard.type('y');
    for (let confirmed = 0; ; confirmed++) {
      const screen = await screenShowing(/\[c\] confirm|Host key changed/, 30_000);
      if (screen.includes('Host key changed')) {
        expect(screen).toContain("Host key changed: MSM-B's own key?");
        expect(screen).toContain(`MSM-A's key ${A} is`);
        expect(screen).toContain(B);
        expect(screen).toContain("[y] trust it as MSM-B's key and connect");
        break;
      }
      expect(confirmed).toBeLessThan(5);
      const command = /\$ (.+?)\s*│/.exec(screen)?.[1];
      keyboard.type('c');
      await vi.waitFor(async () => expect(await terminal.screen()).not.toContain(`$ ${command}`), { timeout: 15_000, interval: 20 });
    }
    keyboard.type('y');
    await screenShowing(/Install \S+ on MSM-A/, 30_000);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'warning', message: `host key changed at failover: now MSM-B's key ${B}, seen for the first time and pinned for MSM-B (MSM-A's: ${A})` }),
    );
    keyboard.type('a');
    await screenShowing(/finished, exit 4/);
    keyboard.type('q');
    expect(await exit).toBe(4);
  });

  it('a chassis another live run holds: stops at its lock before logging in, exit 2 naming that run', { timeout: 30_000 }, async () => {
    const sim: RunningSimulator = await startSimulator({ scenario: 'happy', speed: 0, hostKeyFile: join(home, 'sim_host_key') });
    running.push(sim);
    // This test's own process holds the lock: alive for as long as the run looks.
    const runs = join(home, 'state', 'hitless', 'runs');
    mkdirSync(runs, { recursive: true });
    const since = new Date().toISOString();
    writeFileSync(join(runs, `127.0.0.1_${sim.port}.lock`), JSON.stringify({ pid: process.pid, hostname: hostname(), since, journal: '/var/tmp/first.jsonl' }));
    vi.stubEnv('HITLESS_TUI_PW', 'admin');
    const { exit } = startTui([
      '--host', '127.0.0.1', '--port', String(sim.port), '--user', 'admin', '--password-env', 'HITLESS_TUI_PW', '--accept-new',
      '--image', SCENARIOS.happy.suggested.image,
    ]);
    await expect(exit).rejects.toMatchObject({
      exitCode: 2,
      message: `127.0.0.1:${sim.port} is being upgraded by another hitless run (process ${process.pid} on ${hostname()}, since ${since}, journal /var/tmp/first.jsonl): let it finish or stop it, then run again (lock ${join(runs, `127.0.0.1_${sim.port}.lock`)})`,
    });
    // No session was opened: not even the session set-up reached the switch.
    expect(sim.commandLog).toEqual([]);
  });

  it('draws the chassis as connecting before the switch answers; q then leaves with exit 4 and hangs up', { timeout: 30_000 }, async () => {
    // Accepts the TCP connection and never says a word: the SSH handshake waits (up to --step-timeout).
    const held: Socket[] = [];
    let hungUp = false;
    const silent: Server = createServer((socket) => {
      held.push(socket);
      // Read (and ignore) what the client says, so its hang-up is seen.
      socket.resume().on('close', () => (hungUp = true));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    running.push({ close: () => (held.forEach((socket) => socket.destroy()), silent.close()) });
    const port = (silent.address() as { port: number }).port;
    const { events, exit } = startTui(['--host', '127.0.0.1', '--port', String(port), '--user', 'ops', '--image', SCENARIOS.happy.suggested.image]);

    const first = await screenShowing(/MSM A .*waiting for show switch/);
    expect(first).toMatch(/MSM B .*waiting for show switch/);
    expect(first).toMatch(/connecting for \d+s \(attempt 1\)/);
    expect(first).toContain('No step started yet.');
    await vi.waitFor(() => expect(held).toHaveLength(1), { timeout: 10_000 });
    keyboard.type('q');
    await expect(exit).rejects.toMatchObject({ kind: 'stopped', exitCode: 4, message: 'stopped by the operator while connecting, before the first step' });
    expect(events.map((event) => event.type)).toEqual(['error']);
    // The SSH attempt is given up at once, not left to its connect timeout (the process could not exit until then).
    await vi.waitFor(() => expect(hungUp).toBe(true), { timeout: 2000 });
  });
});
