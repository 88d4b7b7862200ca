import { join } from 'node:path';
import { usageError } from './errors.js';
import { makePrivateFolder, type Warn } from './privateFiles.js';

/** HOME, which must be set and not empty: an empty one would put hitless's files in the current folder. */
export function homeDir(need: string): string {
  const home = process.env.HOME;
  if (!home) throw usageError(`HOME is ${home === undefined ? 'not set' : 'empty'}: ${need}`);
  return home;
}

/** Per-user state folder (XDG): simulator host key, run state per chassis, journals, pinned host keys. */
export function stateDir(): string {
  const base = process.env.XDG_STATE_HOME || join(homeDir('set it, or XDG_STATE_HOME, for the folder hitless keeps its state in'), '.local', 'state');
  return join(base, 'hitless');
}

/**
 * The state folder, or its `part`, created 0700: the state folder itself too, and each tightened with a warning when
 * it already exists open to others (a parent made by hand or by an older hitless).
 */
export function privateStateFolder(part?: string, warn?: Warn): string {
  const top = stateDir();
  makePrivateFolder(top, { owned: true, ...(warn && { warn }) });
  if (part === undefined) return top;
  const folder = join(top, part);
  makePrivateFolder(folder, { owned: true, ...(warn && { warn }) });
  return folder;
}
