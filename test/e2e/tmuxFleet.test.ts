// `hitless fleet FILE` in a real terminal (tmux): the fleet view of four simulated chassis, one of them never In
// Sync; a waiting chassis confirmed by key from its own dialog, the not-in-sync one refused with its reason, then q,
// y: every run stops at its next safe point and the summary table is left on the normal screen; --record records the view.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { castMarkers, parseCast } from '../../source/record/asciicast.js';
import { SCENARIOS, startSimulator, type RunningSimulator } from '../../source/simulator/index.js';
import { HITLESS_COMMAND, tempDir } from '../support/runCli.js';
import { sleep, tmuxServers, waitForScreen as waitForScreenOf } from '../support/tmuxServers.js';

const servers = tmuxServers('hitless-fleet-e2e');
const { tmux } = servers;
const capture = () => tmux('capture-pane', '-p', '-J', '-t', 'fleet');
const press = (key: string) => tmux('send-keys', '-t', 'fleet', key);
const waitForScreen = (predicate: (screen: string) => boolean, timeoutMs?: number) => waitForScreenOf(capture, predicate, timeoutMs);

const NAMES = ['core-1', 'core-2', 'core-3', 'core-4'];

/** The second chassis is the one never In Sync. */
function writeFleet(dir: string, names: string[], onFailure: 'stop' | 'continue'): string {
  const file = join(dir, 'fleet.json');
  const chassis = names.map((name, index) => ({ name, simulate: index === 1 ? 'not-in-sync' : 'happy', journal: `journals/${name}.jsonl` }));
  writeFileSync(file, JSON.stringify({ concurrency: names.length, onFailure, defaults: { speed: 0, poll: 0.05, stepTimeout: 3 }, chassis }));
  return file;
}

/** Starts `hitless fleet FILE` in an 80x24 tmux pane; returns the file its exit code is written to. */
function startFleet(dir: string, file: string, extra = ''): string {
  const exitFile = join(dir, 'exit-code');
  const command =
    `cd ${dir} && unset LC_ALL LC_CTYPE NO_COLOR && printf 'shell-before-hitless\\n' && ` +
    `env LANG=C.UTF-8 XDG_STATE_HOME=${dir} ${HITLESS_COMMAND} fleet ${file}${extra}; echo $? > ${exitFile}; printf 'shell-after-hitless\\n'; sleep 600`;
  servers.start('fleet', 80, 24, command);
  return exitFile;
}

/** What hitless left on the normal screen once it exited, the scrollback included. */
async function leftOnScreen(): Promise<string> {
  await waitForScreen((s) => s.includes('shell-after-hitless'));
  const left = tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'fleet');
  return left.slice(left.indexOf('shell-before-hitless'), left.indexOf('shell-after-hitless'));
}

/** The row pair of `name`: its first line and the step line under it. */
function rowOf(screen: string, name: string): string {
  const lines = screen.split('\n');
  const index = lines.findIndex((line) => line.includes(` ${name} `));
  return index < 0 ? '' : `${lines[index]}\n${lines[index + 1]}`;
}

const journalEvents = (file: string): { type: string; by?: string; step?: string }[] =>
  existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string }) : [];

const simulators: RunningSimulator[] = [];
afterEach(async () => {
  servers.kill();
  await Promise.all(simulators.splice(0).map((sim) => sim.close()));
});

