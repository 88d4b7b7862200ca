// `hitless status` through the real CLI against the simulated chassis, and the status report on real captures of
// switches where a dual-MSM hitless upgrade does not apply.
import { describe, expect, it } from 'vitest';
import { parseUpgradeArgs } from '../../source/run/args.js';
import { formatStatus, statusReport } from '../../source/cli/statusCommand.js';
import { upgradeTargetOf } from '../../source/run/target.js';
import { failoverSpellingOn } from '../../source/exos/commands.js';
import { parseShowSwitch } from '../../source/exos/parseShowSwitch.js';
import { decide } from '../../source/procedure/decide.js';
import { planFrom } from '../../source/procedure/plan.js';
import { coreImage } from '../../source/simulator/chassisModel.js';
import { HITLESS_VERSION } from '../../source/version.js';
import { loadSample, SHOW_SWITCH_SAMPLES } from '../exos/samples.js';
import { CLI_TEST_TIMEOUT_MS, chassisSnapshot, READ_ONLY, runAgainst, withRig } from './cliRig.js';

describe.concurrent('hitless status against the simulated chassis', () => {
  it('prints both MSMs and the platform facts, as text and as JSON, sending only reads', async () => {
    await withRig('happy', async (rig) => {
      // MSM-B after it booted a patch release from its secondary partition, and selected primary again for the next
      // boot (EXOS prints the patch line only under the booted partition).
      const msmB = rig.sim.chassis.msm.B;
      msmB.partitions.secondary.core = coreImage({ file: 'bd8800-15.3.5.2-patch1-5.xos', ioImageVersion: '2.4.0.1' }, new Date());
      msmB.booted = 'secondary';
      const before = chassisSnapshot(rig);
      const args = ['status', ...rig.connectArgs()];
      const [text, json] = await Promise.all([runAgainst(rig, args), runAgainst(rig, [...args, '--json'])]);

      for (const run of [text, json]) {
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toBe('');
        expect(run.received.length).toBeGreaterThan(0);
        for (const command of run.received) expect(command).toMatch(READ_ONLY);
      }
      expect(chassisSnapshot(rig)).toBe(before);

      const { images, slots, ports, ...document } = JSON.parse(json.stdout);
      // What a twin needs (hitless simulate --from): every image, slot and port, as the chassis shows them.
      expect(images).toContainEqual({ card: 'MSM-B', slot: 'B', partition: 'secondary', version: '15.3.5.2', name: 'bd8800-15.3.5.2-patch1-5.xos', branch: 'v1535b2-patch1-5' });
      expect(slots.map((slot: { name: string }) => slot.name)).toEqual(['Slot-1', 'Slot-2', 'Slot-3', 'Slot-4', 'MSM-A', 'MSM-B', 'Slot-7', 'Slot-8', 'Slot-9', 'Slot-10']);
      expect(ports).toContainEqual({ port: '2:3', displayString: 'esx-07-vmnic0', vlan: '(0024)', portState: 'E', linkState: 'A', speed: '10000', duplex: 'FULL' });
      expect(document).toEqual({
        schema: 'hitless/1',
        hitless: HITLESS_VERSION,
        chassis: 'dual-msm',
        hitlessApplies: true,
        sysName: 'BD-8810',
        systemType: 'BD-8810',
        msms: [
          {
            name: 'MSM-A', slot: 'A', local: true, role: 'master', state: 'MASTER',
            selected: 'primary', booted: 'primary',
            primary: { version: '15.3.1.4' }, secondary: { version: '12.6.3.3' }, running: { version: '15.3.1.4' },
          },
          {
            name: 'MSM-B', slot: 'B', local: false, role: 'backup', state: 'BACKUP (In Sync)', inSync: true,
            selected: 'primary', booted: 'secondary',
            primary: { version: '15.3.1.4' }, secondary: { version: '15.3.5.2', patch: 'patch1-5' }, running: { version: '15.3.5.2', patch: 'patch1-5' },
          },
        ],
        platform: { failoverCommand: 'run msm-failover' },
      });

      const lines = text.stdout.trimEnd().split('\n');
      expect(lines[0]).toBe('BD-8810 (BD-8810)');
      expect(lines[1]).toMatch(/^\s*MSM-A\s*\* MASTER\s+selected primary, booted primary; primary 15\.3\.1\.4, secondary 12\.6\.3\.3$/);
      expect(lines[2]).toMatch(/^\s*MSM-B\s+BACKUP \(In Sync\)\s+selected primary, booted secondary; primary 15\.3\.1\.4, secondary 15\.3\.5\.2-patch1-5$/);
      expect(lines[3]).toBe('failover command: run msm-failover');
      expect(lines).toHaveLength(4);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('names the failover command of newer releases ("run failover") and the MASTER in slot B', async () => {
    await withRig('new-release', async (rig) => {
      const run = await runAgainst(rig, ['status', ...rig.connectArgs(), '--json']);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ systemType: 'BD-X8', platform: { failoverCommand: 'run failover' } });
    });
    await withRig('master-is-b', async (rig) => {
      const run = await runAgainst(rig, ['status', ...rig.connectArgs(), '--json']);
      const { msms } = JSON.parse(run.stdout) as { msms: { slot: string; role: string; local: boolean }[] };
      expect(msms.map(({ slot, role, local }) => ({ slot, role, local }))).toEqual([
        { slot: 'B', role: 'master', local: true },
        { slot: 'A', role: 'backup', local: false },
      ]);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('a replacement MSM with an empty secondary partition: says it is empty, not "?"', async () => {
    await withRig('replaced-msm', async (rig) => {
      const run = await runAgainst(rig, ['status', ...rig.connectArgs()]);
      expect(run.code, run.stderr).toBe(0);
      const msmB = run.stdout.split('\n').find((line) => line.includes('MSM-B'))!;
      expect(msmB).toMatch(/primary 15\.3\.1\.4, secondary empty \(no release shown\)$/);
      expect(run.stdout).not.toContain('?');
    });
  }, CLI_TEST_TIMEOUT_MS);
});

describe('status and upgrade on a switch that is not a dual-MSM chassis (real captures)', () => {
  const cases = [
    { sample: SHOW_SWITCH_SAMPLES.x670Single, kind: 'single-node', what: 'a single switch' },
    { sample: SHOW_SWITCH_SAMPLES.x440Single, kind: 'single-node', what: 'a single switch' },
    { sample: SHOW_SWITCH_SAMPLES.x450aStack, kind: 'stack', what: 'a stack' },
    { sample: SHOW_SWITCH_SAMPLES.stackOnBackup, kind: 'stack', what: 'a stack' },
  ] as const;
  const options = parseUpgradeArgs(['--host', 'sw1', '--user', 'ops', '--image', '10.0.0.5:summitX-15.3.5.2.xos']);

  for (const { sample, kind, what } of cases) {
    it(`${sample}: status says plainly that a dual-MSM hitless upgrade does not apply; upgrade stops with exit 3`, () => {
      const parsed = parseShowSwitch(loadSample(sample));
      if (!parsed.ok) throw new Error(parsed.reason);
      const observed = { show: parsed.value };
      const report = statusReport(observed);
      expect(report).toMatchObject({ chassis: kind, hitlessApplies: false });
      const text = formatStatus(report);
      expect(text.split('\n').at(-1)).toMatch(new RegExp(`${what}: a dual-MSM hitless upgrade does not apply$`));
      expect(text).not.toMatch(/failover command/);
      expect(JSON.parse(JSON.stringify(report)).reason).toMatch(/does not apply/);

      const target = upgradeTargetOf(options);
      const { action } = decide(observed, target, { failoverCommand: failoverSpellingOn(observed.show) });
      expect(action).toMatchObject({ kind: 'stop', step: 'preflight', exitCode: 3, reason: expect.stringMatching(/does not apply/) });
      const plan = planFrom(observed, target, { failoverCommand: failoverSpellingOn(observed.show) });
      expect(plan).toHaveLength(1);
      expect(plan[0]!.command).toBeUndefined();
    });
  }
});
