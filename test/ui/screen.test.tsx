import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEventBody } from '../../source/engine/events.js';
import { Screen, type ScreenProps } from '../../source/ui/components/Screen.js';
import type { ScreenSize } from '../../source/ui/layout.js';
import { reduceEvent, type UiSnapshot } from '../../source/ui/snapshot.js';
import { checklistAt, frameLines, msm, show, snapshotAfter, stepPairs, TARGET_LABEL } from './fixtures.js';

afterEach(cleanup);

const SMALLEST: ScreenSize = { columns: 80, rows: 24 };

function screen(snapshot: UiSnapshot, now: number, overrides: Partial<ScreenProps> = {}) {
  const { lastFrame } = render(
    <Screen
      snapshot={snapshot}
      consoleLines={['* core-1.1 # show switch', 'SysName:          core-1']}
      consoleScrolledBack={0}
      size={SMALLEST}
      canSkip={false}
      now={now}
      {...overrides}
    />,
  );
  return lastFrame() ?? '';
}

/** The panes' first line, under the header line. */
const PANES = 1;

/** Column where a pane's header starts: A's at the left edge, B's in the right half. */
const paneColumn = (frame: string, slot: 'A' | 'B'): number => (frameLines(frame)[PANES] ?? '').indexOf(` MSM ${slot}`);

const started: EngineEventBody[] = [
  { type: 'run-start', operator: 'op', target: TARGET_LABEL, host: 'core-1', mode: 'upgrade' },
  { type: 'connected', description: 'admin@core-1' },
];

const rebootCommand = 'reboot msm B';

