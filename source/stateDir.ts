import { homedir } from 'node:os';
import { join } from 'node:path';

/** Per-user state folder (XDG): simulator host key, run state per chassis. */
export function stateDir(): string {
  const base = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'hitless');
}
