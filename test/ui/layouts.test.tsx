// The screen keeps context: at 80x24, 120x40 and 200x50 the confirmation dialog, the header line and the serial
// consoles side by side, as frames.
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEventBody } from '../../source/engine/events.js';
import { Screen, type ScreenProps, type SerialLines } from '../../source/ui/components/Screen.js';
import type { ScreenSize } from '../../source/ui/layout.js';
import { initialSnapshot, reduceEvent, type UiSnapshot } from '../../source/ui/snapshot.js';
import { checklistAt, frameLines, msm, NEW, show, TARGET_LABEL, timeline } from './fixtures.js';

afterEach(cleanup);

const SIZES = {
  small: { columns: 80, rows: 24 },
  medium: { columns: 120, rows: 40 },
  wide: { columns: 200, rows: 50 },
} satisfies Record<string, ScreenSize>;

const IO_RESET =
  'WARNING: The other MSM operates with a different version of I/O module image. If you continue with the MSM failover, all I/O modules will be reset. Are you sure you want to failover? (y/n)';

const started: EngineEventBody[] = [
  { type: 'run-start', operator: 'op', target: TARGET_LABEL, host: 'core-1', mode: 'upgrade' },
  { type: 'connected', description: 'admin@10.1.1.1:22' },
  { type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)' })) },
];

const failover: EngineEventBody = {
  type: 'confirm-request',
  step: 'failover',
  command: 'run msm-failover',
  questions: [
    { id: 'failover-confirm', text: 'Are you sure you want to failover? (y/n)', answer: 'y' },
    { id: 'io-module-reset', text: IO_RESET, answer: 'n' },
    { id: 'failover-reduced-function', text: 'The upgrade is hitless but new functionality may be lost. Continue? (y/n)', answer: 'n' },
  ],
  evidence: [
    'target 16.1.2.3 (from 15.3.1.4-patch1-10)',
    'MSM-A is MASTER',
    'MSM-A booted primary (15.3.1.4-patch1-10); secondary holds 15.3.1.4',
    'MSM-B is BACKUP (In Sync)',
    'MSM-B booted secondary (16.1.2.3); primary holds 15.3.1.4-patch1-10',
  ],
};

const install: EngineEventBody = {
  type: 'confirm-request',
  step: 'install-first-backup',
  command: 'download image 10.0.0.5 bd8800-16.1.2.3.xos vr "VR-Mgmt" secondary msm B',
  questions: [{ id: 'install-after-download', text: 'Do you want to install image after downloading? (y - yes, n - no, <cr> - cancel)', answer: 'y' }],
  evidence: ['target 16.1.2.3 (from 15.3.1.4-patch1-10)', 'MSM-A is MASTER', 'MSM-B is BACKUP (In Sync)', 'MSM-B booted primary, so secondary is free'],
};

function snapshotAfter(...bodies: EngineEventBody[]): { snapshot: UiSnapshot; now: number } {
  const clock = timeline();
  let snapshot = initialSnapshot(TARGET_LABEL, NEW);
  for (const body of bodies) snapshot = reduceEvent(snapshot, clock.event(body));
  return { snapshot, now: clock.now() + 125_000 };
}

const consoleLines = Array.from({ length: 60 }, (_, index) => `* core-1.1 # show log line ${index}`);

/** The frame on a terminal of `size` (ink-testing-library's stdout says 100 columns unless told otherwise). */
function screen(snapshot: UiSnapshot, now: number, size: ScreenSize, overrides: Partial<ScreenProps> = {}): string[] {
  const drawn = <Screen snapshot={snapshot} consoleLines={consoleLines} consoleScrolledBack={0} size={size} canSkip={false} now={now} {...overrides} />;
  const { lastFrame, rerender, stdout } = render(drawn);
  Object.defineProperty(stdout, 'columns', { value: size.columns, configurable: true });
  Object.defineProperty(stdout, 'rows', { value: size.rows, configurable: true });
  rerender(drawn);
  const lines = frameLines(lastFrame());
  expect(lines).toHaveLength(size.rows - 1);
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(size.columns);
  return lines;
}

const rowOf = (lines: string[], text: string | RegExp): number => lines.findIndex((line) => (typeof text === 'string' ? line.includes(text) : text.test(line)));

describe('the header line', () => {
  it('names the system, the release from and to, the run time and the connection', () => {
    const { snapshot, now } = snapshotAfter(...started, { type: 'decision', action: { kind: 'none', step: 'preflight' } as never, evidence: [], checklist: checklistAt('preflight') });
    for (const size of Object.values(SIZES)) {
      const [header] = screen(snapshot, now, size);
      expect(header).toMatch(/^core-1 \(BD-8810\) · 15\.3\.1\.4-patch1-10 → 16\.1\.2\.3 · run 2m · admin@10\.1\.1\.1:22/);
    }
  });
});

