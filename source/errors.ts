// Errors are values with a one-line user message and a documented exit code,
// raised anywhere and printed in one place (cli.tsx).

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  precondition: 3,
  stoppedSafe: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type ErrorKind =
  | 'usage'
  | 'connect'
  | 'ssh-negotiation'
  | 'auth'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'timeout'
  | 'link-lost'
  | 'unparsable'
  | 'precondition'
  | 'switch-error'
  | 'unexpected-question'
  | 'stopped';

export class HitlessError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'HitlessError';
  }
}

export const usageError = (message: string) => new HitlessError('usage', message, EXIT.usage);
