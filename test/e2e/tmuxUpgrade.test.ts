// The real CLI in a real terminal (tmux): a person's whole happy-path upgrade by keyboard (the checklist and the
// console visible around each dialog at 120x40), then quitting, and the summary left on the normal screen; quitting
// during a download; c waiting for the operator's own command the switch has not answered yet (a relay holds the
// switch's output); keys pressed while the terminal is too small; the screen on an ASCII-only and a colourless
// terminal.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SCENARIOS, startSimulator } from '../../source/simulator/index.js';
import { SIMULATED_IMAGE_BYTES } from '../../source/simulator/scenarios.js';
import { HITLESS_COMMAND, ROOT, tempDir } from '../support/runCli.js';
import { sleep, tmuxServers, waitForScreen as waitForScreenOf } from '../support/tmuxServers.js';

const servers = tmuxServers('hitless-e2e');
const { tmux } = servers;
const capture = () => tmux('capture-pane', '-p', '-t', 'e2e');
/** The pane with its colours and attributes as escape sequences. */
const captureStyled = () => tmux('capture-pane', '-p', '-e', '-t', 'e2e');
const resize = (cols: number, rows: number) => tmux('resize-window', '-t', 'e2e', '-x', String(cols), '-y', String(rows));
const paneFlags = () => tmux('display-message', '-p', '-t', 'e2e', '#{alternate_on} #{cursor_flag}').trim();
const waitForScreen = (predicate: (screen: string) => boolean, timeoutMs?: number) =>
  waitForScreenOf(capture, predicate, timeoutMs, () => `\n${lastJournalEvents()}\n${hitlessProcessState()}`);

/** The screen once it differs from `before` and has stopped changing (a frame is not caught half drawn). */
async function settledScreen(before: string): Promise<string> {
  let last = await waitForScreen((s) => s !== before, 5_000).catch(() => capture());
  for (;;) {
    await sleep(200);
    const now = capture();
    if (now === last) return now;
    last = now;
  }
}

/** Presses `key` until a screen matches `done` (at most 20 times); every screen seen, `start` first. */
async function pageUntil(start: string, key: string, done: (screen: string) => boolean): Promise<string[]> {
  const screens = [start];
  while (screens.length <= 20 && !done(screens.at(-1)!)) {
    tmux('send-keys', '-t', 'e2e', key);
    screens.push(await settledScreen(screens.at(-1)!));
  }
  return screens;
}

/**
 * `locale`: the environment the operator's shell gives hitless (UTF-8 unless a test says otherwise); `chassis`: the
 * connection options (the embedded simulator unless a test says otherwise). CI is set, as a build job's environment
 * may leave it: the screen must be drawn all the same.
 */
function startHitless(cols: number, rows: number, extra = '', locale = 'LANG=C.UTF-8', chassis = '--simulate happy --speed 0'): string {
  const dir = tempDir();
  stateHome = dir;
  const exitFile = join(dir, 'exit-code');
  const command =
    `cd ${ROOT} && unset LC_ALL LC_CTYPE NO_COLOR && export CI=true && printf 'shell-before-hitless\\n' && ` +
    `env ${locale} XDG_STATE_HOME=${dir} ${HITLESS_COMMAND} upgrade ${chassis} --poll 0.05 ${extra}; ` +
    `echo $? > ${exitFile}; printf 'shell-after-hitless\\n'; sleep 600`;
  servers.start('e2e', cols, rows, command);
  return exitFile;
}

/** XDG_STATE_HOME of the latest run: its journal is kept there by default. */
let stateHome = '';
const defaultJournal = () => new RegExp(`journal {3}(?:\\(on the next line, whole\\)\\n)?${stateHome}/hitless/journals/simulated-happy-\\d{8}T\\d{6}Z-\\d+\\.jsonl`);

