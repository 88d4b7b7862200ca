// The first file of a run that cannot be written (its journal, a recording, its run state: a full disk, a quota, an
// I/O error) stops the run at its next safe point, exit 4, with one line saying which file and why. Later failures
// add nothing: the first one is the cause.
import { writeStop } from '../errors.js';

export class WriteFaults {
  private readonly controller = new AbortController();
  /** Aborted, with the StopRequest as its reason, at the first failure. */
  readonly signal = this.controller.signal;

  /** The handler for one file: `what` names it for the operator ("journal", "recording"). */
  readonly reporter =
    (what: string, path: string) =>
    (err: unknown): void => {
      if (this.signal.aborted) return;
      this.controller.abort(writeStop(what, path, err));
    };
}
