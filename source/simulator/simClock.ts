// Simulated time: every delay of the fake chassis is given in "chassis milliseconds" and scaled by `speed`.
// speed 0 still goes through every step asynchronously (one macrotask per step), so observers see the order.

type Timer = ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate>;

export class SimClock {
  private readonly timers = new Set<Timer>();
  private readonly startedAt = Date.now();
  private closed = false;

  constructor(
    readonly speed: number,
    /** What `show switch` calls "Current Time" when the simulator starts. */
    private readonly baseTime: Date,
  ) {}

  /** Real milliseconds a chassis delay takes. */
  scale(chassisMs: number): number {
    return chassisMs * this.speed;
  }

  sleep(chassisMs: number): Promise<void> {
    return this.sleepReal(this.scale(chassisMs));
  }

  sleepReal(realMs: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed) return;
      const done = () => {
        this.timers.delete(timer);
        resolve();
      };
      const timer: Timer = realMs > 0 ? setTimeout(done, realMs) : setImmediate(done);
      this.timers.add(timer);
    });
  }

  /** Wall-clock time of the fake chassis (moves at real speed from a fixed start date). */
  now(): Date {
    return new Date(this.baseTime.getTime() + (Date.now() - this.startedAt));
  }

  /** Pending sleeps never resolve after this, so background sequences simply stop. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) {
      clearTimeout(timer as ReturnType<typeof setTimeout>);
      clearImmediate(timer as ReturnType<typeof setImmediate>);
    }
    this.timers.clear();
  }
}
