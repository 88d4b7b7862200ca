import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEventBody, TransferProgress } from '../../source/engine/events.js';
import { displayFor } from '../../source/ui/display.js';
import type { ScreenSize } from '../../source/ui/layout.js';
import type { Line } from '../../source/ui/line.js';
import type { Activity, UiSnapshot } from '../../source/ui/snapshot.js';
import { formatBytes, percentSent, transferBar } from '../../source/ui/transferBar.js';
import { aMasterBInSync, checklistAt, CORE, snapshotAfter, TARGET_LABEL } from './fixtures.js';
import { paneB, screenShowing } from './screenFixtures.js';

afterEach(cleanup);

const MiB = 1024 * 1024;
const TOTAL = 71 * MiB;
const RATE = 2.3 * MiB;

const atZero: TransferProgress = { bytesSent: 0, bytesTotal: TOTAL };
const at58: TransferProgress = { bytesSent: 41.2 * MiB, bytesTotal: TOTAL, bytesPerSecond: RATE, secondsLeft: 13 };
const done: TransferProgress = { bytesSent: TOTAL, bytesTotal: TOTAL, bytesPerSecond: RATE, secondsLeft: 0 };
const rateUnknown: TransferProgress = { bytesSent: 41.2 * MiB, bytesTotal: TOTAL, secondsLeft: 13 };

const textOf = (line: Line): string => line.map((span) => span.text).join('');

describe('transferBar', () => {
  it('counts bytes in binary units and percent rounded down (100 % only when every byte is sent)', () => {
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(812.4 * 1024)).toBe('812.4 KiB');
    expect(formatBytes(TOTAL)).toBe('71.0 MiB');
    expect(formatBytes(1.5 * 1024 * MiB)).toBe('1.5 GiB');
    expect(percentSent(at58)).toBe(58);
    expect(percentSent({ bytesSent: TOTAL - 1, bytesTotal: TOTAL })).toBe(99);
    expect(percentSent(done)).toBe(100);
    expect(percentSent({ bytesSent: 0, bytesTotal: 0 })).toBe(100);
  });

  it('shows bar, percent, bytes, rate and time left where there is room, the bar at most 30 columns', () => {
    expect(textOf(transferBar(at58, 80))).toBe(`${'█'.repeat(17)}${'░'.repeat(13)}  58 %  41.2 of 71.0 MiB  2.3 MiB/s  13s left`);
    expect(textOf(transferBar(done, 80))).toBe(`${'█'.repeat(30)} 100 %  71.0 of 71.0 MiB  2.3 MiB/s  0s left`);
  });

  it('at a shorter width drops the rate, then the time left, then the bytes; the bar stays', () => {
    expect(textOf(transferBar(at58, 50))).toBe(`${'█'.repeat(9)}${'░'.repeat(7)}  58 %  41.2 of 71.0 MiB  13s left`);
    expect(textOf(transferBar(at58, 39))).toBe(`${'█'.repeat(8)}${'░'.repeat(7)}  58 %  41.2 of 71.0 MiB`);
    expect(textOf(transferBar(at58, 20))).toBe(`${'█'.repeat(8)}${'░'.repeat(6)}  58 %`);
    expect(textOf(transferBar(at58, 10))).toBe('58 %');
    for (const width of [10, 20, 39, 50, 80]) expect(textOf(transferBar(at58, width)).length).toBeLessThanOrEqual(width);
  });

  it('without a rate shows neither rate nor time left', () => {
    expect(textOf(transferBar(rateUnknown, 80))).toBe(`${'█'.repeat(17)}${'░'.repeat(13)}  58 %  41.2 of 71.0 MiB`);
    expect(textOf(transferBar(atZero, 80))).toBe(`${'░'.repeat(30)}   0 %   0.0 of 71.0 MiB`);
  });
});

const started: EngineEventBody[] = [
  { type: 'run-start', operator: 'op', target: TARGET_LABEL, host: 'core-1', mode: 'upgrade' },
  { type: 'connected', description: 'admin@core-1' },
  { type: 'state', show: aMasterBInSync },
];

const NARROW: ScreenSize = { columns: 80, rows: 24 };
const WIDE: ScreenSize = { columns: 120, rows: 30 };
const ascii = displayFor({ LANG: 'C' });

/** A push to MSM B under way, as the snapshot carries it (filled from engine events elsewhere). */
function pushing(transfer: TransferProgress): { snapshot: UiSnapshot; now: number } {
  const { snapshot, now } = snapshotAfter(...started);
  const activity: Activity = { kind: 'work', text: 'pushing bd8800-16.1.2.3.xos', since: new Date(now).toISOString(), sawNodeDown: false, transfer };
  return { snapshot: { ...snapshot, slotActivity: { B: activity } }, now };
}


