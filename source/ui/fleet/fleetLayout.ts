// Where the fleet view puts things at a given terminal size: the header, two rows per chassis (scrolled to keep the
// selected one shown), the status line; a dialog, the help or the quit question replace the chassis rows.
import { confirmDialogContent, confirmDialogRows } from '../components/ConfirmDialog.js';
import type { ScreenSize } from '../layout.js';
import type { PendingConfirmation } from '../snapshot.js';

const FLEET_FIXED_ROWS = 2;
export const ROWS_PER_CHASSIS = 2;
/** A dialog wider than this is hard to read on a wide terminal. */
const DIALOG_MAX_COLUMNS = 110;

/** Ink keeps the last terminal row for its cursor, as the single-chassis screen does. */
export const middleRows = (size: ScreenSize): number => Math.max(0, size.rows - 1 - FLEET_FIXED_ROWS);

/** The first chassis shown: the selected one is always on screen, the list never scrolls past its end. */
export function firstShown(size: ScreenSize, count: number, selected: number): number {
  const capacity = Math.max(1, Math.floor(middleRows(size) / ROWS_PER_CHASSIS));
  return Math.max(0, Math.min(selected - Math.floor(capacity / 2), count - capacity));
}

export interface FleetDialogShape {
  width: number;
  height: number;
  /** As confirmDialogContent: undefined when not even a row of the middle fits. */
  maxTop?: number;
  pageRows: number;
}

export function fleetDialogShape(size: ScreenSize, confirmation: PendingConfirmation): FleetDialogShape {
  const width = Math.min(size.columns, DIALOG_MAX_COLUMNS);
  // One row above the dialog names the chassis.
  const height = Math.min(middleRows(size) - 1, confirmDialogRows({ confirmation, width }).wanted);
  const { maxTop } = confirmDialogContent({ confirmation, canSkip: false, width, height, top: 0 });
  return { width, height, maxTop, pageRows: Math.max(1, height - 5) };
}
