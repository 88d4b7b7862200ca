// Management SSH that does not come back after the failover (scenario mgmt-lost): with both consoles given, the
// upgrade finishes on the MASTER's serial console, through the real CLI.
import { expect, it } from 'vitest';
import { consoleRigPerTest } from '../support/consoleRig.js';
import { runningOn, startRig } from '../support/simulatedUpgrade.js';

const start = consoleRigPerTest();

interface JournalEvent {
  type: string;
  message?: string;
  description?: string;
}

it('finishes the upgrade on the MASTER console when management SSH is lost at the failover, and says so', async () => {
  const { rig, consoles } = await start('mgmt-lost', 'admin');
  const run = await rig.upgrade([...consoles.args, '--reconnect-timeout', '3', '--step-timeout', '20'], {
    env: { ...consoles.env, SWITCH_PW: 'admin' },
    timeoutMs: 150_000,
  });
  expect(run.code, run.stderr).toBe(0);
  expect(runningOn(rig.sim, 'A')).toBe('15.3.5.2-patch1-5');
  expect(runningOn(rig.sim, 'B')).toBe('15.3.5.2-patch1-5');
  expect(rig.sim.outages).toEqual([]);
  const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as JournalEvent);
  const fallback = events.findIndex((event) => event.type === 'warning' && event.message === "management SSH lost — continuing on MSM-B's console");
  expect(fallback, run.stdout).toBeGreaterThan(0);
  const failover = events.findIndex((event) => event.type === 'step-start' && (event as { step?: string }).step === 'failover');
  expect(fallback).toBeGreaterThan(failover);
  // The connection is named by where it goes now (the status line shows it), not by the lost management address.
  const connections = events.filter((event) => event.type === 'connected').map((event) => event.description);
  expect(connections[0]).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(connections.at(-1)).toMatch(/^MSM-B console \(via .+@127\.0\.0\.1:\d+\)$/);
  // Every destructive command after the fallback went to the MASTER's console, none over management SSH.
  const destructive = rig.sim.commandLog.filter((record) => /^(download|reboot|run )/.test(record.command));
  for (const record of destructive) {
    const masterThen = record.command === 'run msm-failover' || record.command.endsWith('msm B') ? 'A' : 'B';
    expect(record.msm, record.command).toBe(masterThen);
  }
  expect(destructive.map((record) => record.command)).toContain('reboot msm A');
}, 180_000);

// The default bound is 120 s (reconnectTime.ts); the test knob shortens it so the default path runs in seconds.
const SHORT_DEFAULT = { HITLESS_TEST_CONSOLE_FALLBACK_SECONDS: '3' };

it('without --reconnect-timeout, moves to the MASTER console once the bounded default is over, not after the step timeout', async () => {
  const { rig, consoles } = await start('mgmt-lost', 'admin');
  // A step timeout the test would never live to see: only the bounded default can bring the console in.
  const run = await rig.upgrade([...consoles.args, '--step-timeout', '900'], {
    env: { ...consoles.env, SWITCH_PW: 'admin', ...SHORT_DEFAULT },
    timeoutMs: 150_000,
  });
  expect(run.code, run.stderr).toBe(0);
  expect(runningOn(rig.sim, 'A')).toBe('15.3.5.2-patch1-5');
  const dropped = run.events.find((event) => event.type === 'disconnected' && event.expected);
  const fallback = run.events.find((event) => event.type === 'warning' && event.message === "management SSH lost — continuing on MSM-B's console");
  expect(fallback, run.stdout).toBeDefined();
  // Management SSH was given the whole default first.
  expect(Date.parse(fallback!.at) - Date.parse(dropped!.at)).toBeGreaterThanOrEqual(3_000);
}, 180_000);

it('without consoles, a management address that never answers again ends as before: exit 4 after the step timeout', async () => {
  const rig = await startRig('mgmt-lost');
  try {
    const run = await rig.upgrade(['--step-timeout', '5'], { env: SHORT_DEFAULT, timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(4);
    const error = run.events.find((event) => event.type === 'error');
    expect(error?.type === 'error' && error.message).toMatch(/^could not reconnect within 5 s \(--step-timeout\); the last attempt: /);
    expect(run.events.some((event) => event.type === 'warning' && /console/.test(event.message))).toBe(false);
  } finally {
    await rig.close();
  }
}, 150_000);
