// What the fleet view keeps of a chassis' switch output (its tail, and the console opened with Enter): the raw output
// of that chassis' sessions, redacted like the single-chassis console's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createJournalFolders } from '../../source/fleet/fleetCommand.js';
import { loadFleetFile } from '../../source/fleet/fleetFile.js';
import { upgradeChassis } from '../../source/fleet/upgradeChassis.js';
import { SCENARIOS, startSimulator, type RunningSimulator } from '../../source/simulator/index.js';
import { tempDir } from '../support/runCli.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  vi.unstubAllEnvs();
});

describe("a fleet chassis' switch output", () => {
  it('reaches the view with its --password-env value masked, though the switch echoes it', async () => {
    const dir = tempDir();
    const password = 'Pw-Fleet-console-planted';
    sim = await startSimulator({ scenario: 'happy', speed: 0, users: [{ username: 'admin', password }], hostKeyFile: join(dir, 'sim_host_key') });
    vi.stubEnv('HITLESS_FLEET_CONSOLE_PASSWORD', password);
    vi.stubEnv('XDG_STATE_HOME', join(dir, 'state'));
    const file = join(dir, 'fleet.json');
    const { suggested } = SCENARIOS.happy;
    // The password as the VR name: the switch echoes the download command and names the VR in its refusal.
    const entry = { name: 'c1', host: '127.0.0.1', port: sim.port, image: suggested.image, xmods: suggested.xmods, vr: password, journal: 'journals/c1.jsonl' };
    const defaults = { user: 'admin', passwordEnv: 'HITLESS_FLEET_CONSOLE_PASSWORD', knownHosts: 'known_hosts', acceptNew: true, poll: 0.05, stepTimeout: 4 };
    writeFileSync(file, JSON.stringify({ concurrency: 1, defaults, chassis: [entry] }));
    const plan = loadFleetFile(file);
    createJournalFolders(plan);
    let output = '';
    const outcome = await upgradeChassis(plan.chassis[0]!, new AbortController().signal, {
      sink: () => undefined,
      confirm: async () => ({ answer: 'confirm', by: 'test' }),
      questions: { secret: async () => '', hostKey: async () => false },
      onOutput: (text) => (output += text),
    });
    expect(outcome.exitCode).toBe(3);
    expect(output).toContain('vr "***" secondary msm B');
    expect(output).not.toContain(password);
  }, 60_000);
});
