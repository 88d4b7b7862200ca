import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { MsmPane, targetStatus, type MsmPaneProps } from '../../source/ui/components/MsmPane.js';
import { PANE_ROWS } from '../../source/ui/layout.js';
import { frameLines, msm, NEW, TARGET_LABEL } from './fixtures.js';

afterEach(cleanup);

const NOW = Date.parse('2025-01-01T10:05:00.000Z');

function pane(props: Partial<MsmPaneProps> & Pick<MsmPaneProps, 'slot'>) {
  const { lastFrame } = render(<MsmPane observed target={TARGET_LABEL} targetVersion={NEW} now={NOW} width={39} {...props} />);
  return lastFrame() ?? '';
}

describe('MsmPane', () => {
  it('shows a master with its marker, the logged-in mark, partitions and versions', () => {
    const frame = pane({ slot: 'A', node: msm('A', { stateText: 'MASTER', local: true }) });
    const lines = frameLines(frame);
    expect(lines).toHaveLength(PANE_ROWS);
    expect(lines[0]).toContain('MSM A (you)');
    expect(lines[0]).toContain('★ MASTER');
    expect(frame).toContain('state     MASTER');
    expect(frame).toContain('booted    primary  selected primary');
    expect(frame).toContain('primary   15.3.1.4-patch1-10');
    expect(frame).toContain('secondary 15.3.1.4');
    expect(frame).toContain('target    16.1.2.3 (not installed)');
    expect(frame).toContain('now       idle');
  });

  it('shows a backup in sync with both markers, not logged in', () => {
    const frame = pane({ slot: 'B', node: msm('B', { stateText: 'BACKUP (In Sync)', secondary: NEW }) });
    expect(frameLines(frame)[0]).toMatch(/MSM B +● BACKUP ✓ In Sync/);
    expect(frame).not.toContain('(you)');
    expect(frame).toContain('target    16.1.2.3 (not booted yet)');
  });

  it('a backup holding the target on the partition it did not boot (staged): which partition, and not booted yet', () => {
    const staged = msm('B', { stateText: 'BACKUP (In Sync)', selected: 'secondary', secondary: NEW });
    expect(pane({ slot: 'B', node: staged, width: 59 })).toContain('target    16.1.2.3 (in secondary, not booted yet)');
    // At 80 columns the partition is read off the rows above.
    const narrow = pane({ slot: 'B', node: staged, width: 39 });
    expect(narrow).toContain('secondary 16.1.2.3');
    expect(narrow).toContain('target    16.1.2.3 (not booted yet)');
    expect(targetStatus(staged, NEW)).toEqual({ text: 'in secondary, not booted yet', narrow: 'not booted yet', color: 'yellow' });
    expect(targetStatus(msm('B', { stateText: 'BACKUP (In Sync)', booted: 'secondary', primary: NEW }), NEW).text).toBe('in primary, not booted yet');
  });

  it('says when the backup is not in sync and when the target is running', () => {
    const frame = pane({
      slot: 'B',
      node: msm('B', { stateText: 'BACKUP (Not In Sync)', booted: 'secondary', selected: 'secondary', secondary: NEW }),
    });
    expect(frame).toContain('● BACKUP ○ Not In Sync');
    expect(frame).toContain('target    16.1.2.3 (✓ running)');
  });

  it('shows a rebooting backup in INIT with how long it has been rebooting', () => {
    const frame = pane({
      slot: 'B',
      node: msm('B', { stateText: 'INIT' }),
      activity: { kind: 'reboot', text: 'rebooting', since: '2025-01-01T10:03:48.000Z', sawNodeDown: true },
    });
    expect(frameLines(frame)[0]).toContain('◌ booting (INIT)');
    expect(frame).toContain('now       rebooting');
    expect(frame).toContain('for 1m12s');
  });

  it('shows DOWN and download progress', () => {
    const down = pane({ slot: 'B', node: msm('B', { stateText: 'DOWN' }) });
    expect(frameLines(down)[0]).toContain('◌ DOWN');
    const downloading = pane({
      slot: 'B',
      node: msm('B', { stateText: 'BACKUP (In Sync)' }),
      activity: { kind: 'work', text: 'installing to secondary', progress: 'downloading 43 %', since: '2025-01-01T10:04:37.000Z', sawNodeDown: false },
    });
    expect(downloading).toContain('now       installing to secondary');
    expect(downloading).toContain('downloading 43 %, for 23s');
  });

  it('says "running" in green only for an MSM that is up and booted from the target; INIT is yellow, FAIL red', () => {
    const booted = { booted: 'secondary' as const, selected: 'secondary' as const, secondary: NEW };
    expect(targetStatus(msm('B', { stateText: 'BACKUP (In Sync)', ...booted }), NEW)).toEqual({ text: '✓ running', color: 'green' });
    expect(targetStatus(msm('B', { stateText: 'INIT', ...booted }), NEW)).toEqual({ text: 'booted, INIT', color: 'yellow' });
    expect(targetStatus(msm('B', { stateText: 'FAIL', ...booted }), NEW)).toEqual({ text: 'booted, FAIL', color: 'red' });
  });

  it('marks a failed MSM as a problem', () => {
    const frame = pane({ slot: 'A', node: msm('A', { stateText: 'FAIL' }) });
    expect(frameLines(frame)[0]).toContain('✗ FAIL');
  });

  it('says absent when show switch has no column for the slot, and waiting before the first read', () => {
    expect(frameLines(pane({ slot: 'B' }))[0]).toContain('– absent');
    expect(frameLines(pane({ slot: 'B', observed: false }))[0]).toContain('waiting for show switch');
  });

  it('shows the target label as given when its version is unknown', () => {
    const frame = pane({ slot: 'A', node: msm('A', { stateText: 'MASTER' }), targetVersion: undefined, target: 'core.xos (16.1)' });
    expect(frame).toContain('target    core.xos (16.1)');
  });
});
