// Health before and after through the real CLI: `show slot` and `show ports no-refresh` before the first destructive
// step and after each failover; a module or link lost at the failover stops the run before the second half.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { runCli } from '../support/runCli.js';
import { destructiveCommands, PASSWORD_ENV, runningOn, startRig, type Rig } from '../support/simulatedUpgrade.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const TARGET = '15.3.5.2-patch1-5';
const LOST_PORTS = 'ports down since the failover: 2:3 (esx-07-vmnic0), 2:4 (esx-07-vmnic1)';

const healthEvents = (events: EngineEvent[]) => events.filter((e) => e.type === 'health');
const errorMessage = (events: EngineEvent[]) => events.flatMap((e) => (e.type === 'error' ? [e.message] : [])).join('\n');
const readCommands = (sim: Rig['sim']) => sim.commandLog.map((record) => record.command.trim()).filter((command) => command.startsWith('show '));

/** Only the first half was done: the first backup upgraded and the failover; nothing sent to the second backup. */
function expectStoppedBeforeSecondHalf(rig: Rig) {
  expect(destructiveCommands(rig.sim)).toEqual([expect.stringMatching(/^download .* msm B$/), 'reboot msm B', 'run msm-failover']);
  expect(runningOn(rig.sim, 'A')).not.toBe(TARGET);
}

