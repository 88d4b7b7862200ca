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

/** What each exit code means, as `hitless --help` and README.md's table say it (test/cli/help.test.ts). */
export const EXIT_MEANING: { readonly [code in ExitCode]: string } = {
  [EXIT.ok]: 'done, or the target already runs on both MSMs ("nothing to do"); "done with regressions" (run-end `regressed: true`) when the final verify still finds modules or ports lost that the operator accepted',
  [EXIT.internal]: 'unexpected internal error (a bug: please report it with the journal)',
  [EXIT.usage]: "bad input: usage, unknown scenario, unreachable host, no SSH algorithm in common (the server's offer is named), refused authentication, unknown or changed host key, a headless step to confirm without `--yes`",
  [EXIT.precondition]:
    'a precondition failed and nothing was changed (not a dual-MSM chassis, backup not in sync, service contract expired, image not found, .xmod version ≠ core version, a rollback whose release must be named with `--to-version`)',
  [EXIT.stoppedSafe]:
    'stopped mid-procedure in a safe state (timeout, link lost, I/O-module-reset warning refused, operator abort): rerun the same command to resume',
};

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
  | 'health-regression'
  | 'stopped';

export class HitlessError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly exitCode: ExitCode,
    /** What the operator should do next, when it is not what the exit code alone suggests. */
    readonly advice?: string,
  ) {
    super(message);
    this.name = 'HitlessError';
  }
}

export const usageError = (message: string) => new HitlessError('usage', message, EXIT.usage);

/** The run's `error` event for a HitlessError (journal, screen, headless output). */
export interface ErrorEvent {
  type: 'error';
  kind: ErrorKind;
  message: string;
  exitCode: ExitCode;
  advice?: string;
}

/** A user-facing error becomes the run's error event and its exit code; anything else is a bug and propagates. */
export function emitError(err: unknown, emit: (event: ErrorEvent) => void): ExitCode {
  if (!(err instanceof HitlessError)) throw err;
  emit({ type: 'error', kind: err.kind, message: err.message, exitCode: err.exitCode, ...(err.advice && { advice: err.advice }) });
  return err.exitCode;
}
