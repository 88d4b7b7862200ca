// Files hitless writes (journals, recordings, run state, exported pages) are the operator's alone: 0600 in 0700
// folders whatever the umask, and an existing one with wider permissions is tightened, with a warning. Only regular
// files and the folders hitless creates are touched: a journal to /dev/null or a page into /tmp leaves those alone.
import { chmodSync, closeSync, fchmodSync, fstatSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';
import { printable } from './record/redact.js';
import { besideQuestions } from './terminalTurns.js';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

export type Warn = (message: string) => void;

export const warnOnStderr: Warn = (message) => besideQuestions(() => process.stderr.write(`hitless: warning: ${printable(message)}\n`));

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/** Opens `path` to append ('a', 'a+' also to read) or to write afresh ('w') as a private file. */
export function openPrivateFile(path: string, flags: 'a' | 'a+' | 'w', warn: Warn = warnOnStderr): number {
  const fd = openSync(path, flags, PRIVATE_FILE_MODE);
  try {
    const stats = fstatSync(fd);
    if (stats.isFile() && (stats.mode & 0o077) !== 0) {
      fchmodSync(fd, stats.mode & PRIVATE_FILE_MODE);
      warn(`${path} was open to others (mode ${octal(stats.mode)}): made ${octal(stats.mode & PRIVATE_FILE_MODE)}`);
    }
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  return fd;
}

/** Writes `text` to `path` as a private file (see openPrivateFile). */
export function writePrivateFile(path: string, text: string, warn: Warn = warnOnStderr): void {
  const fd = openPrivateFile(path, 'w', warn);
  try {
    writeFileSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates `folder` (and missing parents) 0700. `owned`: a folder of hitless's own (the state folder, runs/, journals/)
 * is tightened to 0700 too when it already exists wider; a folder the operator named is left as it is.
 */
export function makePrivateFolder(folder: string, options: { owned?: boolean; warn?: Warn } = {}): void {
  mkdirSync(folder, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!options.owned) return;
  const { mode } = statSync(folder);
  if ((mode & 0o077) === 0) return;
  chmodSync(folder, PRIVATE_DIR_MODE);
  (options.warn ?? warnOnStderr)(`${folder} was open to others (mode ${octal(mode)}): made 0700`);
}
