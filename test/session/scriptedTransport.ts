// An in-memory Transport that plays a scripted switch: each write is checked against the script, and the switch's
// replies are delivered as separate chunks on later macrotasks, in order (like a socket would).
import type { CloseReason } from '../../source/transport/transport.js';
import { TransportBase } from '../../source/transport/transportBase.js';

export interface ScriptStep {
  /** What hitless must write next, e.g. 'show switch\r' or 'y\r'. */
  expect: string;
  /** What the switch sends back, chunk by chunk. */
  reply: string[];
}

export class ScriptedTransport extends TransportBase {
  readonly description = 'scripted switch';
  readonly writes: string[] = [];
  /** Writes that did not match the script (the test asserts this stays empty). */
  readonly mismatches: string[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly script: ScriptStep[] = []) {
    super();
  }

  /** Script steps not yet consumed. */
  get remaining(): readonly ScriptStep[] {
    return this.script;
  }

  write(data: string): void {
    if (this.closed) return;
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
      this.queue = this.queue.then(() => nextMacrotask()).then(() => this.emitData(chunk));
    }
    return this.queue;
  }

  /** The far end goes away, after anything already queued. */
  drop(reason: CloseReason = 'remote-closed', detail?: string): Promise<void> {
    this.queue = this.queue.then(() => nextMacrotask()).then(() => this.markClosed(reason, detail));
    return this.queue;
  }

  close(): void {
    this.markClosed('local-close');
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
