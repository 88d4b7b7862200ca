// The demo's operator: it reads each confirmation dialog for a moment, then presses c, and after the run it lets the
// final screen stand for a moment and presses q. Keys go through the same stdin path as a person's, so the UI and the
// recording see exactly what a person's run would produce; the journal says the demo pressed them ("by":"demo").
import { PassThrough } from 'node:stream';
import type { EngineEvent, EventSink } from '../engine/events.js';
import type { AttributedKeys } from './keyTap.js';

export interface Pace {
  /** The simulated chassis' speed factor (0 = instant). */
  simulatorSpeed: number;
  pollSeconds: number;
  /** Time to read a dialog before confirming it; longer dialogs get longer. */
  readDialogMs: (evidenceLines: number) => number;
  /** A key the UI did not take yet (dialog not drawn yet) is pressed again after this long. */
  retryMs: number;
  /** How long the final screen stays before the demo quits. */
  endHoldMs: number;
}

export const PACES = {
  human: {
    simulatorSpeed: 0.05,
    pollSeconds: 1,
    readDialogMs: (lines) => Math.min(5000, 1800 + 250 * lines),
    retryMs: 700,
    endHoldMs: 5000,
  },
  fast: {
    simulatorSpeed: 0,
    pollSeconds: 0.05,
    readDialogMs: () => 150,
    retryMs: 150,
    endHoldMs: 1500,
  },
} as const satisfies Record<string, Pace>;

export type PaceName = keyof typeof PACES;

/** A keyboard the demo types on: looks like a terminal's stdin to Ink (isTTY, raw mode). */
export class KeyFeed extends PassThrough implements AttributedKeys {
  readonly isTTY = true;
  private lastBy?: string;
  setRawMode(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  /** `by`: who pressed it, for the journal; a person's key (forwarded from the terminal) leaves it out. */
  press(key: string, by?: string): void {
    this.lastBy = by;
    this.write(key);
  }
  pressedBy(): string | undefined {
    return this.lastBy;
  }
  get asStdin(): NodeJS.ReadStream {
    return this as unknown as NodeJS.ReadStream;
  }
}

export const CONFIRM_KEY = 'c';
export const QUIT_KEY = 'q';
export const DEMO_OPERATOR = 'demo';

export class Autopilot {
  private timer?: NodeJS.Timeout;
  /** Counts confirmation requests, so a retry never presses a key meant for an earlier dialog. */
  private request = 0;
  private answered = true;

  constructor(
    private readonly keys: KeyFeed,
    private readonly pace: Pace,
  ) {}

  readonly sink: EventSink = (event: EngineEvent) => {
    switch (event.type) {
      case 'confirm-request':
        this.request += 1;
        this.answered = false;
        return this.schedule(this.pace.readDialogMs(event.evidence.length + event.questions.length), this.request);
      case 'confirm-response':
        this.answered = true;
        return clearTimeout(this.timer);
      case 'run-end':
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.keys.press(QUIT_KEY, DEMO_OPERATOR), this.pace.endHoldMs);
        return;
      default:
        return;
    }
  };

  stop(): void {
    clearTimeout(this.timer);
  }

  private schedule(delayMs: number, request: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.answered || request !== this.request) return;
      this.keys.press(CONFIRM_KEY, DEMO_OPERATOR);
      this.schedule(this.pace.retryMs, request);
    }, delayMs);
  }
}
