// Before `download image memorycard FILE` or `install image FILE`: is the file where the command will look for it?
// One read-only `ls` (docs/exos-cli.md §4.7); nothing that changes the switch is sent when the answer is no.
import { listFilesCommand } from '../exos/commands.js';
import { isFileOnSwitch, isPushed, type FileOnSwitchSource, type PushedSource } from '../exos/imageSource.js';
import { parseFileListing, type FileListing } from '../exos/parseFileListing.js';
import type { Precondition } from '../procedure/preconditions.js';
import type { Action } from '../procedure/types.js';
import { bytesText, listedBytes, listSwitchFiles, noRoomFor, readLocalImage } from './imagePush.js';
import type { SessionLike } from './sessionLike.js';

export type FileOnSwitchCheck = {
  /** "the memory card", "the switch's file system". */
  place: string;
  /** Other core images in the switch's file system: EXOS keeps one image at a time for installation (docs/exos-cli.md §4.7). */
  otherImages: string[];
  /** Listed: its size; not listed: how that is known, in the listing's own words where it has some. */
} & ({ bytes: number; notListed?: undefined } | { notListed: string; bytes?: undefined });

const placeOf = (source: FileOnSwitchSource) => (source.kind === 'memorycard' ? 'the memory card' : "the switch's file system");

/** The core images in the listing other than `file`, when that is a core image (an .xmod goes with its core). */
export const otherImagesIn = (listing: FileListing, file: string): string[] =>
  file.endsWith('.xos') ? listing.files.map(({ name }) => name).filter((name) => name.endsWith('.xos') && name !== file) : [];

export async function checkFileOnSwitch(session: SessionLike, source: FileOnSwitchSource, timeoutMs: number): Promise<FileOnSwitchCheck> {
  const command = listFilesCommand(source);
  const listing = parseFileListing((await session.run(command, { idleTimeoutMs: timeoutMs })).output);
  const otherImages = source.kind === 'switch' ? otherImagesIn(listing, source.file) : [];
  const place = placeOf(source);
  const listed = listing.files.find(({ name }) => name === source.file);
  if (listed) return { place, bytes: listed.bytes, otherImages };
  return { place, notListed: listing.problem === undefined ? `"${command}" does not list it` : `"${command}": ${listing.problem}`, otherImages };
}

export interface FileChecks {
  preconditions: Precondition[];
  /** Local images that would be copied to the switch (not there at their size yet): file name → bytes. */
  copies: Map<string, number>;
}

/**
 * `hitless plan`: each memory-card or switch file its downloads would use, listed now, as one precondition each; a
 * local image: readable here, and on the switch at its size already or with room for it there.
 */
export async function checkFiles(session: SessionLike, actions: readonly Action[], timeoutMs: number): Promise<FileChecks> {
  const sources = new Map<string, FileOnSwitchSource>();
  for (const action of actions) {
    if (action.kind === 'download' && isFileOnSwitch(action.image.source)) sources.set(`${action.image.source.kind}:${action.image.source.file}`, action.image.source);
  }
  const preconditions: Precondition[] = [];
  const copies = new Map<string, number>();
  for (const source of sources.values()) {
    if (isPushed(source)) {
      preconditions.push(...(await pushPreconditions(session, source, timeoutMs, copies)));
      continue;
    }
    const { place, notListed } = await checkFileOnSwitch(session, source, timeoutMs);
    const need = `${source.file} is on ${place}`;
    preconditions.push(notListed === undefined ? { need, holds: true } : { need, holds: false, actually: notListed });
  }
  return { preconditions, copies };
}

async function pushPreconditions(session: SessionLike, source: PushedSource, timeoutMs: number, copies: Map<string, number>): Promise<Precondition[]> {
  const local = await readLocalImage(source);
  const readable = `${source.pushedFrom} is a readable file here`;
  if ('problem' in local) return [{ need: readable, holds: false, actually: local.problem }];
  const listing = await listSwitchFiles(session, timeoutMs);
  const sized = `${readable} (${bytesText(local.bytes)})`;
  if (listedBytes(listing, source.file) === local.bytes) return [{ need: sized, holds: true }, { need: `${source.file} is on the switch at that size: not copied again`, holds: true }];
  copies.set(source.file, local.bytes);
  const noRoom = noRoomFor(local, source.file, listing);
  const room = `the switch has room for ${source.file}`;
  return [{ need: sized, holds: true }, noRoom === undefined ? { need: room, holds: true } : { need: room, holds: false, actually: noRoom }];
}
