// How the terminal's rows are shared out. Ink redraws the whole screen on every update when its output is as tall as
// the terminal, so the screen is always one row shorter than the terminal.
import { STEP_IDS } from '../procedure/types.js';

export interface ScreenSize {
  columns: number;
  rows: number;
}

export const MIN_SIZE: ScreenSize = { columns: 80, rows: 24 };

export const PANE_ROWS = 8;
const STATUS_ROWS = 1;
const CURRENT_STEP_ROWS = 1;
const CONSOLE_TITLE_ROWS = 1;
/** One checklist column is used only if the console still gets this many lines. */
const MIN_CONSOLE_LINES_BESIDE_LONG_CHECKLIST = 10;

export interface ScreenLayout {
  width: number;
  height: number;
  paneWidth: number;
  /** Rows between the panes and the status line (checklist, problem line, console). Dialogs cover this area. */
  middleRows: number;
  checklistColumns: 1 | 2;
  /** Checklist rows including the current-step line. */
  checklistRows: number;
  /** Rows for the reason a run stopped (or a warning) and what to do next, wrapped rather than cut. */
  problemRows: number;
  /** Console rows including its title line. */
  consoleRows: number;
  /** Lines of switch output visible at once. */
  consoleLines: number;
  /** Rows above the status line, covered by the help overlay. */
  overlayRows: number;
}

/** The console keeps at least its title and this many lines, however long the problem text is. */
const MIN_CONSOLE_LINES = 1;

export const fitsScreen = (size: ScreenSize): boolean => size.columns >= MIN_SIZE.columns && size.rows >= MIN_SIZE.rows;

/** undefined when the terminal is smaller than MIN_SIZE. `problemLines`: rows the problem text would like. */
export function computeLayout(size: ScreenSize, problemLines = 0): ScreenLayout | undefined {
  if (!fitsScreen(size)) return undefined;
  const height = size.rows - 1;
  const middleRows = height - PANE_ROWS - STATUS_ROWS;
  const fixedRows = CURRENT_STEP_ROWS + problemLines + CONSOLE_TITLE_ROWS;
  const singleColumnFits = middleRows - fixedRows - STEP_IDS.length >= MIN_CONSOLE_LINES_BESIDE_LONG_CHECKLIST;
  const checklistColumns = singleColumnFits ? 1 : 2;
  const checklistRows = Math.ceil(STEP_IDS.length / checklistColumns) + CURRENT_STEP_ROWS;
  const problemRows = Math.min(problemLines, middleRows - checklistRows - CONSOLE_TITLE_ROWS - MIN_CONSOLE_LINES);
  const consoleRows = middleRows - checklistRows - problemRows;
  return {
    width: size.columns,
    height,
    paneWidth: Math.floor((size.columns - 1) / 2),
    middleRows,
    checklistColumns,
    checklistRows,
    problemRows,
    consoleRows,
    consoleLines: consoleRows - CONSOLE_TITLE_ROWS,
    overlayRows: height - STATUS_ROWS,
  };
}
