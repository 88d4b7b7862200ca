// The whole screen as a pure function of what the App knows: snapshot, console lines, size and UI-local state.
// One modal at a time covers the middle: the confirmation dialog, a y/n question, or help.
import { Box } from 'ink';
import { msmInSlot } from '../../exos/chassisView.js';
import type { MsmSlot } from '../../exos/chassisState.js';
import { DisplayContext, FULL_DISPLAY, type Display } from '../display.js';
import type { Modal, Question } from '../keys.js';
import { computeLayout, PANE_ROWS, type ScreenLayout, type ScreenSize } from '../layout.js';
import { questionText } from '../prompts.js';
import { staleSince, type UiSnapshot } from '../snapshot.js';
import { Checklist } from './Checklist.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { ConsoleView, type ConsoleLineContent } from './ConsoleView.js';
import { HelpOverlay } from './HelpOverlay.js';
import { MsmPane } from './MsmPane.js';
import { ProblemArea, problemLines } from './ProblemArea.js';
import { QuestionDialog } from './QuestionDialog.js';
import { StatusLine } from './StatusLine.js';
import { TooSmall } from './TooSmall.js';

export interface ScreenProps {
  snapshot: UiSnapshot;
  consoleLines: readonly ConsoleLineContent[];
  consoleScrolledBack: number;
  /** Title of the console shown, e.g. "MSM-A serial"; default the management session. */
  consoleLabel?: string;
  size: ScreenSize;
  /** What is on top (keys.topModal); undefined: the normal screen. 'too-small' is read off `size`. */
  modal?: Exclude<Modal, 'too-small'>;
  question?: Question;
  canSkip: boolean;
  /** Why the last key did nothing, for the status line. */
  note?: string;
  now: number;
  display?: Display;
}

const SLOTS: readonly MsmSlot[] = ['A', 'B'];

function hintsFor({ modal, canSkip, snapshot }: Pick<ScreenProps, 'modal' | 'canSkip' | 'snapshot'>): string {
  switch (modal) {
    case 'console-input':
      return 'Esc or Ctrl-] leaves CONSOLE INPUT';
    case 'question':
      return 'y / n';
    case 'help':
      return '? or Esc closes help';
    case 'dialog':
      return `c confirm ${canSkip ? '· s skip ' : ''}· a abort · ? help`;
    default:
      // The run's outcome needs the room more than the other hints do.
      if (snapshot.finished) return 'q quit';
      return snapshot.pendingConfirmation ? 'Esc dialog · Tab console · ? help' : 'q quit · ? help';
  }
}

function Panes({ snapshot, layout, now }: { snapshot: UiSnapshot; layout: ScreenLayout; now: number }) {
  const stale = staleSince(snapshot, now);
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
            staleSince={stale}
            waitDeadline={snapshot.chassisActivity?.deadline}
            now={now}
            width={layout.paneWidth}
          />
        </Box>
      ))}
    </Box>
  );
}

function Middle(props: ScreenProps & { layout: ScreenLayout }) {
  const { snapshot, layout } = props;
  const pending = snapshot.pendingConfirmation;
  if (props.modal === 'dialog' && pending) {
    return <ConfirmDialog confirmation={pending} canSkip={props.canSkip} width={layout.width} height={layout.middleRows} />;
  }
  if (props.modal === 'question' && props.question) {
    return <QuestionDialog question={questionText(props.question, snapshot, props.consoleLabel)} width={layout.width} height={layout.middleRows} />;
  }
  return (
    <>
      <Checklist snapshot={snapshot} height={layout.checklistRows} width={layout.width} columns={layout.checklistColumns} now={props.now} />
      <ProblemArea lines={problemLines(snapshot, layout.width)} rows={layout.problemRows} width={layout.width} />
      <ConsoleView
        lines={props.consoleLines}
        height={layout.consoleRows}
        width={layout.width}
        focused={props.modal === 'console-input'}
        scrolledBack={props.consoleScrolledBack}
        label={props.consoleLabel}
      />
    </>
  );
}

/** The layout the screen uses for this snapshot and size (the problem text decides how many rows it wants). */
export const screenLayout = (snapshot: UiSnapshot, size: ScreenSize): ScreenLayout | undefined =>
  computeLayout(size, problemLines(snapshot, size.columns).length);

export function Screen(props: ScreenProps) {
  const { snapshot, size, now } = props;
  const layout = screenLayout(snapshot, size);
  const question = props.question && questionText(props.question, snapshot, props.consoleLabel);
  return (
    <DisplayContext.Provider value={props.display ?? FULL_DISPLAY}>
      {layout ? (
        <Box flexDirection="column" width={layout.width} height={layout.height}>
          {props.modal === 'help' ? (
            <HelpOverlay width={layout.width} height={layout.overlayRows} />
          ) : (
            <>
              <Panes snapshot={snapshot} layout={layout} now={now} />
              <Middle {...props} layout={layout} />
            </>
          )}
          <StatusLine
            connection={snapshot.connection}
            lastSent={snapshot.currentCommand}
            finished={snapshot.finished}
            outcomeShownAbove={snapshot.problem?.severity === 'error'}
            note={props.note}
            hints={hintsFor(props)}
            now={now}
            width={layout.width}
          />
        </Box>
      ) : (
        <TooSmall size={size} question={question} />
      )}
    </DisplayContext.Provider>
  );
}
