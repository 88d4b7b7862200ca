// The little that hitless keeps between runs for one chassis: which MSM was master when the upgrade began (for
// failback) and the last destructive command with the moment it was sent, so a rerun right after an interruption
// waits for that command's effect instead of sending it again, and the health baseline from before the first failover.
// Who is master now always comes from `show switch`.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeStop } from '../errors.js';
import type { ImageVersion, MsmSlot } from '../exos/chassisState.js';
import type { StuckBackup } from '../procedure/backupRollback.js';
import type { HealthSnapshot } from '../procedure/health.js';
import type { StepId } from '../procedure/types.js';
import { stateDir } from '../stateDir.js';

export interface RunState {
  target: string;
  originalMaster?: MsmSlot;
  lastDestructive?: { command: string; sentAt: number };
  /** `hitless rollback`: the release it goes back to, chosen at the start (a half-done rollback no longer shows it). */
  rollbackRelease?: ImageVersion;
  /** The health baseline read before the first destructive step for `target`, what the operator accepted as lost, and
   * whether a failover since then still waits for its check. */
  health?: { target: string; baseline: HealthSnapshot; accepted: string[]; checkDue: boolean };
  /** A backup that did not come up, being rolled back (its first rollback command was confirmed) at `step`. */
  backupRollback?: BackupRollbackState;
}

export interface BackupRollbackState {
  step: StepId;
  stuck: StuckBackup;
}

export interface RunStateStore {
  load(): RunState | undefined;
  save(state: RunState): void;
}

export function runStateFile(host: string, port: number): string {
  const safe = `${host}_${port}`.replace(/[^A-Za-z0-9._-]/g, '_');
  return join(stateDir(), 'runs', `${safe}.json`);
}

export function fileRunStateStore(path: string): RunStateStore {
  return {
    load() {
      try {
        return JSON.parse(readFileSync(path, 'utf8')) as RunState;
      } catch {
        return undefined;
      }
    },
    // Written aside and renamed over the old file: a full disk leaves the previous state whole, and the run stops
    // before the command whose effect the state was to remember.
    save(state) {
      const temp = `${path}.tmp`;
      try {
        mkdirSync(join(path, '..'), { recursive: true });
        writeFileSync(temp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
        renameSync(temp, path);
      } catch (err) {
        rmSync(temp, { force: true });
        throw writeStop('run state', path, err);
      }
    },
  };
}

export function memoryRunStateStore(initial?: RunState): RunStateStore {
  let state = initial;
  return {
    load: () => state,
    save: (next) => {
      state = next;
    },
  };
}
