// How the terminal's rows are shared out. Ink redraws the whole screen on every update when its output is as tall as
// the terminal, so the screen is always one row shorter than the terminal.
import { STEP_IDS } from '../procedure/types.js';

export interface ScreenSize {
  columns: number;
  rows: number;
}

export const MIN_SIZE: ScreenSize = { columns: 80, rows: 24 };
/** Both serial consoles fit side by side under the management console from this width on. */
export const SPLIT_MIN_COLUMNS = 160;

export const PANE_ROWS = 8;
export const HEADER_ROWS = 1;
const STATUS_ROWS = 1;
const CURRENT_STEP_ROWS = 1;
const CONSOLE_TITLE_ROWS = 1;
/** One checklist column is used only if the console still gets this many lines. */
const MIN_CONSOLE_LINES_BESIDE_LONG_CHECKLIST = 10;
/** The console keeps at least its title and this many lines, however long the problem text is. */
const MIN_CONSOLE_LINES = 1;
/** Next to an open dialog the console keeps this many lines, or the dialog covers checklist and console. */
const MIN_CONSOLE_LINES_BESIDE_DIALOG = 3;
/** Each console of the split view keeps at least this many lines, or only the management console is shown. */
const MIN_SPLIT_CONSOLE_LINES = 3;

/** Rows a confirmation dialog would like (everything shown) and needs at least (see ConfirmDialog). */
export interface DialogRows {
  wanted: number;
  minimum: number;
}

export interface LayoutOptions {
  /** Rows the problem text would like. */
  problemLines?: number;
  /** The confirmation dialog is open. */
  dialog?: DialogRows;
  /** Show the serial consoles side by side under the management console, if there is room. */
  split?: boolean;
}

/** How the rows between the panes and the status line are shared. */
interface Middle {
  checklistColumns: 1 | 2;
  /** Checklist rows including the current-step line. */
  checklistRows: number;
  /** Rows for the reason a run stopped (or a warning) and what to do next, wrapped rather than cut. */
  problemRows: number;
  /** Rows of the open confirmation dialog; 0: none. */
  dialogRows: number;
  /** The dialog takes the whole middle: there is no room for checklist and console around it. */
  dialogCovers: boolean;
  /** Console rows including its title line (the management console and, split, the serial consoles). */
  consoleRows: number;
}

export interface ScreenLayout extends Middle {
  width: number;
  height: number;
  paneWidth: number;
  /** Rows between the panes and the status line (checklist, problem line, dialog, console). */
  middleRows: number;
  /** Lines of management-console output visible at once. */
  consoleLines: number;
  /** Rows of the serial consoles side by side under the management console, title included; 0: not split. */
  serialRows: number;
  /** Rows above the status line, covered by the help overlay. */
  overlayRows: number;
}

export const fitsScreen = (size: ScreenSize): boolean => size.columns >= MIN_SIZE.columns && size.rows >= MIN_SIZE.rows;

const checklistRowsIn = (columns: 1 | 2): number => Math.ceil(STEP_IDS.length / columns) + CURRENT_STEP_ROWS;

function withoutDialog(middleRows: number, problemLines: number): Middle {
  const fixedRows = CURRENT_STEP_ROWS + problemLines + CONSOLE_TITLE_ROWS;
  const checklistColumns = middleRows - fixedRows - STEP_IDS.length >= MIN_CONSOLE_LINES_BESIDE_LONG_CHECKLIST ? 1 : 2;
  const checklistRows = checklistRowsIn(checklistColumns);
  const problemRows = Math.min(problemLines, middleRows - checklistRows - CONSOLE_TITLE_ROWS - MIN_CONSOLE_LINES);
  return { checklistColumns, checklistRows, problemRows, dialogRows: 0, dialogCovers: false, consoleRows: middleRows - checklistRows - problemRows };
}

// The checklist above the dialog and the console below it, so the operator sees where the run is and what the switch
// said last while deciding: one checklist column if the whole dialog still fits, else two and the dialog as it fits.
function aroundDialog(middleRows: number, problemLines: number, dialog: DialogRows): Middle {
  for (const checklistColumns of [1, 2] as const) {
    const checklistRows = checklistRowsIn(checklistColumns);
    const problemRows = Math.min(problemLines, 1);
    const room = middleRows - checklistRows - problemRows - CONSOLE_TITLE_ROWS - MIN_CONSOLE_LINES_BESIDE_DIALOG;
    if (room >= dialog.wanted || (checklistColumns === 2 && room >= dialog.minimum)) {
      const dialogRows = Math.min(room, dialog.wanted);
      return { checklistColumns, checklistRows, problemRows, dialogRows, dialogCovers: false, consoleRows: middleRows - checklistRows - problemRows - dialogRows };
    }
  }
  return { ...withoutDialog(middleRows, problemLines), dialogRows: Math.min(middleRows, dialog.wanted), dialogCovers: true };
}

/** undefined when the terminal is smaller than MIN_SIZE. */
export function computeLayout(size: ScreenSize, options: LayoutOptions = {}): ScreenLayout | undefined {
  if (!fitsScreen(size)) return undefined;
  const height = size.rows - 1;
  const middleRows = height - HEADER_ROWS - PANE_ROWS - STATUS_ROWS;
  const problemLines = options.problemLines ?? 0;
  const middle = options.dialog ? aroundDialog(middleRows, problemLines, options.dialog) : withoutDialog(middleRows, problemLines);
  const shownConsoleRows = middle.dialogCovers ? 0 : middle.consoleRows;
  const splitFits = options.split === true && size.columns >= SPLIT_MIN_COLUMNS && shownConsoleRows >= 2 * (CONSOLE_TITLE_ROWS + MIN_SPLIT_CONSOLE_LINES);
  const serialRows = splitFits ? Math.floor(middle.consoleRows / 2) : 0;
  return {
    width: size.columns,
    height,
    paneWidth: Math.floor((size.columns - 1) / 2),
    middleRows,
    ...middle,
    consoleLines: middle.consoleRows - serialRows - CONSOLE_TITLE_ROWS,
    serialRows,
    overlayRows: height - STATUS_ROWS,
  };
}
