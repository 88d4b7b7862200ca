// The chassis state machine step by step, with a clock the test advances by hand.
import { describe, expect, it } from 'vitest';
import { ChassisModel, type ChassisClock } from '../../source/simulator/chassisModel.js';
import { renderShowSwitch } from '../../source/simulator/render/showSwitch.js';
import { SCENARIOS, type MsmSlot } from '../../source/simulator/index.js';

/** Every sleep waits until the test calls step(), oldest first. */
class ManualClock implements ChassisClock {
  readonly speed = 1;
  private readonly pending: (() => void)[] = [];
  sleep = () => new Promise<void>((resolve) => this.pending.push(resolve));
  sleepReal = this.sleep;
  now = () => new Date(Date.UTC(2024, 2, 4, 10, 15, 2));

  async step(): Promise<void> {
    this.pending.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function columns(chassis: ChassisModel, local: MsmSlot, label: string): [string, string] {
  const line = renderShowSwitch(chassis, local, new Date()).find((row) => row.startsWith(label))!;
  return [line.slice(18, 47).trim(), line.slice(47).trim()];
}

describe('chassis state machine', () => {
  it('a rebooted backup shows DOWN, INIT (booting its selected partition), BACKUP (Not In Sync), BACKUP (In Sync)', async () => {
    const clock = new ManualClock();
    const chassis = new ChassisModel(SCENARIOS.happy, clock);
    chassis.msm.B.selected = 'secondary';
    chassis.rebootMsm('B');
    const seen: [string, string][] = [];
    for (let step = 0; step < 4; step += 1) {
      seen.push([columns(chassis, 'A', 'Current State:')[1], columns(chassis, 'A', 'Image Booted:')[1]]);
      await clock.step();
    }
    expect(seen).toEqual([
      ['DOWN', 'primary'],
      ['INIT', 'secondary'],
      ['BACKUP (Not In Sync)', 'secondary'],
      ['BACKUP (In Sync)', 'secondary'],
    ]);
    expect(chassis.acceptsConnections()).toBe(true);
  });

  it('failover: the backup is master at once, the management IP is silent for the gap, the old master comes back as backup', async () => {
    const clock = new ManualClock();
    const chassis = new ChassisModel(SCENARIOS.happy, clock);
    const dropped: MsmSlot[] = [];
    chassis.on('msm-down', (slot: MsmSlot) => dropped.push(slot));
    chassis.failover();
    expect(dropped).toEqual(['A']);
    expect(columns(chassis, 'B', 'Slot:')).toEqual(['MSM-B *', 'MSM-A']);
    const seen: [string, string, boolean][] = [];
    for (let step = 0; step < 5; step += 1) {
      seen.push([...columns(chassis, 'B', 'Current State:'), chassis.acceptsConnections()]);
      await clock.step();
    }
    expect(seen).toEqual([
      ['MASTER', 'DOWN', false],
      ['MASTER', 'INIT', false],
      ['MASTER', 'INIT', true],
      ['MASTER', 'BACKUP (Not In Sync)', true],
      ['MASTER', 'BACKUP (In Sync)', true],
    ]);
  });

  it('rebooting the master hands over to a present backup; without one the whole chassis reboots', async () => {
    const handOver = new ChassisModel(SCENARIOS['master-is-b'], new ManualClock());
    handOver.rebootMsm('B');
    expect([handOver.stateText('A'), handOver.stateText('B')]).toEqual(['MASTER', 'DOWN']);

    const clock = new ManualClock();
    const chassis = new ChassisModel(SCENARIOS['backup-boot-fails'], clock);
    chassis.msm.B.selected = 'secondary';
    chassis.rebootMsm('B');
    for (let step = 0; step < 2; step += 1) await clock.step();
    expect(chassis.stateText('B')).toBe('FAIL');
    chassis.rebootMsm('A');
    const seen: [string, string, boolean][] = [];
    for (let step = 0; step < 5; step += 1) {
      seen.push([chassis.stateText('A'), chassis.stateText('B'), chassis.acceptsConnections()]);
      await clock.step();
    }
    expect(seen).toEqual([
      ['DOWN', 'DOWN', false],
      ['INIT', 'DOWN', false],
      ['INIT', 'INIT', false],
      ['MASTER', 'INIT', true],
      ['MASTER', 'FAIL', true],
    ]);
    expect(chassis.bootCount).toBe(13);
  });

  it('a chassis reboot resets the I/O modules: Booting until a master is up and has loaded them', async () => {
    const clock = new ManualClock();
    const chassis = new ChassisModel(SCENARIOS.happy, clock);
    chassis.rebootChassis();
    const seen: [string, string][] = [];
    for (let step = 0; step < 6; step += 1) {
      seen.push([chassis.stateText('A'), chassis.ioModules.map((module) => module.state).join(' ')]);
      await clock.step();
    }
    expect(seen).toEqual([
      ['DOWN', 'Booting Booting Booting'],
      ['INIT', 'Booting Booting Booting'],
      ['INIT', 'Booting Booting Booting'],
      ['MASTER', 'Booting Booting Booting'],
      ['MASTER', 'Booting Booting Booting'],
      ['MASTER', 'Operational Operational Operational'],
    ]);
  });

  it('a failover between MSMs with the same I/O module image leaves the modules alone', async () => {
    const clock = new ManualClock();
    const chassis = new ChassisModel(SCENARIOS.happy, clock);
    const states: string[] = [];
    chassis.on('change', () => states.push(chassis.ioModules.map((module) => module.state).join(' ')));
    chassis.failover();
    for (let step = 0; step < 5; step += 1) await clock.step();
    expect(new Set(states)).toEqual(new Set(['Operational Operational Operational']));
  });
});
