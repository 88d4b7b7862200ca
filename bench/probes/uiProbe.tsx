// Runs inside a tmux pane (a real terminal): the real full-screen App with the Ink options of source/cli/tuiRun.tsx,
// fed by the console pipeline, counting Ink's frames. Writes its measurements as JSON to the file given last.
//   uiProbe.tsx burst OUT        10 MB burst through ExosSession into the UI: frames, time to the last frame
//   uiProbe.tsx memory OUT       100 MB of console output into the UI: RSS growth after GC
//   uiProbe.tsx memory-short OUT the same with 30 MB (enough to show a leak that grows per frame)
//   uiProbe.tsx memory-raw OUT   the same 100 MB into a bare @xterm/headless terminal (baseline)
import { writeFileSync } from 'node:fs';
import { render } from 'ink';
import xtermHeadless from '@xterm/headless';
import { App } from '../../source/ui/App.js';
import { ConsoleBuffer } from '../../source/ui/consoleBuffer.js';
import { createUiStore } from '../../source/ui/store.js';
import { replayBurst, PANE } from '../pipeline.js';
import { timed } from '../lib/cpuTime.js';
import { buildBurst } from '../traffic/burst.js';
import { framesInBusiestSecond } from '../lib/frames.js';

const [mode, outFile] = process.argv.slice(2) as [keyof typeof probes, string];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nextMacrotask = () => new Promise((resolve) => setImmediate(resolve));
const FULL_PASSES = 10;
const SHORT_PASSES = 3;
const SETTLE_MS = 3000;

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the probe with --expose-gc');
  gc();
  gc();
}

/** The App as tuiRun.tsx renders it (same Ink options), with Ink's onRender timestamps recorded. */
function startUi() {
  const consoleBuffer = new ConsoleBuffer({ cols: PANE.cols, rows: 10 });
  const store = createUiStore('bd8800-15.3.5.2-patch1-5.xos (15.3.5.2-patch1-5)');
  const frames: { at: number; renderMs: number; consoleRevision: number }[] = [];
  const noop = () => {};
  process.stdout.write('\x1b[?1049h');
  const instance = render(
    <App store={store} console={consoleBuffer} onConfirm={noop} onSkip={noop} onAbort={noop} onQuit={noop} onConsoleInput={noop} />,
    { exitOnCtrlC: false, patchConsole: false, maxFps: 30, onRender: ({ renderTime }) =>
        frames.push({ at: performance.now(), renderMs: renderTime, consoleRevision: consoleBuffer.revision }),
    },
  );
  const stop = () => {
    instance.unmount();
    process.stdout.write('\x1b[?25h\x1b[?1049l');
    consoleBuffer.dispose();
  };
  return { consoleBuffer, store, frames, stop };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function burst() {
  const traffic = await buildBurst();
  const withoutUi = new ConsoleBuffer({ cols: PANE.cols, rows: 26 });
  const { result: plain, cpuMs: withoutUiCpuMs } = await timed(() => replayBurst(traffic, withoutUi, []));
  withoutUi.dispose();
  const ui = startUi();
  await sleep(500);
  let lastChunkAt = 0;
  const write = ui.consoleBuffer.write.bind(ui.consoleBuffer);
  ui.consoleBuffer.write = (chunk, parsed) => {
    lastChunkAt = performance.now();
    write(chunk, parsed);
  };
  const start = performance.now();
  const { result: run, cpuMs } = await timed(() => replayBurst(traffic, ui.consoleBuffer, [ui.store.dispatch]));
  const parsedAt = performance.now();
  await sleep(1000);
  const finalRevision = ui.consoleBuffer.revision;
  ui.stop();
  const during = ui.frames.filter((frame) => frame.at >= start);
  // The frame that first showed the console's final state (later frames are the once-a-second clock).
  const lastFrameAt = during.find((frame) => frame.consoleRevision === finalRevision)?.at ?? Number.NaN;
  return {
    bytes: traffic.bytes,
    chunks: traffic.chunks.length,
    events: run.events,
    burstMs: lastChunkAt - start,
    parsedMs: parsedAt - start,
    withoutUiMs: plain.ms,
    cpuMs,
    withoutUiCpuMs,
    frames: during.length,
    framesInBusiestSecond: framesInBusiestSecond(during.map((frame) => frame.at)),
    lastFrameAfterLastChunkMs: lastFrameAt - lastChunkAt,
    lastFrameAfterParsedMs: lastFrameAt - parsedAt,
    parsedAfterLastChunkMs: parsedAt - lastChunkAt,
    medianRenderMs: median(during.map((frame) => frame.renderMs)),
  };
}

/** Pushes the chunks `passes` times, one chunk per macrotask as a socket would deliver them. */
async function feed(passes: number, chunks: string[], write: (chunk: string) => void, flush: () => Promise<void>): Promise<number> {
  let bytes = 0;
  for (let pass = 0; pass < passes; pass++) {
    for (const chunk of chunks) {
      write(chunk);
      bytes += chunk.length;
      await nextMacrotask();
    }
    await flush();
  }
  return bytes;
}

/**
 * Memory the process keeps: V8 hands the pages a full GC freed back to the system on a background thread, so RSS read
 * at once still counts some of them (single runs then spread from 9 to 47 MB of growth; settled, 6-13 MB).
 */
async function memorySample() {
  collectGarbage();
  await sleep(SETTLE_MS);
  collectGarbage();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed };
}

// The traffic is built before the first sample, so both samples hold it.
async function memory(passes = FULL_PASSES) {
  const { chunks } = await buildBurst();
  const ui = startUi();
  await sleep(500);
  const before = await memorySample();
  const bytes = await feed(passes, chunks, (chunk) => ui.consoleBuffer.write(chunk), () => ui.consoleBuffer.flush());
  await sleep(500);
  const after = await memorySample();
  const lines = ui.consoleBuffer.length;
  ui.stop();
  return { bytes, before, after, scrollbackLines: lines, frames: ui.frames.length };
}

async function memoryRaw() {
  const { chunks } = await buildBurst();
  const terminal = new xtermHeadless.Terminal({ ...PANE, allowProposedApi: true });
  const before = await memorySample();
  const bytes = await feed(FULL_PASSES, chunks, (chunk) => terminal.write(chunk), () => new Promise((resolve) => terminal.write('', resolve)));
  const after = await memorySample();
  const lines = terminal.buffer.active.length;
  terminal.dispose();
  return { bytes, before, after, scrollbackLines: lines };
}

const probes = { burst, memory: () => memory(), 'memory-short': () => memory(SHORT_PASSES), 'memory-raw': memoryRaw };
try {
  const result = await probes[mode]();
  writeFileSync(outFile, JSON.stringify({ ok: true, result }));
} catch (error) {
  writeFileSync(outFile, JSON.stringify({ ok: false, error: error instanceof Error ? error.stack : String(error) }));
}
process.exit(0);
