// Round trip in a real terminal (tmux): hitless demo --record shows the UI on the terminal and records it; the
// recording played into a headless xterm must end on the very screen the terminal last showed.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { castMarkers, parseCast } from '../../source/record/asciicast.js';
import { parseJournal } from '../../source/record/report.js';
import { HITLESS_COMMAND, ROOT, tempDir } from '../support/runCli.js';
import { finalScreen } from './screenOf.js';

// A tmux server of its own per session: a new session on the socket of a server still shutting down after the last
// kill-server fails with "server exited unexpectedly".
let sessions = 0;
let socket = `hitless-record-${process.pid}-0`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const newSession = (...args: string[]) => {
  socket = `hitless-record-${process.pid}-${++sessions}`;
  return tmux('new-session', ...args);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const onAlternateScreen = (session = 'rec') => tmux('display-message', '-p', '-t', session, '#{alternate_on}').trim() === '1';
const capture = (session: string) => tmux('capture-pane', '-p', '-t', session);

async function waitForScreen(session: string, predicate: (screen: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = capture(session);
    if (predicate(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`screen never matched; last screen:\n${screen}`);
    await sleep(100);
  }
}

/** The step the replay's status line names ("… 0:01 / 0:06 · Install on first backup · n next …"), if any. */
const stepLabelOf = (screen: string) => /\d:\d\d \/ \d+:\d\d · (.+?) · n next/.exec(screen)?.[1];

/** Written by the first test, replayed by the second. */
let recorded: string | undefined;

/** Trailing blanks and trailing empty lines carry no meaning on a screen. */
const normalized = (lines: string[]) => {
  const trimmed = lines.map((line) => line.trimEnd());
  while (trimmed.at(-1) === '') trimmed.pop();
  return trimmed;
};

afterEach(() => {
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
});

describe('hitless demo --record in a terminal', () => {
  it('records exactly what the terminal showed: the replayed recording ends on the live final screen', async () => {
    const dir = tempDir('hitless-roundtrip-');
    const cast = join(dir, 'demo.cast');
    const journal = join(dir, 'demo.jsonl');
    const exitFile = join(dir, 'exit-code');
    newSession(
      '-d', '-s', 'rec', '-x', '120', '-y', '40',
      `cd ${ROOT} && unset CI CONTINUOUS_INTEGRATION && ${HITLESS_COMMAND} demo --pace fast --record ${cast} --journal ${journal}; echo $? > ${exitFile}; sleep 600`,
    );
    // The last screen that showed the finished run while the UI was still up (before q left the alternate screen).
    let lastLive: string | undefined;
    const deadline = Date.now() + 120_000;
    while (!existsSync(exitFile)) {
      if (Date.now() > deadline) throw new Error(`demo did not end; screen:\n${tmux('capture-pane', '-p', '-t', 'rec')}`);
      if (onAlternateScreen()) {
        const screen = tmux('capture-pane', '-p', '-t', 'rec');
        if (screen.includes('finished, exit 0') && onAlternateScreen()) lastLive = screen;
      }
      await sleep(80);
    }
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
    expect(lastLive, 'the finished screen was never seen').toBeDefined();

    recorded = cast;
    const recording = parseCast(readFileSync(cast, 'utf8'));
    expect(recording.header).toMatchObject({ width: 120, height: 40 });
    expect(castMarkers(recording).at(-1)?.label).toBe('Finished: exit 0 (done; MSM-B stays MASTER (MSM-A was when the run began; no failback))');
    expect(normalized(await finalScreen(recording))).toEqual(normalized(lastLive!.split('\n')));

    const confirmations = parseJournal(readFileSync(journal, 'utf8')).filter((event) => event.type === 'confirm-response');
    expect(confirmations.length).toBeGreaterThanOrEqual(5);
    expect(confirmations.every((event) => event.type === 'confirm-response' && event.by === 'demo')).toBe(true);
  }, 150_000);

  it('hitless replay plays it back: space pauses, n jumps from step to step, q leaves the terminal as it was', async () => {
    expect(recorded, 'needs the recording of the first test').toBeDefined();
    const markers = castMarkers(parseCast(readFileSync(recorded!, 'utf8')));
    // Two rows more than the recording, so the replay has a row for its status line.
    newSession('-d', '-s', 'play', '-x', '120', '-y', '42', `cd ${ROOT} && printf 'before-replay\\n' && ${HITLESS_COMMAND} replay ${recorded} --speed 0.2; printf 'after-replay\\n'; sleep 600`);
    await waitForScreen('play', (screen) => screen.includes('n next  p previous'));
    tmux('send-keys', '-t', 'play', ' ');
    const paused = await waitForScreen('play', (screen) => screen.includes('❚❚ paused'));
    // Playback runs until the pause lands, so on a busy machine it may already be past a marker or two: n counts from
    // wherever it stopped.
    const start = markers.findIndex((marker) => marker.label === stepLabelOf(paused));
    tmux('send-keys', '-t', 'play', 'n');
    await waitForScreen('play', (screen) => stepLabelOf(screen) === markers[start + 1]!.label);
    tmux('send-keys', '-t', 'play', 'n');
    const second = await waitForScreen('play', (screen) => stepLabelOf(screen) === markers[start + 2]!.label);
    expect(second).toContain('❚❚ paused');
    expect(second).toMatch(/MSM [AB]( \(you\))?\s+★ MASTER/);
    tmux('send-keys', '-t', 'play', 'q');
    const after = await waitForScreen('play', (screen) => screen.includes('after-replay'));
    expect(after).toContain('before-replay');
    expect(onAlternateScreen('play')).toBe(false);
  }, 60_000);
});
