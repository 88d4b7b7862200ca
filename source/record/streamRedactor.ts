// Redaction for a byte stream that arrives in arbitrary chunks (the switch console): a secret split over two chunks
// must still be caught. Complete lines go out at once; an unfinished line (a prompt, an echo) waits for its end or
// for a short pause in the stream; an open PEM block waits for its END line.
import type { Redactor } from './redact.js';

const OPEN_PEM = '-----BEGIN ';
const CLOSE_PEM = '-----END ';
/** Past this much held text the stream is delivered anyway (an unterminated PEM block is then masked to its end). */
const MAX_HELD = 1 << 20;

export interface StreamRedactorOptions {
  /** Pause after which an unfinished line is delivered. */
  idleMs?: number;
}

export class StreamRedactor {
  private held = '';
  private timer?: NodeJS.Timeout;
  private readonly idleMs: number;

  constructor(
    private readonly redactor: Redactor,
    private readonly deliver: (text: string) => void,
    options: StreamRedactorOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 40;
  }

  push(chunk: string): void {
    if (chunk === '') return;
    this.held += chunk;
    const lineEnd = Math.max(this.held.lastIndexOf('\n'), this.held.lastIndexOf('\r')) + 1;
    this.send(this.held.length > MAX_HELD ? this.held.length : Math.min(lineEnd, this.openPemStart()));
    this.armIdleTimer();
  }

  /** Delivers everything held (end of stream). */
  flush(): void {
    clearTimeout(this.timer);
    this.send(this.held.length);
  }

  private openPemStart(): number {
    const open = this.held.lastIndexOf(OPEN_PEM);
    return open >= 0 && this.held.indexOf(CLOSE_PEM, open) < 0 ? open : this.held.length;
  }

  private send(upTo: number): void {
    if (upTo <= 0) return;
    const text = this.held.slice(0, upTo);
    this.held = this.held.slice(upTo);
    this.deliver(this.redactor.text(text));
  }

  private armIdleTimer(): void {
    clearTimeout(this.timer);
    if (this.held === '') return;
    this.timer = setTimeout(() => this.send(this.openPemStart()), this.idleMs);
    this.timer.unref();
  }
}
