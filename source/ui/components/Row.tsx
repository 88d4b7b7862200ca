// One screen row that never wraps: longer content is cut at the row's width.
import type { ReactNode } from 'react';
import { Box, Text } from 'ink';

export function Row({ width, children }: { width: number; children?: ReactNode }) {
  return (
    <Box width={width} height={1} flexShrink={0}>
      <Text wrap="truncate">{children}</Text>
    </Box>
  );
}
