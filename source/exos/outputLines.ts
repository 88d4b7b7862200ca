// Turns raw CLI bytes (as read from the session) into clean lines: no escape sequences, no pager
// residue, no carriage returns, and no prompt or echoed-command lines.
import { stripTerminalControls } from './terminalControls.js';

const PAGER_PROMPT = /Press <SPACE> to continue or <Q> to quit:/g;
// docs/exos-cli.md §8.1 prompt grammar, optionally followed by the echoed command.
const PROMPT_LINE = /^(?:! )?(?:\* )?(?:\([^)]*\) )?(?:Slot-\d+ )?(?:VPEX )?\S+\.\d+ [>#](?: .*)?$/;

const MAX_MESSAGE_LENGTH = 200;

export function stripTerminalNoise(text: string): string {
  return stripTerminalControls(text).replace(PAGER_PROMPT, '');
}

export const isPromptLine = (line: string): boolean => PROMPT_LINE.test(line);

/** Output lines with trailing blanks removed and prompt/echo lines dropped; leading spaces (offsets) kept. */
export const outputLines = (text: string): string[] => cleanOutputLines(stripTerminalNoise(text));

/** `outputLines` of text stripTerminalNoise has already cleaned (a command's output as the session returns it). */
export function cleanOutputLines(clean: string): string[] {
  return clean
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => !isPromptLine(line));
}

/** Shortens switch text for a one-line message: progress dots collapsed, length capped. */
export function clip(text: string): string {
  const compact = text.trim().replace(/\.{4,}/g, '...');
  return compact.length > MAX_MESSAGE_LENGTH ? `${compact.slice(0, MAX_MESSAGE_LENGTH - 3)}...` : compact;
}
