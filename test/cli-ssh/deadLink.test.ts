// A link that goes silent mid-upgrade (no FIN, no RST: a dead path) is noticed through SSH keepalive, and the upgrade
// reconnects and finishes.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS, startSimulator, type RunningSimulator } from '../../source/simulator/index.js';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy.js';
import { tempDir } from '../support/runCli.js';
import { PASSWORD_ENV, SWITCH_PASSWORD, sshWorld } from './sshRig.js';

let sim: RunningSimulator;
let proxy: FaultProxy;

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'happy', speed: 0, hostKeyFile: join(tempDir(), 'host_key'), users: [{ username: 'admin', password: SWITCH_PASSWORD }] });
  proxy = await startFaultProxy(sim.port);
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});

describe('a dead link during an upgrade', () => {
  it('is noticed by keepalive (not by a command timeout), then the upgrade reconnects and completes', { timeout: 90_000 }, async () => {
    const world = sshWorld();
    let stalled = false;
    // A command that gets no answer would only time out after --step-timeout (60 s): well beyond this test's patience.
    const run = await world.run(
      [
        'upgrade', '--host', '127.0.0.1', '--port', String(proxy.port), '--user', 'admin', '--password-env', PASSWORD_ENV,
        '--known-hosts', world.knownHosts, '--accept-new', '--image', SCENARIOS.happy.suggested.image,
        '--headless', '--yes', '--json', '--poll', '0.05', '--step-timeout', '60',
      ],
      {
        timeoutMs: 80_000,
        onEvent: (event) => {
          if (event.type === 'command' && !stalled) {
            stalled = true;
            proxy.stall();
          }
          if (event.type === 'disconnected') proxy.resume();
        },
      },
    );
    expect(run.code).toBe(0);
    // The failover drops the session too (expected); the stall must show up as a keepalive timeout.
    const reasons = run.events.flatMap((event) => (event.type === 'disconnected' ? [event.reason] : []));
    expect(reasons.filter((reason) => reason.includes('Keepalive timeout'))).toHaveLength(1);
    expect(sim.outages).toEqual([]);
    expect(sim.chassis.master()?.slot).toBe('B');
  });
});
