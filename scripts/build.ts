// `npm run build` (run by `npm install` as `prepare`): the CLI as ESM, dist/hitless.js (git-ignored), which
// bin/hitless.js runs; the bin calls buildBundle() itself when a source is newer than the bundle.
// Split at every dynamic import(): what the first frame does not need (ssh2, the engine, the simulator, the other
// commands) lives in dist/chunks/ and is loaded only when used, so the full-screen console starts fast.
// ssh2 stays external (native addon); React is bundled in its production build.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { build, type Plugin } from 'esbuild';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = `${ROOT}dist`;
export const BUNDLE = `${DIST}/hitless.js`;
const CHUNKS = `${DIST}/chunks`;
/** A chunk no longer part of the build is removed only after this long: a run started before the rebuild may still load it. */
const STALE_CHUNK_MS = 24 * 60 * 60 * 1000;

/** Ink loads its devtools (and through them react-devtools-core and ws) only when DEV=true; the bundle leaves them out. */
const withoutDevtools: Plugin = {
  name: 'without-react-devtools',
  setup(builder) {
    builder.onResolve({ filter: /^react-devtools-core$|\/devtools\.js$/ }, (args) =>
      args.path === 'react-devtools-core' || args.importer.includes('/node_modules/ink/') ? { path: args.path, namespace: 'omitted' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'omitted' }, () => ({ contents: 'export default undefined;' }));
  },
};

/** Replaces `path` by rename: a process starting meanwhile reads the old file or the new one, never half of one. */
function writeAtomically(path: string, contents: string): void {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, contents);
  renameSync(partial, path);
}

/** yoga-layout's loader picks fetch() when there is one, even for its own data: URL. */
const YOGA_FETCH_CHOICE = 'w||"function"!=typeof fetch?';

/**
 * yoga-layout (Ink's layout engine) fetch()es its WebAssembly from a data: URL, and the first fetch() loads Node's
 * whole HTTP client (undici, http2, tls): 100-600 ms of start-up. Its loader decodes the same bytes itself when told to.
 */
const yogaWithoutFetch: Plugin = {
  name: 'yoga-without-fetch',
  setup(builder) {
    builder.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const patched = source.replace(YOGA_FETCH_CHOICE, 'w||!0?');
      const warnings = patched === source ? [{ text: 'yoga-layout changed how it loads its WebAssembly: it is fetched (a slower start)' }] : [];
      return { contents: patched, loader: 'js', warnings };
    });
  },
};

/** string-width's emoji test: V8 takes ~40 ms to build `\p{RGI_Emoji}` (some 3,600 strings) and run it once. */
export const RGI_EMOJI_TEST = String.raw`const rgiEmojiRegex = /^\p{RGI_Emoji}$/v;`;

/**
 * The same test, cheap for a cluster of one code point (every glyph hitless draws): that is an RGI emoji exactly when
 * it has Emoji_Presentation and is not a regional indicator (test/scripts/build.test.ts checks every code point).
 * A longer cluster builds the full regex at its first use.
 */
export const LAZY_RGI_EMOJI_TEST = String.raw`const singleEmojiRegex = /^(?!\p{Regional_Indicator})\p{Emoji_Presentation}$/u;
let rgiEmojiSequenceRegex;
const rgiEmojiRegex = {
	test: (segment) => segment.length === (segment.codePointAt(0) > 0xFFFF ? 2 : 1)
		? singleEmojiRegex.test(segment)
		: (rgiEmojiSequenceRegex ??= new RegExp('^\\p{RGI_Emoji}$', 'v')).test(segment),
};`;

/** Measuring the first frame's glyphs (box drawing, markers) would otherwise build the full emoji regex before it is drawn. */
const stringWidthWithLazyEmojiTest: Plugin = {
  name: 'string-width-with-lazy-emoji-test',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('rgiEmojiRegex')) return undefined; // string-width 7 (wrap-ansi's) tests with emoji-regex
      const patched = source.replace(RGI_EMOJI_TEST, () => LAZY_RGI_EMOJI_TEST);
      const warnings = patched === source ? [{ text: 'string-width changed its emoji test: the full emoji regex is built at start-up (a slower first frame)' }] : [];
      return { contents: patched, loader: 'js', warnings };
    });
  },
};

/** How esbuild writes an import of a Node built-in module: a default, named or namespace import. */
const BUILTIN_IMPORT = /^import (?:(\w+)|\{([^}]*)\}|\* as (\w+)) from "(node:[\w/]+)";$/gm;

/**
 * Node's built-in modules taken with process.getBuiltinModule instead of import: importing one builds its ES module
 * facade, which reads every export and so runs every lazy getter (fs.promises and the fs streams, net's BlockList...),
 * loading modules the first frame never uses. The bundle's imports are rewritten as it is written out.
 */
export function withoutBuiltinImports(code: string): string {
  return code.replace(BUILTIN_IMPORT, (_, name: string | undefined, names: string | undefined, namespace: string | undefined, module: string) => {
    const builtin = `process.getBuiltinModule(${JSON.stringify(module)})`;
    return names === undefined ? `const ${name ?? namespace} = ${builtin};` : `const {${names.replace(/ as /g, ': ')}} = ${builtin};`;
  });
}

/** Removes chunks that no build refers to any more, once old enough that no run can still be using them. */
function removeStaleChunks(current: ReadonlySet<string>, now: number): void {
  for (const name of readdirSync(CHUNKS)) {
    const file = join(CHUNKS, name);
    if (!current.has(file) && now - statSync(file).mtimeMs > STALE_CHUNK_MS) unlinkSync(file);
  }
}

/**
 * Builds and puts the new build in place at once: its chunks (named by their content) first, then the entry file by
 * rename, so a hitless starting meanwhile runs the old build or the new one. Returns the size of the entry file.
 */
export async function buildBundle(): Promise<number> {
  const result = await build({
    entryPoints: { hitless: `${ROOT}cli.tsx` },
    outdir: DIST,
    chunkNames: 'chunks/[name]-[hash]',
    write: false,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    external: ['ssh2'],
    plugins: [withoutDevtools, yogaWithoutFetch, stringWidthWithLazyEmojiTest],
    define: { 'process.env.NODE_ENV': '"production"' },
    // cli.tsx also sets NODE_ENV for the tsx entry; esbuild keeps that assignment and would warn about it.
    logOverride: { 'assign-to-define': 'silent' },
    // Bundled CommonJS dependencies call require(); ESM output has none unless we create it.
    banner: { js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  const entry = result.outputFiles.find((file) => file.path === BUNDLE);
  if (!entry) throw new Error(`esbuild produced no ${BUNDLE}`);
  const chunks = result.outputFiles.filter((file) => file !== entry);
  mkdirSync(CHUNKS, { recursive: true });
  for (const chunk of chunks) {
    if (dirname(chunk.path) !== CHUNKS) throw new Error(`esbuild put ${basename(chunk.path)} outside ${CHUNKS}`);
    writeAtomically(chunk.path, withoutBuiltinImports(chunk.text));
  }
  writeAtomically(BUNDLE, withoutBuiltinImports(entry.text));
  removeStaleChunks(new Set(chunks.map((chunk) => chunk.path)), Date.now());
  return entry.contents.byteLength;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const bytes = await buildBundle();
  process.stdout.write(`built ${BUNDLE} (${(bytes / 1024).toFixed(0)} KB, the rest in ${CHUNKS}/)\n`);
}
