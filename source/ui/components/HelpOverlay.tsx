import { Box, Text } from 'ink';
import { KEY_HELP } from '../keys.js';
import { Row } from './Row.js';

const KEYS_WIDTH = Math.max(...KEY_HELP.map((entry) => entry.keys.length)) + 2;

export function HelpOverlay({ width, height }: { width: number; height: number }) {
  const innerWidth = width - 4;
  return (
    <Box borderStyle="round" borderColor="cyan" paddingX={1} flexDirection="column" width={width} height={height} flexShrink={0}>
      <Row width={innerWidth}>
        <Text bold color="cyan">
          Keys (? or Esc closes this help)
        </Text>
      </Row>
      <Row width={innerWidth} />
      {KEY_HELP.map((entry) => (
        <Row key={entry.keys} width={innerWidth}>
          <Text bold>{entry.keys.padEnd(KEYS_WIDTH)}</Text>
          {entry.what}
        </Row>
      ))}
    </Box>
  );
}
