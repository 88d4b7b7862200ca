// Before `download image memorycard FILE` or `install image FILE`: is the file where the command will look for it?
// One read-only `ls` (docs/exos-cli.md §4.7); nothing that changes the switch is sent when the answer is no.
import { listFilesCommand } from '../exos/commands.js';
import { isFileOnSwitch, type FileOnSwitchSource } from '../exos/imageSource.js';
import { parseFileListing, type FileListing } from '../exos/parseFileListing.js';
import type { Precondition } from '../procedure/preconditions.js';
import type { Action } from '../procedure/types.js';
import type { SessionLike } from './sessionLike.js';

export type FileOnSwitchCheck = {
  /** "the memory card", "the switch's file system". */
  place: string;
  /** Other core images in the switch's file system: EXOS keeps one image at a time for installation (docs/exos-cli.md §4.7). */
  otherImages: string[];
  /** Listed: its size; not listed: how that is known, in the listing's own words where it has some. */
} & ({ bytes: number; notListed?: undefined } | { notListed: string; bytes?: undefined });

const placeOf = (source: FileOnSwitchSource) => (source.kind === 'memorycard' ? 'the memory card' : "the switch's file system");

/** The core images in the listing other than `file`. */
export const otherImagesIn = (listing: FileListing, file: string): string[] =>
  listing.files.map(({ name }) => name).filter((name) => name.endsWith('.xos') && name !== file);

export async function checkFileOnSwitch(session: SessionLike, source: FileOnSwitchSource, timeoutMs: number): Promise<FileOnSwitchCheck> {
  const command = listFilesCommand(source);
  const listing = parseFileListing((await session.run(command, { idleTimeoutMs: timeoutMs })).output);
  const otherImages = source.kind === 'switch' ? otherImagesIn(listing, source.file) : [];
  const place = placeOf(source);
  const listed = listing.files.find(({ name }) => name === source.file);
  if (listed) return { place, bytes: listed.bytes, otherImages };
  return { place, notListed: listing.problem === undefined ? `"${command}" does not list it` : `"${command}": ${listing.problem}`, otherImages };
}

/** `hitless plan`: each memory-card or switch file its downloads would use, listed now, as one precondition each. */
export async function filePreconditions(session: SessionLike, actions: readonly Action[], timeoutMs: number): Promise<Precondition[]> {
  const sources = new Map<string, FileOnSwitchSource>();
  for (const action of actions) {
    if (action.kind === 'download' && isFileOnSwitch(action.image.source)) sources.set(`${action.image.source.kind}:${action.image.source.file}`, action.image.source);
  }
  const preconditions: Precondition[] = [];
  for (const source of sources.values()) {
    const { place, notListed } = await checkFileOnSwitch(session, source, timeoutMs);
    const need = `${source.file} is on ${place}`;
    preconditions.push(notListed === undefined ? { need, holds: true } : { need, holds: false, actually: notListed });
  }
  return preconditions;
}
