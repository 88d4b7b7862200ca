// The switch's raw byte stream, interpreted by a headless xterm so colours, cursor moves and overwrites come out as
// the switch meant them. The UI renders only the visible viewport; listeners hear about changes at a bounded rate, lower
// while output keeps coming (each frame costs the parser time) and at once when it stops.
// xterm is loaded with the first write, not with the UI: the first frame shows an empty console without it.
import { styledSpans } from './consoleStyle.js';
import type { Span } from './line.js';
import type { Terminal as TerminalT } from '@xterm/headless';

type TerminalClass = typeof TerminalT;
let loadedTerminal: TerminalClass | undefined;
let loadingTerminal: Promise<TerminalClass> | undefined;

function loadTerminal(): Promise<TerminalClass> {
  // xterm is CommonJS: Node (and the bundle) hand its exports over as the default export, tsx as named exports.
  loadingTerminal ??= import('@xterm/headless').then((xterm) => (loadedTerminal = xterm.Terminal ?? xterm.default.Terminal));
  return loadingTerminal;
}

/** Timer functions, injectable so the notification throttle can be tested without real time passing. */
export interface ThrottleClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: ThrottleClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ConsoleBufferOptions {
  cols?: number;
  rows?: number;
  /** Lines kept above the viewport. */
  scrollback?: number;
  /** Upper bound on change notifications caused by incoming bytes. */
  maxNotificationsPerSecond?: number;
  /** The lower bound that applies once output has kept coming for SUSTAINED_AFTER_MS. */
  sustainedNotificationsPerSecond?: number;
  clock?: ThrottleClock;
}

export type ConsoleChangeListener = () => void;

/** Output that keeps coming this long, without a pause of CALM_AFTER_MS, is sustained. */
const SUSTAINED_AFTER_MS = 100;
const CALM_AFTER_MS = 250;
/** Output that pauses this long is reported without waiting for the (slower) sustained interval. */
const QUIET_MS = 8;

interface PendingWrite {
  chunk: string | Uint8Array;
  parsed?: () => void;
}

export class ConsoleBuffer {
  /** Created (xterm loaded) at the first write; until then the console is empty and only its size is kept. */
  private terminal?: TerminalT;
  private readonly size: { cols: number; rows: number };
  private readonly scrollback: number;
  /** Writes made while xterm loads, written in order once it has. */
  private pendingWrites?: PendingWrite[];
  private disposed = false;
  private readonly listeners = new Set<ConsoleChangeListener>();
  private readonly clock: ThrottleClock;
  private readonly calmInterval: number;
  private readonly sustainedInterval: number;
  private lastNotifiedAt = Number.NEGATIVE_INFINITY;
  private lastOutputAt = Number.NEGATIVE_INFINITY;
  private outputSince = Number.NEGATIVE_INFINITY;
  /** Output was parsed that listeners have not heard about yet. */
  private unreported = false;
  private pendingTimer: unknown;
  private changeRevision = 0;

  constructor(options: ConsoleBufferOptions = {}) {
    this.size = { cols: Math.max(1, options.cols ?? 80), rows: Math.max(1, options.rows ?? 24) };
    this.scrollback = options.scrollback ?? 5000;
    this.clock = options.clock ?? systemClock;
    this.calmInterval = 1000 / (options.maxNotificationsPerSecond ?? 30);
    this.sustainedInterval = Math.max(this.calmInterval, 1000 / (options.sustainedNotificationsPerSecond ?? 10));
    if (loadedTerminal) this.open(loadedTerminal);
  }

  get cols(): number {
    return this.size.cols;
  }

  get rows(): number {
    return this.size.rows;
  }

  /** Output has kept coming for a while without a pause: change notifications come at the sustained rate. */
  get flooding(): boolean {
    return this.clock.now() - this.lastOutputAt <= CALM_AFTER_MS && this.lastOutputAt - this.outputSince >= SUSTAINED_AFTER_MS;
  }

  /** The interval between change notifications while flooding. */
  get floodFrameMs(): number {
    return this.sustainedInterval;
  }

  /** Increases on every change listeners are told about; a stable snapshot key for useSyncExternalStore. */
  get revision(): number {
    return this.changeRevision;
  }

  /** Lines of scrollback plus viewport currently held. */
  get length(): number {
    return this.terminal?.buffer.active.length ?? this.size.rows;
  }

  /** How many lines the viewport is scrolled up from the newest output; 0 = following. */
  get scrolledBack(): number {
    if (!this.terminal) return 0;
    const buffer = this.terminal.buffer.active;
    return buffer.baseY - buffer.viewportY;
  }

