// `npm run build` (run by `npm install` as `prepare`): one ESM bundle of the CLI, dist/hitless.js (git-ignored), which
// bin/hitless.js runs; the bin calls buildBundle() itself when a source is newer than the bundle.
// ssh2 stays external (native addon); React is bundled in its production build.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = new URL('..', import.meta.url).pathname;
export const BUNDLE = `${ROOT}dist/hitless.js`;

/** Ink imports react-devtools-core only when DEV=true; the bundle leaves it out. */
const withoutDevtools: Plugin = {
  name: 'without-react-devtools',
  setup(builder) {
    builder.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'omitted' }));
    builder.onLoad({ filter: /.*/, namespace: 'omitted' }, () => ({ contents: 'export default undefined;' }));
  },
};

/** Builds the bundle and puts it in place at once: a hitless starting meanwhile runs the old bundle or the new one. */
export async function buildBundle(): Promise<number> {
  const result = await build({
    entryPoints: [`${ROOT}cli.tsx`],
    outfile: BUNDLE,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    external: ['ssh2'],
    plugins: [withoutDevtools],
    define: { 'process.env.NODE_ENV': '"production"' },
    // cli.tsx also sets NODE_ENV for the tsx entry; esbuild keeps that assignment and would warn about it.
    logOverride: { 'assign-to-define': 'silent' },
    // Bundled CommonJS dependencies call require(); ESM output has none unless we create it.
    banner: { js: "import { createRequire as hitlessCreateRequire } from 'node:module'; const require = hitlessCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  const [bundle] = result.outputFiles;
  if (!bundle || result.outputFiles.length !== 1) throw new Error(`esbuild produced ${result.outputFiles.length} files, expected ${BUNDLE} alone`);
  mkdirSync(dirname(BUNDLE), { recursive: true });
  const partial = `${BUNDLE}.${process.pid}.partial`;
  writeFileSync(partial, bundle.contents);
  renameSync(partial, BUNDLE);
  return bundle.contents.byteLength;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const bytes = await buildBundle();
  process.stdout.write(`built ${BUNDLE} (${(bytes / 1024 / 1024).toFixed(1)} MB)\n`);
}
