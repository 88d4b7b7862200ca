// A local --image (`./FILE`): read here before anything is sent, copied to the switch over the SSH login at the
// install step, checked by the size `ls` shows (EXOS has no checksum command), removed once both MSMs have it.
// Every decision is taken from what `ls` lists now, so a rerun after a dropped transfer never sends a file again
// whose size already matches.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { LIST_FILES } from '../exos/commands.js';
import type { PushedSource } from '../exos/imageSource.js';
import { parseFileListing, type FileListing } from '../exos/parseFileListing.js';
import type { EngineEventBody, TransferProgress } from './events.js';
import type { SessionLike } from './sessionLike.js';

export interface LocalImage {
  /** Absolute path on the operator's machine. */
  path: string;
  bytes: number;
}

/** At most this often a transfer-progress event (the screen redraws, the journal does not keep them). */
const PROGRESS_INTERVAL_MS = 500;
/** A rate is told once the transfer has run this long (the first chunks only fill buffers). */
const RATE_AFTER_MS = 1_000;

export const bytesText = (bytes: number): string => `${bytes.toLocaleString('en-US')} bytes`;

/** The path as the operator gave it, `~/` being their home directory. */
const localPathOf = (source: PushedSource): string =>
  resolve(source.pushedFrom.startsWith('~/') ? `${homedir()}${source.pushedFrom.slice(1)}` : source.pushedFrom);

/** The local file and its size, or why it cannot be pushed (not there, not a file, not readable). */
export async function readLocalImage(source: PushedSource): Promise<LocalImage | { problem: string }> {
  const path = localPathOf(source);
  try {
    const info = await stat(path);
    if (!info.isFile()) return { problem: `${path} is not a file` };
    await access(path, constants.R_OK);
    return { path, bytes: info.size };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? `${path} does not exist` : code === 'EACCES' ? `${path} is not readable` : `${path}: ${(error as Error).message}` };
  }
}

export async function listSwitchFiles(session: SessionLike, timeoutMs: number): Promise<FileListing> {
  return parseFileListing((await session.run(LIST_FILES, { idleTimeoutMs: timeoutMs })).output);
}

/** The size `ls` shows for `file`, undefined when it is not listed. */
export const listedBytes = (listing: FileListing, file: string): number | undefined => listing.files.find(({ name }) => name === file)?.bytes;

/** Why the file cannot go to the switch as `listing` shows it (too little free space); undefined when it fits or is there. */
export function noRoomFor(image: LocalImage, file: string, listing: FileListing): string | undefined {
  const already = listedBytes(listing, file);
  if (already === image.bytes || listing.freeBytes === undefined) return undefined;
  // A shorter copy left by a dropped transfer is overwritten: its space counts as free.
  const room = listing.freeBytes + (already ?? 0);
  return room >= image.bytes ? undefined : `${file} (${bytesText(image.bytes)}) does not fit on the switch: ${bytesText(room)} free`;
}

/** transfer-progress events, at most two a second (and the last one always), with a rate once one can be told. */
export function transferProgressEmitter(emit: (event: EngineEventBody) => void, now: () => number): (bytesSent: number, bytesTotal: number) => void {
  const startedAt = now();
  let lastAt = -Infinity;
  return (bytesSent, bytesTotal) => {
    const at = now();
    if (at - lastAt < PROGRESS_INTERVAL_MS && bytesSent < bytesTotal) return;
    lastAt = at;
    emit({ type: 'transfer-progress', ...transferProgress(bytesSent, bytesTotal, at - startedAt) });
  };
}

function transferProgress(bytesSent: number, bytesTotal: number, elapsedMs: number): TransferProgress {
  if (elapsedMs < RATE_AFTER_MS || bytesSent === 0) return { bytesSent, bytesTotal };
  const bytesPerSecond = Math.round((bytesSent * 1000) / elapsedMs);
  return { bytesSent, bytesTotal, bytesPerSecond, secondsLeft: Math.ceil((bytesTotal - bytesSent) / bytesPerSecond) };
}
