// `npm run build`: one ESM bundle of the CLI in dist/ (git-ignored), so hitless can start without the tsx loader.
// ssh2 stays external (native addon); React is bundled in its production build.
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

export async function buildBundle(): Promise<number> {
  const result = await build({
    entryPoints: [`${ROOT}cli.tsx`],
    outfile: BUNDLE,
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
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile.outputs[`dist/hitless.js`]?.bytes ?? 0;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const bytes = await buildBundle();
  process.stdout.write(`built ${BUNDLE} (${(bytes / 1024 / 1024).toFixed(1)} MB)\n`);
}
