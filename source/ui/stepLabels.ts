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