describe('Screen', () => {
  it('A master / B backup in sync: panes in slot order with markers, checklist, console, status', () => {
    const { snapshot, now } = snapshotAfter(...started, {
      type: 'state',
      show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)' })),
    });
    const frame = screen(snapshot, now);
    expect(paneColumn(frame, 'A')).toBe(0);
    expect(paneColumn(frame, 'B')).toBeGreaterThanOrEqual(39);
    expect(frameLines(frame)[PANES]).toMatch(/MSM A \(you\) +★ MASTER +MSM B +● BACKUP ✓ In Sync/);
    expect(frame).toContain('[ ] Preflight checks');
    expect(frame).toContain('[ ] Verify');
    expect(frame).toContain('* core-1.1 # show switch');
    expect(frameLines(frame).at(-1)).toMatch(/^● connected \(admin@core-1\) .*q quit · \? help$/);
  });

  it('B master / A backup: panes still show A on the left', () => {
    const { snapshot, now } = snapshotAfter(...started, {
      type: 'state',
      show: show(msm('B', { stateText: 'MASTER', local: true }), msm('A', { stateText: 'BACKUP (In Sync)' })),
    });
    const frame = screen(snapshot, now);
    expect(paneColumn(frame, 'A')).toBe(0);
    expect(frameLines(frame)[PANES]).toMatch(/MSM A +● BACKUP ✓ In Sync +MSM B \(you\) +★ MASTER/);
  });

  it('a backup rebooting: DOWN / INIT with "rebooting for ..." and the running step timed', () => {
    const { snapshot, now } = snapshotAfter(
      ...started,
      { type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)' })) },
      { type: 'decision', action: { kind: 'reboot-backup', step: 'reboot-first-backup', slot: 'B', command: rebootCommand }, evidence: [], checklist: checklistAt('reboot-first-backup') },
      ...stepPairs(['preflight', 'install-first-backup']),
      { type: 'step-start', step: 'reboot-first-backup', command: rebootCommand },
      { type: 'command', step: 'reboot-first-backup', command: rebootCommand },
      { type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'DOWN' })) },
      { type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'INIT' })) },
    );
    const frame = screen(snapshot, now + 70_000);
    expect(frameLines(frame)[PANES]).toContain('◌ booting (INIT)');
    expect(frame).toMatch(/now +rebooting/);
    expect(frame).toContain('for 1m12s');
    expect(frame).toMatch(/\[x\] Install on first backup/);
    expect(frame).toMatch(/\[>\] Reboot first backup +1m13s/);
    expect(frame).toContain(`Reboot first backup: $ ${rebootCommand}`);
  });

  it('failover: reconnecting with the time since the drop, and no MSM is MASTER', () => {
    const { snapshot, now } = snapshotAfter(
      ...started,
      { type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)' })) },
      { type: 'decision', action: { kind: 'failover', step: 'failover', fromSlot: 'A', toSlot: 'B', spelling: 'run msm-failover', command: 'run msm-failover' }, evidence: [], checklist: checklistAt('failover') },
      { type: 'step-start', step: 'failover', command: 'run msm-failover' },
      { type: 'command', step: 'failover', command: 'run msm-failover' },
      { type: 'disconnected', reason: 'the old master rebooted (failover)', expected: true },
      { type: 'step-end', step: 'failover', outcome: 'done' },
      { type: 'step-start', step: 'reconnect-new-master' },
      { type: 'progress', activity: 'waiting for the new master' },
    );
    const frame = screen(snapshot, now + 20_000);
    expect(frameLines(frame).at(-1)).toMatch(/^◌ reconnecting for 23s \(the old master rebooted \(failover/);
    expect(frame).toContain('failing over, rebooting');
    expect(frame).toContain('Reconnect to new master: waiting for the new master');

    const masterless = snapshotAfter(
      ...started,
      { type: 'disconnected', reason: 'the old master rebooted (failover)', expected: true },
      { type: 'connecting', description: 'admin@core-1', attempt: 3 },
    );
    const masterlessShow = reduceEvent(masterless.snapshot, {
      type: 'state',
      show: show(msm('B', { stateText: 'BACKUP (In Sync)' }), msm('A', { stateText: 'DOWN' })),
      at: new Date(masterless.now).toISOString(),
    });
    const afterRead = screen(masterlessShow, masterless.now);
    expect(afterRead).not.toContain('MASTER ');
    expect(frameLines(afterRead)[PANES]).toMatch(/MSM A +◌ DOWN +MSM B +● BACKUP/);
  });

  it('a failed step: [!] marker, the reason, and the error line', () => {
    const { snapshot, now } = snapshotAfter(
      ...started,
      { type: 'decision', action: { kind: 'reboot-backup', step: 'reboot-first-backup', slot: 'B', command: rebootCommand }, evidence: [], checklist: checklistAt('reboot-first-backup') },
      { type: 'step-start', step: 'reboot-first-backup', command: rebootCommand },
      { type: 'step-end', step: 'reboot-first-backup', outcome: 'failed', detail: 'reboot of MSM-B was not confirmed' },
      { type: 'error', kind: 'switch-error', message: 'stopped in a safe state', exitCode: 4 },
      { type: 'run-end', exitCode: 4, summary: 'stopped before reboot-first-backup' },
    );
    const frame = screen(snapshot, now);
    expect(frame).toMatch(/\[!\] Reboot first backup +1s/);
    expect(frame).toContain('✗ Reboot first backup failed: reboot of MSM-B was not confirmed');
    expect(frame).toContain('✗ error: stopped in a safe state');
    expect(frame).toContain('next: stopped before reboot-first-backup');
    expect(frameLines(frame).at(-1)).toMatch(/■ finished, exit 4 +q quit$/);
    expect(frameLines(frame)).toHaveLength(23);
  });

  it('the confirmation dialog: exact command, expected questions with answers, evidence, keys', () => {
    const command = 'download image 10.0.0.5 bd8800-16.1.2.3.xos vr "VR-Mgmt" secondary msm B';
    const { snapshot, now } = snapshotAfter(...started, {
      type: 'confirm-request',
      step: 'install-first-backup',
      command,
      questions: [
        { id: 'install-after-download', text: 'Do you want to install image after downloading? (y - yes, n - no, <cr> - cancel)', answer: 'y' },
        { id: 'exit-unsaved', text: 'Do you want to save configuration changes to currently selected configuration file? (y/n)', answer: 'n' },
      ],
      evidence: ['MSM-A is MASTER, runs 15.3.1.4-patch1-10 from primary', 'MSM-B is BACKUP (In Sync), booted primary, so secondary is free'],
    });
    const frame = screen(snapshot, now, { modal: 'dialog' });
    expect(frame).toContain('Confirm: Install on first backup');
    expect(frame).toContain(`$ ${command}`);
    expect(frame).toContain('y  ← "Do you want to install image after downloading? (y - yes, n - no');
    expect(frame).toContain('n  ← "Do you want to save configuration changes');
    expect(frame).toContain('• MSM-B is BACKUP (In Sync), booted primary, so secondary is free');
    expect(frame).toContain('[c] confirm   [a] abort   [Esc] hide   (Enter does nothing)');
    expect(frame).not.toContain('[s] skip');
    expect(frameLines(frame).at(-1)).toContain('c confirm · a abort · ? help');
    const skippable = screen(snapshot, now, { modal: 'dialog', canSkip: true });
    expect(skippable).toContain('[c] confirm   [s] skip   [a] abort');
  });

  it('a dialog with more evidence than rows keeps the title and the keys, and says how much is below', () => {
    const { snapshot, now } = snapshotAfter(...started, {
      type: 'confirm-request',
      step: 'failover',
      command: 'run msm-failover',
      questions: [{ id: 'failover-confirm', text: 'Are you sure you want to failover? (y/N)', answer: 'y' }],
      evidence: Array.from({ length: 30 }, (_, index) => `evidence line ${index}`),
    });
    const frame = screen(snapshot, now, { modal: 'dialog' });
    const lines = frameLines(frame);
    expect(lines).toHaveLength(23);
    expect(frame).toContain('Confirm: Failover');
    expect(frame).toContain('$ run msm-failover');
    expect(frame).toMatch(/↓ \d+ more lines: PgDn or ↓ \(c counts once all is read\)/);
    expect(frame).toContain('[c] confirm');
  });

  it('the help overlay lists the keys', () => {
    const { snapshot, now } = snapshotAfter(...started);
    const frame = screen(snapshot, now, { modal: 'help' });
    for (const text of ['c  or  y', 'PgUp  PgDn', 'Tab', 'Ctrl-]', 'does nothing (never confirms by accident)', 'quit (asks first while the upgrade runs)']) {
      expect(frame).toContain(text);
    }
    expect(frameLines(frame)).toHaveLength(23);
  });

  it('console focus and scrolled-back console are marked', () => {
    const { snapshot, now } = snapshotAfter(...started);
    const focused = screen(snapshot, now, { modal: 'console-input' });
    expect(focused).toContain('CONSOLE INPUT — Esc or Ctrl-] to leave');
    expect(frameLines(focused).at(-1)).toContain('Esc or Ctrl-] leaves CONSOLE INPUT');
    expect(screen(snapshot, now, { consoleScrolledBack: 42 })).toContain('42 lines back, End to follow');
  });

  it('a y/n question is the one modal on screen, with its two answers', () => {
    const { snapshot, now } = snapshotAfter(...started);
    const frame = screen(snapshot, now, { modal: 'question', question: 'quit' });
    expect(frame).toContain('Quit hitless?');
    expect(frame).toContain('[y] quit   [n] keep going');
    expect(frame).not.toContain('Preflight checks');
    expect(frameLines(frame).at(-1)).toMatch(/y \/ n$/);
  });

  it('too small: says what is needed and what there is', () => {
    const { snapshot, now } = snapshotAfter(...started);
    const frame = screen(snapshot, now, { size: { columns: 60, rows: 20 } });
    expect(frame).toContain('terminal too small (need 80x24, have 60x20)');
    expect(frame).not.toContain('MSM A');
    expect(frameLines(screen(snapshot, now, { size: { columns: 120, rows: 23 } }))[0]).toContain('have 120x23');
  });

  it('fits 80x24 exactly: rows-1 lines, none wider than 80 columns, in every state', () => {
    const longCommand = `download image 10.0.0.5 ${'very-long-file-name-'.repeat(5)}.xos vr "VR-Mgmt" secondary msm B`;
    const { snapshot, now } = snapshotAfter(
      ...started,
      { type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true, primary: { version: '15.3.1.4', patch: 'patch1-10' } }), msm('B', { stateText: 'BACKUP (Not In Sync)', selected: 'secondary' })) },
      { type: 'decision', action: { kind: 'reboot-backup', step: 'reboot-first-backup', slot: 'B', command: rebootCommand }, evidence: [], checklist: checklistAt('reboot-first-backup') },
      { type: 'step-start', step: 'reboot-first-backup', command: longCommand },
      { type: 'progress', slot: 'B', activity: 'a very long progress report that would never fit into one pane of forty columns' },
      { type: 'warning', message: 'x'.repeat(200) },
    );
    const wide = Array.from({ length: 40 }, () => 'y'.repeat(120));
    for (const overrides of [{}, { modal: 'help' as const }, { modal: 'console-input' as const }, { modal: 'question' as const, question: 'abort' as const }]) {
      const lines = frameLines(screen(snapshot, now, { consoleLines: wide, ...overrides }));
      expect(lines).toHaveLength(23);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    }
    const bigger = frameLines(screen(snapshot, now, { size: { columns: 132, rows: 50 }, consoleLines: wide }));
    expect(bigger).toHaveLength(49);
    for (const line of bigger) expect(line.length).toBeLessThanOrEqual(132);
  });
});
