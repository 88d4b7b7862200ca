// Runs inside a tmux pane (a real terminal): the real fleet view (FleetApp, its store and the Ink options of
// source/cli/fleetViewCommand.tsx) of 50 running chassis, each reporting progress events as fast as the process can
// make them, counting Ink's frames. Writes its measurements as JSON to the file given last.
//   fleetProbe.tsx flood OUT
import { writeFileSync } from 'node:fs';
import { render } from 'ink';
import { FLEET_MAX_FPS } from '../../source/cli/fleetViewCommand.js';
import { createEmitter } from '../../source/engine/emitter.js';
import { FleetApp } from '../../source/ui/FleetApp.js';
import { FleetConsoles } from '../../source/ui/fleet/fleetConsoles.js';
import { initialFleetSnapshot } from '../../source/ui/fleet/fleetSnapshot.js';
import { createFleetStore } from '../../source/ui/fleet/fleetStore.js';
import { framesInBusiestSecond } from '../lib/frames.js';

const [mode, outFile] = process.argv.slice(2) as ['flood', string];
const CHASSIS = 50;
const FLOOD_MS = 5000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nextMacrotask = () => new Promise((resolve) => setImmediate(resolve));

async function flood() {
  const plan = Array.from({ length: CHASSIS }, (_, i) => ({ name: `core-${i + 1}`, address: `10.1.0.${i + 1}:22`, target: 'bd8800-15.3.5.2-patch1-5.xos' }));
  const store = createFleetStore(initialFleetSnapshot(plan, CHASSIS));
  const frames: number[] = [];
  const noop = () => {};
  process.stdout.write('\x1b[?1049h');
  const instance = render(<FleetApp store={store} canSkip={() => false} onCommand={noop} consoles={new FleetConsoles(CHASSIS)} />, {
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: FLEET_MAX_FPS,
    onRender: () => frames.push(performance.now()),
  });
  const emitters = plan.map((_, index) => {
    store.dispatch({ type: 'start', index });
    return createEmitter([(event) => store.dispatch({ type: 'event', index, event })]);
  });
  await sleep(500);
  const framesBefore = frames.length;
  let events = 0;
  const start = performance.now();
  // One event from every chassis per macrotask: 50 chassis reporting as fast as they can, timers and I/O still run.
  while (performance.now() - start < FLOOD_MS) {
    for (const emit of emitters) emit({ type: 'progress', activity: `downloading: ${++events} blocks` });
    await nextMacrotask();
  }
  const floodMs = performance.now() - start;
  const during = frames.slice(framesBefore).filter((at) => at <= start + floodMs);
  instance.unmount();
  process.stdout.write('\x1b[?25h\x1b[?1049l');
  return { chassis: CHASSIS, events, floodMs, frames: during.length, framesInBusiestSecond: framesInBusiestSecond(during) };
}

const probes = { flood };

try {
  writeFileSync(outFile, JSON.stringify({ ok: true, result: await probes[mode]() }));
} catch (error) {
  writeFileSync(outFile, JSON.stringify({ ok: false, error: error instanceof Error ? error.stack : String(error) }));
}
process.exit(0);
