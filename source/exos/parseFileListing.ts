// `ls` and `ls memorycard` (docs/exos-cli.md §4.7): the files, their sizes, and the free space. The layout is known
// only from another tool's parser [T] and the simulator's guess [R]: a file is any line shaped like `ls -l` output,
// the free space the number before a `Use%` column, and anything else is skipped rather than refused.
import { outputLines } from './outputLines.js';
import { switchErrorLines } from './switchErrors.js';

export interface ListedFile {
  name: string;
  bytes: number;
}

export interface FileListing {
  files: ListedFile[];
  /** Free space in bytes, when the listing ends with a `df`-like summary (its "Available" column counts 1 KiB blocks). */
  freeBytes?: number;
  /** Why the path could not be listed ("No such file or directory", an `Error:` line): no card inserted, for one. */
  problem?: string;
}

// -rw-r--r--    1 admin    admin     3934 Jan 24 03:50 primary.cfg  (owner columns optional; year instead of time)
const FILE_LINE =
  /^[-l][-rwxsStT]{9}\S*\s+(?:\S+\s+){0,3}?(\d+)\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{1,2}\s+(?:\d{1,2}:\d{2}|\d{4})\s+(\S.*)$/;
const FREE_BLOCKS = /(\d+)\s+\d+%(?:\s+\S+)?$/;
const MISSING_PATH = /No such file or directory|Invalid pathname|not (?:present|inserted|mounted)/i;

export function parseFileListing(text: string): FileListing {
  const lines = outputLines(text);
  const files = lines.flatMap((line) => {
    const match = FILE_LINE.exec(line.trim());
    return match ? [{ name: match[2]!.trim(), bytes: Number(match[1]) }] : [];
  });
  const free = lines.flatMap((line) => FREE_BLOCKS.exec(line.trim())?.[1] ?? []).at(-1);
  const problem = lines.find((line) => MISSING_PATH.test(line)) ?? switchErrorLines(lines)[0];
  return {
    files,
    ...(free !== undefined && { freeBytes: Number(free) * 1024 }),
    ...(problem !== undefined && { problem: problem.trim() }),
  };
}
