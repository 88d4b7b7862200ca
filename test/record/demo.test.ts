// hitless demo end to end without a terminal (the UI is drawn into the recording only), for every success scenario;
// its recordings and journal then go through replay, the asciinema CLI, report and the exported page in Chromium.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { castDuration, castMarkers, parseCast, type Cast } from '../../source/record/asciicast.js';
import { parseJournal } from '../../source/record/report.js';
import type { ScenarioName } from '../../source/simulator/index.js';
import { STEP_LABELS } from '../../source/ui/stepLabels.js';
import { runCli, tempDir, type CliRun } from '../support/runCli.js';
import { openInChromium, type BrowserPage } from './chromium.js';
import { finalScreen } from './screenOf.js';

const SUCCESS_SCENARIOS: ScenarioName[] = ['happy', 'master-is-b', 'xmod', 'old-release', 'new-release', 'slow-links'];

interface DemoRun {
  run: CliRun;
  journal: EngineEvent[];
  screenCast: string;
  consoleCast: string;
}

const demos = new Map<ScenarioName, DemoRun>();
const dir = tempDir('hitless-demo-');
const read = (path: string) => readFileSync(path, 'utf8');
const outputOf = (cast: Cast) => cast.events.filter(([, code]) => code === 'o').map(([, , data]) => data).join('');

/** What `asciinema play` prints, run in a session of its own (no controlling terminal, so it waits for no keys). */
function asciinemaPlay(path: string): Promise<string> {
  const player = spawn('asciinema', ['play', '--idle-time-limit', '0.01', '--speed', '50', path], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  player.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    player.on('error', reject);
    player.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`asciinema play exited ${code}`))));
  });
}

beforeAll(async () => {
  await Promise.all(
    SUCCESS_SCENARIOS.map(async (scenario) => {
      const file = (suffix: string) => join(dir, `${scenario}${suffix}`);
      const run = await runCli(
        ['demo', '--scenario', scenario, '--pace', 'fast', '--record', file('.cast'), '--record-console', file('-console.cast'), '--journal', file('.jsonl')],
        { timeoutMs: 150_000 },
      );
      demos.set(scenario, { run, journal: run.code === 0 ? parseJournal(read(file('.jsonl'))) : [], screenCast: file('.cast'), consoleCast: file('-console.cast') });
    }),
  );
}, 160_000);

describe('hitless demo --pace fast, no terminal, no input', () => {
  it.each(SUCCESS_SCENARIOS)('%s: completes the whole upgrade, every step confirmed by the autopilot pressing c, journaled as the demo', (scenario) => {
    const { run, journal } = demos.get(scenario)!;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const runEnd = journal.at(-1)!;
    expect(runEnd).toMatchObject({ type: 'run-end', exitCode: 0 });
    const responses = journal.filter((event) => event.type === 'confirm-response');
    expect(responses.length).toBeGreaterThanOrEqual(5);
    expect(responses.every((event) => event.type === 'confirm-response' && event.answer === 'confirm' && event.by === 'demo')).toBe(true);
    const commands = journal.flatMap((event) => (event.type === 'command' ? [event.command] : []));
    expect(commands.some((command) => /^run (msm-)?failover$/.test(command))).toBe(true);
  });
});

