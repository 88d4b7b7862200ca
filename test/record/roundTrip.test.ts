// Round trip in a real terminal (tmux): hitless demo --record shows the UI on the terminal and records it; the
// recording played into a headless xterm must end on the very screen the terminal last showed.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { castMarkers, parseCast } from '../../source/record/asciicast.js';
import { parseJournal } from '../../source/record/report.js';
import { ROOT, tempDir } from '../support/runCli.js';
import { finalScreen } from './screenOf.js';

const SOCKET = `hitless-record-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const onAlternateScreen = () => tmux('display-message', '-p', '-t', 'rec', '#{alternate_on}').trim() === '1';

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
    tmux(
      'new-session', '-d', '-s', 'rec', '-x', '120', '-y', '40',
      `cd ${ROOT} && unset CI CONTINUOUS_INTEGRATION && node --import tsx cli.tsx demo --pace fast --record ${cast} --journal ${journal}; echo $? > ${exitFile}; sleep 600`,
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

    const recording = parseCast(readFileSync(cast, 'utf8'));
    expect(recording.header).toMatchObject({ width: 120, height: 40 });
    expect(castMarkers(recording).at(-1)?.label).toBe('Finished: exit 0 (done)');
    expect(normalized(await finalScreen(recording))).toEqual(normalized(lastLive!.split('\n')));

    const confirmations = parseJournal(readFileSync(journal, 'utf8')).filter((event) => event.type === 'confirm-response');
    expect(confirmations.length).toBeGreaterThanOrEqual(5);
    expect(confirmations.every((event) => event.type === 'confirm-response' && event.by === 'key c')).toBe(true);
  }, 150_000);
});
