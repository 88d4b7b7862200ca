// `hitless fleet FILE --record FILE.cast` through the real CLI against two simulated chassis, each with its own planted
// password: one upgrades, the other is refused its download (the VR is its password, so the switch puts the password
// in its error). The recording is a valid asciicast v2 file with a marker per chassis outcome and holds neither
// password; replay and export play it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castMarkers, parseCast, type Cast } from '../../source/record/asciicast.js';
import { SCENARIOS, startSimulator, type RunningSimulator } from '../../source/simulator/index.js';
import { runCli, tempDir, type CliRun } from '../support/runCli.js';

const PASSWORDS = { 'core-1': 'Pw-Core1-planted', 'core-2': 'Pw-Core2-planted' } as const;
const ENV = { 'core-1': 'HITLESS_TEST_PW_1', 'core-2': 'HITLESS_TEST_PW_2' } as const;
const NAMES = ['core-1', 'core-2'] as const;

const dir = tempDir('hitless-fleet-record-');
const path = (name: string) => join(dir, name);
let sims: RunningSimulator[] = [];
let run: CliRun;
let castText: string;
let cast: Cast;

beforeAll(async () => {
  sims = await Promise.all(
    NAMES.map((name) => startSimulator({ scenario: 'happy', speed: 0, users: [{ username: 'admin', password: PASSWORDS[name] }], hostKeyFile: path('host_key') })),
  );
  const fleet = {
    concurrency: 2,
    onFailure: 'continue',
    defaults: { user: 'admin', knownHosts: 'known_hosts', acceptNew: true, poll: 0.05, stepTimeout: 4, image: SCENARIOS.happy.suggested.image },
    chassis: NAMES.map((name, index) => ({
      name,
      host: '127.0.0.1',
      port: sims[index]!.port,
      passwordEnv: ENV[name],
      journal: `journals/${name}.jsonl`,
      // The switch echoes the VR name and puts it in its error message: core-2's password, on core-2's row.
      ...(name === 'core-2' && { vr: PASSWORDS[name] }),
    })),
  };
  writeFileSync(path('fleet.json'), JSON.stringify(fleet));
  run = await runCli(['fleet', path('fleet.json'), '--yes', '--record', path('fleet.cast')], {
    env: { [ENV['core-1']]: PASSWORDS['core-1'], [ENV['core-2']]: PASSWORDS['core-2'], XDG_STATE_HOME: path('state') },
    timeoutMs: 90_000,
  });
  castText = readFileSync(path('fleet.cast'), 'utf8');
  cast = parseCast(castText);
}, 100_000);

afterAll(async () => {
  await Promise.all(sims.map((sim) => sim.close()));
});

const played = () =>
  cast.events
    .filter(([, code]) => code === 'o')
    .map(([, , data]) => data)
    .join('');

describe('hitless fleet --record', () => {
  it('ran the fleet: core-1 done, core-2 failed on its download (exit 3)', () => {
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toMatch(/core-1 \(127\.0\.0\.1:\d+\) done, exit 0/);
    expect(run.stdout).toMatch(/core-2 \(127\.0\.0\.1:\d+\) failed, exit 3/);
  });

  it('wrote an asciicast v2 recording of the fleet view with a marker per chassis outcome, then the fleet outcome', () => {
    expect(cast.header).toMatchObject({ version: 2, title: 'hitless fleet fleet.json: 2 chassis' });
    const labels = castMarkers(cast).map((marker) => marker.label);
    expect(labels).toEqual(expect.arrayContaining(['core-1: done', 'core-2: failed (exit 3)']));
    expect(labels.at(-1)).toBe('Finished: exit 3 (1 of 2 chassis done)');
    expect(played()).toMatch(/fleet · 2 chassis/);
    expect(played()).toContain('core-2');
  });

  it('holds neither chassis password, in the file or as played; the one on screen is masked', () => {
    for (const password of Object.values(PASSWORDS)) {
      expect(castText.includes(password), `the file contains ${password}`).toBe(false);
      expect(played().includes(password), `the played screen contains ${password}`).toBe(false);
    }
    expect(played()).toContain('***');
  });

  it('plays with hitless replay and exports with hitless export', async () => {
    const replay = await runCli(['replay', path('fleet.cast'), '--speed', '1000']);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toContain('core-1');
    const exported = await runCli(['export', path('fleet.cast'), '--html', path('fleet.html')]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(readFileSync(path('fleet.html'), 'utf8')).toContain('core-2: failed (exit 3)');
  });
});

describe('hitless fleet --record without a terminal', () => {
  it("keeps the view's colours in the recording (its only viewer), while the lines on stdout stay plain", async () => {
    const colourDir = tempDir('hitless-fleet-colour-');
    const sim = await startSimulator({ scenario: 'happy', speed: 0, hostKeyFile: join(colourDir, 'host_key') });
    try {
      const fleet = {
        defaults: { user: 'admin', passwordEnv: 'HITLESS_TEST_PW', knownHosts: 'known_hosts', acceptNew: true, poll: 0.05, stepTimeout: 4, image: SCENARIOS.happy.suggested.image },
        chassis: [{ name: 'core-1', host: '127.0.0.1', port: sim.port }],
      };
      writeFileSync(join(colourDir, 'fleet.json'), JSON.stringify(fleet));
      // FORCE_COLOR as an operator's shell has it: not set (runCli sets 0 for every other test).
      const coloured = await runCli(['fleet', join(colourDir, 'fleet.json'), '--yes', '--record', join(colourDir, 'fleet.cast')], {
        env: { HITLESS_TEST_PW: 'admin', FORCE_COLOR: undefined as unknown as string },
        timeoutMs: 60_000,
      });
      expect(coloured.code, coloured.stderr).toBe(0);
      expect(coloured.stdout).not.toContain('\x1b');
      const drawn = parseCast(readFileSync(join(colourDir, 'fleet.cast'), 'utf8'))
        .events.filter(([, code]) => code === 'o')
        .map(([, , data]) => data)
        .join('');
      expect(drawn).toMatch(/\x1b\[3[1-6]m/);
    } finally {
      await sim.close();
    }
  }, 90_000);
});
