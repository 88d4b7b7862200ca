// Dialogs say what they do: a title naming the action, a decision that is not dressed as a switch command, the whole
// dialog readable at 80x24 by paging (c counts only once all of it was shown), and dialogs as tall as what they say.
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEventBody } from '../../source/engine/events.js';
import { confirmDialogContent } from '../../source/ui/components/ConfirmDialog.js';
import { Screen, type ScreenProps } from '../../source/ui/components/Screen.js';
import type { ScreenSize } from '../../source/ui/layout.js';
import type { UiSnapshot } from '../../source/ui/snapshot.js';
import { frameLines, msm, show, snapshotAfter, TARGET_LABEL } from './fixtures.js';

afterEach(cleanup);

const screen = (snapshot: UiSnapshot, now: number, size: ScreenSize, overrides: Partial<ScreenProps> = {}): string[] =>
  frameLines(
    render(<Screen snapshot={snapshot} consoleLines={['* core-1.1 # show switch']} consoleScrolledBack={0} size={size} canSkip={false} now={now} {...overrides} />)
      .lastFrame() ?? '',
  );

const started: EngineEventBody[] = [
  { type: 'run-start', operator: 'op', target: TARGET_LABEL, host: 'core-1', mode: 'upgrade' },
  { type: 'connected', description: 'admin@core-1' },
  { type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)' })) },
];

const IO_RESET =
  'WARNING: The other MSM operates with a different version of I/O module image. If you continue with the MSM failover, all I/O modules will be reset. Are you sure you want to failover? (y/n)';
const failover: EngineEventBody = {
  type: 'confirm-request',
  step: 'failover',
  title: 'Fail over to MSM-B',
  command: 'run msm-failover',
  questions: [
    { id: 'failover-confirm', text: 'Are you sure you want to failover? (y/n)', answer: 'y' },
    { id: 'io-module-reset', text: IO_RESET, answer: 'n' },
  ],
  evidence: ['MSM-B is BACKUP (In Sync)', 'MSM-B booted secondary (16.1.2.3)', 'MSM-A booted primary (15.3.1.4)', 'health: 3 of 3 I/O modules Operational', 'ports: 19 of 100 Active', 'no failover yet in this run'],
};
const rollbackSelect: EngineEventBody = {
  type: 'confirm-request',
  step: 'reboot-first-backup',
  title: 'Roll back MSM-B to 15.3.1.4: boot it from primary next',
  command: 'use image partition primary msm B',
  questions: [],
  evidence: ['MSM-B is FAIL on 16.1.2.3'],
};
const lostPorts: EngineEventBody = {
  type: 'confirm-request',
  step: 'failover',
  title: 'Continue despite lost ports',
  command: 'continue despite lost ports',
  decision: true,
  questions: [],
  evidence: ['ports down since the failover: 2:3 (esx-07-vmnic0)', 'still so after the 30 s settle time'],
};

const SMALL = { columns: 80, rows: 24 };
const unframed = (lines: string[]) => lines.map((line) => line.replace(/^[│|] | *[│|]$/g, '').trim()).join('\n');

describe('dialog titles', () => {
  it('name the action, not the checklist step', () => {
    const { snapshot, now } = snapshotAfter(...started, rollbackSelect);
    const text = unframed(screen(snapshot, now, SMALL, { modal: 'dialog' }));
    expect(text).toContain('Roll back MSM-B to 15.3.1.4: boot it from primary next');
    expect(text).toContain('$ use image partition primary msm B');
    expect(text).not.toMatch(/Confirm: /);
  });

  it('a decision is not shown as a switch command, and says nothing about switch questions', () => {
    const { snapshot, now } = snapshotAfter(...started, lostPorts);
    const text = unframed(screen(snapshot, now, SMALL, { modal: 'dialog' })).replace(/\s+/g, ' ');
    expect(text).toContain('Continue despite lost ports');
    expect(text).toContain('Your decision; nothing is sent to the switch. c: continue despite lost ports. a: stop here (exit 4).');
    expect(text).not.toContain('$ continue');
    expect(text).not.toContain('The switch is not expected to ask anything');
    expect(snapshot.stepCommands.failover).toBeUndefined();
  });
});

describe('a dialog taller than 80x24 allows', () => {
  it('pages: every line of evidence and the whole switch question is shown on some page, the last page says all is read', () => {
    const { snapshot, now } = snapshotAfter(...started, failover);
    const pending = snapshot.pendingConfirmation!;
    const first = screen(snapshot, now, SMALL, { modal: 'dialog' });
    expect(first.join('\n')).toMatch(/↓ \d+ more lines: PgDn or ↓ \(c counts once all is read\)/);
    const { maxTop } = confirmDialogContent({ confirmation: pending, canSkip: false, width: 80, height: 13 });
    expect(maxTop).toBeGreaterThan(0);
    const pages = Array.from({ length: maxTop! + 1 }, (_, top) => unframed(screen(snapshot, now, SMALL, { modal: 'dialog', dialogTop: top })));
    const seen = pages.join('\n').replace(/\s+/g, ' ');
    for (const evidence of failover.type === 'confirm-request' ? failover.evidence : []) expect(seen).toContain(`• ${evidence}`);
    expect(seen).toContain(`n ← "${IO_RESET}"`);
    expect(pages.at(-1)).toMatch(/↑ all read/);
    for (const page of pages) expect(page.split('\n').length).toBe(23);
  });

  it('while the switch has not returned from the operator\'s command, the keys line says why c waits', () => {
    const { snapshot, now } = snapshotAfter(...started, rollbackSelect);
    const text = screen(snapshot, now, { columns: 120, rows: 40 }, { modal: 'dialog', switchBusy: 'show ports no-refresh' }).join('\n');
    expect(text).toContain('c waits: the switch has not returned from "show ports no-refresh" (Tab, Ctrl-V Esc ends a monitor)');
    expect(text).not.toContain('[c] confirm');
  });
});

describe('dialogs size to their content', () => {
  it('a short dialog covering the middle at 80x24 has no empty rows in its frame; the status line stays at the bottom', () => {
    const { snapshot, now } = snapshotAfter(...started, lostPorts);
    const lines = screen(snapshot, now, SMALL, { modal: 'dialog' });
    const top = lines.findIndex((line) => line.startsWith('╭'));
    const bottom = lines.findIndex((line) => line.startsWith('╰'));
    expect(lines.slice(top + 1, bottom).filter((line) => /^│ +│$/.test(line))).toEqual([]);
    expect(lines).toHaveLength(23);
    expect(lines.at(-1)).toMatch(/c confirm · a abort · \? help$/);
  });

  for (const size of [
    { columns: 120, rows: 40 },
    { columns: 200, rows: 50 },
  ]) {
    it(`the quit and abort questions at ${size.columns}x${size.rows} are no taller than what they say`, () => {
      const { snapshot, now } = snapshotAfter(...started);
      for (const question of ['quit', 'abort'] as const) {
        const lines = screen(snapshot, now, size, { modal: 'question', question });
        const top = lines.findIndex((line) => line.startsWith('╭'));
        const bottom = lines.findIndex((line) => line.startsWith('╰'));
        const inside = lines.slice(top + 1, bottom);
        expect(inside.length).toBeLessThanOrEqual(8);
        expect(inside.filter((line) => /^│ +│$/.test(line)).length).toBeLessThanOrEqual(2);
        expect(lines).toHaveLength(size.rows - 1);
        expect(lines.at(-1)).toMatch(/y \/ n$/);
      }
    });
  }
});
