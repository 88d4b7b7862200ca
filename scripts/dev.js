// `npm start`, `npm run demo` and `npm run hitless` in a checkout: runs dist/hitless.js as bin/hitless.js does, after
// `npm run build` when there is no bundle yet or a source, a patch or the installed packages are newer than it (a
// `git pull`, an edit, an `npm install`). Plain JavaScript, so a current bundle starts without loading tsx.
// Built-in modules through process.getBuiltinModule, as in the bundle (scripts/build.ts): an import would build each
// one's ES module facade and cost start-up time.
const { execFileSync } = process.getBuiltinModule('node:child_process');
const { readdirSync, statSync } = process.getBuiltinModule('node:fs');
const { fileURLToPath } = process.getBuiltinModule('node:url');

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What the bundle is built from. */
const SOURCES = ['cli.tsx', 'source', 'schema', 'patches', 'scripts/build.ts', 'package-lock.json'];

/** Newest modification time under `path`; a directory's own time changes when a file is added or removed. */
function newestChange(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return stat?.mtimeMs ?? 0;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(`${path}/${name}`)));
}

const built = statSync(`${ROOT}dist/hitless.js`, { throwIfNoEntry: false })?.mtimeMs;
if (built === undefined || SOURCES.some((path) => newestChange(`${ROOT}${path}`) > built)) {
  execFileSync(process.execPath, ['--import', 'tsx', `${ROOT}scripts/build.ts`], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
await import('../dist/hitless.js');
