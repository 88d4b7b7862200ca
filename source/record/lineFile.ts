// A file of whole lines (the journal, a recording): each line is written whole or not at all. A write that fails (a
// full disk, a quota, an I/O error) is cut back to the last complete line, the failure is reported once, and the file
// takes nothing more — so a reader never meets half a line, and a rerun appends after the last whole one.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, readSync, writeSync } from 'node:fs';
import { fileError } from '../errors.js';
import { openPrivateFile } from '../privateFiles.js';

export type WriteFailure = (err: unknown) => void;

const TAIL_CHUNK = 64 * 1024;

/** The length of the file up to its last newline: a line cut off by a killed process or a full disk is not kept. */
function completeLinesEnd(fd: number, size: number): number {
  const chunk = Buffer.alloc(TAIL_CHUNK);
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - TAIL_CHUNK);
    const read = readSync(fd, chunk, 0, end - start, start);
    const newline = chunk.subarray(0, read).lastIndexOf(0x0a);
    if (newline >= 0) return start + newline + 1;
    end = start;
  }
  return 0;
}

export class LineFile {
  private broken = false;

  private constructor(
    readonly fd: number,
    /** Bytes up to the end of the last complete line. */
    private end: number,
    private readonly onFailure: WriteFailure,
  ) {}

  /** `append`: after what the file holds (its last line completed first); else the file starts empty. */
  static open(path: string, mode: 'append' | 'create', what: string, onFailure: WriteFailure): LineFile {
    let fd: number;
    try {
      fd = openPrivateFile(path, mode === 'append' ? 'a+' : 'w');
    } catch (err) {
      throw fileError(`open ${what}`, path, err);
    }
    const stat = fstatSync(fd);
    const end = mode === 'append' && stat.isFile() ? completeLinesEnd(fd, stat.size) : 0;
    const file = new LineFile(fd, end, onFailure);
    if (stat.isFile() && end < stat.size) file.cutBack();
    return file;
  }

  /** Writes the line and its newline; false (and nothing written) once the file has failed. */
  writeLine(line: string): boolean {
    if (this.broken) return false;
    const bytes = Buffer.from(line + '\n');
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
      this.end += bytes.length;
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    }
  }

  /** A failure found elsewhere (an fsync): the file takes nothing more, and the failure is reported once. */
  fail(err: unknown): void {
    if (this.broken) return;
    this.broken = true;
    this.cutBack();
    this.onFailure(err);
  }

  /** fsync now; a failure is reported, never thrown. */
  sync(): void {
    if (this.broken) return;
    try {
      fsyncSync(this.fd);
    } catch (err) {
      this.fail(err);
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  private cutBack(): void {
    try {
      ftruncateSync(this.fd, this.end);
    } catch {
      // A device (/dev/full) or a file gone read-only cannot be cut; nothing more is written to it either way.
    }
  }
}
