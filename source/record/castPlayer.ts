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
  /**
   * The marker n or p went to, while the position is still at its time: two markers of one instant (steps drawn in one
   * frame) share a time, so the position alone cannot tell which of them is current.
   */
  private jumpedTo?: number;

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
      marker: this.markers[this.markerIndexAt(this.currentPosition())],
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

  /** The marker after the current one (one of the same instant too); past the last, the end. */
  nextMarker(): void {
    const position = this.currentPosition();
    const current = this.markerIndexAt(position);
    const next = this.markers.findIndex((marker, index) => index > current && marker.time >= position - 1e-6);
    this.jumpTo(next < 0 ? this.markers.length : next);
  }

  /** The start of the current marker's step; right after it, the marker before it; before the first, the start. */
  previousMarker(): void {
    const position = this.currentPosition();
    const current = this.markerIndexAt(position);
    const sinceCurrent = current < 0 ? 0 : position - this.markers[current]!.time;
    this.jumpTo(sinceCurrent >= PREVIOUS_GRACE_S ? current : current - 1);
  }

  /** Redraws the screen as it was at `time` and continues from there (playing or paused, as before). */
  seek(time: number): void {
    this.seekTo(time, undefined);
  }

  private seekTo(time: number, jumpedTo: number | undefined): void {
    this.jumpedTo = jumpedTo;
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

  /** The index of the marker the position is in (the one jumped to, else the last at or before it); -1 before the first. */
  private markerIndexAt(position: number): number {
    const jumped = this.jumpedTo === undefined ? undefined : this.markers[this.jumpedTo];
    if (jumped && Math.abs(jumped.time - position) < 1e-6) return this.jumpedTo!;
    let last = -1;
    this.markers.forEach((marker, index) => {
      if (marker.time <= position + 1e-6) last = index;
    });
    return last;
  }

  /** To marker `index` (below 0: the start; past the last: the end). */
  private jumpTo(index: number): void {
    const marker = this.markers[index];
    this.seekTo(index < 0 ? 0 : (marker?.time ?? this.duration), marker ? index : undefined);
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
