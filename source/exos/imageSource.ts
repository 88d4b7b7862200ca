import type { ImageVersion } from './chassisState.js';

/** Where an image is downloaded from: `HOST:FILE` (TFTP via `download image`) or a URL (`download url`). */
export type DownloadSource = { kind: 'host'; host: string; file: string } | { kind: 'url'; url: string; file: string };

/**
 * Where an image comes from: a download, or already installed on the chassis (a rollback to the release on the other
 * partitions: only `use image` selects it, nothing is downloaded). `file` names it for the operator.
 */
export type ImageSource = DownloadSource | { kind: 'installed'; file: string };

export interface ImageFile {
  source: ImageSource;
  /** e.g. "bd8800" */
  prefix: string;
  version: ImageVersion;
  kind: 'xos' | 'xmod' | 'lst';
  /** For .xmod: the module name, e.g. "ssh". */
  module?: string;
}
