// `ls` and `ls memorycard` (docs/exos-cli.md §4.7): `ls -l` lines and a `df`-like summary whose available 1 KiB
// blocks come right before `Use%`, as netmiko's EXOS driver reads them [T]; the exact layout is a guess [R].
import type { StoredFile } from '../scenarios.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const stamp = (at: Date) =>
  `${MONTHS[at.getUTCMonth()]} ${String(at.getUTCDate()).padStart(2, ' ')} ${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;

/** One `ls -l` line. */
export const fileLine = (file: StoredFile, at: Date) =>
  `-rw-r--r--    1 admin    admin    ${String(file.bytes).padStart(9)} ${stamp(at)} ${file.name}`;

export function renderFileListing(files: readonly StoredFile[], capacityBytes: number, at: Date): string[] {
  const usedBytes = files.reduce((sum, file) => sum + file.bytes, 0);
  const usedBlocks = Math.ceil(usedBytes / 1024);
  const totalBlocks = Math.ceil(capacityBytes / 1024);
  // Whole free blocks, as df counts them: a file of that many KiB fits.
  const availableBlocks = Math.floor(Math.max(0, capacityBytes - usedBytes) / 1024);
  const percent = Math.min(100, Math.ceil((usedBlocks / totalBlocks) * 100));
  return [
    ...files.map((file) => fileLine(file, at)),
    '',
    ' 1k-blocks      Used Available Use%',
    `${String(totalBlocks).padStart(10)}${String(usedBlocks).padStart(10)}${String(availableBlocks).padStart(10)}${String(percent).padStart(4)}%`,
  ];
}
