// Frame counts: how many frames fell into the busiest second of a run.

/** The most frames within any one second, from their timestamps in milliseconds (in order). */
export function framesInBusiestSecond(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= 1000) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}
