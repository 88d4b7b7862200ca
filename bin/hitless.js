#!/usr/bin/env -S node --max-semi-space-size=2
// The `hitless` command: runs dist/hitless.js, the bundle `npm run build` writes (a packed package ships it built; in
// a checkout `npm start` builds it when a source is newer).
// --max-semi-space-size bounds V8's young generation: redrawing the console during a long burst of output would
// otherwise grow it to 32 MB that stay resident (bench/RESULTS.md, RSS growth). npm start passes the same flag.
// Node.js 22 and later keep the bundle's compiled code between runs (module.enableCompileCache); Node 20 has no
// compile cache for ES modules, and there this does nothing.
process.getBuiltinModule('node:module').enableCompileCache?.();
const bundle = new URL('../dist/hitless.js', import.meta.url);
if (process.getBuiltinModule('node:fs').existsSync(bundle)) {
  await import(bundle.href);
} else {
  // Only a checkout that was never built: a package always holds its bundle.
  process.stderr.write('hitless: dist/hitless.js is not built yet: run `npm run build` in this checkout (npm start does)\n');
  process.exitCode = 1;
}
