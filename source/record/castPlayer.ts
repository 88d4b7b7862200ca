// Plays a recording with its own timing (scaled by speed) and jumps between its markers. Jumping redraws the screen
// as it was at that moment: the terminal is cleared and every output up to there is written at once.
import type { Cast, CastEvent, CastMarker } from './asciicast.js';
import { castDuration, castMarkers } from './asciicast.js';

export interface PlayerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: PlayerClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

type OutputEvent = CastEvent & [number, 'o', string];

export const CLEAR_SCREEN = '\x1b[0m\x1b[H\x1b[2J';
/** Pressing "previous" within this many seconds after a marker goes to the one before it, as in media players. */
const PREVIOUS_GRACE_S = 1;

export interface PlayerState {
  /** Seconds into the recording. */
  position: number;
  duration: number;
  paused: boolean;
  ended: boolean;
  /** The marker the position is in (the last one at or before it). */
  marker?: CastMarker;
}

export interface CastPlayerOptions {
  speed?: number;
  clock?: PlayerClock;
  /** Told after every change: output written, play, pause, jump, end. */
  onState?: (state: PlayerState) => void;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

export class CastPlayer {
  private readonly outputs: OutputEvent[];
  private readonly markers: CastMarker[];
  private readonly duration: number;
  private readonly speed: number;
  private readonly clock: PlayerClock;
  /** Next output to write. */
  private index = 0;
  private position = 0;
  /** While playing: the clock reading that corresponds to `position`. */
  private anchor = 0;
  private paused = true;
  private timer: unknown;

  constructor(
    cast: Cast,
    private readonly write: (data: string) => void,
    private readonly options: CastPlayerOptions = {},
  ) {
    this.outputs = cast.events.filter((event): event is OutputEvent => event[1] === 'o');
    this.markers = castMarkers(cast);
    this.duration = castDuration(cast);
    this.speed = options.speed ?? 1;
    this.clock = options.clock ?? systemClock;
  }

  get state(): PlayerState {
    return {
      position: this.currentPosition(),
      duration: this.duration,
      paused: this.paused,
      ended: this.index >= this.outputs.length && this.currentPosition() >= this.duration,
      marker: this.markerAt(this.currentPosition()),
    };
  }

  /** Plays on; at the end, plays again from the start. */
  play(): void {
    if (!this.paused) return;
    if (this.state.ended) this.seek(0);
    this.paused = false;
    this.anchor = this.clock.now();
    this.advance();
  }

  pause(): void {
    if (this.paused) return;
    this.position = this.currentPosition();
    this.paused = true;
    this.clock.clearTimeout(this.timer);
    this.notify();
  }

  toggle(): void {
    if (this.paused) this.play();
    else this.pause();
  }

  nextMarker(): void {
    const position = this.currentPosition();
    const next = this.markers.find((marker) => marker.time > position + 1e-6);
    this.seek(next ? next.time : this.duration);
  }

  previousMarker(): void {
    const position = this.currentPosition();
    const previous = this.markers.filter((marker) => marker.time < position - PREVIOUS_GRACE_S).at(-1);
    this.seek(previous ? previous.time : 0);
  }

  /** Redraws the screen as it was at `time` and continues from there (playing or paused, as before). */
  seek(time: number): void {
    this.clock.clearTimeout(this.timer);
    const target = Math.max(0, Math.min(time, this.duration));
    const upTo = this.outputs.findIndex(([at]) => at > target);
    const end = upTo < 0 ? this.outputs.length : upTo;
    this.write(CLEAR_SCREEN + this.outputs.slice(0, end).map(([, , data]) => data).join(''));
    this.index = end;
    this.position = target;
    this.anchor = this.clock.now();
    if (this.paused) this.notify();
    else this.advance();
  }

  stop(): void {
    this.clock.clearTimeout(this.timer);
    this.paused = true;
  }

  private currentPosition(): number {
    if (this.paused) return this.position;
    return Math.min(this.duration, this.position + ((this.clock.now() - this.anchor) / 1000) * this.speed);
  }

  private markerAt(position: number): CastMarker | undefined {
    return this.markers.filter((marker) => marker.time <= position + 1e-6).at(-1);
  }

  /** Writes everything due by now and sleeps until the next output (or the end). */
  private advance(): void {
    const now = this.currentPosition();
    let data = '';
    while (this.index < this.outputs.length && this.outputs[this.index]![0] <= now) data += this.outputs[this.index++]![2];
    if (data) this.write(data);
    const nextTime = Math.min(this.outputs[this.index]?.[0] ?? this.duration, this.nextMarkerTime(now));
    if (now >= this.duration && this.index >= this.outputs.length) {
      this.position = this.duration;
      this.paused = true;
      this.notify();
      return;
    }
    this.notify();
    // A timer longer than Node's 2^31-1 ms would fire at once and spin: wait in pieces instead.
    this.timer = this.clock.setTimeout(() => this.advance(), Math.min(MAX_TIMER_MS, Math.max(0, ((nextTime - now) / this.speed) * 1000)));
  }

  private nextMarkerTime(position: number): number {
    return this.markers.find((marker) => marker.time > position + 1e-6)?.time ?? this.duration;
  }

  private notify(): void {
    this.options.onState?.(this.state);
  }
}
