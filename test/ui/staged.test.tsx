import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEventBody } from '../../source/engine/events.js';
import { displayFor } from '../../source/ui/display.js';
import type { ScreenSize } from '../../source/ui/layout.js';
import { checklistAt, msm, NEW, show, snapshotAfter, TARGET_LABEL } from './fixtures.js';
import { paneB, screenShowing } from './screenFixtures.js';

afterEach(cleanup);

const NARROW: ScreenSize = { columns: 80, rows: 24 };
const WIDE: ScreenSize = { columns: 120, rows: 30 };
const utf8 = displayFor({ LANG: 'C.UTF-8' });
const ascii = displayFor({ LANG: 'C' });

/** After `hitless stage`: B runs the old release from primary and holds the target in secondary, selected for its next boot. */
const stagedChassis = show(
  msm('A', { stateText: 'MASTER', local: true }),
  msm('B', { stateText: 'BACKUP (In Sync)', booted: 'primary', selected: 'secondary', secondary: NEW }),
);

const started: EngineEventBody[] = [
  { type: 'run-start', operator: 'op', target: TARGET_LABEL, host: 'core-1', mode: 'upgrade' },
  { type: 'connected', description: 'admin@core-1' },
  { type: 'state', show: stagedChassis },
];

const STAGED_AT = '2025-01-01T08:00:00.000Z';

/** The window's `hitless upgrade` finds preflight and the install done at staging. */
const windowRun = snapshotAfter(
  ...started,
  ...(['preflight', 'install-first-backup'] as const).flatMap((step): EngineEventBody[] => [
    { type: 'step-start', step },
    { type: 'step-end', step, outcome: 'done', detail: `done at staging (${STAGED_AT})` },
  ]),
);

/** `hitless stage` itself: the install ends with the staged line and the run ends there. */
const stageRun = snapshotAfter(
  ...started,
  { type: 'step-start', step: 'preflight' },
  { type: 'step-end', step: 'preflight', outcome: 'done' },
  { type: 'step-start', step: 'install-first-backup', command: 'download image 10.0.0.5 bd8800-16.1.2.3.xos vr VR-Mgmt secondary' },
  // The backup's reboot is decided, then not entered: the install ends with the staged line.
  {
    type: 'decision',
    action: { kind: 'reboot-backup', step: 'reboot-first-backup', slot: 'B', command: 'reboot msm B' },
    evidence: [],
    checklist: checklistAt('reboot-first-backup'),
  },
  { type: 'step-end', step: 'install-first-backup', outcome: 'done', detail: 'staged: MSM-B holds 16.1.2.3 on secondary; in the window "hitless upgrade" ...' },
  { type: 'run-end', exitCode: 0, summary: 'staged: MSM-B holds 16.1.2.3 on secondary' },
);


describe('the staged state', () => {
  it('at 120 columns the backup pane names the partition and says it is not booted yet', async () => {
    const frame = await screenShowing(windowRun.snapshot, windowRun.now, WIDE, /not booted yet/);
    expect(paneB(frame, WIDE)).toContainEqual(expect.stringMatching(/^target {4}16\.1\.2\.3 \(in secondary, not booted yet\)/));
    expect(paneB(frame, WIDE)).toContainEqual(expect.stringMatching(/^booted {4}primary  selected secondary/));
  });

  it('at 80 columns (and in ASCII) the pane says not booted yet, the partition in the row above', async () => {
    for (const display of [utf8, ascii]) {
      const frame = await screenShowing(windowRun.snapshot, windowRun.now, NARROW, /not booted yet/, display);
      const pane = paneB(frame, NARROW);
      const target = pane.findIndex((line) => /^target {4}16\.1\.2\.3 \(not booted yet\)/.test(line));
      expect(target, frame).toBeGreaterThan(0);
      expect(pane[target - 1]).toMatch(/^secondary 16\.1\.2\.3/);
      cleanup();
    }
  });

  it('the checklist says staged, not a time, for the steps done at staging, at 80 and 120 columns', async () => {
    for (const size of [NARROW, WIDE]) {
      const frame = await screenShowing(windowRun.snapshot, windowRun.now, size, /staged/);
      expect(frame).toMatch(/\[x\] Preflight checks +staged/);
      expect(frame).toMatch(/\[x\] Install on first backup +staged/);
      expect(frame).toMatch(/\[ \] Reboot first backup/);
      expect(frame).toMatch(/^Install on first backup: done at staging/m);
      cleanup();
    }
  });

  it('after `hitless stage` itself the install reads staged (a preflight run then keeps its time) and the reboot it stopped before is where the window starts', async () => {
    const frame = await screenShowing(stageRun.snapshot, stageRun.now, NARROW, /staged/);
    expect(frame).toMatch(/\[x\] Install on first backup +staged/);
    expect(frame).toMatch(/\[x\] Preflight checks +1s/);
    expect(frame).toMatch(/^■ Reboot first backup: staged — the window's hitless upgrade starts here/m);
    expect(frame).not.toContain('not sent');
  });
});
