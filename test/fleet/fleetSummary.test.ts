// The summary the fleet leaves on the normal screen: at 80 columns no line is wider than the terminal (the least useful
// columns go first, a long journal path keeps its end), and the fleet's stop reason is said once.
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../source/errors.js';
import { reasonLines, summaryLines, type ChassisAsShown } from '../../source/fleet/fleetCommand.js';
import { parseFleetFile, type FleetChassis } from '../../source/fleet/fleetFile.js';
import { runFleet, type ChassisOutcome, type FleetResult } from '../../source/fleet/runFleet.js';

const JOURNALS = '/var/lib/hitless/change-CHG0042817/maintenance-window-2026-12-06/journals';

/** core-1 is refused at once, which stops core-2 (running) and leaves core-3 not started. */
async function stoppedFleet(): Promise<FleetResult> {
  const chassis = ['core-1', 'core-2', 'core-3'].map((name, index) => ({
    name,
    host: `${name}.dc-east.mgmt.example.net`,
    port: 2200 + index,
    image: '10.0.0.5:bd8800-15.3.5.2-patch1-5.xos',
    journal: `${JOURNALS}/${name}.jsonl`,
  }));
  const plan = parseFleetFile('/tmp/fleet.json', JSON.stringify({ concurrency: 2, onFailure: 'stop', chassis }));
  const upgrade = (c: FleetChassis, signal: AbortSignal): Promise<ChassisOutcome> =>
    c.name === 'core-1'
      ? Promise.resolve({ exitCode: EXIT.precondition, stopped: false, detail: 'gave up after 3 s: waiting for MSM-B to be BACKUP (In Sync), it still shows "Booting" on the chassis' })
      : new Promise((resolve) =>
          signal.addEventListener('abort', () => resolve({ exitCode: EXIT.stoppedSafe, stopped: true, detail: 'stopped before Reboot first backup: nothing was changed' })),
        );
  return runFleet(plan, { upgrade });
}

const shown = (result: FleetResult) => (index: number): ChassisAsShown => ({
  outcome: result.results[index]!.state === 'failed' ? 'refused' : result.results[index]!.state,
  release: '15.3.1.4 → 15.3.5.2-patch1-5',
});

describe('the fleet summary', () => {
  it('at 80 columns: no line wider, a line per chassis with its outcome, exit, release and the end of its journal', async () => {
    const result = await stoppedFleet();
    const lines = [...summaryLines(result, { shown: shown(result), width: 80 }), ...reasonLines(result, (index) => shown(result)(index).outcome, 80)];
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    const text = lines.join('\n');
    expect(text).toMatch(/^CHASSIS +RESULT +EXIT +RELEASE +JOURNAL$/m);
    expect(text).toMatch(/^core-1 +refused +3 +15\.3\.1\.4 → 15\.3\.5\.2-patch1-5 +….*\/core-1\.jsonl$/m);
    expect(text).toMatch(/^core-2 +stopped +4 +15\.3\.1\.4 → 15\.3\.5\.2-patch1-5 +….*\/core-2\.jsonl$/m);
    expect(text).toMatch(/^core-3 +not started +- +15\.3\.1\.4 → 15\.3\.5\.2-patch1-5 +-$/m);
  });

  it('says once why the fleet stopped; each chassis keeps its own reason, whole, wrapped', async () => {
    const result = await stoppedFleet();
    const lines = [...summaryLines(result, { shown: shown(result), width: 80 }), ...reasonLines(result, (index) => shown(result)(index).outcome, 80)];
    const text = lines.join('\n');
    expect(text.match(/core-1 failed/g)).toHaveLength(1);
    expect(text).toMatch(/^fleet: 0 done, 1 failed, 1 stopped, 1 not started; exit 4\nthe fleet stopped because core-1 failed$/m);
    expect(text).toMatch(/^core-1 refused: gave up after 3 s: waiting for MSM-B to be BACKUP \(In Sync\),\n {2}it still shows "Booting" on the chassis$/m);
    expect(text).toMatch(/^core-2 stopped: stopped before Reboot first backup: nothing was changed$/m);
  });

  it('without a width (a pipe) keeps every column whole', async () => {
    const result = await stoppedFleet();
    const text = summaryLines(result).join('\n');
    expect(text).toMatch(/^CHASSIS +ADDRESS +RESULT +EXIT +TIME +JOURNAL$/m);
    expect(text).toContain(`${JOURNALS}/core-1.jsonl`);
  });
});
