// --image ./FILE end to end through the CLI against the simulator over real SSH: the file is copied over the login
// (SFTP, SCP where the switch refuses SFTP), checked by the size `ls` shows, installed on each backup in turn like
// switch:FILE and removed at the end (kept with --keep-image); no room or no local file stops before anything is sent.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIMULATED_IMAGE_BYTES } from '../../source/simulator/scenarios.js';
import type { Rig } from '../support/simulatedUpgrade.js';
import { startFaultProxy } from '../support/faultProxy.js';
import { contractErrors } from '../support/jsonContract.js';
import { destructiveCommands, runningOn } from '../support/simulatedUpgrade.js';
import { CLI_TEST_TIMEOUT_MS, READ_ONLY, runAgainst, STACK_TRACE, withRig } from './cliRig.js';

const TARGET = 'bd8800-15.3.5.2-patch1-5.xos';
const BOTH_UPGRADED = ['15.3.5.2-patch1-5', '15.3.5.2-patch1-5'];
/** The size the simulated chassis installs (another size is a damaged image to it). */
const IMAGE_BYTES = SIMULATED_IMAGE_BYTES;

/** The image file on "the operator's machine": the rig's folder, named by a relative path from there. */
function localImage(rig: Rig, bytes = IMAGE_BYTES): string {
  writeFileSync(join(rig.dir, TARGET), Buffer.alloc(bytes, 7));
  return `./${TARGET}`;
}

const pushUpgrade = (rig: Rig, extra: string[] = []) => rig.upgrade(['--image', localImage(rig), ...extra], { cwd: rig.dir });

const installs = (rig: Rig) => destructiveCommands(rig.sim).filter((command) => /^(download|install)/.test(command));
const removals = (rig: Rig) => rig.sim.commandLog.map((record) => record.command.trim()).filter((command) => command.startsWith('rm '));
const eventsOf = (run: { events: Array<{ type: string }> }, type: string) => run.events.filter((event) => event.type === type);

