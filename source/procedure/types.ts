import type { MsmSlot, Partition, ImageVersion, ObservedChassis } from '../exos/chassisState.js';
import type { FailoverSpelling } from '../exos/commands.js';
import type { ImageFile } from '../exos/imageSource.js';
import type { QuestionId } from '../exos/platform.js';

/** The named steps of the seed procedure, in order. The checklist shows exactly these. */
export const STEP_IDS = [
  'preflight',
  'install-first-backup',
  'reboot-first-backup',
  'sync-first-backup',
  'failover',
  'reconnect-new-master',
  'install-second-backup',
  'reboot-second-backup',
  'sync-second-backup',
  'failback',
  'verify',
] as const;
export type StepId = (typeof STEP_IDS)[number];

/** What `hitless stage` does: nothing that touches redundancy (the backup's reboot is the window's first step). */
export const STAGING_STEPS: ReadonlySet<StepId> = new Set<StepId>(['preflight', 'install-first-backup']);

export interface UpgradeTarget {
  core: ImageFile;
  /** .xmod packages; each must carry the core's version. Installed to the same partition as the core, before that MSM reboots. */
  xmods: ImageFile[];
  vr: string;
  /** Hand mastership back to `originalMaster` at the end. */
  failback: boolean;
  /** The MSM that was MASTER when the upgrade started (recorded at the first observation, kept in the run state file). */
  originalMaster?: MsmSlot;
  /** Operator explicitly allowed the BD8800 "all I/O modules will be reset" answer `y`. */
  allowIoReset: boolean;
  /** Operator explicitly asked for `run msm-failover force`. */
  forceFailover: boolean;
  /**
   * `hitless rollback`: the core is the release both MSMs hold on their other partition (or `toVersion`), read off the
   * chassis at the first observation (rollbackUpgradeTarget); until then `core` only names it.
   */
  rollback?: { toVersion?: ImageVersion };
  /** `hitless stage`: preflight and the install on the backup's inactive partition, then stop before its reboot. */
  stage?: boolean;
  /** A local --image pushed to the switch stays in its file system once both MSMs have installed it (--keep-image). */
  keepImage?: boolean;
}

/** Facts about the platform that change the command spelling, derived from observed versions. */
export interface PlatformFacts {
  failoverCommand: FailoverSpelling;
}

export type Action =
  | { kind: 'download'; step: StepId; slot: MsmSlot; partition: Partition; image: ImageFile; command: string }
  /** The target is already installed on `partition` of the backup: `use image partition P msm X` instead of a download. */
  | { kind: 'select-partition'; step: StepId; slot: MsmSlot; partition: Partition; command: string }
  | { kind: 'reboot-backup'; step: StepId; slot: MsmSlot; command: string }
  /** `spelling`: the platform's failover command the `command` was built from (with ` force` when asked for). */
  | { kind: 'failover'; step: StepId; fromSlot: MsmSlot; toSlot: MsmSlot; spelling: FailoverSpelling; command: string }
  | { kind: 'wait'; step: StepId; until: 'backup-in-sync' | 'backup-present' | 'master-present'; detail: string }
  | { kind: 'done'; step: 'verify'; detail: string }
  | { kind: 'stop'; step: StepId; exitCode: 3 | 4; reason: string };

/** What the procedure decided, with the evidence (parsed facts) that led to it. */
export interface Decision {
  action: Action;
  evidence: string[];
  /** Checklist state derived from the same observation. */
  checklist: Record<StepId, StepState>;
}

/** A question the switch is expected to ask for an action, as the operator sees it before confirming. */
export interface ExpectedQuestion {
  id: QuestionId;
  text: string;
  /** The reply hitless will send. */
  answer: string;
}

export type StepState = 'pending' | 'running' | 'confirm' | 'done' | 'skipped' | 'failed';

export type { MsmSlot, Partition, ImageVersion, ObservedChassis, ImageFile };