describe('a transfer in the MSM pane', () => {
  it('at 80 columns: bar, percent and bytes under what the MSM does; no room for rate and time left', async () => {
    const { snapshot, now } = pushing(at58);
    const frame = await screenShowing(snapshot, now, NARROW, /58 %/);
    const pane = paneB(frame, NARROW);
    const row = pane.findIndex((line) => line.includes('now       pushing bd8800-16.1.2.3.xos'));
    expect(pane[row + 1]).toMatch(/^█{8}░{7}  58 %  41\.2 of 71\.0 MiB\s*$/);
    expect(frame).not.toContain('MiB/s');
  });

  it('at 120 columns: rate and time left as well', async () => {
    const { snapshot, now } = pushing(at58);
    const frame = await screenShowing(snapshot, now, WIDE, /58 %/);
    expect(paneB(frame, WIDE)).toContainEqual(expect.stringMatching(/^█{8}░{6}  58 %  41\.2 of 71\.0 MiB  2\.3 MiB\/s  13s left\s*$/));
  });

  it('0 %, 100 % and no rate known', async () => {
    const zero = pushing(atZero);
    expect(await screenShowing(zero.snapshot, zero.now, WIDE, /░{30}   0 %   0\.0 of 71\.0 MiB\s*$/m)).not.toContain('left');
    const full = pushing(done);
    await screenShowing(full.snapshot, full.now, WIDE, /█{14} 100 %  71\.0 of 71\.0 MiB  2\.3 MiB\/s  0s left/);
    const unknown = pushing(rateUnknown);
    const frame = await screenShowing(unknown.snapshot, unknown.now, WIDE, /58 %  41\.2 of 71\.0 MiB\s*$/m);
    expect(frame).not.toMatch(/MiB\/s|left/);
  });

  it('in ASCII: # and - in the same columns, nothing outside printable ASCII', async () => {
    for (const size of [NARROW, WIDE]) {
      const { snapshot, now } = pushing(at58);
      const frame = await screenShowing(snapshot, now, size, /#{8}-{6,7}  58 %  41\.2 of 71\.0 MiB/, ascii);
      expect([...Buffer.from(frame, 'utf8')].filter((byte) => byte > 0x7e || (byte < 0x20 && byte !== 0x0a))).toEqual([]);
      cleanup();
    }
  });
});

describe('a transfer from the engine\'s events', () => {
  it('the installing MSM\'s pane and the current-step line show the bar while the copy runs', async () => {
    const install = { kind: 'download', step: 'install-first-backup', slot: 'B', partition: 'secondary', image: CORE, command: 'install image bd8800-16.1.2.3.xos secondary msm B' } as const;
    const { snapshot, now } = snapshotAfter(
      ...started,
      { type: 'decision', action: install, evidence: [], checklist: checklistAt('install-first-backup') },
      { type: 'step-start', step: 'install-first-backup', command: install.command },
      { type: 'transfer-start', file: 'bd8800-16.1.2.3.xos', bytesTotal: TOTAL, via: 'sftp' },
      { type: 'transfer-progress', ...at58 },
    );
    const frame = await screenShowing(snapshot, now, WIDE, /58 %/);
    expect(paneB(frame, WIDE)).toContainEqual(expect.stringMatching(/58 %  41\.2 of 71\.0 MiB  2\.3 MiB\/s  13s left/));
    expect(frame).toMatch(/^Install on first backup: copying bd8800-16\.1\.2\.3\.xos to the switch \(SFTP\)  █+░+  58 %/m);
  });
});

describe('a transfer in the current-step line', () => {
  it('follows what the chassis does, in place of the command', async () => {
    const { snapshot, now } = snapshotAfter(...started);
    const chassisActivity: Activity = { kind: 'work', text: 'pushing to MSM-A', since: new Date(now).toISOString(), sawNodeDown: false, transfer: at58 };
    const withPush = {
      ...snapshot,
      currentStep: 'install-first-backup' as const,
      stepCommands: { 'install-first-backup': 'download image 10.0.0.5 bd8800-16.1.2.3.xos vr VR-Mgmt secondary' },
      chassisActivity,
    };
    await screenShowing(withPush, now, WIDE, /^Install on first backup: pushing to MSM-A  █{17}░{13}  58 %  41\.2 of 71\.0 MiB  2\.3 MiB\/s  13s left/m);
    cleanup();
    expect(await screenShowing(withPush, now, NARROW, /^Install on first backup: pushing to MSM-A  █{7}░{6}  58 %  41\.2 of 71\.0 MiB$/m)).not.toContain('$ download');
  });
});
