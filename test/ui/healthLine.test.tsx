// The lines under the checklist: the consoles proven before the window, and the latest read of the I/O modules and
// links, in red with what was lost.
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEventBody } from '../../source/engine/events.js';
import type { HealthSnapshot } from '../../source/procedure/health.js';
import { Screen } from '../../source/ui/components/Screen.js';
import { initialSnapshot, reduceEvent, type UiSnapshot } from '../../source/ui/snapshot.js';
import { NEW, TARGET_LABEL, timeline } from './fixtures.js';

afterEach(cleanup);

const SNAPSHOT: HealthSnapshot = { modules: [{ name: 'Slot-2', slotNumber: 2, type: '10G4Xc', state: 'Operational', ports: 4 }], ports: [] };
const LOST = 'ports down since the failover: 2:3 (esx-07-vmnic0), 2:4 (esx-07-vmnic1)';

function frameAfter(...bodies: EngineEventBody[]): { frame: string; snapshot: UiSnapshot } {
  const clock = timeline();
  let snapshot = initialSnapshot(TARGET_LABEL, NEW);
  for (const body of bodies) snapshot = reduceEvent(snapshot, clock.event(body));
  const { lastFrame } = render(
    <Screen
      snapshot={snapshot}
      consoleLines={[]}
      consoleScrolledBack={0}
      size={{ columns: 160, rows: 30 }}
      canSkip={false}
      now={clock.now()}
    />,
  );
  return { frame: lastFrame() ?? '', snapshot };
}

describe('health line', () => {
  it('shows the baseline summary, then what the failover lost', () => {
    const before = frameAfter({ type: 'health', phase: 'baseline', snapshot: SNAPSHOT, summary: '3 of 3 I/O modules Operational, 19 of 100 ports Active', regressions: [] });
    expect(before.frame).toContain('● health before: 3 of 3 I/O modules Operational, 19 of 100 ports Active');

    const after = frameAfter({
      type: 'health',
      phase: 'after-failover',
      snapshot: SNAPSHOT,
      summary: '3 of 3 I/O modules Operational, 17 of 100 ports Active',
      regressions: [{ kind: 'port', port: '2:3', displayString: 'esx-07-vmnic0', before: 'A', after: 'R' }],
      description: LOST,
    });
    expect(after.snapshot.health).toEqual({ phase: 'after-failover', summary: '3 of 3 I/O modules Operational, 17 of 100 ports Active', lost: LOST });
    expect(after.frame).toContain('✗ health after the failover: 3 of 3 I/O modules Operational, 17 of 100 ports Active — ports down since the failover: 2:3');
  });

  it('a warning or error takes the line while it stands', () => {
    const { frame } = frameAfter(
      { type: 'health', phase: 'baseline', snapshot: SNAPSHOT, summary: '3 of 3 I/O modules Operational', regressions: [] },
      { type: 'warning', message: 'something to know' },
    );
    expect(frame).toContain('⚠ warning: something to know');
    expect(frame).not.toContain('health before');
  });

  it('names the consoles proven before the first destructive step under the health line', () => {
    const { frame, snapshot } = frameAfter(
      { type: 'console-ready', slot: 'B', via: 'ops:port06@cs1:22', loggedIn: true },
      { type: 'console-ready', slot: 'A', via: 'ops:port05@cs1:22', loggedIn: false },
      { type: 'health', phase: 'baseline', snapshot: SNAPSHOT, summary: '3 of 3 I/O modules Operational', regressions: [] },
    );
    expect(snapshot.consolesReady).toEqual({
      A: 'MSM-A console: at the EXOS prompt (a login was already open) via ops:port05@cs1:22',
      B: 'MSM-B console: logged in via ops:port06@cs1:22',
    });
    const lines = frame.split('\n');
    const consoles = lines.findIndex((line) => line.includes('● MSM-A console: at the EXOS prompt (a login was already open) via ops:port05@cs1:22; MSM-B console: logged in'));
    expect(consoles, frame).toBeGreaterThan(0);
    expect(lines[consoles - 1]).toContain('● health before: 3 of 3 I/O modules Operational');
  });
});
