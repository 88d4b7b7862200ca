// The frame every modal (confirmation, y/n question, help) is drawn in: rounded on a UTF-8 terminal, + - | in ASCII.
import { useContext, type ReactNode } from 'react';
import { Box } from 'ink';
import { DisplayContext } from '../display.js';
import type { MarkerColor } from '../markers.js';

export const BORDER_AND_PADDING_COLUMNS = 4;
export const BORDER_ROWS = 2;

export function ModalFrame({ color, width, height, children }: { color: MarkerColor; width: number; height: number; children: ReactNode }) {
  const display = useContext(DisplayContext);
  return (
    <Box
      borderStyle={display.ascii ? 'classic' : 'round'}
      borderColor={display.color ? color : undefined}
      paddingX={1}
      flexDirection="column"
      width={width}
      height={height}
      flexShrink={0}
    >
      {children}
    </Box>
  );
}
