// `npm run build` (and npm start, npm run bench, and the tests' globalSetup before them): applies patches/ to
// node_modules (patch-package; README, Development: "Patches to other projects"), then builds the CLI as ESM, twice.
// dist/hitless.js, which bin/hitless.js runs, is split at every dynamic import(): what the first frame does not need
// (ssh2, the engine, the simulator, the other commands) lives in dist/chunks/ and is loaded only when used, so the
// full-screen console starts fast. dist/hitless.mjs is the same program in one file, to copy alone to a jump host.
// Both hold every dependency (React in its production build, the web player's script and style), so the published
// package needs nothing from a registry; dist/THIRD-PARTY-LICENSES.md carries the licences of what they hold.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { PLAYER_FILES, playerAsset } from '../source/record/playerAssets.js';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = `${ROOT}dist`;
export const BUNDLE = `${DIST}/hitless.js`;
export const ONE_FILE = `${DIST}/hitless.mjs`;
const LICENCES = `${DIST}/THIRD-PARTY-LICENSES.md`;
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

/** ssh2's optional native parts (its crypto binding, cpu-features): left out, ssh2 runs without them as it does where they did not compile. */
const withoutNativeAddons: Plugin = {
  name: 'without-native-addons',
  setup(builder) {
    builder.onResolve({ filter: /^cpu-features$|\.node$/ }, (args) => ({ path: args.path, namespace: 'native-addon' }));
    builder.onLoad({ filter: /.*/, namespace: 'native-addon' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not part of the hitless bundle`)});`,
    }));
  },
};

/** The web player's script and style, inlined where an exported page needs them (source/record/playerAssets.ts reads them from node_modules). */
const inlinedPlayerAssets: Plugin = {
  name: 'inlined-player-assets',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]source[\\/]record[\\/]playerAssets\.ts$/ }, () => {
      const texts = Object.fromEntries(Object.keys(PLAYER_FILES).map((name) => [name, playerAsset(name as keyof typeof PLAYER_FILES)]));
      return { contents: `const TEXTS = ${JSON.stringify(texts)};\nexport const playerAsset = (name) => TEXTS[name];\n`, loader: 'js' };
    });
  },
};

/** Replaces `path` by rename: a process starting meanwhile reads the old file or the new one, never half of one. */
function writeAtomically(path: string, contents: string): void {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, contents);
  renameSync(partial, path);
}

/** The esbuild whose output withoutBuiltinImports was written for (test/scripts/patches.test.ts fails when another is installed). */
export const REWRITTEN_FOR_ESBUILD = '0.28.2';

/** How esbuild writes an import of a Node built-in module: a default, named or namespace import. */
const BUILTIN_IMPORT = /^import (?:(\w+)|\{([^}]*)\}|\* as (\w+)) from "(node:[\w/]+)";$/gm;

/**
 * Node's built-in modules taken with process.getBuiltinModule instead of import: importing one builds its ES module
 * facade, which reads every export and so runs every lazy getter (fs.promises and the fs streams, net's BlockList...),
 * loading modules the first frame never uses. The bundle's imports are rewritten as it is written out.
 */
export function withoutBuiltinImports(code: string): string {
  const rewritten = code.replace(BUILTIN_IMPORT, (_, name: string | undefined, names: string | undefined, namespace: string | undefined, module: string) => {
    const builtin = `process.getBuiltinModule(${JSON.stringify(module)})`;
    return names === undefined ? `const ${name ?? namespace} = ${builtin};` : `const {${names.replace(/ as /g, ': ')}} = ${builtin};`;
  });
  const missed = /^import .* from "node:.*$/m.exec(rewritten);
  if (missed) throw new Error(`esbuild wrote an import of a built-in module that scripts/build.ts does not rewrite: ${missed[0]}`);
  return rewritten;
}

/** Removes chunks that no build refers to any more, once old enough that no run can still be using them. */
function removeStaleChunks(current: ReadonlySet<string>, now: number, keepForMs: number): void {
  for (const name of readdirSync(CHUNKS)) {
    const file = join(CHUNKS, name);
    if (!current.has(file) && now - statSync(file).mtimeMs >= keepForMs) unlinkSync(file);
  }
}

/**
 * patch-package, run here rather than at `npm install`: a published package with an install script makes npm ask the
 * user to allow it, and nothing of the development tree runs at the user's install. Patches already applied are left.
 */
