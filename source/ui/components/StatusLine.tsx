// The bottom line: connection, then a note on the last key, the run's result or the last command sent (labelled, so it
// never reads as what a key will do), and the keys that work now at the right.
import { memo, useContext } from 'react';
import { DisplayContext } from '../display.js';
import { elapsedSince } from '../format.js';
import { lineWidth, type Line, type Span } from '../line.js';
import type { ConnectionState, UiSnapshot } from '../snapshot.js';
import { displayLine, Row } from './Row.js';

export interface StatusLineProps {
  connection: ConnectionState;
  /** The last command sent to the switch. */
  lastSent?: string;
  finished?: UiSnapshot['finished'];
  /** The reason and next action are shown above, so the status line gives only the exit code. */
  outcomeShownAbove: boolean;
  /** Why the last key did nothing (or what it did). */
  note?: string;
  hints: string;
  now: number;
  width: number;
}

function connectionSpans(connection: ConnectionState, now: number): { state: Span; detail?: string } {
  switch (connection.kind) {
    case 'idle':
      return { state: { text: '○ not connected', color: 'gray', bold: true } };
    case 'connecting':
      return { state: { text: `◌ connecting for ${elapsedSince(connection.since, now)}`, color: 'yellow', bold: true }, detail: `attempt ${connection.attempt}` };
    case 'connected':
      return { state: { text: '● connected', color: 'green', bold: true }, detail: connection.description || undefined };
    case 'reconnecting':
      return { state: { text: `◌ reconnecting for ${elapsedSince(connection.since, now)}`, color: 'yellow', bold: true }, detail: connection.reason };
    case 'disconnected':
      return { state: { text: `✗ disconnected for ${elapsedSince(connection.since, now)}`, color: 'red', bold: true }, detail: connection.reason };
  }
}

const NOTE_SEPARATOR: Span = { text: '· ', dim: true };

function middleSpans({ connection, lastSent, finished, outcomeShownAbove, note, now }: StatusLineProps): Line {
  const { detail } = connectionSpans(connection, now);
  // One message after the connection state, set apart from it: "● connected · c: no confirmation is waiting".
  if (note) return [NOTE_SEPARATOR, { text: note, color: 'yellow', bold: true }];
  if (finished) {
    return [
      { text: `■ finished, exit ${finished.exitCode}`, color: finished.exitCode === 0 ? 'green' : 'red', bold: true },
      ...(outcomeShownAbove ? [] : [{ text: `: ${finished.summary}` }]),
    ];
  }
  return [
    ...(detail ? [{ text: `(${detail})` }] : []),
    ...(lastSent ? [{ text: ' · last sent: ', dim: true }, { text: lastSent, color: 'cyan' }] : []),
  ];
}

export const StatusLine = memo(function StatusLine(props: StatusLineProps) {
  const display = useContext(DisplayContext);
  const { width } = props;
  const left = displayLine([connectionSpans(props.connection, props.now).state, { text: ' ' }], width, display);
  const right = displayLine([{ text: ` ${props.hints}`, dim: true }], width, display);
  const room = Math.max(0, width - lineWidth(left) - lineWidth(right));
  const middle = displayLine(middleSpans(props), room, display);
  const gap: Span = { text: ' '.repeat(Math.max(0, room - lineWidth(middle))) };
  return <Row width={width} line={[...left, ...middle, gap, ...right]} />;
});
