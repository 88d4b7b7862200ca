// What the operator reads for each procedure step.
import type { StepId } from '../procedure/types.js';

export const STEP_LABELS: Record<StepId, string> = {
  preflight: 'Preflight checks',
  'install-first-backup': 'Install on first backup',
  'reboot-first-backup': 'Reboot first backup',
  'sync-first-backup': 'First backup in sync',
  failover: 'Failover',
  'reconnect-new-master': 'Reconnect to new master',
  'install-second-backup': 'Install on second backup',
  'reboot-second-backup': 'Reboot second backup',
  'sync-second-backup': 'Second backup in sync',
  failback: 'Failback',
  verify: 'Verify',
};

/** `hitless rollback`: the same steps, named for what they do there (use image instead of a download). */
export const ROLLBACK_STEP_LABELS: Record<StepId, string> = {
  ...STEP_LABELS,
  'install-first-backup': 'Select old release on backup',
  'reboot-first-backup': 'Reboot backup onto it',
  'install-second-backup': 'Select old release on 2nd backup',
  'reboot-second-backup': 'Reboot 2nd backup onto it',
};

export const stepLabels = (rollback: boolean | undefined): Record<StepId, string> => (rollback ? ROLLBACK_STEP_LABELS : STEP_LABELS);