describe.concurrent('--image ./FILE: a file on the operator\'s machine', () => {
  it('copied over SFTP, installed from the switch on each backup in turn, then removed; both MSMs upgraded', async () => {
    await withRig('happy', async (rig) => {
      const run = await pushUpgrade(rig);
      expect(run.code, run.stderr).toBe(0);
      expect(installs(rig)).toEqual([`install image ${TARGET} secondary msm B`, `install image ${TARGET} secondary msm A`]);
      expect(eventsOf(run, 'transfer-start')).toEqual([expect.objectContaining({ file: TARGET, bytesTotal: IMAGE_BYTES, via: 'sftp' })]);
      expect(eventsOf(run, 'transfer-end')).toEqual([expect.objectContaining({ file: TARGET, bytesSent: IMAGE_BYTES, outcome: 'done' })]);
      expect(eventsOf(run, 'transfer-progress').at(-1)).toMatchObject({ bytesSent: IMAGE_BYTES, bytesTotal: IMAGE_BYTES });
      expect(run.events.flatMap((event) => contractErrors('event', event))).toEqual([]);
      const confirmed = run.events.flatMap((event) => (event.type === 'confirm-request' && event.step.startsWith('install') ? [event.evidence.at(-1)] : []));
      expect(confirmed).toEqual([`${join(rig.dir, TARGET)} (1,048,576 bytes) is copied to the switch over the SSH login first`, expect.not.stringContaining('copied')]);
      expect(removals(rig)).toEqual([`rm ${TARGET}`]);
      expect(rig.sim.chassis.fileSystem.find(TARGET)).toBeUndefined();
      expect(run.events.at(-1), 'rm leaves the MSMs as last read').not.toHaveProperty('sinceFinalState');
      expect([runningOn(rig.sim, 'A'), runningOn(rig.sim, 'B')]).toEqual(BOTH_UPGRADED);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('stage copies and installs on the backup; the window\'s upgrade finds the file at its size: not sent again, each MSM installs once, --keep-image keeps it', async () => {
    await withRig('happy', async (rig) => {
      const image = localImage(rig);
      const stage = await runAgainst(rig, ['stage', ...rig.connectArgs(), '--image', image, '--headless', '--yes', '--json', '--poll', '0.05'], { cwd: rig.dir });
      expect(stage.code, stage.stderr).toBe(0);
      expect(eventsOf(stage, 'transfer-start')).toHaveLength(1);
      const window = await pushUpgrade(rig, ['--keep-image']);
      expect(window.code, window.stderr).toBe(0);
      expect(eventsOf(window, 'transfer-start')).toEqual([]);
      expect(installs(rig)).toEqual([`install image ${TARGET} secondary msm B`, `install image ${TARGET} secondary msm A`]);
      expect(removals(rig)).toEqual([]);
      expect(rig.sim.chassis.fileSystem.find(TARGET)).toMatchObject({ bytes: IMAGE_BYTES });
      expect([runningOn(rig.sim, 'A'), runningOn(rig.sim, 'B')]).toEqual(BOTH_UPGRADED);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('killed while copying: the rerun copies again only what ls does not show whole, and installs each MSM once', async () => {
    await withRig('happy', async (rig) => {
      const killed = await rig.upgrade(['--image', localImage(rig)], {
        cwd: rig.dir,
        onEvent: (event, child) => event.type === 'transfer-start' && child.kill('SIGKILL'),
      });
      expect(killed.signal).toBe('SIGKILL');
      const leftBehind = rig.sim.chassis.fileSystem.find(TARGET)?.bytes;
      const rerun = await rig.upgrade(['--image', `./${TARGET}`], { cwd: rig.dir });
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(eventsOf(rerun, 'transfer-start')).toHaveLength(leftBehind === IMAGE_BYTES ? 0 : 1);
      expect(installs(rig)).toEqual([`install image ${TARGET} secondary msm B`, `install image ${TARGET} secondary msm A`]);
      expect([runningOn(rig.sim, 'A'), runningOn(rig.sim, 'B')]).toEqual(BOTH_UPGRADED);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('link cut as the copy starts: hitless reconnects, copies what ls does not show whole, finishes; each MSM installs once', async () => {
    await withRig('happy', async (rig) => {
      const proxy = await startFaultProxy(rig.sim.port);
      let cut = false;
      try {
        const run = await rig.upgrade(['--image', localImage(rig), ...rig.connectArgs(proxy.port)], {
          cwd: rig.dir,
          onEvent: (event) => {
            if (event.type !== 'transfer-start' || cut) return;
            cut = true;
            proxy.cut();
          },
        });
        expect(run.code, run.stderr).toBe(0);
        expect(eventsOf(run, 'disconnected')).not.toEqual([]);
        expect(eventsOf(run, 'transfer-end').at(-1)).toMatchObject({ bytesSent: IMAGE_BYTES, outcome: 'done' });
        expect(installs(rig)).toEqual([`install image ${TARGET} secondary msm B`, `install image ${TARGET} secondary msm A`]);
        expect([runningOn(rig.sim, 'A'), runningOn(rig.sim, 'B')]).toEqual(BOTH_UPGRADED);
      } finally {
        await proxy.close();
      }
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('SFTP refused: copied over legacy SCP, then installed on each backup', async () => {
    await withRig('no-sftp', async (rig) => {
      const run = await pushUpgrade(rig);
      expect(run.code, run.stderr).toBe(0);
      expect(eventsOf(run, 'transfer-start')).toEqual([expect.objectContaining({ via: 'scp', bytesTotal: IMAGE_BYTES })]);
      expect(installs(rig)).toEqual([`install image ${TARGET} secondary msm B`, `install image ${TARGET} secondary msm A`]);
      expect([runningOn(rig.sim, 'A'), runningOn(rig.sim, 'B')]).toEqual(BOTH_UPGRADED);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('no room on the switch: exit 3 naming both sizes, nothing sent but reads and ls, nothing copied', async () => {
    await withRig('no-space', async (rig) => {
      const image = localImage(rig);
      const run = await runAgainst(rig, ['upgrade', ...rig.connectArgs(), '--image', image, '--headless', '--yes', '--poll', '0.05'], { cwd: rig.dir });
      expect(run.code, run.stderr).toBe(3);
      expect(run.stdout).toMatch(new RegExp(`\\[preflight\\] failed: ${TARGET} \\(1,048,576 bytes\\) does not fit on the switch: [\\d,]+ bytes free: nothing was sent`));
      expect(run.stdout).toContain(`warning: the switch also holds bd8800-15.3.1.4.xos, bd8800-12.6.3.3.xos: EXOS keeps one image at a time for installation; ${TARGET} is the one installed`);
      expect(run.received.filter((command) => !READ_ONLY.test(command) && command !== 'ls')).toEqual([]);
      expect(rig.sim.chassis.fileSystem.find(TARGET)).toBeUndefined();
      const plan = await runAgainst(rig, ['plan', ...rig.connectArgs(), '--image', image], { cwd: rig.dir });
      expect(plan.code, plan.stderr).toBe(3);
      expect(plan.stdout).toContain(`  FAIL  the switch has room for ${TARGET}: ${TARGET} (1,048,576 bytes) does not fit on the switch`);
      expect(plan.stdout).toContain(`      first: copies ${TARGET} (1,048,576 bytes) to the switch over the SSH login (SFTP, else SCP), then installs it`);
      expect(plan.stdout).toContain(`      then: rm ${TARGET}, the copy on the switch (--keep-image keeps it)`);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('a file the switch will not install: exit 3, the install named as what failed, the advice names the local file and the copy left on the switch', async () => {
    await withRig('happy', async (rig) => {
      const run = await rig.upgrade(['--image', localImage(rig, IMAGE_BYTES * 2)], { cwd: rig.dir });
      expect(run.code, run.stderr).toBe(3);
      const failed = run.events.find((event) => event.type === 'step-end' && event.outcome === 'failed');
      expect(failed).toMatchObject({ step: 'install-first-backup', detail: expect.stringMatching(/^install on MSM-B failed: /) });
      const error = run.events.find((event) => event.type === 'error') as { advice?: string } | undefined;
      expect(error?.advice).toBe(`check that ./${TARGET} is the EXOS image for this chassis; the copy stays on the switch ("rm ${TARGET}" removes it), then run again`);
      expect(rig.sim.chassis.fileSystem.find(TARGET)).toMatchObject({ bytes: IMAGE_BYTES * 2 });
      expect([runningOn(rig.sim, 'A'), runningOn(rig.sim, 'B')]).toEqual(['15.3.1.4', '15.3.1.4']);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('no such local file: exit 3 naming it, nothing sent but reads and ls', async () => {
    await withRig('happy', async (rig) => {
      const run = await runAgainst(rig, ['upgrade', ...rig.connectArgs(), '--image', `./${TARGET}`, '--headless', '--yes', '--poll', '0.05'], { cwd: rig.dir });
      expect(run.code, run.stderr).toBe(3);
      expect(run.stdout).toContain(`[preflight] failed: the image to copy to the switch: ${join(rig.dir, TARGET)} does not exist; nothing was sent`);
      expect(run.stdout + run.stderr).not.toMatch(STACK_TRACE);
      expect(run.received.filter((command) => !READ_ONLY.test(command) && command !== 'ls')).toEqual([]);
      expect(destructiveCommands(rig.sim)).toEqual([]);
    });
  }, CLI_TEST_TIMEOUT_MS);

  /** The local image disappears as the switch receives the first command line `at` accepts (after preflight's `ls`). */
  function removeLocalImageAt(rig: Rig, at: (command: string) => boolean): void {
    let listed = false;
    rig.sim.faults.injectOnce({
      fault: 'drop',
      when: (command) => {
        if (command.trim() === 'ls') listed = true;
        else if (listed && at(command)) rmSync(join(rig.dir, TARGET), { force: true });
        return false;
      },
    });
  }

  it('the local file gone between preflight and the copy: exit 3 naming it, the advice says what to do, nothing installed', async () => {
    await withRig('happy', async (rig) => {
      const image = localImage(rig);
      // The health baseline's port read: after preflight, before the first install's copy.
      removeLocalImageAt(rig, (command) => command.startsWith('show ports'));
      const run = await runAgainst(rig, ['upgrade', ...rig.connectArgs(), '--image', image, '--headless', '--yes', '--poll', '0.05'], { cwd: rig.dir });
      expect(run.code, run.stdout).toBe(3);
      expect(run.stdout).toContain(`[install-first-backup] failed: the image to copy to the switch: ${join(rig.dir, TARGET)} does not exist`);
      expect(run.stdout).toMatch(/next: give a readable image file with --image, then run again/);
      expect(run.stdout + run.stderr).not.toMatch(STACK_TRACE);
      expect(destructiveCommands(rig.sim)).toEqual([]);
      expect(rig.sim.chassis.fileSystem.find(TARGET)).toBeUndefined();
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('the local file gone after the first copy: the second MSM installs the switch\'s checked copy, said once, and the upgrade finishes', async () => {
    await withRig('happy', async (rig) => {
      const image = localImage(rig);
      removeLocalImageAt(rig, (command) => command.startsWith('run msm-failover'));
      const run = await runAgainst(rig, ['upgrade', ...rig.connectArgs(), '--image', image, '--headless', '--yes', '--json', '--poll', '0.05'], { cwd: rig.dir });
      expect(run.code, run.stderr).toBe(0);
      expect(installs(rig)).toEqual([`install image ${TARGET} secondary msm B`, `install image ${TARGET} secondary msm A`]);
      expect(eventsOf(run, 'transfer-start')).toHaveLength(1);
      const warnings = run.events.flatMap((event) => (event.type === 'warning' && 'message' in event ? [String(event.message)] : []));
      expect(warnings.filter((message) => message.includes('does not exist'))).toEqual([
        `${join(rig.dir, TARGET)} does not exist: ${TARGET} is installed from the switch's copy (1,048,576 bytes, the local file's size when this run checked it)`,
      ]);
      expect([runningOn(rig.sim, 'A'), runningOn(rig.sim, 'B')]).toEqual(BOTH_UPGRADED);
      expect(removals(rig)).toEqual([`rm ${TARGET}`]);
    });
  }, CLI_TEST_TIMEOUT_MS);
});
