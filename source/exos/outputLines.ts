// Turns raw CLI bytes (as read from the session) into clean lines: no escape sequences, no pager
// residue, no carriage returns, and no prompt or echoed-command lines.

// CSI (`\x1b[60;D`), OSC (`\x1b]...\x07`), charset selection (`\x1b(B`), two-byte escapes, or a lone ESC.
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[()][0-9A-Za-z]|[@-Z\\-_])?/g;
const PAGER_PROMPT = /Press <SPACE> to continue or <Q> to quit:/g;
// Every control character except newline and tab; this removes EXOS's stray carriage returns.
const CONTROL_CHARACTER = /[\x00-\x08\x0b-\x1f\x7f]/g;
// REFERENCE §8.1 prompt grammar, optionally followed by the echoed command.
const PROMPT_LINE = /^(?:! )?(?:\* )?(?:\([^)]*\) )?(?:Slot-\d+ )?(?:VPEX )?\S+\.\d+ [>#](?: .*)?$/;

const MAX_MESSAGE_LENGTH = 200;

export function stripTerminalNoise(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(PAGER_PROMPT, '').replace(CONTROL_CHARACTER, '');
}

export const isPromptLine = (line: string): boolean => PROMPT_LINE.test(line);

/** Output lines with trailing blanks removed and prompt/echo lines dropped; leading spaces (offsets) kept. */
export function outputLines(text: string): string[] {
  return stripTerminalNoise(text)
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => !isPromptLine(line));
}

/** Shortens switch text for a one-line message: progress dots collapsed, length capped. */
export function clip(text: string): string {
  const compact = text.trim().replace(/\.{4,}/g, '...');
  return compact.length > MAX_MESSAGE_LENGTH ? `${compact.slice(0, MAX_MESSAGE_LENGTH - 3)}...` : compact;
}
