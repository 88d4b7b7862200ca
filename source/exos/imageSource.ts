import type { ImageVersion } from './chassisState.js';

/**
 * Where the switch fetches an image from: `HOST:FILE` (TFTP via `download image`, with an optional TFTP block size),
 * a URL (`download url`) or its memory card (`download image memorycard FILE`).
 */
export type DownloadSource =
  | { kind: 'host'; host: string; file: string; blockSize?: number }
  | { kind: 'url'; url: string; file: string }
  | { kind: 'memorycard'; file: string };

/**
 * Where an image comes from: a download; a file already in the switch's file system, installed with `install image`;
 * or already installed on the chassis (a rollback to the release on the other partitions: only `use image` selects
 * it, nothing is downloaded). `file` names it for the operator. A switch file with `pushedFrom` is a file on the
 * operator's machine (that path, as given): hitless copies it over the SSH login first, then installs it the same way.
 */
export type ImageSource = DownloadSource | { kind: 'switch'; file: string; pushedFrom?: string } | { kind: 'installed'; file: string };

/** The sources whose file hitless looks for on the switch (`ls`, `ls memorycard`) before it sends anything. */
export type FileOnSwitchSource = Extract<ImageSource, { kind: 'memorycard' | 'switch' }>;

export const isFileOnSwitch = (source: ImageSource): source is FileOnSwitchSource => source.kind === 'memorycard' || source.kind === 'switch';

export interface ImageFile {
  source: ImageSource;
  /** e.g. "bd8800" */
  prefix: string;
  version: ImageVersion;
  kind: 'xos' | 'xmod' | 'lst';
  /** For .xmod: the module name, e.g. "ssh". */
  module?: string;
}

/** A file on the operator's machine, pushed to the switch's file system before it is installed (`--image ./FILE`). */
export type PushedSource = { kind: 'switch'; file: string; pushedFrom: string };

export const isPushed = (source: ImageSource): source is PushedSource => source.kind === 'switch' && source.pushedFrom !== undefined;
