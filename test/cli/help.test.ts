// The documented contract matches the code: --help lists every command, every option and the exit codes, and
// README.md shows the same synopsis (source/cli/usage.ts) and the same exit-code table (source/errors.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionSpec, upgradeSpec } from '../../source/run/args.js';
import { SYNOPSIS } from '../../source/cli/usage.js';
import { rangeTable } from '../../source/run/optionRanges.js';
import { EXIT, EXIT_MEANING } from '../../source/errors.js';
import { ROOT, runCli } from '../support/runCli.js';
import { CLI_TEST_TIMEOUT_MS } from './cliRig.js';

const exitCodes = Object.values(EXIT).sort();
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The text of README.md's section with this heading, up to the next heading. */
function readmeSection(heading: string): string {
  const section = readme.split(new RegExp(`^#+ ${heading}\\s*$`, 'm'))[1]?.split(/^#/m)[0];
  if (!section) throw new Error(`README.md has no "${heading}" section`);
  return section;
}

/** The rows of the "Exit codes" table in README.md: code -> meaning. */
const readmeExitCodes = () =>
  Object.fromEntries([...readmeSection('Exit codes').matchAll(/^\|\s*(\d+)\s*\|\s*(.+?)\s*\|\s*$/gm)].map(([, code, meaning]) => [code, meaning]));

/** The "Exit codes:" list of --help, each meaning unwrapped: code -> meaning. */
const helpExitCodes = (usage: string) =>
  Object.fromEntries(
    [...usage.split(/^Exit codes:\s*$/m)[1]!.matchAll(/^ {2}(\d) {2}(.+(?:\n {5}.+)*)/gm)].map(([, code, meaning]) => [code, meaning!.replace(/\n +/g, ' ')]),
  );

describe('documented contract', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('--help, help and "<command> --help" print the same usage, exit 0, and list every command, option and exit code', async () => {
    const [unknown, ...runs] = await Promise.all([runCli(['no-such-command']), runCli(['--help']), runCli(['help']), runCli(['upgrade', '--help']), runCli([])]);
    // The dispatcher names every command it knows when it meets one it does not.
    const commands = /commands: ([a-z, -]+)/.exec(unknown.stderr)?.[1]?.trim().split(', ') ?? [];
    expect(commands).toEqual(expect.arrayContaining(['status', 'plan', 'upgrade', 'simulate']));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(runs[0]!.stdout);
    }
    const usage = runs[0]!.stdout;
    for (const command of commands) expect(usage).toMatch(new RegExp(`^\\s*hitless ${command}\\b`, 'm'));
    for (const option of Object.keys({ ...connectionSpec, ...upgradeSpec })) expect(usage, `--${option}`).toContain(`--${option}`);
    expect(usage).toContain(SYNOPSIS.replace(/^(?=.)/gm, '  '));
    expect(helpExitCodes(usage)).toEqual(EXIT_MEANING);
    expect(usage).toContain(rangeTable().replace(/^/gm, '            '));
  });

  it("README.md's option ranges are the table the parsers use", () => {
    expect(readmeSection('Option ranges').split('```')[1]).toBe(`\n${rangeTable()}\n`);
  });

  it("README.md's exit-code table is EXIT_MEANING, word for word, one row per code of EXIT", () => {
    expect(readmeExitCodes()).toEqual(EXIT_MEANING);
    expect(Object.keys(EXIT_MEANING).map(Number).sort()).toEqual(exitCodes);
    expect(EXIT_MEANING[EXIT.usage]).toMatch(/bad input/);
    expect(EXIT_MEANING[EXIT.precondition]).toMatch(/nothing was changed/);
    expect(EXIT_MEANING[EXIT.stoppedSafe]).toMatch(/safe state.*rerun/);
  });

  it("README.md's usage block is the synopsis of --help", () => {
    expect(readmeSection('Usage').split('```')[1]).toBe(`\n${SYNOPSIS}\n`);
  });
});
