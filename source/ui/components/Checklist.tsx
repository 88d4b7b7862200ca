// The procedure's steps with state markers and times, a legend of the markers where there is room, and one line
// saying what the current step does (its command, its activity, and when a wait gives up).
import { memo } from 'react';
import { Box } from 'ink';
import { STEP_IDS, type StepId } from '../../procedure/types.js';
import { elapsedBetween, elapsedSince, givesUpIn } from '../format.js';
import { lineWidth, type Line, type Span } from '../line.js';
import { MARKER_LEGEND, STEP_MARKERS, STEP_SHORT_NAMES, STEP_STATE_NAMES, type StepView } from '../markers.js';
import { stepView, type UiSnapshot } from '../snapshot.js';
import { doneAtStaging } from '../../procedure/staging.js';
import { stepLabels } from '../stepLabels.js';
import { transferBar } from '../transferBar.js';
import { Row } from './Row.js';

export interface ChecklistProps {
  snapshot: UiSnapshot;
  /** Rows including the current-step line. */
  height: number;
  width: number;
  columns: 1 | 2;
  now: number;
}

const TIME_WIDTH = 7;
/** Room the full legend takes to the right of a single-column checklist. */
const LEGEND_WIDTH = Math.max(...MARKER_LEGEND.map(({ marker, meaning }) => marker.length + 1 + meaning.length)) + 2;

function stepElapsed(snapshot: UiSnapshot, step: StepId, view: StepView, now: number): string {
  const times = snapshot.stepTimes[step];
  if (!times) return '';
  if (view === 'running') return elapsedSince(times.startedAt, now);
  if (view === 'done' || view === 'failed' || view === 'stopped') return times.endedAt ? elapsedBetween(times.startedAt, times.endedAt) : '';
  return '';
}

const stagedStep = (snapshot: UiSnapshot, step: StepId, view: StepView): boolean => view === 'done' && doneAtStaging(snapshot.stepDetails[step]);

/** The time column: how long the step took, or for a step `hitless stage` did, that it is staged (at every width). */
function stepTime(snapshot: UiSnapshot, step: StepId, view: StepView, now: number): Span {
  if (stagedStep(snapshot, step, view)) return { text: 'staged', color: 'green' };
  return { text: stepElapsed(snapshot, step, view, now), dim: true };
}

/** Why a step shows as it does, where the label alone would mislead (a failback never asked for, one skipped). */
function labelOf(base: string, view: StepView): string {
  if (view === 'not-asked') return `${base} (not asked)`;
  if (view === 'skipped') return `${base} (skipped)`;
  return base;
}

function StepLine({ label, view, time, current, width }: { label: string; view: StepView; time: Span; current: boolean; width: number }) {
  const marker = STEP_MARKERS[view];
  const labelWidth = Math.max(1, width - marker.text.length - 1 - TIME_WIDTH);
  const quiet = view === 'not-asked' || view === 'not-reached';
  const shownLabel = labelOf(label, view);
  const shown = shownLabel.length > labelWidth ? shownLabel.slice(0, labelWidth) : shownLabel.padEnd(labelWidth);
  return (
    <Row
      width={width}
      line={[
        { text: marker.text, color: marker.color, bold: current },
        { text: ' ' },
        { text: shown, bold: current, dim: quiet },
        { ...time, text: time.text.padStart(TIME_WIDTH) },
      ]}
    />
  );
}

