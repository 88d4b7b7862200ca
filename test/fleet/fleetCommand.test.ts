// `hitless fleet FILE --yes` through the real CLI against simulated chassis started in the test process, so the test
// can read each chassis' command log, state and safety oracle.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { SCENARIOS, startSimulator, type RunningSimulator, type ScenarioName } from '../../source/simulator/index.js';
import { runCli, tempDir } from '../support/runCli.js';
import { destructiveCommands, PASSWORD_ENV, runningOn } from '../support/simulatedUpgrade.js';

interface SimulatedChassis {
  name: string;
  scenario: ScenarioName;
  sim: RunningSimulator;
}

let chassis: SimulatedChassis[] = [];
afterEach(async () => {
  await Promise.all(chassis.map((c) => c.sim.close()));
  chassis = [];
});

async function startChassis(dir: string, scenarios: ScenarioName[], speed = 0): Promise<SimulatedChassis[]> {
  chassis = await Promise.all(
    scenarios.map(async (scenario, index) => ({
      name: `c${index + 1}`,
      scenario,
      sim: await startSimulator({ scenario, speed, hostKeyFile: join(dir, 'sim_host_key') }),
    })),
  );
  return chassis;
}

function writeFleet(
  dir: string,
  list: SimulatedChassis[],
  settings: { concurrency: number; onFailure?: 'stop' | 'continue'; canary?: number; maxFailures?: number },
  entry: (c: SimulatedChassis, index: number) => Record<string, unknown> = () => ({}),
): string {
  const file = join(dir, 'fleet.json');
  const fleet = {
    ...settings,
    defaults: { user: 'admin', passwordEnv: PASSWORD_ENV, knownHosts: 'known_hosts', acceptNew: true, poll: 0.05, stepTimeout: 4 },
    chassis: list.map((c, index) => ({
      name: c.name,
      host: '127.0.0.1',
      port: c.sim.port,
      image: SCENARIOS[c.scenario].suggested.image,
      xmods: SCENARIOS[c.scenario].suggested.xmods,
      journal: `journals/${c.name}.jsonl`,
      ...entry(c, index),
    })),
  };
  writeFileSync(file, JSON.stringify(fleet, null, 2));
  return file;
}

const fleet = (dir: string, file: string, extra: string[] = []) =>
  runCli(['fleet', file, '--yes', ...extra], { env: { [PASSWORD_ENV]: 'admin', XDG_STATE_HOME: join(dir, 'state') }, timeoutMs: 90_000 });

function journal(dir: string, name: string): EngineEvent[] {
  return readFileSync(join(dir, 'journals', `${name}.jsonl`), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as EngineEvent);
}

interface ChassisLine {
  type: string;
  name: string;
  state: string;
  exitCode?: number;
}
const jsonLines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as ChassisLine & { counts?: object });

