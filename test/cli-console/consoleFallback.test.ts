// Management SSH that does not come back after the failover (scenario mgmt-lost): with both consoles given, the
// upgrade finishes on the MASTER's serial console, through the real CLI.
import { expect, it } from 'vitest';
import { consoleRigPerTest } from '../support/consoleRig.js';
import { runningOn } from '../support/simulatedUpgrade.js';

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
