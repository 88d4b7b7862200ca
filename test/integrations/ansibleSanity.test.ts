// The hitless.exos modules pass the checks ansible-core ships that run offline: `ansible-test sanity --local` with
// every test that needs neither a network (a venv with pip requirements: validate-modules, pep8, pylint, yamllint,
// import, ansible-doc, runtime-metadata) nor docker; and, in place of validate-modules, each module's documented
// options (doc fragments merged, as ansible-doc renders them) match its argument spec name for name, type, default
// and required.
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/runCli.js';

const COLLECTIONS = join(ROOT, 'integrations', 'ansible');
const COLLECTION = join(COLLECTIONS, 'ansible_collections', 'hitless', 'exos');
/** ansible-core's own interpreter (Debian's ansible-core runs on /usr/bin/python3). */
const PYTHON = '/usr/bin/python3';
const OFFLINE_SANITY_TESTS = [
  'action-plugin-docs', 'changelog', 'compile', 'empty-init', 'future-import-boilerplate', 'ignores', 'line-endings',
  'metaclass-boilerplate', 'no-assert', 'no-basestring', 'no-dict-iteritems', 'no-dict-iterkeys', 'no-dict-itervalues',
  'no-get-exception', 'no-illegal-filenames', 'no-main-display', 'no-smart-quotes', 'no-unicode-literals',
  'replace-urlopen', 'shebang', 'shellcheck', 'symlinks', 'use-argspec-type-path', 'use-compat-six',
];
const MODULE_SPECS = { facts: 'CONNECTION_ARGS', rollback: 'ROLLBACK_ARGS', upgrade: 'UPGRADE_ARGS' };

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, LC_ALL: 'C.UTF-8', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

async function sanity(collectionRoot: string) {
  const version = (await run(PYTHON, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'])).output.trim();
  const tests = OFFLINE_SANITY_TESTS.flatMap((test) => ['--test', test]);
  return run('ansible-test', ['sanity', '--local', '--python', version, ...tests], { cwd: collectionRoot, env: { ANSIBLE_HOME: join(tempDir(), 'home') } });
}

/** A copy of the collection where ansible-test can find it (…/ansible_collections/hitless/exos). */
function collectionCopy(): string {
  const root = join(tempDir('hitless-collection-'), 'ansible_collections', 'hitless', 'exos');
  cpSync(COLLECTION, root, { recursive: true, filter: (path) => !path.includes('__pycache__') });
  return root;
}

type OptionDoc = { type?: string; default?: unknown; required?: boolean; elements?: string };

describe.concurrent('the hitless.exos modules under the checks ansible-core ships', () => {
  it('ansible-test sanity passes every offline test, and fails on a module without its boilerplate', async () => {
    const clean = await sanity(collectionCopy());
    expect(clean.code, clean.output).toBe(0);
    for (const test of OFFLINE_SANITY_TESTS) expect(clean.output).toContain(`Running sanity test "${test}"`);

    const broken = collectionCopy();
    const facts = join(broken, 'plugins', 'modules', 'facts.py');
    writeFileSync(facts, readFileSync(facts, 'utf8').replace('__metaclass__ = type\n', ''));
    const failing = await sanity(broken);
    expect(failing.code).not.toBe(0);
    expect(failing.output).toContain('plugins/modules/facts.py:0:0: missing: __metaclass__ = type');
  }, 180_000);

  it('each module documents exactly the options of its argument spec (doc fragments merged)', async () => {
    const env = { ANSIBLE_COLLECTIONS_PATH: COLLECTIONS, ANSIBLE_HOME: join(tempDir(), 'home') };
    const doc = await run('ansible-doc', ['--json', ...Object.keys(MODULE_SPECS).map((name) => `hitless.exos.${name}`)], { env });
    expect(doc.code, doc.output).toBe(0);
    const documented = JSON.parse(doc.output) as Record<string, { doc: { options: Record<string, OptionDoc> } }>;
    const specs = await run(
      PYTHON,
      ['-c', `import json; from ansible_collections.hitless.exos.plugins.module_utils import hitless_cli as h; print(json.dumps({m: getattr(h, s) for m, s in ${JSON.stringify(MODULE_SPECS)}.items()}))`],
      { env: { PYTHONPATH: COLLECTIONS } },
    );
    expect(specs.code, specs.output).toBe(0);
    const argumentSpecs = JSON.parse(specs.output) as Record<string, Record<string, OptionDoc & { no_log?: boolean }>>;
    for (const module of Object.keys(MODULE_SPECS)) {
      const options = documented[`hitless.exos.${module}`]!.doc.options;
      const spec = argumentSpecs[module]!;
      expect(Object.keys(options).sort(), module).toEqual(Object.keys(spec).sort());
      for (const [name, argument] of Object.entries(spec)) {
        const option = options[name]!;
        const where = `${module}.${name}`;
        expect(option.type, where).toBe(argument.type);
        expect(option.required ?? false, where).toBe(argument.required ?? false);
        expect(option.default ?? null, where).toEqual(argument.default ?? null);
        expect(option.elements, where).toBe(argument.elements);
      }
    }
    expect(argumentSpecs.upgrade!.password).toMatchObject({ no_log: true });
    expect(Object.keys(documented['hitless.exos.facts']!.doc.options)).not.toContain('journal');
  }, 120_000);
});
