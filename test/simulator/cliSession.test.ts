// A CLI session on the BACKUP MSM (console-style, without SSH): show commands work, the rest is master-only.
import { describe, expect, it } from 'vitest';
import { ChassisModel } from '../../source/simulator/chassisModel.js';
import { CliSession, SafetyOracle, SCENARIOS, SimClock } from '../../source/simulator/index.js';

function backupSession() {
  const scenario = SCENARIOS.happy;
  const clock = new SimClock(0, new Date(Date.UTC(2024, 2, 4)));
  const chassis = new ChassisModel(scenario, clock);
  const port = { output: '', ended: false, dropped: false };
  const session = new CliSession({
    chassis,
    scenario,
    clock,
    oracle: new SafetyOracle(),
    msm: 'B',
    connection: 7,
    pty: { rows: 0, cols: 80 },
    port: {
      write: (text) => (port.output += text),
      end: () => (port.ended = true),
      drop: () => (port.dropped = true),
    },
  });
  const running = session.runShell();
  const typeLine = async (line: string) => {
    port.output = '';
    session.input(`${line}\r`);
    while (!/ # $/.test(port.output)) await new Promise((resolve) => setImmediate(resolve));
    return port.output.split('\r\n');
  };
  return { chassis, port, session, running, typeLine };
}

describe('session on the backup MSM', () => {
  it('shows the local (backup) column first and refuses anything but show commands', async () => {
    const { port, typeLine, chassis } = backupSession();
    expect(port.output).toContain('You are connected to the Backup MSM.  Only a limited command set is supported.');
    const show = await typeLine('show switch');
    expect(show.find((line) => line.startsWith('Slot:'))).toBe(`Slot:             ${'MSM-B *'.padEnd(29)}${'MSM-A'.padEnd(24)}`);
    expect(show.find((line) => line.startsWith('Current State:'))).toBe(
      `Current State:    ${'BACKUP (In Sync)'.padEnd(29)}${'MASTER'.padEnd(24)}`,
    );
    expect((await typeLine('show slot')).filter((line) => line.startsWith('Slot-1 '))).toHaveLength(1);
    expect((await typeLine('show ports no-refresh')).filter((line) => line.startsWith('2:3 '))).toHaveLength(1);
    for (const command of ['use image secondary msm B', 'reboot msm A', 'run msm-failover', 'download image 10.0.0.5 bd8800-15.3.5.2-patch1-5.xos vr VR-Default', 'save']) {
      expect(await typeLine(command)).toEqual([
        command,
        'Error: This command can only be executed on Master.',
        expect.stringMatching(/^BD-8810\.\d+ # $/),
      ]);
    }
    expect(chassis.master()?.slot).toBe('A');
  });

  it('is dropped without a word when its MSM reboots', async () => {
    const { port, chassis, running } = backupSession();
    chassis.rebootMsm('B');
    await running;
    expect(port.dropped).toBe(true);
    expect(port.ended).toBe(false);
  });
});
