// The chassis' file system, /usr/local/cfg (docs/exos-cli.md §4.7, §4.8): what `ls` lists, what SFTP/SCP write into,
// what `install image FILE` reads. Only names and sizes are kept: a pushed file's bytes are counted, never stored.
import type { StoredFile } from './scenarios.js';

export const CFG_DIR = '/usr/local/cfg';
/** Capacity of the simulated internal flash when the chassis spec names none [R]. */
export const DEFAULT_FLASH_BYTES = 512 * 1024 * 1024;

/** The only names EXOS accepts by SFTP/SCP [D: user guide, "Using SFTP/SCP"]. */
const TRANSFERABLE = /^[^/\\]+\.(cfg|pol|xos|xmod|ssh)$/;

/**
 * `complete`: there from the start or its transfer ended normally; `writing`: a transfer holds it open; `cut`: its
 * transfer broke off or was refused for space, and it keeps what was written so far.
 */
export type FileState = 'complete' | 'writing' | 'cut';

export interface FileEntry extends StoredFile {
  state: FileState;
  /** Written by SFTP/SCP (its size can be wrong), rather than given by the scenario. */
  pushed: boolean;
}

/** A name in /usr/local/cfg from an SFTP/SCP path: a bare name or /usr/local/cfg/NAME; undefined for any other place. */
export function nameInCfg(path: string): string | undefined {
  const name = path.startsWith(`${CFG_DIR}/`) ? path.slice(CFG_DIR.length + 1) : path.replace(/^\.\//, '');
  return name !== '' && !name.includes('/') ? name : undefined;
}

/** The configuration directory itself, as a client names it ("", ".", "/usr/local/cfg", "/usr/local/cfg/"). */
export const isCfgDir = (path: string) => ['', '.', './', CFG_DIR, `${CFG_DIR}/`].includes(path);

export const isTransferable = (name: string) => TRANSFERABLE.test(name);

export class ChassisFileSystem {
  private readonly entries = new Map<string, FileEntry>();

  constructor(
    initial: readonly StoredFile[],
    readonly capacityBytes: number,
    /** Files that live outside this table but take space (the saved configuration). */
    private readonly others: () => StoredFile[],
  ) {
    for (const file of initial) this.entries.set(file.name, { ...file, state: 'complete', pushed: false });
  }

  /** Every file, the configuration first, in the order they were created. */
  list(): StoredFile[] {
    return [...this.others(), ...[...this.entries.values()].map(({ name, bytes }) => ({ name, bytes }))];
  }

  find(name: string): FileEntry | undefined {
    return this.entries.get(name);
  }

  freeBytes(): number {
    return Math.max(0, this.capacityBytes - this.list().reduce((sum, file) => sum + file.bytes, 0));
  }

  /** Opens `name` for a transfer (created if missing, emptied when `truncate`). */
  openForWrite(name: string, truncate: boolean): FileEntry {
    const existing = this.entries.get(name);
    const entry: FileEntry = { name, bytes: truncate || !existing ? 0 : existing.bytes, state: 'writing', pushed: true };
    this.entries.set(name, entry);
    return entry;
  }

  /** Grows the file to `end` bytes; false (and the file is cut) when the free space does not allow it. */
  extend(entry: FileEntry, end: number): boolean {
    if (end <= entry.bytes) return true;
    if (end - entry.bytes > this.freeBytes()) {
      entry.state = 'cut';
      return false;
    }
    entry.bytes = end;
    return true;
  }

  /** The transfer ended normally; a file already cut stays cut. */
  finish(entry: FileEntry): void {
    if (entry.state === 'writing') entry.state = 'complete';
  }

  /** The transfer broke off: the file keeps the size written so far. */
  abandon(entry: FileEntry): void {
    if (entry.state === 'writing') entry.state = 'cut';
  }

  remove(name: string): boolean {
    return this.entries.delete(name);
  }
}