describe('the confirmation dialog keeps context', () => {
  it('at 80x24 it covers checklist and console, and shows the backup In Sync before other evidence', () => {
    const { snapshot, now } = snapshotAfter(...started, failover);
    const lines = screen(snapshot, now, SIZES.small, { modal: 'dialog' });
    expect(rowOf(lines, 'Preflight checks')).toBe(-1);
    expect(lines.join('\n')).toContain('• MSM-B is BACKUP (In Sync)');
    expect(rowOf(lines, '• MSM-B is BACKUP (In Sync)')).toBeLessThan(rowOf(lines, /↓ \d+ more lines/));
    expect(lines.join('\n')).toContain('[c] confirm');
  });

  it('at 80x24 the command wraps between words, never inside one', () => {
    const { snapshot, now } = snapshotAfter(...started, install);
    const lines = screen(snapshot, now, SIZES.small, { modal: 'dialog' });
    const commandRows = lines.filter((line) => /\$ download|"VR-Mgmt"|msm B/.test(line)).map((line) => line.replace(/^│ | *│$/g, '').trim());
    expect(commandRows.join(' ')).toBe('$ download image 10.0.0.5 bd8800-16.1.2.3.xos vr "VR-Mgmt" secondary msm B');
  });

  for (const [name, size] of [['120x40', SIZES.medium], ['200x50', SIZES.wide]] as const) {
    it(`at ${name} the checklist above and the console below stay visible, and the I/O-reset question is whole`, () => {
      const { snapshot, now } = snapshotAfter(...started, failover);
      const lines = screen(snapshot, now, size, { modal: 'dialog' });
      const text = lines.join('\n');
      expect(rowOf(lines, 'Preflight checks')).toBeGreaterThan(0);
      expect(rowOf(lines, 'Verify')).toBeGreaterThan(0);
      expect(rowOf(lines, 'Confirm: Failover')).toBeGreaterThan(rowOf(lines, 'Verify'));
      expect(rowOf(lines, /── Console/)).toBeGreaterThan(rowOf(lines, '[c] confirm'));
      expect(text).toContain('show log line 0');
      expect(text.replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ')).toContain(`n ← "${IO_RESET}"`);
      for (const evidence of failover.type === 'confirm-request' ? failover.evidence : []) expect(text).toContain(`• ${evidence}`);
    });
  }
});

describe('the serial consoles side by side', () => {
  const serial = (slot: 'A' | 'B'): SerialLines => ({ label: `MSM-${slot} serial`, lines: [`MSM-${slot} boot: loading image`, `MSM-${slot} login:`], scrolledBack: 0 });
  const split = [serial('A'), serial('B')] as const;

  it('from 160 columns on, both under the management console', () => {
    const { snapshot, now } = snapshotAfter(...started);
    const lines = screen(snapshot, now, SIZES.wide, { splitConsoles: split });
    const titles = rowOf(lines, 'MSM-A serial (watch only)');
    expect(titles).toBeGreaterThan(rowOf(lines, '── Console'));
    expect(lines[titles]).toMatch(/MSM-A serial \(watch only\).*MSM-B serial \(watch only\)/);
    expect(lines[titles + 1]).toMatch(/^MSM-A boot: loading image +MSM-B boot: loading image/);
    expect(lines.join('\n')).toContain('show log line 0');
  });

  it('narrower, only the management console', () => {
    const { snapshot, now } = snapshotAfter(...started);
    for (const size of [SIZES.small, SIZES.medium]) {
      const lines = screen(snapshot, now, size, { splitConsoles: split });
      expect(rowOf(lines, 'serial')).toBe(-1);
      expect(lines.join('\n')).toContain('show log line');
    }
  });

  it('at 200x50 beside an open dialog, the three consoles and the checklist still show', () => {
    const { snapshot, now } = snapshotAfter(...started, failover);
    const lines = screen(snapshot, now, SIZES.wide, { splitConsoles: split, modal: 'dialog' });
    expect(rowOf(lines, 'Preflight checks')).toBeGreaterThan(0);
    expect(rowOf(lines, 'Confirm: Failover')).toBeGreaterThan(0);
    expect(rowOf(lines, /MSM-A serial.*MSM-B serial/)).toBeGreaterThan(rowOf(lines, '[c] confirm'));
  });
});
