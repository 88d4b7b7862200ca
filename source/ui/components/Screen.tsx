// The whole screen as a pure function of what the App knows: snapshot, console lines, size and UI-local state.
import { Box, Text } from 'ink';
import { msmInSlot } from '../../exos/chassisView.js';
import type { MsmSlot } from '../../exos/chassisState.js';
import { computeLayout, PANE_ROWS, type ScreenLayout, type ScreenSize } from '../layout.js';
import type { Focus } from '../keys.js';
import { HEALTH_PHASE_LABEL } from '../../engine/events.js';
import { hasProblemLine, type UiSnapshot } from '../snapshot.js';
import { Checklist } from './Checklist.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { ConsoleView, type ConsoleLineContent } from './ConsoleView.js';
import { HelpOverlay } from './HelpOverlay.js';
import { MsmPane } from './MsmPane.js';
import { Row } from './Row.js';
import { QUESTIONS, StatusLine } from './StatusLine.js';
import { TooSmall } from './TooSmall.js';

export interface ScreenProps {
  snapshot: UiSnapshot;
  consoleLines: readonly ConsoleLineContent[];
  consoleScrolledBack: number;
  /** Title of the console shown, e.g. "MSM-A serial"; default the management session. */
  consoleLabel?: string;
  size: ScreenSize;
  focus: Focus;
  help: boolean;
  dialogVisible: boolean;
  canSkip: boolean;
  question?: keyof typeof QUESTIONS;
  now: number;
}

const SLOTS: readonly MsmSlot[] = ['A', 'B'];

function hintsFor({ focus, dialogVisible, canSkip, snapshot }: Pick<ScreenProps, 'focus' | 'dialogVisible' | 'canSkip' | 'snapshot'>): string {
  if (focus === 'console') return 'CONSOLE INPUT — Ctrl-] to leave';
  // The run's summary needs the room more than the other hints do.
  if (snapshot.finished) return 'q quit';
  if (dialogVisible) return `c confirm ${canSkip ? '· s skip ' : ''}· a abort · ? help`;
  return 'Tab console · ? help';
}

function Panes({ snapshot, layout, now }: { snapshot: UiSnapshot; layout: ScreenLayout; now: number }) {
  return (
    <Box flexDirection="row" height={PANE_ROWS} width={layout.width} flexShrink={0}>
      {SLOTS.map((slot, index) => (
        <Box key={slot} marginLeft={index > 0 ? layout.width - 2 * layout.paneWidth : 0}>
          <MsmPane
            slot={slot}
            node={snapshot.show ? msmInSlot(snapshot.show, slot) : undefined}
            observed={snapshot.show !== undefined}
            activity={snapshot.slotActivity[slot]}
            target={snapshot.target}
            targetVersion={snapshot.targetVersion}
            now={now}
            width={layout.paneWidth}
          />
        </Box>
      ))}
    </Box>
  );
}

/** The problem line; while there is none, the latest health read and what it lost. */
function ProblemLine({ snapshot, width }: { snapshot: UiSnapshot; width: number }) {
  const { problem, health } = snapshot;
  if (!problem && health) {
    return (
      <Row width={width}>
        <Text color={health.lost ? 'red' : 'green'} bold>
          {health.lost ? '✗ health ' : '● health '}
        </Text>
        {HEALTH_PHASE_LABEL[health.phase]}: {health.summary}
        {health.lost ? ` — ${health.lost}` : ''}
      </Row>
    );
  }
  if (!problem) return null;
  const isError = problem.severity === 'error';
  return (
    <Row width={width}>
      <Text color={isError ? 'red' : 'yellow'} bold>
        {isError ? '✗ error: ' : '⚠ warning: '}
      </Text>
      {problem.message}
    </Row>
  );
}

function Middle(props: ScreenProps & { layout: ScreenLayout }) {
  const { snapshot, layout } = props;
  const pending = snapshot.pendingConfirmation;
  if (props.dialogVisible && pending) {
    return <ConfirmDialog confirmation={pending} canSkip={props.canSkip} width={layout.width} height={layout.middleRows} />;
  }
  return (
    <>
      <Checklist snapshot={snapshot} height={layout.checklistRows} width={layout.width} columns={layout.checklistColumns} now={props.now} />
      <ProblemLine snapshot={snapshot} width={layout.width} />
      <ConsoleView
        lines={props.consoleLines}
        height={layout.consoleRows}
        width={layout.width}
        focused={props.focus === 'console'}
        scrolledBack={props.consoleScrolledBack}
        label={props.consoleLabel}
      />
    </>
  );
}

export function Screen(props: ScreenProps) {
  const { snapshot, size, now } = props;
  const layout = computeLayout(size, hasProblemLine(snapshot));
  if (!layout) return <TooSmall size={size} />;
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height}>
      {props.help ? (
        <HelpOverlay width={layout.width} height={layout.overlayRows} />
      ) : (
        <>
          <Panes snapshot={snapshot} layout={layout} now={now} />
          <Middle {...props} layout={layout} />
        </>
      )}
      <StatusLine
        connection={snapshot.connection}
        currentCommand={snapshot.currentCommand}
        finished={snapshot.finished}
        question={props.question && QUESTIONS[props.question]}
        hints={hintsFor(props)}
        now={now}
        width={layout.width}
      />
    </Box>
  );
}