function applyPatches(): void {
  try {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'patch-package'), { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`patch-package could not apply patches/:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** The packages under node_modules whose files a build holds, by folder. */
function bundledPackages(metafile: Metafile): string[] {
  const folders = Object.keys(metafile.inputs).map((input) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1]);
  return [...new Set(folders.filter((folder) => folder !== undefined))].sort();
}

/** Each bundled package's name, version, licence and licence text, in one file beside the bundle. */
function licences(packageFolders: string[]): string {
  const sections = packageFolders.map((folder) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, folder, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    const licenceFile = readdirSync(join(ROOT, folder)).find((name) => /^(licen[cs]e|copying)/i.test(name));
    const text = licenceFile ? readFileSync(join(ROOT, folder, licenceFile), 'utf8').trim() : `(${manifest.name} ships no licence file; its package.json says ${manifest.license ?? 'nothing'})`;
    return `## ${manifest.name} ${manifest.version} (${manifest.license ?? 'no licence named'})\n\n\`\`\`\n${text}\n\`\`\`\n`;
  });
  return `# Licences of the packages in dist/\n\nhitless bundles these packages into dist/hitless.js, dist/chunks/ and dist/hitless.mjs.\n\n${sections.join('\n')}`;
}

const COMMON = {
  entryPoints: { hitless: `${ROOT}cli.tsx` },
  write: false as const,
  bundle: true,
  metafile: true as const,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  jsx: 'automatic',
  plugins: [withoutDevtools, withoutNativeAddons, inlinedPlayerAssets],
  define: { 'process.env.NODE_ENV': '"production"' },
  // cli.tsx also sets NODE_ENV for the tsx entry; esbuild keeps that assignment and would warn about it.
  logOverride: { 'assign-to-define': 'silent' },
  // Bundled CommonJS dependencies use require() and __dirname (ssh2's WebAssembly loader); ESM has neither unless made.
  banner: {
    js: [
      "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);",
      "const __dirname = process.getBuiltinModule('node:path').dirname(process.getBuiltinModule('node:url').fileURLToPath(import.meta.url));",
    ].join('\n'),
  },
  logLevel: 'warning' as const,
} satisfies BuildOptions;

/**
 * Builds and puts the new build in place at once: the split build's chunks (named by their content) first, then its
 * entry file by rename, so a hitless starting meanwhile runs the old build or the new one; then the one-file build and
 * the licences. `clean` (npm pack) removes every chunk of an older build at once. Returns the size of the entry file.
 */
export async function buildBundle({ clean = false } = {}): Promise<number> {
  applyPatches();
  const [split, oneFile] = await Promise.all([
    build({ ...COMMON, outdir: DIST, chunkNames: 'chunks/[name]-[hash]', splitting: true }),
    build({ ...COMMON, outfile: ONE_FILE, banner: { js: `#!/usr/bin/env node\n${COMMON.banner.js}` } }),
  ]);
  const entry = split.outputFiles.find((file) => file.path === BUNDLE);
  if (!entry) throw new Error(`esbuild produced no ${BUNDLE}`);
  const chunks = split.outputFiles.filter((file) => file !== entry);
  mkdirSync(CHUNKS, { recursive: true });
  for (const chunk of chunks) {
    if (dirname(chunk.path) !== CHUNKS) throw new Error(`esbuild put ${basename(chunk.path)} outside ${CHUNKS}`);
    writeAtomically(chunk.path, withoutBuiltinImports(chunk.text));
  }
  writeAtomically(BUNDLE, withoutBuiltinImports(entry.text));
  removeStaleChunks(new Set(chunks.map((chunk) => chunk.path)), Date.now(), clean ? 0 : STALE_CHUNK_MS);
  writeAtomically(ONE_FILE, withoutBuiltinImports(oneFile.outputFiles[0]!.text));
  const playerPackage = `node_modules/${PLAYER_FILES.script.split('/')[0]}`; // read by a plugin, so not among esbuild's inputs
  writeAtomically(LICENCES, licences([...bundledPackages(oneFile.metafile), playerPackage]));
  return entry.contents.byteLength;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const bytes = await buildBundle({ clean: process.argv.includes('--clean') });
  process.stdout.write(`built ${BUNDLE} (${(bytes / 1024).toFixed(0)} KB, the rest in ${CHUNKS}/) and ${ONE_FILE}\n`);
}
