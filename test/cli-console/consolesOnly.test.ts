// The whole upgrade through the two MSM serial consoles alone (no management SSH), through the real CLI.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CONSOLE_SECRET, SWITCH_SECRET, consoleRigPerTest } from '../support/consoleRig.js';
import { runningOn } from '../support/simulatedUpgrade.js';
import { runCli } from '../support/runCli.js';

const start = consoleRigPerTest();

const consoleLogin = (dir: string) => ['--user', 'admin', '--password-env', 'SWITCH_PW', '--known-hosts', join(dir, 'known_hosts'), '--accept-new'];

it('upgrades through --console-a/--console-b without --host, always on the MASTER console, no outage, no secret printed', async () => {
  const { rig, consoles } = await start('happy');
  const run = await runCli(
    [
      'upgrade', ...consoleLogin(rig.dir), ...consoles.args,
      '--image', rig.sim.scenario.suggested.image, '--headless', '--yes', '--json', '--poll', '0.05', '--step-timeout', '20',
    ],
    { env: consoles.env, timeoutMs: 120_000 },
  );
  expect(run.code, run.stderr).toBe(0);
  expect(runningOn(rig.sim, 'A')).toBe('15.3.5.2-patch1-5');
  expect(runningOn(rig.sim, 'B')).toBe('15.3.5.2-patch1-5');
  expect(rig.sim.outages).toEqual([]);
  const destructive = rig.sim.commandLog.filter((r) => /^(download|reboot|run )/.test(r.command));
  for (const record of destructive) {
    const masterThen = record.command === 'run msm-failover' || record.command.endsWith('msm B') ? 'A' : 'B';
    expect(record.msm, record.command).toBe(masterThen);
  }
  expect(run.stdout + run.stderr).not.toContain(CONSOLE_SECRET);
  expect(run.stdout + run.stderr).not.toContain(SWITCH_SECRET);
}, 150_000);

it('status reads the chassis through the MASTER console without --host, sending only show commands', async () => {
  const { rig, consoles } = await start('happy');
  const run = await runCli(['status', ...consoleLogin(rig.dir), ...consoles.args, '--json'], { env: consoles.env, timeoutMs: 60_000 });
  expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as { hitlessApplies: boolean; msms: { name: string; role: string; local: boolean }[] };
  expect(report.hitlessApplies).toBe(true);
  expect(report.msms.map((msm) => [msm.name, msm.role, msm.local])).toEqual([['MSM-A', 'master', true], ['MSM-B', 'backup', false]]);
  expect(rig.sim.commandLog.map((record) => record.command).filter((command) => !/^(show |disable clipaging)/.test(command))).toEqual([]);
  expect(rig.sim.commandLog.every((record) => record.msm === 'A')).toBe(true);
}, 90_000);

it('plan reads the chassis through the MASTER console without --host and prints the steps, sending only show commands', async () => {
  const { rig, consoles } = await start('happy');
  const run = await runCli(['plan', ...consoleLogin(rig.dir), ...consoles.args, '--image', rig.sim.scenario.suggested.image], {
    env: consoles.env,
    timeoutMs: 60_000,
  });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('reboot-first-backup: reboot msm B');
  expect(run.stdout).toContain('failover: run msm-failover');
  expect(rig.sim.commandLog.map((record) => record.command).filter((command) => !/^(show |disable clipaging)/.test(command))).toEqual([]);
}, 90_000);