describe('hitless fleet FILE in a terminal', () => {
  it('shows a row per chassis, confirms one from its dialog, refuses the one not in sync, and leaves the summary on q', async () => {
    const dir = tempDir();
    const exitFile = startFleet(dir, writeFleet(dir, NAMES, 'continue'));

    const waiting = await waitForScreen((s) => (s.match(/waiting for you/g) ?? []).length === 3 && /core-2 .* refused/.test(s));
    expect(waiting.split('\n')[0]).toMatch(/fleet · 4 chassis · 0 done 0 running 3 waiting 1 failed 0 queued · 4 at a time/);
    for (const name of NAMES) expect(rowOf(waiting, name), name).not.toBe('');
    expect(rowOf(waiting, 'core-1')).toMatch(/\[\?\] core-1 .*waiting for you\n.*step 2\/10 Install on first backup/);
    expect(rowOf(waiting, 'core-2')).toMatch(/\[!\] core-2 .*refused\n.*step 1\/10 Preflight checks .*gave up after 3 s: waiting for MSM-B/);

    // core-1 is selected: c opens its dialog (its evidence on screen), c again confirms it.
    press('c');
    const dialog = await waitForScreen((s) => s.includes('Evidence:'));
    expect(dialog).toContain('core-1 (simulated happy) waits for you');
    expect(dialog).toContain('MSM-B is BACKUP (In Sync)');
    expect(dialog).toContain('$ download image 10.0.0.5 bd8800-15.3.5.2-patch1-5.xos');
    press('c');
    await waitForScreen((s) => /step 3\/10 Reboot first backup/.test(rowOf(s, 'core-1')));
    const confirmed = journalEvents(join(dir, 'journals', 'core-1.jsonl')).filter((event) => event.type === 'confirm-response');
    expect(confirmed).toEqual([expect.objectContaining({ step: 'install-first-backup', answer: 'confirm', by: 'key c' })]);
    for (const name of ['core-3', 'core-4']) {
      expect(journalEvents(join(dir, 'journals', `${name}.jsonl`)).some((event) => event.type === 'confirm-response'), name).toBe(false);
    }

    press('q');
    await waitForScreen((s) => s.includes('Stop the whole fleet?'));
    press('y');
    const summary = await leftOnScreen();
    // 80 columns: the address and time columns are left out rather than wrap.
    for (const line of summary.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(summary).toMatch(/core-1 +stopped +4 +15\.3\.1\.4 → 15\.3\.5\.2-patch1-5 +journals\/core-1\.jsonl/);
    expect(summary).toMatch(/core-2 +refused +3 .*journals\/core-2\.jsonl/);
    expect(summary).toMatch(/core-3 +stopped +4 /);
    expect(summary).toMatch(/the fleet stopped because the operator stopped the fleet/);
    expect(summary).toMatch(/fleet: 0 done, 1 failed, 3 stopped, 0 not started; exit 4/);
    expect(summary).toMatch(/core-2 refused: gave up after 3 s: waiting for MSM-B to be BACKUP \(In Sync\)/);
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('4');
    const stopped = journalEvents(join(dir, 'journals', 'core-3.jsonl')).filter((event) => event.type === 'confirm-response');
    expect(stopped).toEqual([expect.objectContaining({ answer: 'abort' })]);
  });

  it("Enter opens a chassis' own console, live; Esc and f go back to the rows while the fleet goes on", async () => {
    const dir = tempDir();
    startFleet(dir, writeFleet(dir, NAMES, 'continue'));
    await waitForScreen((s) => (s.match(/waiting for you/g) ?? []).length === 3 && /core-2 .* refused/.test(s));
    const fleetShown = (s: string) => s.includes('fleet · 4 chassis');

    // core-1 is selected: Enter shows its own console with its dialog; Esc hides the dialog, the switch's output shows.
    press('Enter');
    const opened = await waitForScreen((s) => s.includes('Evidence:') && !fleetShown(s));
    expect(opened).toContain('$ download image 10.0.0.5 bd8800-15.3.5.2-patch1-5.xos');
    press('Escape');
    // The switch's prompt, as the chassis sent it before it was opened.
    const consoleShown = await waitForScreen((s) => s.includes('── Console') && !s.includes('Evidence:') && /BD-8810\.\d+ #/.test(s));
    expect(consoleShown).toMatch(/\[\?\] Install on first backup/);
    expect(consoleShown.trimEnd().split('\n').at(-1)).toContain('Esc dialog · f fleet · ? help');
    press('Escape');
    await waitForScreen((s) => s.includes('Evidence:'));
    // At 80x24 the whole console's dialog is taller than its room: c counts once all of it has been shown.
    for (let page = 0; page < 5 && !capture().includes('c confirm ·'); page++) {
      press('NPage');
      await waitForScreen((s) => !s.includes('PgDn first') || s.includes('c confirm ·'), 2_000).catch(() => undefined);
    }
    await waitForScreen((s) => s.includes('c confirm ·'));
    press('c');
    // The chassis goes on to its next question, in its own console: f goes back to the rows all the same.
    await waitForScreen((s) => s.includes('$ reboot msm B') && !fleetShown(s));
    press('f');
    const back = await waitForScreen((s) => fleetShown(s) && /step 3\/10 Reboot first backup/.test(rowOf(s, 'core-1')));
    expect(rowOf(back, 'core-3')).toContain('waiting for you');
    const confirmed = journalEvents(join(dir, 'journals', 'core-1.jsonl')).filter((event) => event.type === 'confirm-response');
    expect(confirmed).toEqual([expect.objectContaining({ step: 'install-first-backup', answer: 'confirm', by: 'key c' })]);
    for (const name of ['core-3', 'core-4']) {
      expect(journalEvents(join(dir, 'journals', `${name}.jsonl`)).some((event) => event.type === 'confirm-response'), name).toBe(false);
    }

    // core-2 (refused) waits for nothing: a lone Esc, as tmux sends it, goes straight back.
    press('j');
    await waitForScreen((s) => (s.split('\n').find((line) => line.startsWith('> ')) ?? '').includes('core-2'));
    press('Enter');
    await waitForScreen((s) => !fleetShown(s) && /\[!\] Preflight checks/.test(s));
    press('Escape');
    await waitForScreen((s) => fleetShown(s) && /> \S+ core-2 /.test(s));

    press('q');
    await waitForScreen((s) => s.includes('Stop the whole fleet?'));
    press('y');
    expect(await leftOnScreen()).toMatch(/fleet: 0 done, 1 failed, 3 stopped, 0 not started; exit 4/);
  }, 120_000);

  it('with onFailure stop, a refused chassis stops the one waiting for you, and the end of the run leaves the summary', async () => {
    const dir = tempDir();
    const exitFile = startFleet(dir, writeFleet(dir, ['core-1', 'core-2'], 'stop'), ` --record ${join(dir, 'fleet.cast')}`);
    await waitForScreen((s) => s.includes('waiting for you'));
    const summary = await leftOnScreen();
    expect(summary).toMatch(/core-1 +stopped +4 /);
    expect(summary).toMatch(/core-2 +refused +3 /);
    expect(summary).toMatch(/the fleet stopped because core-2 failed/);
    expect(summary.match(/because core-2 failed/g)).toHaveLength(1);
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('4');
    const answers = journalEvents(join(dir, 'journals', 'core-1.jsonl')).filter((event) => event.type === 'confirm-response');
    expect(answers).toEqual([expect.objectContaining({ answer: 'abort', by: 'hitless (the fleet stopped)' })]);
    // --record: the view as the terminal showed it (80x24), a marker per chassis outcome.
    const cast = parseCast(readFileSync(join(dir, 'fleet.cast'), 'utf8'));
    expect(cast.header).toMatchObject({ width: 80, height: 24 });
    expect(castMarkers(cast).map((marker) => marker.label)).toEqual(['core-2: failed (exit 3)', 'core-1: stopped (exit 4)', 'Finished: exit 4 (0 of 2 chassis done)']);
  });

  it('C confirms the first install on the three chassis that wait at it, after one dialog that lists them', async () => {
    const dir = tempDir();
    startFleet(dir, writeFleet(dir, NAMES, 'continue'));
    await waitForScreen((s) => (s.match(/waiting for you/g) ?? []).length === 3 && /core-2 .* refused/.test(s));
    press('C');
    const dialog = await waitForScreen((s) => s.includes('Evidence:'));
    expect(dialog).toContain('On 3 chassis (core-1, core-3, core-4)');
    expect(dialog).toContain('MSM-B is BACKUP (In Sync)');
    press('c');
    await waitForScreen((s) => ['core-1', 'core-3', 'core-4'].every((name) => /step 3\/10 Reboot first backup/.test(rowOf(s, name))));
    for (const name of ['core-1', 'core-3', 'core-4']) {
      const answers = journalEvents(join(dir, 'journals', `${name}.jsonl`)).filter((event) => event.type === 'confirm-response');
      expect(answers, name).toEqual([expect.objectContaining({ step: 'install-first-backup', answer: 'confirm', by: 'key c' })]);
    }
    press('q');
    await waitForScreen((s) => s.includes('Stop the whole fleet?'));
    press('y');
    expect(await leftOnScreen()).toMatch(/fleet: 0 done, 1 failed, 3 stopped, 0 not started; exit 4/);
  });

  it.each([
    ['in its own dialog of the fleet view', ''],
    ['on the plain terminal (--headless)', ' --headless'],
  ])('asks the password of each chassis %s, one after the other, while every chassis connects at once', async (_where, mode) => {
    const dir = tempDir();
    const users = [
      { username: 'admin', password: 'first-pw' },
      { username: 'ops', password: 'second-pw' },
    ];
    for (const [index, user] of users.entries()) {
      simulators.push(await startSimulator({ scenario: 'happy', speed: 0, users: [user], hostKeyFile: join(dir, `sim_host_key_${index}`) }));
    }
    const file = join(dir, 'fleet.json');
    const image = SCENARIOS.happy.suggested;
    writeFileSync(
      file,
      JSON.stringify({
        concurrency: 2,
        defaults: { knownHosts: 'known_hosts', acceptNew: true, poll: 0.05, stepTimeout: 4 },
        chassis: simulators.map((sim, index) => ({
          name: `core-${index + 1}`,
          host: '127.0.0.1',
          port: sim.port,
          user: users[index]!.username,
          image: image.image,
          xmods: image.xmods,
          journal: `journals/core-${index + 1}.jsonl`,
        })),
      }),
    );
    const exitFile = startFleet(dir, file, ` --yes${mode}`);
    // The prompt showing now: the last on the screen (a plain terminal keeps the ones answered above it).
    const promptOf = (s: string) => [...s.matchAll(/(admin|ops)@127\.0\.0\.1's password/g)].at(-1)?.[1];
    const first = promptOf(await waitForScreen((s) => promptOf(s) !== undefined));
    // Both handshakes run before anyone types: each chassis' host key reaches known_hosts (accept-new) while the first
    // dialog waits. (One chassis at a time, the second would connect only once the first password was answered.)
    for (const sim of simulators) {
      await expect.poll(() => readFileSync(join(dir, 'known_hosts'), 'utf8'), { timeout: 15_000 }).toContain(`[127.0.0.1]:${sim.port} `);
    }
    const passwordOf = (name: string | undefined) => users.find((user) => user.username === name)!.password;
    press(passwordOf(first));
    press('Enter');
    const second = promptOf(await waitForScreen((s) => promptOf(s) !== undefined && promptOf(s) !== first));
    expect([first, second].sort()).toEqual(['admin', 'ops']);
    // The chassis answered first finishes while the second prompt waits: its line waits too, never after the prompt.
    const firstChassis = `core-${users.findIndex((user) => user.username === first) + 1}`;
    await expect.poll(() => journalEvents(join(dir, 'journals', `${firstChassis}.jsonl`)).some((event) => event.type === 'run-end'), { timeout: 30_000 }).toBe(true);
    await sleep(1_000);
    if (mode !== '') expect(capture()).not.toMatch(new RegExp(`${firstChassis} \\(127\\.0\\.0\\.1:\\d+\\) done`));
    press(passwordOf(second));
    press('Enter');
    const summary = await leftOnScreen();
    expect(summary).toMatch(/fleet: 2 done, 0 failed, 0 stopped, 0 not started; exit 0/);
    if (mode !== '') expect(summary).toMatch(new RegExp(`password: ?\\n\\[1/2\\] ${firstChassis} \\(127\\.0\\.0\\.1:\\d+\\) done`));
    expect(summary).not.toContain('-pw');
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
    for (const [index, sim] of simulators.entries()) {
      expect(sim.authAttempts.filter((attempt) => attempt.method === 'password').every((attempt) => attempt.username === users[index]!.username)).toBe(true);
    }
  }, 120_000);
});
