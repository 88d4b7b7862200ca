// Which steps `hitless stage` did: the window's run reports them as found done "at staging", the stage run itself ends
// its install step (and the run) with the "staged:" line (both worded in engine/upgrade.ts).
const STAGED_DETAILS: readonly RegExp[] = [/^done at staging\b/, /^staged: /];

/** A step ended done because of (or as) the staging, as its step-end detail (or the stage run's summary) says. */
export const doneAtStaging = (detail: string | undefined): boolean => detail !== undefined && STAGED_DETAILS.some((pattern) => pattern.test(detail));
