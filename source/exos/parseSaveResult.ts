// `save configuration`: done when the switch says `Configuration saved to primary.cfg successfully.` (docs/exos-cli.md §8.7).
import { findSwitchErrors } from './switchErrors.js';

export interface SaveOutcome {
  saved: boolean;
  /** The file the switch names, e.g. primary.cfg. */
  file?: string;
  errors: string[];
}

export function parseSaveResult(output: string): SaveOutcome {
  const done = /Configuration saved to (\S+) successfully/.exec(output);
  return { saved: done !== null, ...(done && { file: done[1]! }), errors: findSwitchErrors(output) };
}
