import { Box, Text } from 'ink';
import { MIN_SIZE, type ScreenSize } from '../layout.js';

export function TooSmall({ size }: { size: ScreenSize }) {
  return (
    <Box width={size.columns} height={Math.max(1, size.rows - 1)} flexDirection="column">
      <Text wrap="wrap" color="yellow" bold>
        terminal too small (need {MIN_SIZE.columns}x{MIN_SIZE.rows}, have {size.columns}x{size.rows})
      </Text>
      <Text wrap="wrap" dimColor>
        Enlarge the window; q quits.
      </Text>
    </Box>
  );
}