describe('health before and after the failover', () => {
  it('happy: reads modules and links before, after the failover and at verify; nothing lost, exit 0', async () => {
    rig = await startRig('happy');
    const run = await rig.upgrade();
    expect(run.code, run.stderr).toBe(0);
    const health = healthEvents(run.events);
    expect(health.map((e) => e.type === 'health' && e.phase)).toEqual(['baseline', 'after-failover', 'verify']);
    for (const event of health) {
      expect(event).toMatchObject({ summary: '3 of 3 I/O modules Operational, 19 of 100 ports Active', regressions: [] });
    }
    // The baseline is read before the first destructive command is sent.
    const firstDestructive = run.events.findIndex((e) => e.type === 'command');
    expect(run.events.findIndex((e) => e.type === 'health')).toBeLessThan(firstDestructive);
    const reads = readCommands(rig.sim);
    expect(reads).toContain('show slot');
    expect(reads).toContain('show ports no-refresh');
    expect(reads.filter((command) => /^show ports\s*$/.test(command))).toEqual([]);
  }, 60_000);

  it('port-loss: stops before the second half with exit 4 and names the ports, in the error and a health event', async () => {
    rig = await startRig('port-loss');
    const run = await rig.upgrade(['--health-settle', '0.5']);
    expect(run.code, run.stdout).toBe(4);
    expectStoppedBeforeSecondHalf(rig);
    expect(errorMessage(run.events)).toContain(LOST_PORTS);
    const after = healthEvents(run.events).at(-1);
    expect(after).toMatchObject({
      phase: 'after-failover',
      description: LOST_PORTS,
      regressions: [
        { kind: 'port', port: '2:3', displayString: 'esx-07-vmnic0', before: 'A', after: 'R' },
        { kind: 'port', port: '2:4', displayString: 'esx-07-vmnic1', before: 'A', after: 'R' },
      ],
    });
    // The settle time was given: the links were read again while waiting.
    expect(run.events.some((e) => e.type === 'progress' && e.activity.includes('waiting up to'))).toBe(true);
  }, 60_000);

  it('port-loss in text mode: one error line names the ports', async () => {
    rig = await startRig('port-loss');
    const args = ['upgrade', ...rig.connectArgs(), '--image', '10.0.0.5:bd8800-15.3.5.2-patch1-5.xos', '--headless', '--yes', '--poll', '0.05', '--step-timeout', '4', '--health-settle', '0'];
    const run = await runCli(args, { env: { [PASSWORD_ENV]: 'admin', XDG_STATE_HOME: join(rig.dir, 'state') } });
    expect(run.code).toBe(4);
    const errorLines = run.stderr.split('\n').filter((line) => line.includes('error:'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain(LOST_PORTS);
    expect(run.stdout).toMatch(/health before: 3 of 3 I\/O modules Operational, 19 of 100 ports Active/);
  }, 60_000);

  it('slot-fail: stops before the second half with exit 4 and names the failed module; report and exported page show the table', async () => {
    rig = await startRig('slot-fail');
    const journal = join(rig.dir, 'run.jsonl');
    const run = await rig.upgrade(['--health-settle', '0.5', '--journal', journal]);
    expect(run.code, run.stdout).toBe(4);
    expectStoppedBeforeSecondHalf(rig);
    expect(errorMessage(run.events)).toMatch(/I\/O modules not Operational since the failover: Slot-3 \(Failed, \d+ active ports? down\)/);
    expect(healthEvents(run.events).at(-1)).toMatchObject({ regressions: expect.arrayContaining([expect.objectContaining({ kind: 'module', name: 'Slot-3', before: 'Operational', after: 'Failed' })]) });

    const report = await runCli(['report', journal]);
    expect(report.stdout).toContain('Health before and after');
    expect(report.stdout).toMatch(/^ {2}Slot-3 +\S+ +Operational +Failed$/m);
    expect(report.stdout).toMatch(/^ {2}Active ports +19 of 100 +\d+ of 100$/m);
    const cast = join(rig.dir, 'screen.cast');
    writeFileSync(cast, `${JSON.stringify({ version: 2, width: 80, height: 24, timestamp: 1_767_000_000 })}\n[0.1, "o", "hitless"]\n`);
    const page = join(rig.dir, 'page.html');
    const exported = await runCli(['export', cast, '--html', page, '--journal', journal]);
    expect(exported.code, exported.stderr).toBe(0);
    const health = /<section id="health">[\s\S]*?<\/section>/.exec(readFileSync(page, 'utf8'))?.[0] ?? '';
    expect(health).toContain('<h2>Health before and after</h2>');
    expect(health).toMatch(/<tr><td>Slot-3<\/td><td>[^<]+<\/td><td>Operational<\/td><td class="changed">Failed<\/td><\/tr>/);
    expect(health).toMatch(/<p class="lost">Lost: I\/O modules not Operational since the failover: Slot-3/);
  }, 60_000);

  it('a rerun keeps the baseline from before the failover: it stops again, and completes only with --accept-health-regression', async () => {
    rig = await startRig('port-loss');
    expect((await rig.upgrade(['--health-settle', '0'])).code).toBe(4);

    const again = await rig.upgrade(['--health-settle', '0']);
    expect(again.code, again.stdout).toBe(4);
    expect(errorMessage(again.events)).toContain(LOST_PORTS);
    expect(healthEvents(again.events).some((e) => e.type === 'health' && e.phase === 'baseline')).toBe(false);
    expectStoppedBeforeSecondHalf(rig);

    const accepted = await rig.upgrade(['--health-settle', '0', '--accept-health-regression']);
    expect(accepted.code, accepted.stdout).toBe(0);
    expect(accepted.events.some((e) => e.type === 'warning' && e.message.includes(`continuing despite ${LOST_PORTS}`))).toBe(true);
    expect(runningOn(rig.sim, 'A')).toBe(TARGET);
    expect(runningOn(rig.sim, 'B')).toBe(TARGET);
  }, 90_000);

  it('a regression that clears within the settle time does not stop the run', async () => {
    rig = await startRig('port-loss');
    const sim = rig.sim;
    const lost = sim.chassis.ioModules.flatMap((module) => module.ports).filter((port) => port.id === '2:3' || port.id === '2:4');
    // The baseline reads the links once, the check after the failover once more; a third read means it is settling.
    const linkReads = () => readCommands(sim).filter((command) => command === 'show ports no-refresh').length;
    const healed = (async () => {
      while (linkReads() < 3) await new Promise((resolve) => setTimeout(resolve, 20));
      for (const port of lost) port.link = 'A';
    })();
    const run = await rig.upgrade(['--health-settle', '30']);
    await healed;
    expect(run.code, run.stdout).toBe(0);
    expect(run.events.some((e) => e.type === 'progress' && e.activity.startsWith(LOST_PORTS))).toBe(true);
    expect(healthEvents(run.events).every((e) => e.type === 'health' && e.regressions.length === 0)).toBe(true);
    expect(runningOn(sim, 'A')).toBe(TARGET);
  }, 60_000);

  it('--no-health-check: port-loss completes, reads neither table, and the journal says the check was off', async () => {
    rig = await startRig('port-loss');
    const journal = join(rig.dir, 'run.jsonl');
    const run = await rig.upgrade(['--no-health-check', '--journal', journal]);
    expect(run.code, run.stdout).toBe(0);
    expect(readCommands(rig.sim).filter((command) => command === 'show slot' || command.startsWith('show ports'))).toEqual([]);
    const entries = readFileSync(journal, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as EngineEvent);
    expect(entries.filter((e) => e.type === 'health')).toEqual([]);
    expect(entries).toContainEqual(expect.objectContaining({ type: 'warning', message: expect.stringContaining('health check off (--no-health-check)') }));
  }, 60_000);
});
