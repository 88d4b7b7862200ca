// The little that hitless keeps between runs for one chassis: which MSM was master when the upgrade began (for
// failback) and the last destructive command with the moment it was sent, so a rerun right after an interruption
// waits for that command's effect instead of sending it again, and the health baseline from before the first failover.
// Who is master now always comes from `show switch`. On a real chassis the store is run/chassisRun.ts's file, held
// under the chassis' lock; a simulated chassis keeps it in memory.
import type { ImageVersion, MsmSlot, Partition } from '../exos/chassisState.js';
import type { StuckBackup } from '../procedure/backupRollback.js';
import type { HealthSnapshot } from '../procedure/health.js';
import type { StepId } from '../procedure/types.js';

export interface RunState {
  target: string;
  originalMaster?: MsmSlot;
  lastDestructive?: { command: string; sentAt: number; failoverFrom?: ChassisIdentity };
  /** `hitless rollback`: the release it goes back to, chosen at the start (a half-done rollback no longer shows it). */
  rollbackRelease?: ImageVersion;
  /** The health baseline read before the first destructive step for `target`, what the operator accepted as lost, and
   * whether a failover since then still waits for its check. */
  health?: { target: string; baseline: HealthSnapshot; accepted: string[]; checkDue: boolean };
  /** The last upgrade hitless began on this chassis: `hitless rollback` goes back to `from` without --to-version only then. */
  lastUpgrade?: { from: ImageVersion; to: ImageVersion };
  /** A backup that did not come up, being rolled back (its first rollback command was confirmed) at `step`. */
  backupRollback?: BackupRollbackState;
  /** The running configuration as it was before the first destructive step of this upgrade (engine/configKeeping.ts). */
  configCopy?: { path: string; takenAt: string };
  /** `hitless stage` installed the target on the backup's inactive partition; the window's upgrade starts from there. */
  staged?: StagedState;
}

export interface StagedState {
  slot: MsmSlot;
  partition: Partition;
  version: string;
  at: string;
}

/**
 * The chassis as `show switch` named it right before a failover hitless sent. The reconnect after it, in this run or in
 * a rerun after an interruption, may meet the other MSM's first host key: pinned only if the chassis shows the same
 * identity after login (run/connect.ts).
 */
export interface ChassisIdentity {
  systemMac?: string;
}

export interface BackupRollbackState {
  step: StepId;
  stuck: StuckBackup;
}

export interface RunStateStore {
  load(): RunState | undefined;
  save(state: RunState): void;
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