/** For a screen that never matched: where the run had got to, from the tail of the latest run's default journal. */
function lastJournalEvents(): string {
  const directory = join(stateHome, 'hitless', 'journals');
  const file = existsSync(directory) ? readdirSync(directory).at(-1) : undefined;
  if (!file) return 'no journal yet';
  const tail = journalEvents(join(directory, file)).slice(-8).map((event) => JSON.stringify(event).slice(0, 160));
  return `last journal events (${file}):\n${tail.join('\n')}`;
}

/** For a screen that never matched: whether hitless runs, sleeps or waits on the disk (/proc's state and wait channel). */
function hitlessProcessState(): string {
  try {
    const shell = tmux('display-message', '-p', '-t', 'e2e', '#{pane_pid}').trim();
    const children = readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return children
      .map((pid) => {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
        const wchan = existsSync(`/proc/${pid}/wchan`) ? readFileSync(`/proc/${pid}/wchan`, 'utf8') : '?';
        return `process ${pid}: state ${state}, waiting in ${wchan || '-'}`;
      })
      .join('\n');
  } catch (error) {
    return `process state unknown: ${(error as Error).message}`;
  }
}

/** What the terminal holds between the shell's lines before and after hitless, rows the terminal wrapped joined. */
function leftOnScreen(): string {
  const screen = tmux('capture-pane', '-p', '-J', '-t', 'e2e');
  return screen.slice(screen.indexOf('shell-before-hitless'), screen.indexOf('shell-after-hitless'));
}

const journalEvents = (file: string): { type: string; command?: string }[] =>
  existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string }) : [];

/** The first event of `type` in `file`, waiting up to 15 s for it to be written. */
async function journalEvent(file: string, type: string): Promise<Record<string, unknown> | undefined> {
  const deadline = Date.now() + 15_000;
  const find = () => journalEvents(file).find((event) => event.type === type);
  while (!find() && Date.now() < deadline) await sleep(100);
  return find();
}

/**
 * A TCP relay to the switch whose answers can be held back (the test's stand-in for a switch slow to answer); held for
 * a few seconds at most, well within SSH keepalive's patience.
 */
async function slowLink(targetPort: number): Promise<{ port: number; hold(): void; release(): void; close(): void }> {
  let held: Array<() => void> | undefined;
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const server = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(server);
    client.on('data', (chunk) => server.write(chunk));
    server.on('data', (chunk) => (held ? held.push(() => client.write(chunk)) : client.write(chunk)));
    const end = () => [client, server].forEach((socket) => socket.destroy());
    client.on('close', end).on('error', end);
    server.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    port: (relay.address() as AddressInfo).port,
    hold: () => {
      held = [];
    },
    release: () => {
      const writes = held ?? [];
      held = undefined;
      writes.forEach((write) => write());
    },
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      relay.close();
    },
  };
}

afterEach(() => servers.kill());