describe('the screen recording (asciicast v2)', () => {
  let cast: Cast;
  let text: string;
  beforeAll(() => {
    text = read(demos.get('happy')!.screenCast);
    cast = parseCast(text);
  });

  it('has a v2 header with size, timestamp and only TERM and SHELL from the environment', () => {
    const header = JSON.parse(text.split('\n')[0]!) as Record<string, unknown>;
    expect(Object.keys(header).sort()).toEqual(['env', 'height', 'timestamp', 'title', 'version', 'width']);
    expect(header).toMatchObject({ version: 2, width: 120, height: 36 });
    expect(Number.isInteger(header.timestamp)).toBe(true);
    expect(Math.abs((header.timestamp as number) - Date.now() / 1000)).toBeLessThan(600);
    expect(Object.keys(header.env as object)).toEqual(['TERM', 'SHELL']);
  });

  it('holds only [time, "o"|"m"|"r", text] events (never input), in time order', () => {
    const events = text.trimEnd().split('\n').slice(1).map((line) => JSON.parse(line) as unknown[]);
    expect(events.length).toBeGreaterThan(20);
    for (const event of events) {
      expect(event).toHaveLength(3);
      expect(typeof event[0]).toBe('number');
      expect(['o', 'm', 'r']).toContain(event[1]);
      expect(typeof event[2]).toBe('string');
    }
    const times = events.map((event) => event[0] as number);
    expect(times[0]).toBe(0);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('marks every step the run went through, in order, with its checklist label, then the outcome', () => {
    const runEnd = demos.get('happy')!.journal.at(-1)!;
    const steps = runEnd.type === 'run-end' ? (runEnd.steps ?? []) : [];
    expect(steps.map((step) => step.step)).toEqual(expect.arrayContaining(['install-first-backup', 'failover', 'reboot-second-backup', 'verify']));
    expect(castMarkers(cast).map((marker) => marker.label)).toEqual([...steps.map((step) => STEP_LABELS[step.step]), 'Finished: exit 0 (done; MSM-B stays MASTER (MSM-A was when the run began; no failback))']);
  });

  it('ends on the finished screen: both MSMs on the target, MSM-B master', async () => {
    const screen = (await finalScreen(cast)).join('\n');
    expect(screen).toContain('finished, exit 0: done');
    expect(screen).toMatch(/MSM A\s+● BACKUP ✓ In Sync/);
    expect(screen).toMatch(/MSM B \(you\)\s+★ MASTER/);
    expect(screen).toContain('[x] Verify');
  });

  it('at a step marker shows that step\'s confirmation dialog', async () => {
    const failover = castMarkers(cast).find((marker) => marker.label === 'Failover')!;
    const next = castMarkers(cast).find((marker) => marker.time > failover.time)!;
    const dialogShown = cast.events.find(([time, code, data]) => code === 'o' && time >= failover.time && time < next.time && data.includes('Fail over to MSM-B'));
    expect(dialogShown).toBeDefined();
  });

  it('plays in the asciinema CLI (Debian package) with exactly the recorded output, as does hitless replay', async () => {
    for (const path of [demos.get('happy')!.screenCast, demos.get('happy')!.consoleCast]) {
      const expected = outputOf(parseCast(read(path)));
      expect(await asciinemaPlay(path)).toBe(expected);
    }
    const replay = await runCli(['replay', demos.get('happy')!.screenCast, '--speed', '1000']);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toBe(outputOf(cast));
  }, 60_000);
});

describe('the console recording', () => {
  it('is the raw switch console of the whole run, in the switch\'s terminal size', () => {
    const cast = parseCast(read(demos.get('happy')!.consoleCast));
    expect(cast.header).toMatchObject({ version: 2, width: 120, height: 40 });
    expect(cast.events.every(([, code]) => code === 'o')).toBe(true);
    const output = outputOf(cast);
    expect(output).toContain('show switch');
    expect(output).toMatch(/download image 10\.0\.0\.5 bd8800-15\.3\.5\.2-patch1-5\.xos vr "VR-Mgmt" secondary msm B/);
    expect(output).toContain('run msm-failover');
    expect(output).toContain('\r\n');
  });
});

describe('hitless report on the demo\'s journal', () => {
  it('gives the whole run, with the confirmations the demo gave', async () => {
    const run = await runCli(['report', join(dir, 'xmod.jsonl')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Outcome:  exit 0 — done');
    expect(run.stdout).toMatch(/Install on first backup +done in/);
    expect(run.stdout).toContain('answer: confirm (demo)');
    expect(run.stdout).toContain('ssh.xmod');
  }, 30_000);
});

/** Evaluates `expression` in the page every 100 ms until it is truthy (15 s at most), and returns it. */
const untilTrueIn =
  (browser: BrowserPage) =>
  async <T>(expression: string): Promise<T> => {
    for (let attempt = 0; attempt < 150; attempt++) {
      const value = await browser.evaluate<T>(expression);
      if (value) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`never true in the page: ${expression}`);
  };

describe('hitless export --html in headless Chromium', () => {
  it('loads offline, shows the finished screen as the poster before any click, and each chapter seeks the player to its step marker', async () => {
    const cast = parseCast(read(demos.get('happy')!.screenCast));
    const html = join(dir, 'happy.html');
    const exported = await runCli(['export', demos.get('happy')!.screenCast, '--html', html, '--journal', join(dir, 'happy.jsonl')]);
    expect(exported.code, exported.stderr).toBe(0);
    const page = read(html);
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=|url\(["']?https?:/);
    expect(page).toContain('Who:      ');
    expect(page).toContain('<dt>Outcome</dt><dd>exit 0 (done; MSM-B stays MASTER (MSM-A was when the run began; no failback))</dd>');

    const browser = await openInChromium(pathToFileURL(html).href);
    try {
      const until = untilTrueIn(browser);
      await until<boolean>('typeof window.hitlessPlayer === "object" && document.querySelector(".ap-player") !== null');
      const duration = await until<number>('window.hitlessPlayer.getDuration()');
      expect(duration).toBeCloseTo(castDuration(cast), 0);
      // Before any click the player shows its poster: the last frame, the finished screen with the outcome.
      const screen = '(document.querySelector(".ap-player").textContent ?? "").replace(/\\s+/g, " ")';
      const poster = await until<string>(`(() => { const text = ${screen}; return text.includes("finished, exit 0: done") ? text : ""; })()`);
      expect(poster).toMatch(/Verify: done/);
      // Play still starts at the beginning of the recording.
      await browser.evaluate('window.hitlessPlayer.play()');
      const playing = await until<number>('window.hitlessPlayer.getCurrentTime()');
      await browser.evaluate('window.hitlessPlayer.pause()');
      expect(playing).toBeLessThan(duration / 2);
      const markers = castMarkers(cast);
      const chapters = await browser.evaluate<string[]>('[...document.querySelectorAll("#chapters button")].map((b) => b.textContent)');
      expect(chapters).toEqual(markers.map((marker) => marker.label));
      for (const index of [2, 0, markers.length - 2]) {
        await browser.evaluate(`document.querySelectorAll("#chapters button")[${index}].click()`);
        const time = await until<number>(`(() => { const t = window.hitlessPlayer.getCurrentTime(); return Math.abs(t - ${markers[index]!.time}) < 0.05 ? t : 0; })()`);
        expect(time).toBeCloseTo(markers[index]!.time, 1);
        // The chapter is highlighted once the seek has completed.
        await until<boolean>(`document.querySelectorAll("#chapters li")[${index}].classList.contains("current")`);
        expect(await browser.evaluate<number>('document.querySelectorAll("#chapters li.current").length')).toBe(1);
      }
      // Played from the start, the highlight follows the markers the playback reaches.
      await browser.evaluate('window.hitlessPlayer.seek(0).then(() => window.hitlessPlayer.play())');
      await until<boolean>('document.querySelectorAll("#chapters li")[1].classList.contains("current")');
      await browser.evaluate('window.hitlessPlayer.pause()');
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('highlights the chapter clicked, also when two markers share an instant (steps drawn in one frame)', async () => {
    const cast = join(dir, 'same-instant.cast');
    const events = [
      [0.1, 'o', 'preflight\r\n'],
      [0.5, 'm', 'Install on first backup'],
      [0.5, 'm', 'Reboot first backup'],
      [0.9, 'o', 'rebooting\r\n'],
    ];
    writeFileSync(cast, [JSON.stringify({ version: 2, width: 80, height: 24 }), ...events.map((event) => JSON.stringify(event))].join('\n') + '\n');
    const html = join(dir, 'same-instant.html');
    const exported = await runCli(['export', cast, '--html', html]);
    expect(exported.code, exported.stderr).toBe(0);
    const browser = await openInChromium(pathToFileURL(html).href);
    try {
      const until = untilTrueIn(browser);
      await until<boolean>('typeof window.hitlessPlayer === "object" && document.querySelector(".ap-player") !== null');
      for (const index of [0, 1, 0]) {
        await browser.evaluate(`document.querySelectorAll("#chapters button")[${index}].click()`);
        await until<boolean>(`document.querySelectorAll("#chapters li")[${index}].classList.contains("current")`);
        expect(await browser.evaluate<number>('document.querySelectorAll("#chapters li.current").length')).toBe(1);
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});
