// How long things take on the fake chassis at speed 1, in chassis milliseconds (scaled by SimClock).

export const TIMINGS = {
  /** An MSM stays DOWN this long after a reboot or failover before it starts booting. */
  nodeDown: 5_000,
  /** INIT: booting the selected partition. */
  nodeInit: 45_000,
  /** BACKUP (Not In Sync) until bulk checkpointing ends. */
  bulkSync: 30_000,
  /** Between an accepted failover and the old master dropping its sessions. */
  failoverDrop: 500,
  /** Real milliseconds during which nobody answers on the management IP after a failover. */
  failoverGapRealMs: (speed: number) => Math.max(150, 3_000 * speed),
  save: 2_000,
  /** A reset I/O module (failover with another I/O image, chassis reboot) boots this long once a master is up [R]. */
  ioModuleBoot: 60_000,
  /** `show ports` (the monitor) redraws this often [R]; never faster than MONITOR_MIN_REDRAW_REAL_MS in real time. */
  portMonitorRedraw: 2_000,
} as const;

/** Keeps the `show ports` monitor from spinning at speed 0. */
export const MONITOR_MIN_REDRAW_REAL_MS = 250;

/** Transfer and install durations and progress dots per image kind (docs/exos-cli.md §4.2: ~160 and ~450 dots). */
export const TRANSFER = {
  xos: { downloadMs: 20_000, downloadDots: 160, installMs: 40_000, installDots: 450 },
  xmod: { downloadMs: 2_000, downloadDots: 12, installMs: 4_000, installDots: 3 },
} as const;