describe('the full-screen console in tmux', () => {
  it('performs the whole upgrade by keyboard, flips the panes at failover, and restores the terminal on quit', async () => {
    const exitFile = startHitless(120, 40);
    const first = await waitForScreen((s) => s.includes('[c] confirm'));
    expect(first).toMatch(/MSM A \(you\)\s+★ MASTER/);
    expect(first).toMatch(/MSM B\s+● BACKUP ✓ In Sync/);
    expect(paneFlags()).toMatch(/^1 /);
    // At 120x40 the dialog takes only the rows it needs: the header, the checklist above it and the console below stay.
    expect(first.split('\n')[0]).toMatch(/ · \S+ → \S+ · run (<1m|\d+m) · /);
    const rows = first.split('\n');
    const dialogTop = rows.findIndex((row) => row.includes('[c] confirm'));
    expect(rows.findIndex((row) => row.includes('[x] Preflight checks'))).toBeGreaterThan(0);
    expect(rows.findIndex((row) => row.includes('[x] Preflight checks'))).toBeLessThan(dialogTop);
    expect(rows.findIndex((row) => row.includes('── Console'))).toBeGreaterThan(dialogTop);

    const confirmed: string[] = [];
    let sawFlip = false;
    for (;;) {
      const screen = await waitForScreen((s) => s.includes('[c] confirm') || s.includes('finished, exit'), 30_000);
      sawFlip ||= /MSM B \(you\)\s+★ MASTER/.test(screen);
      if (screen.includes('finished, exit')) {
        expect(screen).toContain('finished, exit 0');
        break;
      }
      const command = /\$ (.+?)\s*│/.exec(screen)?.[1];
      expect(command).toBeDefined();
      if (confirmed.at(-1) !== command || !screen.includes('[c] confirm')) confirmed.push(command!);
      tmux('send-keys', '-t', 'e2e', 'c');
      await waitForScreen((s) => !s.includes(`$ ${command}`) || !s.includes('[c] confirm'), 15_000).catch(() => undefined);
    }
    expect(confirmed[0]).toMatch(/^download image 10\.0\.0\.5 \S+ vr "VR-Mgmt" secondary msm B$/);
    expect(confirmed).toContain('reboot msm B');
    expect(confirmed).toContain('run msm-failover');
    expect(confirmed).toContain('reboot msm A');
    expect(confirmed).not.toContain('reboot');
    expect(sawFlip).toBe(true);

    const done = capture();
    expect(done).toMatch(/MSM A\s+● BACKUP ✓ In Sync/);
    expect(done).toMatch(/MSM B \(you\)\s+★ MASTER/);

    // c with nothing to confirm: the status line says so as one message, set apart from the connection state.
    tmux('send-keys', '-t', 'e2e', 'c');
    const noted = await waitForScreen((s) => s.includes('no confirmation is waiting'));
    const statusLine = noted.trimEnd().split('\n').at(-1)!;
    expect(statusLine).toMatch(/^● connected · c: no confirmation is waiting {2,}/);

    tmux('send-keys', '-t', 'e2e', 'q');
    const after = await waitForScreen((s) => s.includes('shell-after-hitless'));
    expect(after).toContain('shell-before-hitless');
    expect(paneFlags()).toBe('0 1');
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
    // The summary stays on the normal screen: outcome, both MSMs as last seen, what next, the journal kept by default.
    const summary = leftOnScreen();
    expect(summary).toMatch(/hitless upgrade to bd8800-15\.3\.5\.2-patch1-5\.xos \(15\.3\.5\.2-patch1-5\) on 127\.0\.0\.1:\d+/);
    expect(summary).toContain('outcome   exit 0: done');
    expect(summary).toMatch(/MSM-A {5}BACKUP \(In Sync\) · booted secondary: 15\.3\.5\.2-patch1-5/);
    expect(summary).toMatch(/MSM-B {5}MASTER · booted secondary: 15\.3\.5\.2-patch1-5 · logged in/);
    expect(summary).toContain('next      nothing: the run is complete');
    expect(summary).toMatch(defaultJournal());
  }, 120_000);

  it('Ctrl+C asks before abandoning a run, then exits 4 with the terminal restored (80x24)', async () => {
    const exitFile = startHitless(80, 24);
    const screen = await waitForScreen((s) => s.includes('[c] confirm'));
    expect(screen.split('\n').every((line) => line.length <= 80)).toBe(true);
    tmux('send-keys', '-t', 'e2e', 'C-c');
    await waitForScreen((s) => s.includes('Quit hitless?') && s.includes('has not been sent, and will not be') && s.includes('[y] quit'));
    tmux('send-keys', '-t', 'e2e', 'y');
    const after = await waitForScreen((s) => s.includes('shell-after-hitless'));
    expect(after).toContain('shell-before-hitless');
    expect(paneFlags()).toBe('0 1');
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('4');
    const summary = leftOnScreen();
    expect(summary).toContain('outcome   exit 4: stopped in a safe state');
    expect(summary).toContain('stopped   stopped by the operator');
    expect(summary).toMatch(/MSM-A {5}MASTER · booted primary: 15\.3\.1\.4/);
    expect(summary).toMatch(/MSM-B {5}BACKUP \(In Sync\) · booted primary: 15\.3\.1\.4/);
    // --simulate: the simulated chassis ended with the run; a rerun starts again on a new one.
    expect(summary).toContain('next      rerun the same command to start again on a new simulated');
    expect(summary).toMatch(defaultJournal());
  }, 90_000);

  it('quit during a download: the question says the switch carries on; the screen stays up, saying it waits, until the transfer ended', async () => {
    const journal = join(tempDir(), 'run.jsonl');
    const exitFile = startHitless(100, 30, `--journal ${journal}`, 'LANG=C.UTF-8', '--simulate happy --speed 0.2');
    await waitForScreen((s) => s.includes('on MSM-B (secondary)'));
    tmux('send-keys', '-t', 'e2e', 'c');
    await waitForScreen((s) => /now +installing to secondary/.test(s));
    tmux('send-keys', '-t', 'e2e', 'q');
    const question = await waitForScreen((s) => s.includes('Quit hitless?'));
    expect(question.replace(/[│\s]+/g, ' ')).toContain('The switch carries on with that transfer: hitless does not cut it.');
    tmux('send-keys', '-t', 'e2e', 'y');
    await waitForScreen((s) => s.includes('stopping: waiting for the transfer to MSM-B to end, then exit 4'));
    // Longer than the UI used to last after a quit: still drawn, still saying what it waits for.
    await sleep(4000);
    const waiting = capture();
    expect(paneFlags()).toMatch(/^1 /);
    expect(waiting).toContain('stopping: waiting for the transfer to MSM-B to end, then exit 4');
    expect(existsSync(exitFile)).toBe(false);
    await waitForScreen((s) => s.includes('shell-after-hitless'), 60_000);
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('4');
    const summary = leftOnScreen();
    expect(summary).toContain('outcome   exit 4: stopped in a safe state');
    // --simulate: the simulated chassis ended with the run; a rerun starts again on a new one.
    expect(summary).toContain('next      rerun the same command to start again on a new simulated');
    expect(summary).toContain(`journal   ${journal}`);
    // The transfer ended on its own; nothing was sent after the quit.
    expect(journalEvents(journal).filter((event) => event.type === 'command').map((event) => event.command)).toEqual([expect.stringMatching(/^download image /)]);
  }, 120_000);

  it('a dialog hidden by a too-small terminal takes no key: c, y and a pressed at 79x24 and 60x20 send nothing', async () => {
    const journal = join(tempDir(), 'run.jsonl');
    startHitless(120, 40, `--journal ${journal}`);
    await waitForScreen((s) => s.includes('on MSM-B (secondary)'));
    for (const [cols, rows] of [[79, 24], [60, 20], [80, 23]] as const) {
      resize(cols, rows);
      await waitForScreen((s) => /too small/.test(s) && s.replace(/\s+/g, ' ').includes(`have ${cols}x${rows}`));
      for (const key of ['c', 'y', 's', 'a', 'Enter']) tmux('send-keys', '-t', 'e2e', key);
      await sleep(1000);
    }
    resize(120, 40);
    const back = await waitForScreen((s) => s.includes('on MSM-B (secondary)'));
    expect(back).toMatch(/\$ download image 10\.0\.0\.5 \S+ vr "VR-Mgmt" secondary msm B/);
    const events = journalEvents(journal);
    expect(events.filter((event) => event.type === 'confirm-response' || event.type === 'command')).toEqual([]);
    expect(events.some((event) => event.type === 'confirm-request')).toBe(true);

    // Shown whole again, the same dialog takes c.
    tmux('send-keys', '-t', 'e2e', 'c');
    const sent = async () => journalEvents(journal).find((event) => event.type === 'command')?.command;
    const deadline = Date.now() + 15_000;
    while (!(await sent()) && Date.now() < deadline) await sleep(100);
    expect(await sent()).toMatch(/^download image /);
    tmux('send-keys', '-t', 'e2e', 'q');
    tmux('send-keys', '-t', 'e2e', 'y');
  }, 90_000);

  it('with LANG=C LC_ALL=C TERM=vt100 every byte on screen is ASCII, with the same layout; NO_COLOR leaves no colour', async () => {
    startHitless(80, 24, '', 'LANG=C LC_ALL=C TERM=vt100 NO_COLOR=1');
    const screen = await waitForScreen((s) => s.includes('on MSM-B (secondary)'));
    expect([...Buffer.from(screen, 'utf8')].filter((byte) => byte > 0x7e)).toEqual([]);
    expect(screen).toMatch(/^\+-{78}\+$/m);
    expect(screen).toContain('[c] confirm');
    tmux('send-keys', '-t', 'e2e', 'Escape');
    const main = await waitForScreen((s) => s.includes('Preflight checks'));
    expect([...Buffer.from(main, 'utf8')].filter((byte) => byte > 0x7e)).toEqual([]);
    expect(main).toMatch(/MSM A \(you\)\s+\* MASTER\s+MSM B\s+o BACKUP \+ In Sync/);
    // Colour codes: SGR 30-37, 38;..., 39 aside, 90-97 (and the backgrounds); bold, dim and inverse may stay.
    expect(captureStyled()).not.toMatch(/\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7]|4[0-8]|10[0-7])(?:;[0-9;]*)?m/);
    tmux('send-keys', '-t', 'e2e', 'q');
    tmux('send-keys', '-t', 'e2e', 'y');
  }, 90_000);

  it('console input cannot trap the run: show ports is sent as no-refresh, PgUp/arrows never reach the switch, Ctrl-U erases, then Esc and c confirm', async () => {
    const journal = join(tempDir(), 'run.jsonl');
    startHitless(120, 40, `--journal ${journal}`);
    await waitForScreen((s) => s.includes('on MSM-B (secondary)') && s.includes('[c] confirm'));
    tmux('send-keys', '-t', 'e2e', 'Tab');
    await waitForScreen((s) => s.includes('CONSOLE INPUT —'));
    tmux('send-keys', '-t', 'e2e', '-l', 'show ports');
    tmux('send-keys', '-t', 'e2e', 'Enter');
    // The switch is back at its prompt after the table; hitless's note is above it (PgUp scrolls there).
    // (The health check's own show ports no-refresh is on screen already: wait for the operator's to have ended too.)
    await sleep(1500);
    const back = await settledScreen(await waitForScreen((s) => s.includes('Link State:') && /BD-8810\.\d+ #\s*$/m.test(s)));
    expect(back).not.toContain('ESC->exit');
    const note = await pageUntil(back, 'PPage', (screen) => screen.includes('sending "show ports no-refresh"'));
    expect(note.at(-1)).toContain('% hitless: "show ports" starts the port summary monitor, which holds the terminal: sending "show ports no-refresh"\nshow ports no-refresh');
    // Keys that are not text: scrolled or edited, never typed into the line.
    tmux('send-keys', '-t', 'e2e', '-l', 'garbage');
    tmux('send-keys', '-t', 'e2e', 'C-u');
    tmux('send-keys', '-t', 'e2e', '-l', 'show swtch');
    tmux('send-keys', '-t', 'e2e', 'PPage', 'NPage', 'Up', 'Down', 'Left', 'Left', 'Left');
    tmux('send-keys', '-t', 'e2e', '-l', 'i');
    tmux('send-keys', '-t', 'e2e', 'End', 'Enter');
    const end = await settledScreen(await waitForScreen((s) => s.includes('Config Booted:') && /BD-8810\.\d+ #\s*$/m.test(s)));
    const shown = (await pageUntil(end, 'PPage', (screen) => /# show switch\s*$/m.test(screen))).join('\n');
    expect(shown).toMatch(/BD-8810\.\d+ # show switch\s*$/m);
    expect(shown).not.toMatch(/Invalid input|\[5~|\[6~|\[[ABCD](?!uto)|garbage/);
    tmux('send-keys', '-t', 'e2e', 'Escape');
    await waitForScreen((s) => !s.includes('CONSOLE INPUT —') && s.includes('[c] confirm'));
    tmux('send-keys', '-t', 'e2e', 'c');
    expect(await journalEvent(journal, 'confirm-response')).toMatchObject({ answer: 'confirm', by: 'key c' });
    tmux('send-keys', '-t', 'e2e', 'q');
    tmux('send-keys', '-t', 'e2e', 'y');
  }, 90_000);

  it("c waits while the operator's own command has not returned, and says why; once the switch answers, c confirms", async () => {
    const dir = tempDir();
    const journal = join(dir, 'run.jsonl');
    const sim = await startSimulator({ scenario: 'happy', speed: 0, hostKeyFile: join(dir, 'sim_host_key') });
    const link = await slowLink(sim.port);
    try {
      const connection = `--host 127.0.0.1 --port ${link.port} --user admin --password-env HITLESS_E2E_PW --known-hosts ${join(dir, 'known_hosts')} --accept-new`;
      startHitless(120, 40, `--image ${SCENARIOS.happy.suggested.image} --journal ${journal}`, 'LANG=C.UTF-8 HITLESS_E2E_PW=admin', connection);
      await waitForScreen((s) => s.includes('on MSM-B (secondary)') && s.includes('[c] confirm'));
      tmux('send-keys', '-t', 'e2e', 'Tab');
      await waitForScreen((s) => s.includes('CONSOLE INPUT —'));
      // The switch is slow to answer (a busy CPU, a slow link): what it prints is held back until the test lets it through.
      link.hold();
      tmux('send-keys', '-t', 'e2e', '-l', 'show version');
      tmux('send-keys', '-t', 'e2e', 'Enter');
      tmux('send-keys', '-t', 'e2e', 'Escape');
      await waitForScreen((s) => s.includes('c waits: the switch has not returned from "show version"'), 5_000);
      tmux('send-keys', '-t', 'e2e', 'c');
      const refused = await waitForScreen((s) => s.includes('c waits until the switch returns from "show version"'), 5_000);
      expect(refused).not.toContain('[c] confirm');
      expect(journalEvents(journal).filter((event) => event.type === 'confirm-response')).toEqual([]);
      link.release();
      await waitForScreen((s) => s.includes('[c] confirm') && !s.includes('c waits'));
      tmux('send-keys', '-t', 'e2e', 'c');
      expect(await journalEvent(journal, 'confirm-response')).toMatchObject({ answer: 'confirm', by: 'key c' });
      expect(sim.commandLog.map((entry) => entry.command)).toContain('show version');
    } finally {
      link.close();
      await sim.close();
    }
  }, 90_000);

  it('at 80x24 a dialog taller than its room pages: c is refused until PgDn has shown every line, then counts', async () => {
    const journal = join(tempDir(), 'run.jsonl');
    startHitless(80, 24, `--journal ${journal}`);
    const first = await waitForScreen((s) => s.includes('on MSM-B (secondary)') && s.includes('[c] confirm'));
    expect(first).toMatch(/↓ \d+ more lines?: PgDn or ↓ \(c counts once all is read\)/);
    tmux('send-keys', '-t', 'e2e', 'c');
    await waitForScreen((s) => /PgDn first: \d+ more lines? to read/.test(s));
    await sleep(1000);
    expect(journalEvents(journal).filter((event) => event.type === 'confirm-response')).toEqual([]);
    const pages = await pageUntil(first, 'NPage', (screen) => screen.includes('all read'));
    expect(pages.at(-1)).toMatch(/↑ all read \(lines \d+-\d+ of \d+\)/);
    const seen = pages.join('\n');
    for (const evidence of ['MSM-B is BACKUP (In Sync)', 'MSM-A is MASTER', 'If the switch asks, hitless answers:', 'Do you want to install image after downloading?']) expect(seen).toContain(evidence);
    tmux('send-keys', '-t', 'e2e', 'c');
    expect(await journalEvent(journal, 'confirm-response')).toMatchObject({ answer: 'confirm', by: 'key c' });
    tmux('send-keys', '-t', 'e2e', 'q');
    tmux('send-keys', '-t', 'e2e', 'y');
  }, 90_000);

  for (const term of ['vt100', 'dumb']) {
    it(`TERM=${term}: no colours, no alternate screen, no synchronized output or hidden cursor on the wire`, async () => {
      const wire = join(tempDir(), 'wire.bin');
      startHitless(80, 24, '', `LANG=C.UTF-8 TERM=${term}`);
      tmux('pipe-pane', '-o', '-t', 'e2e', `cat >> ${wire}`);
      await waitForScreen((s) => s.includes('[c] confirm'));
      expect(paneFlags()).toMatch(/^0 /);
      tmux('send-keys', '-t', 'e2e', 'q');
      await waitForScreen((s) => s.includes('Quit hitless?'));
      tmux('send-keys', '-t', 'e2e', 'y');
      await waitForScreen((s) => s.includes('shell-after-hitless'));
      const bytes = readFileSync(wire, 'latin1');
      expect(bytes).toContain('Quit hitless?');
      expect(bytes).not.toMatch(/\x1b\[\?(?:1049|2026|25)[hl]/);
      expect(bytes).not.toMatch(/\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7]|4[0-8]|10[0-7])(?:;[0-9;]*)?m/);
    }, 60_000);
  }

  it('a switch that cannot be reached: the console leaves, and the one-line error and exit 2 are on the normal screen', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const exitFile = startHitless(120, 40, `--image ${SCENARIOS.happy.suggested.image}`, 'LANG=C.UTF-8 HITLESS_E2E_PW=x', `--host 127.0.0.1 --port ${port} --user admin --password-env HITLESS_E2E_PW`);
    const after = await waitForScreen((s) => s.includes('shell-after-hitless'));
    expect(after).toContain('shell-before-hitless');
    expect(after).toContain(`hitless: cannot reach 127.0.0.1:${port}: connection refused\nshell-after-hitless`);
    expect(paneFlags()).toBe('0 1');
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('2');
  }, 60_000);

  /** An image file on the operator's machine, as big as the simulated chassis installs: its absolute path. */
  const localImage = () => {
    const path = join(tempDir(), 'bd8800-15.3.5.2-patch1-5.xos');
    writeFileSync(path, Buffer.alloc(SIMULATED_IMAGE_BYTES, 7));
    return path;
  };

  it.each([
    { source: 'an image already on the switch (switch:FILE)', image: () => 'switch:bd8800-15.3.5.2-patch1-5.xos', scenario: 'image-on-switch' },
    { source: "an image on the operator's machine, copied over the login", image: localImage, scenario: 'happy' },
  ])('$source: each confirmation is an install image to the backup, the run ends done', async ({ image, scenario }) => {
    const exitFile = startHitless(120, 40, `--image ${image()}`, 'LANG=C.UTF-8', `--simulate ${scenario} --speed 0`);
    const confirmed: string[] = [];
    for (;;) {
      const screen = await waitForScreen((s) => s.includes('[c] confirm') || s.includes('finished, exit'), 30_000);
      if (screen.includes('finished, exit')) break;
      const command = /\$ (.+?)\s*│/.exec(screen)?.[1];
      expect(command).toBeDefined();
      if (confirmed.at(-1) !== command) confirmed.push(command!);
      tmux('send-keys', '-t', 'e2e', 'c');
      await waitForScreen((s) => !s.includes(`$ ${command}`) || !s.includes('[c] confirm'), 15_000).catch(() => undefined);
    }
    expect(confirmed.filter((command) => /^(download|install) /.test(command))).toEqual([
      'install image bd8800-15.3.5.2-patch1-5.xos secondary msm B',
      'install image bd8800-15.3.5.2-patch1-5.xos secondary msm A',
    ]);
    expect(capture()).toContain('finished, exit 0');
    tmux('send-keys', '-t', 'e2e', 'q');
    await waitForScreen((s) => s.includes('shell-after-hitless'));
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
  }, 120_000);

  it('says plainly when the terminal is too small', async () => {
    startHitless(60, 20);
    const screen = await waitForScreen((s) => /too small/i.test(s));
    expect(screen).toMatch(/80x24/);
    tmux('send-keys', '-t', 'e2e', 'q');
  }, 60_000);
});
