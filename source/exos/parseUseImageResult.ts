// What `use image [partition] primary|secondary msm X` printed (docs/exos-cli.md §11.2). Success prints nothing [R];
// any error line (an empty partition, a syntax error on a release that spells the command differently) is a
// refusal. The caller confirms the selection in `show switch` (`Image Selected:`) before it reboots anything.
import { findSwitchErrors } from './switchErrors.js';

export interface UseImageResult {
  /** No error line: the switch took the selection. */
  accepted: boolean;
  /** The switch's own error lines, clipped for display. */
  errors: string[];
}

export function parseUseImageResult(text: string): UseImageResult {
  const errors = findSwitchErrors(text);
  return { accepted: errors.length === 0, errors };
}
