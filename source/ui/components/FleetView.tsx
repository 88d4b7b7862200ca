// The fleet view: a header with the totals and the concurrency, two rows per chassis in fleet-file order (state
// marker, name, address, release, state, time in the step; then the step n of N and the last event or problem), and a
// status line. The selected chassis' dialog, the help or the quit question take the place of the rows.
import { Box } from 'ink';
import { DisplayContext, type Display } from '../display.js';
import { dialogConfirmation, FLEET_KEY_HELP, openDialog, type FleetLocalState } from '../fleet/fleetKeys.js';
import { firstShown, fleetDialogShape, middleRows, ROWS_PER_CHASSIS } from '../fleet/fleetLayout.js';
import {
  currentFleetStep,
  fleetTotals,
  lastLine,
  releaseText,
  rowState,
  stepOf,
  type FleetChassisView,
  type FleetRowState,
  type FleetSnapshot,
} from '../fleet/fleetSnapshot.js';
import { elapsedBetween, elapsedSince, formatRunTime } from '../format.js';
import { wrapText, type Line, type Span } from '../line.js';
import { fitsScreen, type ScreenSize } from '../layout.js';
import { STEP_MARKERS, type Marker } from '../markers.js';
import type { QuestionText } from '../prompts.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { BORDER_AND_PADDING_COLUMNS, ModalFrame } from './Modal.js';
import { QuestionDialog, questionRows } from './QuestionDialog.js';
import { Row } from './Row.js';
import { TooSmall } from './TooSmall.js';

export interface FleetViewProps {
  fleet: FleetSnapshot;
  local: FleetLocalState;
  size: ScreenSize;
  now: number;
  canSkip: (index: number) => boolean;
  display: Display;
}

/** The single-chassis checklist's markers, so a state reads the same in both views. */
const ROW_MARKERS: Record<FleetRowState, Marker> = {
  queued: STEP_MARKERS.pending,
  running: STEP_MARKERS.running,
  waiting: STEP_MARKERS.confirm,
  done: STEP_MARKERS.done,
  refused: STEP_MARKERS.failed,
  failed: STEP_MARKERS.failed,
  stopped: STEP_MARKERS.stopped,
  'rolled back': STEP_MARKERS.failed,
  'not started': STEP_MARKERS['not-reached'],
};

export const ROW_STATE_NAMES: Record<FleetRowState, string> = {
  queued: 'queued',
  running: 'running',
  waiting: 'waiting for you',
  done: 'done',
  refused: 'refused',
  failed: 'failed',
  stopped: 'stopped',
  'rolled back': 'rolled back',
  'not started': 'not started',
};

export const FLEET_QUIT_QUESTION: QuestionText = {
  title: 'Stop the whole fleet?',
  consequences: [
    'Nothing new starts. Each running upgrade stops at its next safe point, never in the middle of a command, and a chassis waiting for you is answered "abort" (exit 4).',
    'Rerun the same fleet file later: each chassis continues from what it shows.',
  ],
  yes: 'stop the fleet',
  no: 'go on',
};

/** A text in a column of `width` (its last character a space); cut, it ends in an ellipsis so it is not taken for whole. */
const column = (text: string, width: number): string => (text.length >= width ? `${text.slice(0, width - 2)}… ` : text.padEnd(width));

interface Columns {
  name: number;
  address: number;
  release: number;
}

/** As wide as the widest value of every chassis (not only those shown, so columns stay put as the list scrolls). */
function columnsFor(fleet: FleetSnapshot): Columns {
  const widest = (texts: string[], most: number) => Math.min(most, Math.max(0, ...texts.map((text) => text.length))) + 1;
  return {
    name: widest(fleet.chassis.map((view) => view.name), 16),
    address: widest(fleet.chassis.map((view) => view.address), 20),
    release: widest(fleet.chassis.map((view) => releaseText(view.snapshot)), 32),
  };
}

/** The totals, the concurrency and the rollout limits; short words when the whole does not fit the width. */
function headerLine(fleet: FleetSnapshot, columns: number): Line {
  const totals = fleetTotals(fleet);
  const { canary, maxFailures } = fleet.rollout;
  const limits = [...(canary > 0 ? [`canary ${canary}`] : []), ...(maxFailures === undefined ? [] : [`max fail ${maxFailures}`])];
  const full: Line = [
    { text: `fleet · ${fleet.chassis.length} chassis · `, bold: true },
    { text: `${totals.done} done ${totals.running} running ${totals.waiting} waiting ${totals.failed} failed ${totals.queued} queued` },
    { text: [` · ${fleet.concurrency} at a time`, ...limits].join(' · ') },
  ];
  if (full.reduce((width, span) => width + span.text.length, 0) <= columns) return full;
  return [
    { text: `${totals.done} done ${totals.running} run ${totals.waiting} wait ${totals.failed} failed ${totals.queued} queued` },
    { text: [` · ${fleet.concurrency} at once`, ...limits].join(' · '), bold: true },
  ];
}

/** Time in the step it is on (or was on, for an ended step or run); waiting for the operator, to the minute. */
function stepTime(view: FleetChassisView, now: number): string {
  const { snapshot } = view;
  const step = stepOf(snapshot);
  const times = step && snapshot.stepTimes[step];
  if (!times) return '';
  const endedAt = times.endedAt ?? snapshot.finished?.at;
  if (endedAt) return elapsedBetween(times.startedAt, endedAt);
  return rowState(view) === 'waiting' ? formatRunTime(now - Date.parse(times.startedAt)) : elapsedSince(times.startedAt, now);
}

