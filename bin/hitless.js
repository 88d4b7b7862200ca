#!/usr/bin/env -S node --max-semi-space-size=2
// The `hitless` command (and `npm start`). Runs dist/hitless.js, the bundle of the TypeScript sources that
// `npm install` builds (`prepare`), after rebuilding it when a source is newer (a `git pull`, an edit). Where it cannot
// be rebuilt (a read-only install, say) the sources run through tsx instead.
// --max-semi-space-size bounds V8's young generation: redrawing the console during a long burst of output would
// otherwise grow it to 32 MB that stay resident (bench/RESULTS.md, RSS growth). npm start passes the same flag.
// Built-in modules through process.getBuiltinModule, not import: an import would build each one's ES module facade,
// which runs every lazy getter (fs.promises, the fs streams...) and costs start-up time (scripts/build.ts does the same).
const { readdirSync, statSync } = process.getBuiltinModule('node:fs');
const { fileURLToPath, pathToFileURL } = process.getBuiltinModule('node:url');

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = `${ROOT}dist/hitless.js`;
/** What the bundle is built from (besides node_modules, which `npm install` rebuilds it for). */
const SOURCES = ['cli.tsx', 'source', 'schema', 'scripts/build.ts'];

/** Newest modification time under `path`; a directory's own time changes when a file is added or removed. */
function newestChange(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return stat?.mtimeMs ?? 0;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(`${path}/${name}`)));
}

function bundleIsCurrent() {
  const built = statSync(BUNDLE, { throwIfNoEntry: false })?.mtimeMs;
  return built !== undefined && SOURCES.every((path) => newestChange(`${ROOT}${path}`) <= built);
}

async function rebuilt() {
  process.stderr.write('hitless: building dist/hitless.js from the sources...\n');
  try {
    const { tsImport } = await import('tsx/esm/api');
    const { buildBundle } = await tsImport('../scripts/build.ts', import.meta.url);
    await buildBundle();
    return true;
  } catch (error) {
    process.stderr.write(`hitless: could not build (${String(error?.message ?? error).split('\n')[0]}); running the sources through tsx\n`);
    return false;
  }
}

if (bundleIsCurrent() || (await rebuilt())) {
  await import(pathToFileURL(BUNDLE).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli.tsx');
}
