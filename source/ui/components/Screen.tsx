// The whole screen as a pure function of what the App knows: snapshot, console lines, size and UI-local state.
// One modal at a time: the confirmation dialog (between checklist and console where there is room, else over both),
// a y/n question, or help.
import { Box } from 'ink';
import { msmInSlot } from '../../exos/chassisView.js';
import type { MsmSlot } from '../../exos/chassisState.js';
import { DisplayContext, FULL_DISPLAY, type Display } from '../display.js';
import type { Modal, Question } from '../keys.js';
import type { Line } from '../line.js';
import { computeLayout, PANE_ROWS, type ScreenLayout, type ScreenSize } from '../layout.js';
import type { PendingConfirmation } from '../snapshot.js';
import { questionText } from '../prompts.js';
import { staleSince, type UiSnapshot } from '../snapshot.js';
import { Checklist } from './Checklist.js';
import { ConfirmDialog, confirmDialogRows } from './ConfirmDialog.js';
import { ConsoleView, type ConsoleLineContent } from './ConsoleView.js';
import { Header } from './Header.js';
import { HelpOverlay } from './HelpOverlay.js';
import { MsmPane } from './MsmPane.js';
import { ProblemArea, problemLines } from './ProblemArea.js';
import { QuestionDialog, questionRows } from './QuestionDialog.js';
import { Row } from './Row.js';
import { StatusLine } from './StatusLine.js';
import { TooSmall } from './TooSmall.js';

/** A serial console shown beside the other in the split view. */
export interface SerialLines {
  label: string;
  lines: readonly ConsoleLineContent[];
  scrolledBack: number;
}

export interface ScreenProps {
  snapshot: UiSnapshot;
  consoleLines: readonly ConsoleLineContent[];
  consoleScrolledBack: number;
  /** Title of the console shown, e.g. "MSM-A serial"; default the management session. */
  consoleLabel?: string;
  /** Both serial consoles, to be shown side by side under the management console where the terminal has room. */
  splitConsoles?: readonly [SerialLines, SerialLines];
  size: ScreenSize;
  /** What is on top (keys.topModal); undefined: the normal screen. 'too-small' is read off `size`. */
  modal?: Exclude<Modal, 'too-small'>;
  question?: Question;
  canSkip: boolean;
  /** First row of the confirmation dialog's scrolled middle shown. */
  dialogTop?: number;
  /** Part of the dialog has not been shown yet: c waits for PgDn. */
  dialogUnread?: boolean;
  /** The operator's own command the switch has not returned from: the dialog says c waits for it. */
  switchBusy?: string;
  /** Why the last key did nothing, for the status line. */
  note?: string;
  /** The operator quit or aborted and the run is stopping: q offers nothing more until it has ended. */
  stopping?: boolean;
  /** Opened from the fleet view: the keys back to it instead of quitting. */
  inFleet?: boolean;
  now: number;
  display?: Display;
}

const SLOTS: readonly MsmSlot[] = ['A', 'B'];

const FLEET_CHASSIS_TOO_SMALL_KEYS = 'Enlarge the window; f or Esc goes back to the fleet view, q asks there to stop the fleet. Other keys do nothing until the screen is shown.';

function hintsFor({ modal, canSkip, snapshot, stopping, dialogUnread, inFleet }: Pick<ScreenProps, 'modal' | 'canSkip' | 'snapshot' | 'stopping' | 'dialogUnread' | 'inFleet'>): string {
  switch (modal) {
    case 'console-input':
      return 'Esc or Ctrl-] leaves CONSOLE INPUT';
    case 'question':
      return 'y / n';
    case 'help':
      return '? or Esc closes help';
    case 'dialog': {
      const back = inFleet ? '· f fleet ' : '';
      return dialogUnread ? `PgDn read on · a abort ${back}· ? help` : `c confirm ${canSkip ? '· s skip ' : ''}· a abort ${back}· ? help`;
    }
    default:
      if (inFleet) return snapshot.pendingConfirmation ? 'Esc dialog · f fleet · ? help' : 'Esc fleet · ? help';
      // The run's outcome needs the room more than the other hints do.
      if (snapshot.finished) return 'q quit';
      if (stopping) return '? help';
      return snapshot.pendingConfirmation ? 'Esc dialog · Tab console · ? help' : 'q quit · ? help';
  }
}

/**
 * Once the run has ended: what happened after the last `show switch` that the panes ("unknown since …") cannot show,
 * on the panes' last row (blank then: no MSM has an activity left). The whole text is in the summary left on the terminal.
 */
function sinceReadLine({ finished }: UiSnapshot): Line | undefined {
  if (!finished?.sinceRead) return undefined;
  return [{ text: 'since: ', color: 'yellow', bold: true }, { text: finished.sinceRead.join('; ') }];
}

function Panes({ snapshot, width, paneWidth, now }: { snapshot: UiSnapshot; width: number; paneWidth: number; now: number }) {
  const stale = staleSince(snapshot, now);
  const since = sinceReadLine(snapshot);
  return (
    <Box flexDirection="column" height={PANE_ROWS} width={width} flexShrink={0}>
      <Box flexDirection="row" height={since ? PANE_ROWS - 1 : PANE_ROWS} width={width} overflow="hidden" flexShrink={0}>
        {SLOTS.map((slot, index) => (
          <Box key={slot} marginLeft={index > 0 ? width - 2 * paneWidth : 0}>
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
              width={paneWidth}
            />
          </Box>
        ))}
      </Box>
      {since && <Row width={width} line={since} />}
    </Box>
  );
}

