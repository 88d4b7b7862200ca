import { expect, it } from 'vitest';
import type { SessionLike } from '../../source/engine/sessionLike.js';
import { EXIT, HitlessError } from '../../source/errors.js';
import type { AttemptLimits } from '../../source/run/connect.js';
import { MANAGEMENT_PROBE_MS, withConsoleFallback } from '../../source/run/consoleFallback.js';

const session = (name: string) => ({ name }) as unknown as SessionLike;
/** What the run's connection events name for a session: its route when it has one. */
const route = (opened: SessionLike) => opened.via ?? (opened as unknown as { name: string }).name;

/** 'ok': a session; 'refused': fails after 1 s; 'silent': accepts and never answers, fails when the handshake times out. */
type Answer = 'ok' | 'refused' | 'silent';

function harness(answers: Answer[]) {
  let clock = 0;
  const attempts: AttemptLimits[] = [];
  const warnings: string[] = [];
  const open = withConsoleFallback({
    management: async (limits = {}) => {
      attempts.push(limits);
      const answer = answers.shift();
      if (answer === 'ok') return session('ssh');
      clock += answer === 'refused' ? 1_000 : (limits.timeLeftMs ?? limits.readyTimeoutMs ?? 20_000);
      throw new HitlessError('connect', `cannot reach 10.0.0.1 (${answer})`, EXIT.usage);
    },
    console: async () => session('console'),
    reconnectTimeoutMs: 5_000,
    tell: (message) => warnings.push(message),
    masterConsole: () => 'B',
    consoleLabel: (slot) => `MSM-${slot} console (via cs1:22)`,
    now: () => clock,
  });
  return { open, attempts, warnings, advance: (ms: number) => (clock += ms) };
}

it('after a drop, each SSH attempt gets only the reconnect time left; then the run continues on the console and says so once', async () => {
  const run = harness(['ok', 'refused', 'silent']);
  expect(await run.open()).toEqual(session('ssh'));
  await expect(run.open()).rejects.toThrow('refused');
  run.advance(1_000);
  expect(route(await run.open())).toBe('MSM-B console (via cs1:22)');
  expect(route(await run.open())).toBe('MSM-B console (via cs1:22)');
  // The second console session came after a brief try of management SSH (silent: no answer in the probe time).
  expect(run.attempts).toEqual([{}, { timeLeftMs: 5_000 }, { timeLeftMs: 3_000 }, { readyTimeoutMs: MANAGEMENT_PROBE_MS }]);
  expect(run.warnings).toEqual(["management SSH lost — continuing on MSM-B's console"]);
});

it('on the console, management SSH that answers again is used again, and the run says so', async () => {
  const run = harness(['ok', 'silent', 'ok']);
  await run.open();
  expect(route(await run.open())).toBe('MSM-B console (via cs1:22)');
  expect(route(await run.open())).toBe('ssh');
  expect(run.warnings).toEqual(["management SSH lost — continuing on MSM-B's console", 'management SSH is back — continuing over it']);
});

it('management SSH back within the reconnect time: no fallback, and the next drop gets the whole reconnect time again', async () => {
  const run = harness(['ok', 'refused', 'ok', 'silent']);
  await run.open();
  await expect(run.open()).rejects.toThrow('refused');
  expect(await run.open()).toEqual(session('ssh'));
  run.advance(60_000);
  expect(route(await run.open())).toBe('MSM-B console (via cs1:22)');
  expect(run.attempts.map((limits) => limits.timeLeftMs)).toEqual([undefined, 5_000, 4_000, 5_000]);
});

it('never falls back when management SSH never worked: the first connection fails as before', async () => {
  const run = harness(['refused']);
  await expect(run.open()).rejects.toThrow('refused');
  expect(run.warnings).toEqual([]);
});
