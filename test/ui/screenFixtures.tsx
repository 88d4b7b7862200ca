// The whole full-screen console drawn from a snapshot, as the MSM-pane tests read it.
import { render } from 'ink-testing-library';
import { expect } from 'vitest';
import { Screen } from '../../source/ui/components/Screen.js';
import { displayFor, type Display } from '../../source/ui/display.js';
import type { ScreenSize } from '../../source/ui/layout.js';
import type { UiSnapshot } from '../../source/ui/snapshot.js';
import { eventually, frameLines } from './fixtures.js';

/** The screen of `snapshot` at `now`, once its frame matches `expected`. */
export async function screenShowing(snapshot: UiSnapshot, now: number, size: ScreenSize, expected: RegExp, display: Display = displayFor({ LANG: 'C.UTF-8' })) {
  const { lastFrame } = render(<Screen snapshot={snapshot} consoleLines={[]} consoleScrolledBack={0} size={size} canSkip={false} now={now} display={display} />);
  await eventually(() => expect(lastFrame()).toMatch(expected));
  return lastFrame()!;
}

/** The MSM B pane's half of each row, from its column on. */
export const paneB = (frame: string, size: ScreenSize): string[] => frameLines(frame).map((line) => line.slice(size.columns - Math.floor((size.columns - 1) / 2)));
