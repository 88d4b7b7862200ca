import type { ImageVersion } from './chassisState.js';

/** Where an image comes from: `HOST:FILE` (TFTP via `download image`) or a URL (`download url`). */
export type ImageSource =
  | { kind: 'host'; host: string; file: string }
  | { kind: 'url'; url: string; file: string };

export interface ImageFile {
  source: ImageSource;
  /** e.g. "bd8800" */
  prefix: string;
  version: ImageVersion;
  kind: 'xos' | 'xmod' | 'lst';
  /** For .xmod: the module name, e.g. "ssh". */
  module?: string;
}
