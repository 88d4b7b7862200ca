// Before `download image memorycard FILE` or `install image FILE`: is the file where the command will look for it?
// One read-only `ls` (docs/exos-cli.md §4.7); nothing that changes the switch is sent when the answer is no.
import { listFilesCommand } from '../exos/commands.js';
import type { FileOnSwitchSource } from '../exos/imageSource.js';
import { parseFileListing } from '../exos/parseFileListing.js';
import type { SessionLike } from './sessionLike.js';

export interface FileOnSwitchCheck {
  /** Where the file was found and its size, for the step's detail. */
  found?: string;
  /** Why the run cannot go on: the file is not listed. */
  missing?: string;
  /** Other core images in the switch's file system: EXOS keeps one image at a time for installation (docs/exos-cli.md §4.7). */
  otherImages: string[];
}

const placeOf = (source: FileOnSwitchSource) => (source.kind === 'memorycard' ? 'the memory card' : "the switch's file system");

export async function checkFileOnSwitch(session: SessionLike, source: FileOnSwitchSource, timeoutMs: number): Promise<FileOnSwitchCheck> {
  const command = listFilesCommand(source);
  const listing = parseFileListing((await session.run(command, { idleTimeoutMs: timeoutMs })).output);
  const otherImages =
    source.kind === 'switch' ? listing.files.map(({ name }) => name).filter((name) => name.endsWith('.xos') && name !== source.file) : [];
  const listed = listing.files.find(({ name }) => name === source.file);
  if (listed) return { found: `${source.file} is on ${placeOf(source)} (${listed.bytes.toLocaleString('en-US')} bytes)`, otherImages };
  const why = listing.problem === undefined ? `"${command}" does not list it` : `"${command}": ${listing.problem}`;
  return { missing: `${source.file} is not on ${placeOf(source)} (${why})`, otherImages };
}