describe('hitless fleet', () => {
  it('upgrades five chassis at once, one line each as they finish, then a summary table; exit 0', async () => {
    const dir = tempDir();
    const list = await startChassis(dir, ['happy', 'master-is-b', 'xmod', 'happy', 'old-release']);
    const run = await fleet(dir, writeFleet(dir, list, { concurrency: 5, onFailure: 'stop' }));
    expect(run.code, run.stderr + run.stdout).toBe(0);

    const finishLines = run.stdout.split('\n').filter((line) => /^\[\d\/5\] /.test(line));
    expect(finishLines).toHaveLength(5);
    for (const c of list) {
      expect(finishLines.filter((line) => line.includes(`] ${c.name} (127.0.0.1:${c.sim.port}) done, exit 0 in `))).toHaveLength(1);
      const target = SCENARIOS[c.scenario].suggested.image.split(':')[1]!.replace(/^bd8800-|\.xos$/g, '');
      expect(runningOn(c.sim, 'A')).toBe(target);
      expect(runningOn(c.sim, 'B')).toBe(target);
      expect(c.sim.outages).toEqual([]);
      const events = journal(dir, c.name);
      expect(events[0]).toMatchObject({ type: 'run-start', host: `127.0.0.1:${c.sim.port}` });
      expect(events.at(-1)).toMatchObject({ type: 'run-end', exitCode: 0 });
    }
    expect(run.stdout).toMatch(/^CHASSIS +ADDRESS +RESULT +EXIT +TIME +JOURNAL$/m);
    for (const c of list) expect(run.stdout).toMatch(new RegExp(`^${c.name} +127\\.0\\.0\\.1:${c.sim.port} +done +0 +\\S+ +\\S*journals/${c.name}\\.jsonl$`, 'm'));
    expect(run.stdout).toMatch(/^fleet: 5 done, 0 failed, 0 stopped, 0 not started; exit 0$/m);
  }, 90_000);

  it('names the chassis in a connection warning on stderr (the weak algorithms an old SSH server needs)', async () => {
    const dir = tempDir();
    const [modern] = await startChassis(dir, ['happy']);
    const legacy: SimulatedChassis = {
      name: 'c2',
      scenario: 'happy',
      sim: await startSimulator({ scenario: 'happy', speed: 0, legacySsh: true, hostKeyFile: join(dir, 'sim_host_rsa') }),
    };
    chassis.push(legacy);
    const legacyOptions = { sshOptions: ['KexAlgorithms=+diffie-hellman-group14-sha1', 'Ciphers=+aes128-cbc'] };
    const run = await fleet(dir, writeFleet(dir, [modern!, legacy], { concurrency: 2 }, (c) => (c === legacy ? legacyOptions : {})));
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const warnings = run.stderr.split('\n').filter((line) => line.startsWith('hitless: warning: '));
    expect(warnings.length).toBeGreaterThan(0);
    for (const line of warnings) expect(line).toMatch(/^hitless: warning: c2: /);
    expect(warnings.join('\n')).toContain('diffie-hellman-group14-sha1');
  }, 90_000);

  describe('one chassis cannot reach the image host (exit 3), one at a time', () => {
    const scenarios: ScenarioName[] = ['happy', 'tftp-unreachable', 'happy', 'master-is-b'];

    it('onFailure stop: the chassis after the failure are never touched; exit 3', async () => {
      const dir = tempDir();
      const list = await startChassis(dir, scenarios);
      const run = await fleet(dir, writeFleet(dir, list, { concurrency: 1, onFailure: 'stop' }), ['--json']);
      expect(run.code, run.stderr).toBe(3);
      const lines = jsonLines(run.stdout);
      expect(lines.map((l) => [l.name, l.state, l.exitCode])).toEqual([
        ['c1', 'done', 0],
        ['c2', 'failed', 3],
        ['c3', 'not started', undefined],
        ['c4', 'not started', undefined],
        [undefined, undefined, 3],
      ]);
      expect(lines.at(-1)).toMatchObject({ type: 'fleet-end', counts: { done: 1, failed: 1, stopped: 0, 'not started': 2 } });
      expect(list[2]!.sim.commandLog).toEqual([]);
      expect(list[3]!.sim.commandLog).toEqual([]);
      expect(destructiveCommands(list[1]!.sim).filter((command) => !command.startsWith('download'))).toEqual([]);
    }, 90_000);

    it('onFailure continue: every other chassis is upgraded; exit 3', async () => {
      const dir = tempDir();
      const list = await startChassis(dir, scenarios);
      const run = await fleet(dir, writeFleet(dir, list, { concurrency: 1, onFailure: 'continue' }), ['--json']);
      expect(run.code, run.stderr).toBe(3);
      expect(jsonLines(run.stdout).map((l) => [l.name, l.state, l.exitCode])).toEqual([
        ['c1', 'done', 0],
        ['c2', 'failed', 3],
        ['c3', 'done', 0],
        ['c4', 'done', 0],
        [undefined, undefined, 3],
      ]);
      for (const c of [list[0]!, list[2]!, list[3]!]) expect(journal(dir, c.name).at(-1)).toMatchObject({ type: 'run-end', exitCode: 0 });
      expect(list.flatMap((c) => c.sim.outages)).toEqual([]);
    }, 90_000);
  });

  describe('rolling out safely', () => {
    it('canary 1 with a failing first chassis: the rest never start; exit 3', async () => {
      const dir = tempDir();
      const list = await startChassis(dir, ['tftp-unreachable', 'happy', 'happy']);
      const run = await fleet(dir, writeFleet(dir, list, { concurrency: 3, onFailure: 'continue' }), ['--canary', '1', '--json']);
      expect(run.code, run.stderr).toBe(3);
      expect(jsonLines(run.stdout).map((l) => [l.name, l.state, l.exitCode])).toEqual([
        ['c1', 'failed', 3],
        ['c2', 'not started', undefined],
        ['c3', 'not started', undefined],
        [undefined, undefined, 3],
      ]);
      expect(run.stdout).toContain('not started because canary c1 ended exit 3');
      expect(list[1]!.sim.commandLog).toEqual([]);
      expect(list[2]!.sim.commandLog).toEqual([]);
    }, 90_000);

    it('canary 1 (the file key) succeeding with --yes: the rest start by themselves; exit 0', async () => {
      const dir = tempDir();
      const list = await startChassis(dir, ['happy', 'happy', 'master-is-b']);
      const run = await fleet(dir, writeFleet(dir, list, { concurrency: 3, canary: 1 }));
      expect(run.code, run.stderr + run.stdout).toBe(0);
      expect(run.stdout).toMatch(/3 at a time, canary 1, on failure: stop/);
      const finishLines = run.stdout.split('\n').filter((line) => /^\[\d\/3\] /.test(line));
      expect(finishLines[0]).toMatch(/^\[1\/3\] c1 .* done, exit 0/);
      expect(finishLines).toHaveLength(3);
      const at = (event: EngineEvent | undefined) => Date.parse((event as unknown as { at: string }).at);
      const c1End = at(journal(dir, 'c1').at(-1));
      for (const name of ['c2', 'c3']) {
        expect(journal(dir, name).at(-1)).toMatchObject({ type: 'run-end', exitCode: 0 });
        expect(at(journal(dir, name)[0])).toBeGreaterThanOrEqual(c1End);
      }
    }, 90_000);

    it('max-failures 2 with three failing among five, one at a time: the second failure\'s successors never start', async () => {
      const dir = tempDir();
      const list = await startChassis(dir, ['tftp-unreachable', 'happy', 'not-in-sync', 'tftp-unreachable', 'happy']);
      const run = await fleet(dir, writeFleet(dir, list, { concurrency: 1, maxFailures: 2 }), ['--json']);
      expect(run.code, run.stderr).toBe(3);
      expect(jsonLines(run.stdout).map((l) => [l.name, l.state, l.exitCode])).toEqual([
        ['c1', 'failed', 3],
        ['c2', 'done', 0],
        ['c3', 'failed', 3],
        ['c4', 'not started', undefined],
        ['c5', 'not started', undefined],
        [undefined, undefined, 3],
      ]);
      expect(run.stdout).toContain('not started because 2 chassis failed (max-failures 2)');
      expect(list[3]!.sim.commandLog).toEqual([]);
      expect(list[4]!.sim.commandLog).toEqual([]);
    }, 90_000);

    it.each([
      ['--max-failures with onFailure stop', { concurrency: 1, onFailure: 'stop' as const }, ['--max-failures', '2'], /"onFailure": "stop" stops at the first failure; max-failures 2 contradicts it/],
      ['a canary as large as the fleet', { concurrency: 1 }, ['--canary', '2'], /canary 2 leaves no chassis for the rest \(the fleet has 2\)/],
      ['a canary out of range', { concurrency: 1 }, ['--canary', 'x'], /--canary must be a whole number from 0 to 10000, got "x"/],
      ['max-failures 0', { concurrency: 1, onFailure: 'continue' as const }, ['--max-failures', '0'], /--max-failures must be a whole number from 1 to 10000, got "0"/],
    ])('%s: one line, exit 2, nothing touched', async (_what, settings, extra, message) => {
      const dir = tempDir();
      const list = await startChassis(dir, ['happy', 'happy']);
      const run = await fleet(dir, writeFleet(dir, list, settings), extra);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      for (const c of list) expect(c.sim.commandLog).toEqual([]);
    }, 60_000);
  });

  it('onFailure stop with two at once: the running upgrade stops at a safe point (rerun to resume)', async () => {
    const dir = tempDir();
    const [failing] = await startChassis(dir, ['tftp-unreachable']);
    const slow = { name: 'c2', scenario: 'happy' as const, sim: await startSimulator({ scenario: 'happy', speed: 0.05, hostKeyFile: join(dir, 'sim_host_key') }) };
    chassis.push(slow);
    const run = await fleet(dir, writeFleet(dir, [failing!, slow], { concurrency: 2, onFailure: 'stop' }), ['--json']);
    const lines = jsonLines(run.stdout);
    expect(lines.find((l) => l.name === 'c1')).toMatchObject({ state: 'failed', exitCode: 3 });
    const stopped = lines.find((l) => l.name === 'c2');
    expect(stopped?.state).toBe('stopped');
    expect([3, 4]).toContain(stopped?.exitCode);
    expect(run.code).toBe(stopped?.exitCode);
    expect(slow.sim.outages).toEqual([]);
    const events = journal(dir, 'c2');
    expect(events.filter((e) => e.type === 'error')).toMatchObject([{ kind: 'stopped' }]);
    expect(events.at(-1)).toMatchObject({ type: 'run-end', exitCode: stopped?.exitCode });
  }, 90_000);

  it('Ctrl-C: nothing new starts and the running upgrade stops at a safe point (exit 4)', async () => {
    const dir = tempDir();
    const list = await startChassis(dir, ['happy', 'happy', 'happy']);
    let interrupted = false;
    const run = await runCli(['fleet', writeFleet(dir, list, { concurrency: 1, onFailure: 'continue' }), '--yes', '--json'], {
      env: { [PASSWORD_ENV]: 'admin', XDG_STATE_HOME: join(dir, 'state') },
      onEvent: (event, child) => {
        const line = event as unknown as ChassisLine;
        if (line.type === 'chassis-end' && line.name === 'c1' && !interrupted) {
          interrupted = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toMatch(/fleet: stopping: nothing new starts/);
    expect(jsonLines(run.stdout).map((l) => [l.name, l.state, l.exitCode])).toEqual([
      ['c1', 'done', 0],
      ['c2', 'stopped', 4],
      ['c3', 'not started', undefined],
      [undefined, undefined, 4],
    ]);
    expect(list[2]!.sim.commandLog).toEqual([]);
    expect(list.flatMap((c) => c.sim.outages)).toEqual([]);
    expect(journal(dir, 'c2').at(-1)).toMatchObject({ type: 'run-end', exitCode: 4 });
  }, 90_000);

  it("each chassis' --password-env value is in none of the journals and no output, though its switch echoes it", async () => {
    const dir = tempDir();
    const passwords = ['Pw-Fleet-c1-planted', 'Pw-Fleet-c2-planted'];
    chassis = await Promise.all(
      passwords.map(async (password, index) => ({
        name: `c${index + 1}`,
        scenario: 'happy' as const,
        sim: await startSimulator({ scenario: 'happy', speed: 0, users: [{ username: 'admin', password }], hostKeyFile: join(dir, 'sim_host_key') }),
      })),
    );
    // Each chassis its own password variable, and its password as the VR name: the switch echoes the download command
    // and names the VR in its refusal.
    const file = writeFleet(dir, chassis, { concurrency: 2, onFailure: 'continue' }, (_c, index) => ({
      passwordEnv: `HITLESS_FLEET_PASSWORD_${index + 1}`,
      vr: passwords[index],
    }));
    const run = await runCli(['fleet', file, '--yes'], {
      env: { HITLESS_FLEET_PASSWORD_1: passwords[0]!, HITLESS_FLEET_PASSWORD_2: passwords[1]!, XDG_STATE_HOME: join(dir, 'state') },
      timeoutMs: 90_000,
    });
    expect(run.code, run.stderr + run.stdout).toBe(3);
    chassis.forEach((c, index) => {
      expect(c.sim.commandLog.map((record) => record.command)).toContainEqual(expect.stringContaining(`vr "${passwords[index]}"`));
    });
    const outputs: Record<string, string> = {
      stdout: run.stdout,
      stderr: run.stderr,
      ...Object.fromEntries(chassis.map((c) => [`journal ${c.name}`, readFileSync(join(dir, 'journals', `${c.name}.jsonl`), 'utf8')])),
    };
    for (const [name, text] of Object.entries(outputs)) {
      for (const password of passwords) expect(text.includes(password), `${name} contains ${password}`).toBe(false);
    }
    for (const c of chassis) expect(outputs[`journal ${c.name}`]).toContain('vr \\"***\\" secondary msm B');
    expect(run.stdout).toMatch(/^\[\d\/2\] c1 .* failed, exit 3 in .*Virtual router \*\*\* does not exist/m);
  }, 90_000);

  it('without --yes only shows what it would do and changes nothing (exit 2)', async () => {
    const dir = tempDir();
    const list = await startChassis(dir, ['happy']);
    const run = await runCli(['fleet', writeFleet(dir, list, { concurrency: 1, onFailure: 'stop' })], { env: { XDG_STATE_HOME: join(dir, 'state') } });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^fleet .*fleet\.json: 1 chassis, 1 at a time, on failure: stop$/m);
    expect(run.stdout).toMatch(/^ {2}c1 +127\.0\.0\.1:\d+ +-> bd8800-15\.3\.5\.2-patch1-5\.xos \(15\.3\.5\.2-patch1-5\) +journal .*journals\/c1\.jsonl$/m);
    expect(run.stderr).toMatch(/rerun with --yes/);
    expect(list[0]!.sim.commandLog).toEqual([]);
  }, 30_000);
});
