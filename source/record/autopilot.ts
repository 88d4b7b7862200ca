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
const PAGE_DOWN_KEY = '\x1b[6~';
const FOLLOW_KEY = '\x1b[F';
export const DEMO_OPERATOR = 'demo';

export class Autopilot {
  private timer?: NodeJS.Timeout;
  /** Counts confirmation requests, so a retry never presses a key meant for an earlier dialog. */
  private request = 0;
  private answered = true;
  /** PgDn was pressed for the dialog pending now. */
  private paged = false;

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
        clearTimeout(this.timer);
        if (this.paged) this.keys.press(FOLLOW_KEY, DEMO_OPERATOR);
        this.paged = false;
        return;
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

  // c first; a c not taken (the dialog not drawn yet, or taller than the screen and not all read) is followed by PgDn,
  // then c again. Once confirmed, End makes the console follow again if a PgDn scrolled it instead of the dialog.
  private schedule(delayMs: number, request: number, key: string = CONFIRM_KEY): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.answered || request !== this.request) return;
      this.keys.press(key, DEMO_OPERATOR);
      if (key === PAGE_DOWN_KEY) this.paged = true;
      this.schedule(this.pace.retryMs, request, key === CONFIRM_KEY ? PAGE_DOWN_KEY : CONFIRM_KEY);
    }, delayMs);
  }
}
