// The documented contract matches the code: --help lists every command, every option and the exit codes, and the
// README's exit-code table is the one in source/errors.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionSpec, upgradeSpec } from '../../source/run/args.js';
import { EXIT } from '../../source/errors.js';
import { ROOT, runCli } from '../support/runCli.js';
import { CLI_TEST_TIMEOUT_MS } from './cliRig.js';

const exitCodes = Object.values(EXIT).sort();

/** The rows of the "Exit codes" table in README.md: code -> meaning. */
function readmeExitCodes(): Map<number, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^#+ Exit codes\s*$/m)[1]?.split(/^#/m)[0];
  if (!section) throw new Error('README.md has no "Exit codes" section');
  const rows = [...section.matchAll(/^\|\s*(\d+)\s*\|\s*(.+?)\s*\|\s*$/gm)];
  return new Map(rows.map(([, code, meaning]) => [Number(code), meaning!]));
}

describe('documented contract', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('--help, help and "<command> --help" print the same usage, exit 0, and list every command, option and exit code', async () => {
    const [unknown, ...runs] = await Promise.all([runCli(['no-such-command']), runCli(['--help']), runCli(['help']), runCli(['upgrade', '--help']), runCli([])]);
    // The dispatcher names every command it knows when it meets one it does not.
    const commands = /commands: ([a-z, -]+)/.exec(unknown.stderr)?.[1]?.split(', ') ?? [];
    expect(commands).toEqual(expect.arrayContaining(['status', 'plan', 'upgrade', 'simulate']));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(runs[0]!.stdout);
    }
    const usage = runs[0]!.stdout;
    for (const command of commands) expect(usage).toMatch(new RegExp(`^\\s*hitless ${command}\\b`, 'm'));
    for (const option of Object.keys({ ...connectionSpec, ...upgradeSpec })) expect(usage, `--${option}`).toContain(`--${option}`);
    const listed = [...usage.split(/^Exit codes:\s*$/m)[1]!.matchAll(/^\s+(\d)\s+\S/gm)].map(([, code]) => Number(code));
    expect(listed).toEqual(exitCodes);
  });

  it("README.md's exit-code table has exactly the codes of EXIT, each with a meaning", () => {
    const table = readmeExitCodes();
    expect([...table.keys()].sort()).toEqual(exitCodes);
    for (const meaning of table.values()) expect(meaning.length).toBeGreaterThan(10);
    expect(table.get(EXIT.usage)).toMatch(/bad input/);
    expect(table.get(EXIT.precondition)).toMatch(/nothing was changed/);
    expect(table.get(EXIT.stoppedSafe)).toMatch(/safe state.*rerun/);
  });
});
