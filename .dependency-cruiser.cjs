// The layer rules of source/, checked by `npm test` (depcruise). README's "Layers" paragraph says the same in words.
// Type-only imports count: a pure layer that needs a type from a layer above is reaching up all the same.

/** Node built-ins that do no I/O; the pure layers (exos, procedure) may use these and nothing else outside source/. */
const PURE_BUILTINS = ['^(node:)?util$', '^(node:)?net$']; // net for isIPv4/isIPv6 only

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-unresolvable',
      comment: 'Every import resolves (so that no rule below passes because a path was not understood).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-cycles',
      comment: 'Modules form no import cycle.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'exos-is-pure',
      comment: 'exos (the EXOS CLI as data and parsers) imports only exos and the pure Node built-ins.',
      severity: 'error',
      from: { path: '^source/exos/' },
      to: { pathNot: ['^source/exos/', ...PURE_BUILTINS] },
    },
    {
      name: 'procedure-is-pure',
      comment: 'procedure (decisions, plan, safety) imports only procedure, exos and the pure Node built-ins.',
      severity: 'error',
      from: { path: '^source/procedure/' },
      to: { pathNot: ['^source/(procedure|exos)/', ...PURE_BUILTINS] },
    },
    {
      name: 'ui-never-talks-to-the-switch',
      comment: 'ui draws what it is given: it imports no transport, session or console (the serial consoles).',
      severity: 'error',
      from: { path: '^source/ui/' },
      to: { path: '^source/(transport|session|console)/' },
    },
    {
      name: 'simulator-knows-no-parsers',
      comment: 'The simulated chassis is written from the EXOS facts, never from hitless\'s own parsers or procedure.',
      severity: 'error',
      from: { path: '^source/simulator/' },
      to: { path: '^source/(exos|session|procedure|engine)/' },
    },
    {
      name: 'run-below-cli-and-fleet',
      comment: 'run prepares and performs one upgrade for cli and fleet; it imports neither.',
      severity: 'error',
      from: { path: '^source/run/' },
      to: { path: ['^source/(cli|fleet)/', '^cli\\.tsx$'] },
    },
    {
      name: 'fleet-below-cli',
      comment: 'fleet runs many upgrades through run; the cli commands sit on top of it.',
      severity: 'error',
      from: { path: '^source/fleet/' },
      to: { path: ['^source/cli/', '^cli\\.tsx$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    cache: { folder: 'node_modules/.cache/dependency-cruiser', strategy: 'content' },
  },
};
