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

/** A password or passphrase question cancelled by the operator (Esc, Ctrl-C) or by the console closing. */
export const secretNotGiven = (prompt: string, why: string): HitlessError =>
  new HitlessError('auth', `no answer to "${prompt.trim().replace(/:$/, '')}" (${why})`, EXIT.usage);

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

/** What a file system error code means, in words (the code follows in brackets for a search). */
const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file is too large',
  EIO: 'input/output error',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  EEXIST: 'it exists already',
};

export function fileProblem(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return err instanceof Error ? err.message : String(err);
  return `${FILE_PROBLEMS[code] ?? 'file system error'} (${code})`;
}

/** "cannot read journal FILE: no such file or folder (ENOENT)": a file the operator named could not be used. */
export const fileError = (action: string, path: string, err: unknown) => usageError(`cannot ${action} ${path}: ${fileProblem(err)}`);

/**
 * Why a run is asked to stop at its next safe point when it is not the operator (the reason of the run's abort
 * signal): the stop's message, and what to do before rerunning.
 */
export class StopRequest extends HitlessError {
  constructor(
    message: string,
    readonly advice: string,
  ) {
    super('stopped', message, EXIT.stoppedSafe);
  }
}

/** A file of the run (its journal, a recording, its run state) cannot be written: stop at the next safe point. */
export const writeStop = (what: string, path: string, err: unknown): StopRequest =>
  new StopRequest(
    `cannot write the ${what} ${path}: ${fileProblem(err)}; stopped at a safe point`,
    `make room for the ${what} (or give it another place), then rerun the same command to resume`,
  );
