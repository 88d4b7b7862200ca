// Every --image source end to end through the CLI against the simulator over real SSH: TFTP with --block-size, the
// memory card, a file already on the switch; the memory card without the file stops before anything is sent but
// reads; an out-of-range block size is bad input; an install interrupted mid-way is resumed without a second install.
import { describe, expect, it } from 'vitest';
import { destructiveCommands, runningOn } from '../support/simulatedUpgrade.js';
import { runCell } from '../faults/faultCell.js';
import { CLI_TEST_TIMEOUT_MS, READ_ONLY, runAgainst, STACK_TRACE, withRig } from './cliRig.js';

const TARGET = 'bd8800-15.3.5.2-patch1-5.xos';
const BOTH_UPGRADED = ['15.3.5.2-patch1-5', '15.3.5.2-patch1-5'];

describe.concurrent('--image sources', () => {
  it('HOST:FILE with --block-size: the block size follows the VR in both downloads; both MSMs upgraded', async () => {
    await withRig('happy', async (rig) => {
      const run = await rig.upgrade(['--block-size', '1468']);
      expect(run.code, run.stderr).toBe(0);
      expect(destructiveCommands(rig.sim).filter((command) => command.startsWith('download'))).toEqual([
        `download image 10.0.0.5 ${TARGET} vr "VR-Mgmt" block-size 1468 secondary msm B`,
        `download image 10.0.0.5 ${TARGET} vr "VR-Mgmt" block-size 1468 secondary msm A`,
      ]);
      expect([runningOn(rig.sim, 'A'), runningOn(rig.sim, 'B')]).toEqual(BOTH_UPGRADED);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('memorycard:FILE: the card is listed, then each backup downloads from it; both MSMs upgraded', async () => {
    await withRig('memorycard', async (rig) => {
      const run = await rig.upgrade();
      expect(run.code, run.stderr).toBe(0);
      const sent = rig.sim.commandLog.map((record) => record.command.trim());
      expect(sent.filter((command) => command === 'ls memorycard')).toHaveLength(2);
      expect(sent.indexOf('ls memorycard')).toBeLessThan(sent.findIndex((command) => command.startsWith('download')));
      expect(destructiveCommands(rig.sim).filter((command) => command.startsWith('download'))).toEqual([
        `download image memorycard ${TARGET} secondary msm B`,
        `download image memorycard ${TARGET} secondary msm A`,
      ]);
      expect(run.events.filter((event) => event.type === 'question').map((event) => event.question.id)).toContain('install-after-download');
      expect(run.events.find((event) => event.type === 'step-end' && event.step === 'preflight')).toMatchObject({
        outcome: 'done',
        detail: `${TARGET} is on the memory card (71,458,816 bytes)`,
      });
      expect([runningOn(rig.sim, 'A'), runningOn(rig.sim, 'B')]).toEqual(BOTH_UPGRADED);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('switch:FILE: the file system is listed, the other .xos there named, then install image on each backup in turn', async () => {
    await withRig('image-on-switch', async (rig) => {
      const run = await rig.upgrade();
      expect(run.code, run.stderr).toBe(0);
      expect(destructiveCommands(rig.sim).filter((command) => /^(download|install)/.test(command))).toEqual([
        `install image ${TARGET} secondary msm B`,
        `install image ${TARGET} secondary msm A`,
      ]);
      const warnings = run.events.flatMap((event) => (event.type === 'warning' ? [event.message] : []));
      expect(warnings.filter((message) => message.includes('bd8800-15.3.1.4.xos'))).toEqual([
        `the switch also holds bd8800-15.3.1.4.xos: EXOS keeps one image at a time for installation; ${TARGET} is the one installed`,
      ]);
      expect([runningOn(rig.sim, 'A'), runningOn(rig.sim, 'B')]).toEqual(BOTH_UPGRADED);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('memory card without the file: exit 3 naming it, the preflight failed, nothing sent but reads and ls', async () => {
    await withRig('no-memorycard-file', async (rig) => {
      const args = ['upgrade', ...rig.connectArgs(), '--image', `memorycard:${TARGET}`, '--headless', '--yes', '--poll', '0.05'];
      const text = await runAgainst(rig, args);
      expect(text.code, text.stderr).toBe(3);
      expect(text.stdout).toContain(`[preflight] failed: ${TARGET} is not on the memory card ("ls memorycard" does not list it): nothing was sent to install it`);
      expect(text.stdout).toMatch(/finished \(exit 3\): a precondition failed; nothing was changed/);
      expect(text.stdout + text.stderr).not.toMatch(STACK_TRACE);
      expect(text.received.filter((command) => !/^(show \S.*|disable clipaging|ls memorycard)$/.test(command))).toEqual([]);
      expect(text.received).toContain('ls memorycard');
      const plan = await runAgainst(rig, ['plan', ...rig.connectArgs(), '--image', `memorycard:${TARGET}`]);
      expect(plan.code, plan.stderr).toBe(3);
      expect(plan.stdout).toContain(`  FAIL  ${TARGET} is on the memory card: "ls memorycard" does not list it`);
      expect(plan.received.filter((command) => !/^(show \S.*|disable clipaging|ls memorycard)$/.test(command))).toEqual([]);
      const json = await runAgainst(rig, [...args, '--json']);
      expect(json.events.at(-1)).toMatchObject({ type: 'run-end', exitCode: 3, changed: false });
      expect(destructiveCommands(rig.sim)).toEqual([]);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('plan with switch:FILE and memorycard:FILE: the steps, each file looked for as a precondition, reads only', async () => {
    await withRig('image-on-switch', async (rig) => {
      const onSwitch = await runAgainst(rig, ['plan', ...rig.connectArgs(), '--image', `switch:${TARGET}`]);
      expect(onSwitch.code, onSwitch.stderr).toBe(0);
      expect(onSwitch.stdout).toContain(` 1. install-first-backup: install image ${TARGET} secondary msm B\n      if the switch asks: "Do you want to install the image on MSM-B? (y/N)" -> answer "y"`);
      expect(onSwitch.stdout).toContain(`install-second-backup: install image ${TARGET} secondary msm A`);
      expect(onSwitch.stdout).toContain(`  ok    ${TARGET} is on the switch's file system`);
      const card = await runAgainst(rig, ['plan', ...rig.connectArgs(), '--image', `memorycard:${TARGET}`, '--json']);
      // This chassis has no memory card: the plan names what `ls memorycard` said and exits 3.
      expect(card.code, card.stderr).toBe(3);
      expect(card.stdout).toContain(`{"need":"${TARGET} is on the memory card","holds":false,"actually":"\\"ls memorycard\\": ls: /usr/local/ext: No such file or directory"}`);
      expect(card.stdout).toContain(`"command":"download image memorycard ${TARGET} secondary msm B"`);
      expect([...onSwitch.received, ...card.received].filter((command) => !READ_ONLY.test(command) && !/^ls( memorycard)?$/.test(command))).toEqual([]);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it.each([['23'], ['65001'], ['0x40'], ['1e3']])('--block-size %s: exit 2, one line naming the range, nothing connects', async (value) => {
    await withRig('happy', async (rig) => {
      const run = await runAgainst(rig, ['upgrade', ...rig.connectArgs(), '--image', `10.0.0.5:${TARGET}`, '--block-size', value, '--headless', '--yes']);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toEqual([`hitless: --block-size must be a whole number from 24 to 65000, got "${value}"`]);
      expect(run.received).toEqual([]);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('--block-size with no TFTP source: exit 2', async () => {
    await withRig('memorycard', async (rig) => {
      const run = await runAgainst(rig, ['plan', ...rig.connectArgs(), '--image', `memorycard:${TARGET}`, '--block-size', '512']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--block-size applies to a TFTP source \(HOST:FILE\)/);
      expect(run.received).toEqual([]);
    });
  }, CLI_TEST_TIMEOUT_MS);
});

describe.concurrent('install image interrupted, then rerun (fault-matrix cells of scenario image-on-switch)', () => {
  const FAULTS = [
    { name: 'link drop', rule: { fault: 'drop', at: 'end' }, effectLost: false },
    { name: 'stall', rule: { fault: 'stall', at: 'start' }, effectLost: true },
    { name: 'SIGKILL', rule: { fault: 'stall', at: 'end' }, kill: true, effectLost: false },
  ] as const;
  for (const step of ['install-first-backup', 'install-second-backup'] as const) {
    for (const fault of FAULTS) {
      it(`${step} × ${fault.name}: the rerun continues from what the chassis shows, each install sent once (twice only when the first never took effect)`, async () => {
        const result = await runCell({ scenario: 'image-on-switch', step, fault: { ...fault, rule: { ...fault.rule } }, seed: 7 });
        expect(result.problems, `exits ${result.exits.join(' → ')}`).toEqual([]);
      }, 120_000);
    }
  }
});
