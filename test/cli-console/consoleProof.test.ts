// With --console-a/--console-b, each console is proven before the first destructive step (reached, logged in, prompt
// seen, left idle), through the real CLI: a console that cannot be used stops the run with exit 2 before anything
// changes, and a proven console is not typed on again while management SSH works.
import { expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { closedPort } from '../cli/cliRig.js';
import { contractErrors } from '../support/jsonContract.js';
import { consoleRigPerTest } from '../support/consoleRig.js';
import { destructiveCommands } from '../support/simulatedUpgrade.js';

const start = consoleRigPerTest();

type ErrorEvent = Extract<EngineEvent, { type: 'error' }>;
const errorOf = (events: EngineEvent[]) => events.find((event): event is ErrorEvent => event.type === 'error');

it('names both consoles as logged in before the first destructive step, and types nothing on them afterwards', async () => {
  const { rig, consoles } = await start('happy', 'admin');
  let typedAtPreflight: number | undefined;
  const run = await rig.upgrade(consoles.args, {
    env: consoles.env,
    timeoutMs: 120_000,
    onEvent: (event) => {
      if (event.type === 'step-start' && event.step === 'preflight') typedAtPreflight = consoles.server.typed.length;
    },
  });
  expect(run.code, run.stderr).toBe(0);
  const ready = run.events.filter((event) => event.type === 'console-ready');
  expect(ready.map(({ at, schema, ...event }) => event).sort((a, b) => a.slot.localeCompare(b.slot))).toEqual([
    { type: 'console-ready', slot: 'A', via: `console:port05@127.0.0.1:${consoles.server.port}`, loggedIn: true },
    { type: 'console-ready', slot: 'B', via: `console:port06@127.0.0.1:${consoles.server.port}`, loggedIn: true },
  ]);
  for (const event of ready) expect(contractErrors('event', event)).toEqual([]);
  const firstCommand = run.events.findIndex((event) => event.type === 'command');
  expect(Math.max(...ready.map((event) => run.events.indexOf(event)))).toBeLessThan(firstCommand);
  // The proof logged in with the switch's account on both consoles ...
  for (const slot of ['A', 'B'] as const) {
    expect(consoles.server.typed.filter((typed) => typed.slot === slot).map((typed) => typed.text).join(''), slot).toContain('admin\r');
  }
  // ... and then nothing more was typed on either while management SSH carried the upgrade.
  expect(typedAtPreflight).toBeGreaterThan(0);
  expect(consoles.server.typed.slice(typedAtPreflight)).toEqual([]);
  expect(rig.sim.commandLog.filter((record) => record.connection >= 1001)).toEqual([]);
}, 150_000);

it("stops before the first destructive command with exit 2 when the switch refuses its login on the consoles", async () => {
  // The consoles' switch account has another password than the one the run logs in with.
  const { rig, consoles } = await start('happy');
  const run = await rig.upgrade(consoles.args, { env: consoles.env, timeoutMs: 120_000 });
  expect(run.code, run.stderr).toBe(2);
  const error = errorOf(run.events);
  expect(error?.message).toMatch(/^MSM-A's console cannot be used: .*the switch refused the console login for \S+; MSM-B's console cannot be used: .*the switch refused the console login for \S+ — the console fallback would not be there; nothing was changed$/);
  expect(destructiveCommands(rig.sim)).toEqual([]);
  expect(run.events.some((event) => event.type === 'step-start')).toBe(false);
}, 150_000);

it("stops with exit 2 naming MSM-B's console when its console server port cannot be reached", async () => {
  const { rig, consoles } = await start('happy', 'admin');
  const unreachable = `ssh://console@127.0.0.1:${await closedPort()}`;
  const args = consoles.args.map((arg, index) => (consoles.args[index - 1] === '--console-b' ? unreachable : arg));
  const run = await rig.upgrade(args, { env: consoles.env, timeoutMs: 120_000 });
  expect(run.code, run.stderr).toBe(2);
  expect(errorOf(run.events)?.message).toMatch(/^MSM-B's console cannot be used: .*127\.0\.0\.1:\d+.* — the console fallback would not be there; nothing was changed$/);
  expect(run.events.filter((event) => event.type === 'console-ready').map((event) => event.type === 'console-ready' && event.slot)).toEqual(['A']);
  expect(destructiveCommands(rig.sim)).toEqual([]);
}, 150_000);