function currentStepLine(snapshot: UiSnapshot, now: number, width: number): Line {
  const step = snapshot.currentStep;
  if (!step) return [{ text: 'No step started yet.', dim: true }];
  const view = stepView(snapshot, step);
  const label = stepLabels(snapshot.rollback)[step];
  const problem = snapshot.problem?.severity === 'error' ? snapshot.problem.message : undefined;
  switch (view) {
    case 'failed': {
      // The error itself is shown whole below the checklist; repeat only a reason of the step's own.
      const reason = snapshot.stepDetails[step];
      const own = reason && reason !== problem ? `: ${reason}` : problem ? ' (why: below)' : '';
      return [{ text: `✗ ${label} failed`, color: 'red', bold: true }, { text: own }];
    }
    case 'stopped':
      return [{ text: `■ ${label}: stopped by you`, color: 'yellow', bold: true }];
    case 'not-reached':
      // `hitless stage` stops before the backup's reboot on purpose: that is where the window's run starts.
      if (doneAtStaging(snapshot.finished?.summary)) return [{ text: `■ ${label}: staged`, color: 'green', bold: true }, { text: ' — the window\'s hitless upgrade starts here' }];
      return [{ text: `■ ${label}: not sent — `, color: 'yellow', bold: true }, { text: problem ?? 'the run ended before it' }];
    default:
      break;
  }
  const command = snapshot.stepCommands[step];
  const activity = snapshot.chassisActivity;
  const deadline = activity?.deadline && !snapshot.finished ? [{ text: `${givesUpIn(activity.deadline, now)} `, color: 'yellow' }] : [];
  if (activity?.transfer) {
    // The bar takes the command's place: a push sends no CLI command while it runs (the status line has the last one).
    const lead: Line = [{ text: `${label}: `, bold: true }, ...deadline, { text: activity.text, color: 'yellow' }, { text: '  ' }];
    return [...lead, ...transferBar(activity.transfer, width - lineWidth(lead))];
  }
  return [
    { text: `${label}: `, bold: true },
    ...deadline,
    ...(command ? [{ text: `$ ${command}`, color: 'cyan' }] : []),
    ...(command && activity ? [{ text: '  ' }] : []),
    ...(activity ? [{ text: activity.text, color: 'yellow' }] : []),
    ...(!command && !activity ? [{ text: stagedStep(snapshot, step, view) ? 'done at staging' : STEP_STATE_NAMES[view], dim: true }] : []),
  ];
}

/** The markers now on screen with a short name each, for the free row of a two-column checklist. */
function compactLegend(views: readonly StepView[]): Line {
  const seen = [...new Set(views.map((view) => `${STEP_MARKERS[view].text}${STEP_SHORT_NAMES[view]}`))];
  return [{ text: seen.join(' '), dim: true }];
}

function FullLegend({ width }: { width: number }) {
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      {MARKER_LEGEND.map(({ marker, meaning }) => (
        <Row key={marker} width={width} line={[{ text: `  ${marker} ${meaning}`, dim: true }]} />
      ))}
    </Box>
  );
}

function ChecklistView({ snapshot, height, width, columns, now }: ChecklistProps) {
  // The layout gives enough rows for every step in the chosen number of columns.
  const rowsPerColumn = height - 1;
  const views = STEP_IDS.map((step) => stepView(snapshot, step));
  const sideLegend = columns === 1 && width - LEGEND_WIDTH >= 40 && rowsPerColumn >= MARKER_LEGEND.length;
  const stepsWidth = sideLegend ? width - LEGEND_WIDTH : width;
  const columnWidth = Math.floor(stepsWidth / columns);
  const columnSteps = Array.from({ length: columns }, (_, index) => STEP_IDS.slice(index * rowsPerColumn, (index + 1) * rowsPerColumn));
  const legend = compactLegend(views);
  const freeRowLegend = !sideLegend && (columnSteps.at(-1)?.length ?? 0) < rowsPerColumn && lineWidth(legend) <= columnWidth;
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      <Box flexDirection="row" height={rowsPerColumn}>
        {columnSteps.map((stepsInColumn, index) => (
          <Box key={index} flexDirection="column" width={columnWidth}>
            {stepsInColumn.map((step) => (
              <StepLine
                key={step}
                label={stepLabels(snapshot.rollback)[step]}
                view={views[STEP_IDS.indexOf(step)]!}
                time={stepTime(snapshot, step, views[STEP_IDS.indexOf(step)]!, now)}
                current={step === snapshot.currentStep}
                width={columnWidth - (index < columns - 1 ? 1 : 0)}
              />
            ))}
            {index === columns - 1 && freeRowLegend && <Row width={columnWidth} line={legend} />}
          </Box>
        ))}
        {sideLegend && <FullLegend width={LEGEND_WIDTH} />}
      </Box>
      <Row width={width} line={currentStepLine(snapshot, now, width)} />
    </Box>
  );
}

/** What the checklist reads from the snapshot: it is redrawn only when one of these (or its size or the clock) changes. */
const CHECKLIST_SLICE = [
  'checklist',
  'stepTimes',
  'stepDetails',
  'stepCommands',
  'currentStep',
  'chassisActivity',
  'problem',
  'finished',
  'rollback',
  'failbackRequested',
] as const satisfies readonly (keyof UiSnapshot)[];

const sameChecklist = (a: ChecklistProps, b: ChecklistProps): boolean =>
  a.height === b.height &&
  a.width === b.width &&
  a.columns === b.columns &&
  a.now === b.now &&
  CHECKLIST_SLICE.every((key) => a.snapshot[key] === b.snapshot[key]);

export const Checklist = memo(ChecklistView, sameChecklist);
