// Human-readable durations and times for elapsed-time, deadline and "as of" displays.

/** 23s, 1m12s, 1h02m. Negative or unknown durations show as 0s. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  if (totalMinutes < 60) return `${totalMinutes}m${String(totalSeconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(totalMinutes / 60)}h${String(totalMinutes % 60).padStart(2, '0')}m`;
}

/** A run's time so far, to the minute: a screen waiting for the operator need not redraw more often than that. */
export function formatRunTime(ms: number): string {
  return ms < 60_000 ? '<1m' : ms < 3_600_000 ? `${Math.floor(ms / 60_000)}m` : formatDuration(ms);
}

/** Time from an event's ISO timestamp to `now` (epoch ms). */
export const elapsedSince = (at: string, now: number): string => formatDuration(now - Date.parse(at));

/** Time between two ISO timestamps. */
export const elapsedBetween = (from: string, to: string): string => formatDuration(Date.parse(to) - Date.parse(from));

/** The operator's wall-clock time of an ISO timestamp, e.g. 14:02:11. */
export const clockTime = (at: string): string => new Date(at).toTimeString().slice(0, 8);

/** "gives up in 24m48s (--step-timeout)" for a wait's deadline. */
export function givesUpIn(deadline: { at: string; setBy: string }, now: number): string {
  const left = Date.parse(deadline.at) - now;
  return left > 0 ? `gives up in ${formatDuration(left)} (${deadline.setBy})` : `giving up (${deadline.setBy})`;
}
