// The web player an exported page inlines: asciinema-player's script and style, read from its package. The build
// (scripts/build.ts) replaces this module by one holding both texts, so the bundle and the one-file build need no
// node_modules to export a page.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const PLAYER_FILES = {
  script: 'asciinema-player/dist/bundle/asciinema-player.min.js',
  style: 'asciinema-player/dist/bundle/asciinema-player.css',
} as const;

const require = createRequire(import.meta.url);

export const playerAsset = (name: keyof typeof PLAYER_FILES): string => readFileSync(require.resolve(PLAYER_FILES[name]), 'utf8');
