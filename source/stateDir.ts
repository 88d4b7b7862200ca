import { join } from 'node:path';
import { usageError } from './errors.js';

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
