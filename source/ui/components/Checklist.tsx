// The procedure's steps with state markers and times, and one line saying what the current step does.
import { Box, Text } from 'ink';
import { STEP_IDS, type StepId, type StepState } from '../../procedure/types.js';
import { elapsedBetween, elapsedSince } from '../format.js';
import { STEP_MARKERS, STEP_STATE_NAMES } from '../markers.js';
import type { UiSnapshot } from '../snapshot.js';
import { stepLabels } from '../stepLabels.js';
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

function stepElapsed(snapshot: UiSnapshot, step: StepId, now: number): string {
  const times = snapshot.stepTimes[step];
  if (!times) return '';
  const state = snapshot.checklist[step];
  if (state === 'running') return elapsedSince(times.startedAt, now);
  if (state === 'done' || state === 'failed') return times.endedAt ? elapsedBetween(times.startedAt, times.endedAt) : '';
  return '';
}

function StepLine({ label, state, elapsed, current, width }: { label: string; state: StepState; elapsed: string; current: boolean; width: number }) {
  const marker = STEP_MARKERS[state];
  const labelWidth = Math.max(1, width - marker.text.length - 1 - TIME_WIDTH);
  return (
    <Row width={width}>
      <Text color={marker.color} bold={current}>
        {marker.text}
      </Text>{' '}
      <Text bold={current}>{label.slice(0, labelWidth).padEnd(labelWidth)}</Text>
      <Text dimColor>{elapsed.padStart(TIME_WIDTH)}</Text>
    </Row>
  );
}

function CurrentStepLine({ snapshot, width }: { snapshot: UiSnapshot; width: number }) {
  const step = snapshot.currentStep;
  if (!step) {
    return (
      <Row width={width}>
        <Text dimColor>No step started yet.</Text>
      </Row>
    );
  }
  const state = snapshot.checklist[step];
  const label = stepLabels(snapshot.rollback)[step];
  if (state === 'failed') {
    return (
      <Row width={width}>
        <Text color="red" bold>
          ✗ {label} failed
        </Text>
        {snapshot.stepDetails[step] ? `: ${snapshot.stepDetails[step]}` : ''}
      </Row>
    );
  }
  const command = snapshot.stepCommands[step];
  const activity = snapshot.chassisActivity?.text;
  return (
    <Row width={width}>
      <Text bold>{label}: </Text>
      {command && <Text color="cyan">$ {command}</Text>}
      {command && activity ? '  ' : ''}
      {activity && <Text color="yellow">{activity}</Text>}
      {!command && !activity ? <Text dimColor>{STEP_STATE_NAMES[state]}</Text> : null}
    </Row>
  );
}

export function Checklist({ snapshot, height, width, columns, now }: ChecklistProps) {
  // The layout gives enough rows for every step in the chosen number of columns.
  const rowsPerColumn = height - 1;
  const columnWidth = Math.floor(width / columns);
  const columnSteps = Array.from({ length: columns }, (_, index) => STEP_IDS.slice(index * rowsPerColumn, (index + 1) * rowsPerColumn));
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      <Box flexDirection="row" height={rowsPerColumn}>
        {columnSteps.map((stepsInColumn, index) => (
          <Box key={index} flexDirection="column" width={columnWidth}>
            {stepsInColumn.map((step) => (
              <StepLine
                key={step}
                label={stepLabels(snapshot.rollback)[step]}
                state={snapshot.checklist[step]}
                elapsed={stepElapsed(snapshot, step, now)}
                current={step === snapshot.currentStep}
                width={columnWidth - (index < columns - 1 ? 1 : 0)}
              />
            ))}
          </Box>
        ))}
      </Box>
      <CurrentStepLine snapshot={snapshot} width={width} />
    </Box>
  );
}
