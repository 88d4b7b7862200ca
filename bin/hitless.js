#!/usr/bin/env -S node --max-semi-space-size=2
// The `hitless` command: runs dist/hitless.js, the bundle `npm run build` writes (in a checkout `npm install` builds it,
// and `npm start` rebuilds it first; a packed package ships it built).
// --max-semi-space-size bounds V8's young generation: redrawing the console during a long burst of output would
// otherwise grow it to 32 MB that stay resident (bench/RESULTS.md, RSS growth). npm start passes the same flag.
await import('../dist/hitless.js');
