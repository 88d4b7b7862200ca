// How a step's end says `hitless stage` did it: the window's run reports the staged steps as found done "at staging",
// the stage run itself ends with the "staged:" line. The engine words them here and the console (and a replayed
// journal) recognises them here, so the two cannot drift apart.
const DONE_AT_STAGING = 'done at staging';
const STAGED_LINE = 'staged: ';

/** The step-end detail of a step the window's run found done because `hitless stage` did it at `stagedAt`. */
export const doneAtStagingDetail = (stagedAt: string): string => `${DONE_AT_STAGING} (${stagedAt})`;

/** The line a stage run ends with: what is staged where, and what the window's run will do first. */
export const stagedLine = (what: string): string => `${STAGED_LINE}${what}`;

/** A step ended done because of (or as) the staging, as its step-end detail (or the stage run's summary) says. */
export const doneAtStaging = (detail: string | undefined): boolean =>
  detail !== undefined && (detail.startsWith(`${DONE_AT_STAGING} (`) || detail === DONE_AT_STAGING || detail.startsWith(STAGED_LINE));
