#!/usr/bin/env -S node --max-semi-space-size=2
// The `hitless` command: runs dist/hitless.js, the bundle `npm run build` writes (a packed package ships it built; in
// a checkout `npm start` builds it when a source is newer).
// --max-semi-space-size bounds V8's young generation: redrawing the console during a long burst of output would
// otherwise grow it to 32 MB that stay resident (bench/RESULTS.md, RSS growth). npm start passes the same flag.
// Node.js 22 and later keep the bundle's compiled code between runs (module.enableCompileCache); Node 20 has no
// compile cache for ES modules, and there this does nothing.
process.getBuiltinModule('node:module').enableCompileCache?.();
await import('../dist/hitless.js');
