import { HitlessError, type ErrorKind, type ExitCode } from '../errors.js';
import type { AnsweredQuestion } from '../exos/platform.js';

/** A session failure that keeps what the switch had printed so far, for the transcript and the operator. */
export class SessionError extends HitlessError {
  constructor(
    kind: ErrorKind,
    message: string,
    exitCode: ExitCode,
    /** The command that was running; undefined while logging in. */
    readonly command: string | undefined,
    /** Everything received for that command (or the login), control sequences and `\r` removed. */
    readonly partialOutput: string,
    /** Questions already answered for that command, e.g. the failover confirmation before the link dropped. */
    readonly questions: readonly AnsweredQuestion[] = [],
  ) {
    super(kind, message, exitCode);
    this.name = 'SessionError';
  }
}
