// Classifies what `download image` / `download url` / `install image` printed (docs/exos-cli.md §4.2, §4.3, §4.5).
// The caller treats the step as done only when `installed` is true, `errors` is empty and the partition is the
// one it asked for; every other combination is a stop.
import type { Partition } from './chassisState.js';
import { outputLines } from './outputLines.js';
import { switchErrorLines } from './switchErrors.js';

export { findSwitchErrors } from './switchErrors.js';

export interface DownloadResult {
  /** A transfer ran (`Downloading to <target>...`) and either reached an install or reported no error. */
  downloaded: boolean;
  /** Every announced install ended with `Image installed successfully`, and there was at least one. */
  installed: boolean;
  /** From `Installing to <partition> partition!`; undefined when absent or when lines disagree. */
  partition?: Partition;
  /** `Service contract expired ...` was printed (the line is also in `errors`). */
  contractExpired: boolean;
  /** Failure lines, as `findSwitchErrors` reports them. */
  errors: string[];
}

const DOWNLOAD_PROGRESS = /^Downloading to \S/;
const INSTALL_PARTITION = /^Installing to (primary|secondary) partition!/;
const INSTALL_SUCCESS = /^Image installed successfully/;
const CONTRACT_EXPIRED = /Service contract expired/;

export function parseDownloadResult(text: string): DownloadResult {
  const lines = outputLines(text);
  const errors = switchErrorLines(lines);
  const partitions = new Set(lines.flatMap((line) => INSTALL_PARTITION.exec(line)?.[1] ?? []) as Partition[]);
  const installsAnnounced = lines.filter((line) => INSTALL_PARTITION.test(line)).length;
  const installsSucceeded = lines.filter((line) => INSTALL_SUCCESS.test(line)).length;
  const transferred = lines.some((line) => DOWNLOAD_PROGRESS.test(line));

  const result: DownloadResult = {
    downloaded: transferred && (installsAnnounced > 0 || errors.length === 0),
    installed: installsSucceeded > 0 && installsSucceeded >= installsAnnounced,
    contractExpired: lines.some((line) => CONTRACT_EXPIRED.test(line)),
    errors,
  };
  const [partition] = partitions;
  if (partition !== undefined && partitions.size === 1) result.partition = partition;
  return result;
}
