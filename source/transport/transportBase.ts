// The listener bookkeeping every Transport needs: data fan-out, and a close that is reported exactly once.
import type { CloseReason, Transport } from './transport.js';

export abstract class TransportBase implements Transport {
  abstract readonly description: string;
  abstract write(data: string): void;
  abstract close(): void;

  private isClosed = false;
  private readonly dataListeners = new Set<(chunk: string) => void>();
  private readonly closeListeners = new Set<(reason: CloseReason, detail?: string) => void>();
  /** Data that arrived before anyone listened (a banner in the same read as the shell reply); given to the first listener. */
  private early: string[] = [];

  get closed(): boolean {
    return this.isClosed;
  }

  onData(listener: (chunk: string) => void): () => void {
    this.dataListeners.add(listener);
    const early = this.early;
    this.early = [];
    for (const chunk of early) listener(chunk);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (reason: CloseReason, detail?: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  protected emitData(chunk: string): void {
    if (this.isClosed || chunk === '') return;
    if (this.dataListeners.size === 0) {
      this.early.push(chunk);
      return;
    }
    for (const listener of [...this.dataListeners]) listener(chunk);
  }

  /** Marks the transport closed and tells the listeners; later calls do nothing. */
  protected markClosed(reason: CloseReason, detail?: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const listener of [...this.closeListeners]) listener(reason, detail);
  }
}
