// Drawn instead of the screen when the terminal is too small: what is needed, and the only keys that work (q). A y/n
// question asked here is shown here too, so q is never answered blind.
import { useContext } from 'react';
import { Box, Text } from 'ink';
import { DisplayContext, toAscii } from '../display.js';
import { MIN_SIZE, type ScreenSize } from '../layout.js';
import type { QuestionText } from '../prompts.js';

const SINGLE_RUN_KEYS = 'Enlarge the window; q quits. Other keys do nothing until the screen is shown.';

/** `keys`: what the keys that work here do, when they are not the single run's (q quits). */
export function TooSmall({ size, question, keys = SINGLE_RUN_KEYS }: { size: ScreenSize; question?: QuestionText; keys?: string }) {
  const display = useContext(DisplayContext);
  const shown = (text: string) => (display.ascii ? toAscii(text) : text);
  return (
    <Box width={size.columns} height={Math.max(1, size.rows - 1)} flexDirection="column" overflow="hidden">
      <Text wrap="wrap" color={display.color ? 'yellow' : undefined} bold>
        terminal too small (need {MIN_SIZE.columns}x{MIN_SIZE.rows}, have {size.columns}x{size.rows})
      </Text>
      <Text wrap="wrap" dimColor>
        {keys}
      </Text>
      {question && (
        <>
          <Text wrap="wrap" bold>
            {shown(question.title)}
          </Text>
          {question.consequences.map((text) => (
            <Text key={text} wrap="wrap">
              {shown(text)}
            </Text>
          ))}
          <Text wrap="wrap" bold>
            {shown(`[y] ${question.yes}   [n] ${question.no}`)}
          </Text>
        </>
      )}
    </Box>
  );
}
