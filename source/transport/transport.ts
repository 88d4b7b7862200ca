// A byte pipe to a switch CLI. SSH, a console server or a test double all look like this to the session layer.

export type CloseReason = 'remote-closed' | 'keepalive-timeout' | 'error' | 'local-close';

import type { PushOptions, PushResult } from './filePush.js';

export interface Transport {
  /** Short human description, e.g. "ssh admin@10.0.0.1:22". Never contains secrets. */
  readonly description: string;
  write(data: string): void;
  /** Returns an unsubscribe function. Chunks are decoded as UTF-8 (latin1-safe for EXOS output). */
  onData(listener: (chunk: string) => void): () => void;
  onClose(listener: (reason: CloseReason, detail?: string) => void): () => void;
  readonly closed: boolean;
  /** Copies a local file to `remotePath` on the switch over the same login (SSH only: SFTP, else SCP). */
  pushFile?(localPath: string, remotePath: string, options: PushOptions): Promise<PushResult>;
  /** Runs the operator's `decision`, during which nothing is sent: the link may be checked less often meanwhile. */
  whileOperatorDecides?<T>(decision: () => Promise<T>): Promise<T>;
  close(): void;
}
