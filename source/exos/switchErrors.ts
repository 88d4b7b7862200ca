// Lines by which the switch says a command failed. One table for every command (docs/exos-cli.md §4.5, §8.5),
// taken from Extreme Ridgeline's failure classifier plus the CLI's own `%%` messages.
import { clip, outputLines } from './outputLines.js';

const SWITCH_ERROR_PATTERNS: readonly RegExp[] = [
  /^%%/, // %% Invalid input detected at '^' marker. / %% Incomplete command / %% Unrecognized command:
  /^error:/i, // Error: ... and ERROR: ...
  /-Error:/,
  /^(?:Downloading|Installing) to .*Error:/i, // error glued to a progress line: "Downloading to MSM-AError:"
  /Failed to download image/,
  /Failed to install image/,
  /Unrecognized command/,
  /^Invalid/,
  /Invalid \S.* detected/,
  /syntax error/i,
  /tftpPeerSet failed/,
  /BootROM is not able to load this type of image/,
  /Source image bad/,
  /a save or download is in progress/,
  /Service contract expired/,
  /Permission denied/,
];

/** The progress text an error is glued to ("Downloading to MSM-B.....Error: ..."), dropped from the message. */
const GLUED_PROGRESS = /^(?:Downloading|Installing) to \S*?[.]*(?=Error:)/i;

/** Every line of `text` that reports a switch-side failure, clipped for display, in output order. */
export const findSwitchErrors = (text: string): string[] => switchErrorLines(outputLines(text));

/** `findSwitchErrors` of lines already split and cleaned (outputLines, cleanOutputLines). */
export function switchErrorLines(lines: readonly string[]): string[] {
  return lines
    .filter((line) => SWITCH_ERROR_PATTERNS.some((pattern) => pattern.test(line)))
    .map((line) => clip(line.replace(GLUED_PROGRESS, '')));
}

/**
 * The CLI did not know the command (`%% Invalid input detected at '^' marker.`), e.g. a failover spelling of another
 * release (docs/exos-cli.md §6.1, §8.5).
 */
export const commandNotKnown = (output: string): boolean => output.includes('Invalid input');

/** A one-line reason that quotes the switch's own error, if it printed one. */
export function withSwitchError(reason: string, text: string): string {
  const [first] = findSwitchErrors(text);
  return first === undefined ? reason : `${reason}; the switch said: ${first}`;
}