function Consoles(props: ScreenProps & { layout: ScreenLayout }) {
  const { layout } = props;
  const split = layout.serialRows > 0 ? props.splitConsoles : undefined;
  const serialWidth = Math.floor((layout.width - 1) / 2);
  return (
    <>
      <ConsoleView
        lines={props.consoleLines}
        height={layout.consoleRows - layout.serialRows}
        width={layout.width}
        focused={props.modal === 'console-input'}
        scrolledBack={props.consoleScrolledBack}
        label={split ? undefined : props.consoleLabel}
        typable={!props.inFleet}
      />
      {split && (
        <Box flexDirection="row" width={layout.width} height={layout.serialRows} flexShrink={0}>
          {split.map((serial, index) => (
            <Box key={serial.label} marginLeft={index > 0 ? layout.width - 2 * serialWidth : 0}>
              <ConsoleView
                lines={serial.lines}
                height={layout.serialRows}
                width={serialWidth}
                focused={false}
                scrolledBack={serial.scrolledBack}
                label={serial.label}
                keysHint="V one console at a time"
              />
            </Box>
          ))}
        </Box>
      )}
    </>
  );
}

function Middle(props: ScreenProps & { layout: ScreenLayout }) {
  const { snapshot, layout } = props;
  const pending = snapshot.pendingConfirmation;
  const dialog =
    props.modal === 'dialog' && pending ? (
      <ConfirmDialog confirmation={pending} canSkip={props.canSkip} width={layout.width} height={layout.dialogRows} top={props.dialogTop} switchBusy={props.switchBusy} />
    ) : undefined;
  if (dialog && layout.dialogCovers) {
    return (
      <Box flexDirection="column" height={layout.middleRows} flexShrink={0}>
        {dialog}
      </Box>
    );
  }
  if (props.modal === 'question' && props.question) {
    const question = questionText(props.question, snapshot, props.consoleLabel, props.inFleet);
    // As tall as what it says: the rows below stay empty rather than framed.
    const height = Math.min(layout.middleRows, questionRows(question, layout.width));
    return (
      <Box flexDirection="column" height={layout.middleRows} flexShrink={0}>
        <QuestionDialog question={question} width={layout.width} height={height} />
      </Box>
    );
  }
  return (
    <>
      <Checklist snapshot={snapshot} height={layout.checklistRows} width={layout.width} columns={layout.checklistColumns} now={props.now} />
      <ProblemArea lines={problemLines(snapshot, layout.width)} rows={layout.problemRows} width={layout.width} />
      {dialog}
      <Consoles {...props} layout={layout} />
    </>
  );
}

export interface LayoutState {
  /** The confirmation dialog is drawn (not hidden, nothing on top of it). */
  dialog?: { confirmation: PendingConfirmation; canSkip: boolean };
  /** Both serial consoles are to be shown side by side. */
  split?: boolean;
}

/** The layout the screen uses for this snapshot, size and what is open (the problem text and the dialog say how many rows they want). */
export const screenLayout = (snapshot: UiSnapshot, size: ScreenSize, { dialog, split }: LayoutState = {}): ScreenLayout | undefined =>
  computeLayout(size, {
    problemLines: problemLines(snapshot, size.columns).length,
    dialog: dialog && confirmDialogRows({ ...dialog, width: size.columns }),
    split,
  });

export function Screen(props: ScreenProps) {
  const { snapshot, size, now } = props;
  const pending = snapshot.pendingConfirmation;
  const layout = screenLayout(snapshot, size, {
    dialog: props.modal === 'dialog' && pending ? { confirmation: pending, canSkip: props.canSkip } : undefined,
    split: props.splitConsoles !== undefined,
  });
  const question = props.question && questionText(props.question, snapshot, props.consoleLabel, props.inFleet);
  return (
    <DisplayContext.Provider value={props.display ?? FULL_DISPLAY}>
      {layout ? (
        <Box flexDirection="column" width={layout.width} height={layout.height}>
          {props.modal === 'help' ? (
            <HelpOverlay width={layout.width} height={layout.overlayRows} inFleet={props.inFleet === true} />
          ) : (
            <>
              <Header
                sysName={snapshot.show?.sysName}
                systemType={snapshot.show?.systemType}
                host={snapshot.host}
                target={snapshot.target}
                fromVersion={snapshot.fromVersion}
                targetVersion={snapshot.targetVersion}
                startedAt={snapshot.startedAt}
                finished={snapshot.finished}
                connection={snapshot.connection}
                now={now}
                width={layout.width}
              />
              <Panes snapshot={snapshot} width={layout.width} paneWidth={layout.paneWidth} now={now} />
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
        <TooSmall size={size} question={question} keys={props.inFleet ? FLEET_CHASSIS_TOO_SMALL_KEYS : undefined} />
      )}
    </DisplayContext.Provider>
  );
}
