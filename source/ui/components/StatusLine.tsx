// The bottom line: connection, the command in flight or the run's result, and key hints — or a y/n question.
import { Box, Text } from 'ink';
import { elapsedSince } from '../format.js';
import type { MarkerColor } from '../markers.js';
import type { ConnectionState, UiSnapshot } from '../snapshot.js';

export interface StatusLineProps {
  connection: ConnectionState;
  currentCommand?: string;
  finished?: UiSnapshot['finished'];
  /** A y/n question replaces the whole line. */
  question?: string;
  hints: string;
  now: number;
  width: number;
}

export const QUESTIONS = {
  quit: 'A step is running — abort and quit? y/n',
  abort: 'Abort the upgrade (it stops in a safe state)? y/n',
  break: 'Send BREAK on this serial console? y/n',
} as const;

function connectionText(connection: ConnectionState, now: number): { text: string; detail?: string; color: MarkerColor } {
  switch (connection.kind) {
    case 'idle':
      return { text: '○ not connected', color: 'gray' };
    case 'connecting':
      return { text: `◌ connecting for ${elapsedSince(connection.since, now)}`, detail: `attempt ${connection.attempt}`, color: 'yellow' };
    case 'connected':
      return { text: '● connected', detail: connection.description || undefined, color: 'green' };
    case 'reconnecting':
      return { text: `◌ reconnecting for ${elapsedSince(connection.since, now)}`, detail: connection.reason, color: 'yellow' };
    case 'disconnected':
      return { text: `✗ disconnected for ${elapsedSince(connection.since, now)}`, detail: connection.reason, color: 'red' };
  }
}

function Middle({ connectionDetail, currentCommand, finished }: { connectionDetail?: string; currentCommand?: string; finished?: StatusLineProps['finished'] }) {
  if (finished) {
    return (
      <Text wrap="truncate">
        <Text color={finished.exitCode === 0 ? 'green' : 'red'} bold>
          ■ finished, exit {finished.exitCode}
        </Text>
        : {finished.summary}
      </Text>
    );
  }
  return (
    <Text wrap="truncate">
      {connectionDetail ? `(${connectionDetail}) ` : ''}
      {currentCommand ? <Text color="cyan">$ {currentCommand}</Text> : ''}
    </Text>
  );
}

export function StatusLine({ connection, currentCommand, finished, question, hints, now, width }: StatusLineProps) {
  if (question) {
    return (
      <Box width={width} height={1} flexShrink={0}>
        <Text wrap="truncate" inverse color="red" bold>
          {` ${question} `.padEnd(width)}
        </Text>
      </Box>
    );
  }
  const { text, detail, color } = connectionText(connection, now);
  return (
    <Box width={width} height={1} flexShrink={0}>
      <Box flexShrink={0}>
        <Text color={color} bold>
          {text}{' '}
        </Text>
      </Box>
      <Box flexGrow={1} flexShrink={1} overflow="hidden">
        <Middle connectionDetail={detail} currentCommand={currentCommand} finished={finished} />
      </Box>
      <Box flexShrink={0}>
        <Text dimColor> {hints}</Text>
      </Box>
    </Box>
  );
}