  get following(): boolean {
    return this.scrolledBack === 0;
  }

  write(chunk: string | Uint8Array, parsed?: () => void): void {
    if (this.terminal) {
      this.terminal.write(chunk, parsed);
      return;
    }
    if (this.pendingWrites) {
      this.pendingWrites.push({ chunk, parsed });
      return;
    }
    this.pendingWrites = [{ chunk, parsed }];
    void loadTerminal().then((Terminal) => {
      if (!this.disposed && !this.terminal) this.open(Terminal);
    });
  }

  /** Resolves once everything written so far has been parsed. */
  flush(): Promise<void> {
    if (!this.terminal && !this.pendingWrites) return Promise.resolve();
    return new Promise((resolve) => this.write('', resolve));
  }

  resize(cols: number, rows: number): void {
    const safeCols = Math.max(1, Math.floor(cols));
    const safeRows = Math.max(1, Math.floor(rows));
    if (safeCols === this.size.cols && safeRows === this.size.rows) return;
    this.size.cols = safeCols;
    this.size.rows = safeRows;
    this.terminal?.resize(safeCols, safeRows);
    this.notifyNow();
  }

  /** Negative = towards older output. */
  scroll(lines: number): void {
    this.terminal?.scrollLines(lines);
    this.notifyNow();
  }

  scrollToTop(): void {
    this.terminal?.scrollToTop();
    this.notifyNow();
  }

  scrollToBottom(): void {
    this.terminal?.scrollToBottom();
    this.notifyNow();
  }

  /** The visible lines as plain text (colours dropped), exactly `rows` entries. */
  viewport(): string[] {
    const buffer = this.terminal?.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < this.size.rows; row++) {
      lines.push(buffer ? (buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '') : '');
    }
    return lines;
  }

  /** The visible lines with the switch's colours and attributes, exactly `rows` entries. */
  styledViewport(): Span[][] {
    const buffer = this.terminal?.buffer.active;
    const scratch = buffer?.getNullCell();
    const lines: Span[][] = [];
    for (let row = 0; row < this.size.rows; row++) {
      lines.push(buffer && scratch ? styledSpans(buffer.getLine(buffer.viewportY + row), scratch) : []);
    }
    return lines;
  }

  onChange(listener: ConsoleChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  dispose(): void {
    if (this.pendingTimer !== undefined) this.clock.clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
    this.listeners.clear();
    this.disposed = true;
    this.pendingWrites = undefined;
    this.terminal?.dispose();
  }

  private open(Terminal: TerminalClass): void {
    const terminal = new Terminal({ ...this.size, scrollback: this.scrollback, allowProposedApi: true });
    terminal.onWriteParsed(() => this.outputParsed());
    this.terminal = terminal;
    for (const { chunk, parsed } of this.pendingWrites?.splice(0) ?? []) terminal.write(chunk, parsed);
    this.pendingWrites = undefined;
  }

  private outputParsed(): void {
    const now = this.clock.now();
    if (now - this.lastOutputAt > CALM_AFTER_MS) this.outputSince = now;
    this.lastOutputAt = now;
    this.unreported = true;
    this.scheduleNotification();
  }

  /**
   * When the parsed output may be reported: one interval after the last report (the sustained one while output keeps
   * coming), or earlier once the output has paused for QUIET_MS, though never sooner than the calm interval allows.
   */
  private notificationDueAt(): number {
    const sustained = this.lastOutputAt - this.outputSince >= SUSTAINED_AFTER_MS;
    const next = this.lastNotifiedAt + (sustained ? this.sustainedInterval : this.calmInterval);
    const afterPause = Math.max(this.lastNotifiedAt + this.calmInterval, this.lastOutputAt + QUIET_MS);
    return Math.min(next, afterPause);
  }

  // Leading and trailing throttle: the first change is reported at once, later ones are folded into one report when
  // notificationDueAt comes, so a burst of output costs a bounded number of renders and its end is shown promptly.
  private scheduleNotification(): void {
    if (this.pendingTimer !== undefined || !this.unreported) return;
    const wait = this.notificationDueAt() - this.clock.now();
    if (wait <= 0) {
      this.notifyNow();
      return;
    }
    this.pendingTimer = this.clock.setTimeout(() => {
      this.pendingTimer = undefined;
      this.scheduleNotification();
    }, wait);
  }

  private notifyNow(): void {
    this.lastNotifiedAt = this.clock.now();
    this.unreported = false;
    this.changeRevision++;
    for (const listener of this.listeners) listener();
  }
}