function chassisLines(view: FleetChassisView, selected: boolean, now: number, columns: Columns): [Line, Line] {
  const state = rowState(view);
  const marker = ROW_MARKERS[state];
  const step = currentFleetStep(view.snapshot);
  const time = stepTime(view, now);
  const stepText = step ? `step ${step.number}/${step.of} ${step.label}${time ? ` (${time})` : ''}` : view.started ? 'connecting' : 'not started yet';
  const first: Line = [
    { text: selected ? '> ' : '  ', bold: true },
    { text: `${marker.text} `, color: marker.color, bold: true },
    { text: column(view.name, columns.name), bold: true },
    { text: column(view.address, columns.address) },
    { text: column(releaseText(view.snapshot), columns.release) },
    { text: ROW_STATE_NAMES[state], color: marker.color, bold: state === 'waiting' },
  ];
  const problem = view.snapshot.problem?.severity === 'error' || (view.result !== undefined && view.result.state !== 'done');
  const last = lastLine(view);
  const second: Line = [{ text: `      ${stepText}${last ? ': ' : ''}` }, { text: last, ...(problem && { color: 'red' as const }) }];
  return [first.map((span) => (selected ? { ...span, inverse: true } : span)), second];
}

/** What the fleet does now that the operator chose (paused, stopping) first, then the note of the last key, or the keys. */
function statusLine(fleet: FleetSnapshot, local: FleetLocalState): Line {
  const mode: Span[] = fleet.stopping
    ? [{ text: 'STOPPING at safe points · ', color: 'red', bold: true }]
    : fleet.canaryWait
      ? [{ text: `canary done: ${fleet.canaryWait.ok} of ${fleet.canaryWait.total} ok · press g to go on with the rest · `, color: 'green', bold: true }]
      : fleet.paused
        ? [{ text: 'PAUSED: nothing new starts (p resumes) · ', color: 'yellow', bold: true }]
        : [];
  if (local.note) return [...mode, { text: local.note, color: 'yellow', bold: true }];
  return [...mode, { text: `↑↓ select · Enter open · c/C confirm · s stop · p ${fleet.paused ? 'resume' : 'pause'} · q stop all · ? keys`, dim: true }];
}

function HelpBox({ width, height }: { width: number; height: number }) {
  const innerWidth = width - BORDER_AND_PADDING_COLUMNS;
  const keysWidth = Math.max(...FLEET_KEY_HELP.map((entry) => entry.keys.length)) + 2;
  const legend = wrapText(
    (Object.keys(ROW_MARKERS) as FleetRowState[]).map((state) => `${ROW_MARKERS[state].text} ${ROW_STATE_NAMES[state]}`).join(' · '),
    innerWidth,
  );
  return (
    <ModalFrame color="cyan" width={width} height={height}>
      <Row width={innerWidth} line={[{ text: 'Fleet keys (? or Esc closes this help)', bold: true, color: 'cyan' }]} />
      {FLEET_KEY_HELP.map((entry) => (
        <Row key={entry.keys} width={innerWidth} line={[{ text: entry.keys.padEnd(keysWidth), bold: true }, { text: entry.what }]} />
      ))}
      {legend.map((text) => (
        <Row key={text} width={innerWidth} line={text} />
      ))}
    </ModalFrame>
  );
}

function Middle({ fleet, local, size, now, canSkip }: Omit<FleetViewProps, 'display'>) {
  const rows = middleRows(size);
  const width = size.columns;
  if (local.askingQuit) return <QuestionDialog question={FLEET_QUIT_QUESTION} width={width} height={Math.min(rows, questionRows(FLEET_QUIT_QUESTION, width))} />;
  if (local.help) return <HelpBox width={width} height={Math.min(rows, FLEET_KEY_HELP.length + 5)} />;
  const pending = fleet.chassis.map((view) => view.snapshot.pendingConfirmation);
  const dialog = openDialog(local, { pending });
  const confirmation = dialog && dialogConfirmation(dialog, pending);
  if (dialog && confirmation) {
    const shape = fleetDialogShape(size, confirmation);
    return (
      <Box flexDirection="column">
        <Row width={width} line={[{ text: `${fleet.chassis[dialog.index]!.name} (${fleet.chassis[dialog.index]!.address}) waits for you:`, bold: true }]} />
        <ConfirmDialog confirmation={confirmation} canSkip={!dialog.batch && canSkip(dialog.index)} width={shape.width} height={shape.height} top={dialog.top} />
      </Box>
    );
  }
  const first = firstShown(size, fleet.chassis.length, local.selected);
  const shown = fleet.chassis.slice(first, first + Math.floor(rows / ROWS_PER_CHASSIS));
  const columns = columnsFor(fleet);
  return (
    <Box flexDirection="column" height={rows}>
      {shown.flatMap((view, offset) =>
        chassisLines(view, first + offset === local.selected, now, columns).map((line, part) => <Row key={`${first + offset}-${part}`} width={width} line={line} />),
      )}
    </Box>
  );
}

export function FleetView(props: FleetViewProps) {
  const { fleet, local, size, display } = props;
  return (
    <DisplayContext.Provider value={display}>
      {fitsScreen(size) ? (
        <Box flexDirection="column" width={size.columns} height={size.rows - 1}>
          <Row width={size.columns} line={headerLine(fleet, size.columns)} />
          <Middle {...props} />
          <Box flexGrow={1} />
          <Row width={size.columns} line={statusLine(fleet, local)} />
        </Box>
      ) : (
        <TooSmall size={size} question={local.askingQuit ? FLEET_QUIT_QUESTION : undefined} />
      )}
    </DisplayContext.Provider>
  );
}
