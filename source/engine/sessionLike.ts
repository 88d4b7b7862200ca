// What the engine needs from a CLI session. ExosSession implements it; keeping the engine to this shape lets it run
// over SSH, a console server, or anything else that gives prompts and answers.
import type { CommandResult, PushOptions, PushResult, RunOptions } from '../session/exosSession.js';

export interface SessionLike {
  /** How the session reaches the chassis when not over the run's own connection, e.g. "MSM-B console (via cs1:22)". */
  readonly via?: string;
  run(command: string, options?: RunOptions): Promise<CommandResult>;
  /** Copies a local file into the switch's file system as `name` (SSH sessions only); see ExosSession.pushFile. */
  pushFile?(localPath: string, name: string, options: PushOptions): Promise<PushResult>;
  /** Keys for the command running now, written as they are; false when none runs. */
  sendKeys(keys: string): boolean;
  /** Runs the operator's `decision`, during which nothing is sent (see Transport.whileOperatorDecides). */
  whileOperatorDecides?<T>(decision: () => Promise<T>): Promise<T>;
  readonly closed: boolean;
  onClose(listener: () => void): () => void;
  close(): void;
}

/** `timeLeftMs` bounds one attempt from the SSH handshake to the first prompt (what is left of a reconnect limit). */
export interface SessionAttempt {
  timeLeftMs?: number;
}

export type OpenSession = (attempt?: SessionAttempt) => Promise<SessionLike>;

/** `session` as another object: its commands, keys, state and close, with `own` (a label, a push of its own) added. */
export const delegatingSession = (session: SessionLike, own: Pick<SessionLike, 'via' | 'pushFile'>): SessionLike => ({
  run: (command, options) => session.run(command, options),
  sendKeys: (keys) => session.sendKeys(keys),
  get closed() {
    return session.closed;
  },
  onClose: (listener) => session.onClose(listener),
  close: () => session.close(),
  ...own,
});
