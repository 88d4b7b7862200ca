// An in-memory Transport that plays a scripted switch: each write is checked against the script, and the switch's
// replies are delivered as separate chunks on later macrotasks, in order (like a socket would).
import type { CloseReason, Transport } from '../../source/transport/transport.js';

export interface ScriptStep {
  /** What hitless must write next, e.g. 'show switch\r' or 'y\r'. */
  expect: string;
  /** What the switch sends back, chunk by chunk. */
  reply: string[];
}

export class ScriptedTransport implements Transport {
  readonly description = 'scripted switch';
  readonly writes: string[] = [];
  /** Writes that did not match the script (the test asserts this stays empty). */
  readonly mismatches: string[] = [];
  private isClosed = false;
  private readonly dataListeners = new Set<(chunk: string) => void>();
  private readonly closeListeners = new Set<(reason: CloseReason, detail?: string) => void>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly script: ScriptStep[] = []) {}

  get closed(): boolean {
    return this.isClosed;
  }

  /** Script steps not yet consumed. */
  get remaining(): readonly ScriptStep[] {
    return this.script;
  }

  write(data: string): void {
    if (this.isClosed) return;
    this.writes.push(data);
    const step = this.script.shift();
    if (!step || step.expect !== data) {
      this.mismatches.push(`wrote ${JSON.stringify(data)}, script expected ${JSON.stringify(step?.expect)}`);
      return;
    }
    this.send(...step.reply);
  }

  /** Delivers chunks from the switch, each on its own macrotask, after anything already queued. */
  send(...chunks: string[]): Promise<void> {
    for (const chunk of chunks) {
      this.queue = this.queue.then(() => nextMacrotask()).then(() => {
        if (!this.isClosed) for (const listener of [...this.dataListeners]) listener(chunk);
      });
    }
    return this.queue;
  }

  /** The far end goes away, after anything already queued. */
  drop(reason: CloseReason = 'remote-closed', detail?: string): Promise<void> {
    this.queue = this.queue.then(() => nextMacrotask()).then(() => this.closeWith(reason, detail));
    return this.queue;
  }

  onData(listener: (chunk: string) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (reason: CloseReason, detail?: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    this.closeWith('local-close');
  }

  private closeWith(reason: CloseReason, detail?: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const listener of [...this.closeListeners]) listener(reason, detail);
  }
}

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Splits `text` into chunks at the given offsets (sorted, deduplicated, inside the text). */
export function splitAt(text: string, offsets: number[]): string[] {
  const cuts = [...new Set(offsets.filter((at) => at > 0 && at < text.length))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    chunks.push(text.slice(from, cut));
    from = cut;
  }
  return chunks;
}
