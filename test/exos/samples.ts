// Reads the shared EXOS captures at test time. Reconstructed files start with a warning line that is not
// device output; it is stripped here, and tests using them say "(depends on RECONSTRUCTION ...)".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Real EXOS captures (docs/exos-cli.md §1): test data only, never shipped; licences in fixtures/exos-samples/SOURCES.md.
export const SAMPLES_DIR = process.env.HITLESS_SAMPLES_DIR ?? join(import.meta.dirname, '..', 'fixtures', 'exos-samples');

const RECONSTRUCTION_WARNING = /^# RECONSTRUCTION - NOT VERBATIM\b/;

export function loadSample(name: string): string {
  const text = readFileSync(join(SAMPLES_DIR, name), 'utf8');
  if (!name.startsWith('reconstructed/')) return text;
  const [firstLine = ''] = text.split('\n', 1);
  if (!RECONSTRUCTION_WARNING.test(firstLine)) throw new Error(`${name}: expected the RECONSTRUCTION warning line`);
  return text.slice(firstLine.length + 1);
}

export const RECONSTRUCTED = {
  dualMsmInSync: 'reconstructed/RECONSTRUCTED_show_switch_bd8810_dual_msm_insync.raw',
  backupInit: 'reconstructed/RECONSTRUCTED_show_switch_bd8810_backup_init.raw',
  backupNotInSyncNewImage: 'reconstructed/RECONSTRUCTED_show_switch_bd8810_backup_notinsync_newimage.raw',
  afterFailover: 'reconstructed/RECONSTRUCTED_show_switch_bd8810_after_failover.raw',
} as const;

export const SHOW_SWITCH_SAMPLES = {
  x670Single: 'show_switch_x670_15.3.2.11_nocexec.raw',
  x440Single: 'show_switch_x440_15.3.1.4_ngnetms.raw',
  x450aStack: 'show_switch_x450a_stack_15.3.3.5_ngnetms.raw',
  stackOnBackup: 'show_switch_stack_logged_in_on_backup_slot2_22.4_exos_apps_clone.raw',
} as const;
