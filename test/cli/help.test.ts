// The documented contract matches the code: --help is a manual page listing every command, the connection and upgrade
// options and the exit codes; each command's --help page lists exactly the options that command parses, each with its
// meaning; README.md shows the same synopsis (source/cli/usage.ts) and the same exit-code table (source/errors.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionSpec, statusSpec, upgradeSpec } from '../../source/run/args.js';
import { demoSpec } from '../../source/cli/demoCommand.js';
import { exportSpec } from '../../source/cli/exportCommand.js';
import { replaySpec } from '../../source/cli/replayCommand.js';
import { reportSpec } from '../../source/cli/reportCommand.js';
import { simulateSpec } from '../../source/cli/simulateCommand.js';
import { fleetSpec } from '../../source/fleet/fleetCommand.js';
import { SYNOPSIS } from '../../source/cli/usage.js';
import { rangeTable } from '../../source/run/optionRanges.js';
import { EXIT, EXIT_MEANING } from '../../source/errors.js';
import { ROOT, runCli } from '../support/runCli.js';
import { CLI_TEST_TIMEOUT_MS } from './cliRig.js';

const exitCodes = Object.values(EXIT).sort();

/** What each command gives node's parseArgs (read in each command's module), by the dispatcher's name. */
const PARSED_OPTIONS: Record<string, Record<string, { type: string; short?: string }>> = {
  status: statusSpec,
  plan: upgradeSpec,
  upgrade: upgradeSpec,
  rollback: upgradeSpec,
  stage: upgradeSpec,
  simulate: simulateSpec,
  demo: demoSpec,
  replay: replaySpec,
  export: exportSpec,
  report: reportSpec,
  fleet: fleetSpec,
  completion: {},
};

/** The section headings of a manual page, in order. */
const sectionsOf = (page: string) => [...page.matchAll(/^([A-Z][A-Z ]+)$/gm)].map(([, heading]) => heading);

/** The OPTIONS section of a page: option name -> its short form, value name and meaning (unwrapped). */
function optionEntries(page: string): Record<string, { short?: string; value: string; meaning: string }> {
  const section = page.split(/^OPTIONS$/m)[1]!.split(/^[A-Z]/m)[0]!;
  return Object.fromEntries(
    [...section.matchAll(/^ {2}(?:(-\w), )?--([\w-]+)(?: (.+))?\n((?: {8}.+\n?)+)/gm)].map(([, short, name, value, meaning]) => [
      name,
      { ...(short && { short }), value: value ?? '', meaning: meaning!.trim().replace(/\s*\n\s*/g, ' ') },
    ]),
  );
}
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

/** The EXIT STATUS list of a --help page, each meaning unwrapped: code -> meaning. */
const helpExitCodes = (usage: string) =>
  Object.fromEntries(
    [...usage.split(/^EXIT STATUS$/m)[1]!.split(/^[A-Z]/m)[0]!.matchAll(/^ {2}(\d) {2}(.+(?:\n {5}.+)*)/gm)].map(([, code, meaning]) => [code, meaning!.replace(/\n +/g, ' ')]),
  );

describe('documented contract', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('--help, -h, help and no arguments print the same manual page, exit 0, listing every command, option and exit code', async () => {
    const [unknown, ...runs] = await Promise.all([runCli(['no-such-command']), runCli(['--help']), runCli(['-h']), runCli(['help']), runCli([])]);
    // The dispatcher names every command it knows when it meets one it does not.
    const commands = /commands: ([a-z, -]+)/.exec(unknown.stderr)?.[1]?.trim().split(', ') ?? [];
    expect(commands).toEqual(Object.keys(PARSED_OPTIONS));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(runs[0]!.stdout);
    }
    const usage = runs[0]!.stdout;
    expect(sectionsOf(usage)).toEqual(['NAME', 'SYNOPSIS', 'OPTIONS', 'DESCRIPTION', 'EXIT STATUS', 'FILES', 'ENVIRONMENT', 'EXAMPLES']);
    for (const command of commands) expect(usage).toMatch(new RegExp(`^\\s*hitless ${command}\\b`, 'm'));
    for (const option of Object.keys({ ...connectionSpec, ...upgradeSpec })) expect(usage, `--${option}`).toContain(`--${option}`);
    expect(usage).toContain(SYNOPSIS.replace(/^(?=.)/gm, '  '));
    expect(helpExitCodes(usage)).toEqual(EXIT_MEANING);
    expect(usage).toContain(rangeTable().replace(/^/gm, '              '));
  });

  it("README.md's option ranges are the table the parsers use", () => {
    expect(readmeSection('Option ranges').split('```')[1]).toBe(`\n${rangeTable()}\n`);
  });

  it('"hitless COMMAND --help" (and -h, and "hitless help COMMAND") is that command\'s page: exactly the options it parses, each with its meaning', async () => {
    const pages = await Promise.all(
      Object.keys(PARSED_OPTIONS).map(async (command) => {
        const runs = await Promise.all([runCli([command, '--help']), runCli([command, '-h']), runCli(['help', command])]);
        return { command, runs };
      }),
    );
    for (const { command, runs } of pages) {
      for (const run of runs) expect({ code: run.code, stderr: run.stderr, stdout: run.stdout }).toEqual({ code: 0, stderr: '', stdout: runs[0]!.stdout });
      const page = runs[0]!.stdout;
      expect(page).toMatch(new RegExp(`^NAME\\n  hitless ${command} — \\S`));
      expect(sectionsOf(page).filter((section) => section !== 'DESCRIPTION'), command).toEqual(['NAME', 'SYNOPSIS', 'OPTIONS', 'EXIT STATUS', 'EXAMPLES', 'SEE ALSO']);
      expect(page.split(/^SYNOPSIS$/m)[1], command).toMatch(new RegExp(`^  hitless ${command}\\b`, 'm'));
      expect(helpExitCodes(page)).toEqual(EXIT_MEANING);
      const parsed = PARSED_OPTIONS[command]!;
      const entries = optionEntries(page);
      expect(Object.keys(entries).sort(), command).toEqual([...Object.keys(parsed), 'help'].sort());
      for (const [name, option] of Object.entries(parsed)) {
        const entry = entries[name]!;
        expect(entry.meaning, `${command} --${name}`).toMatch(/^[A-Z].{10,}\.$/s);
        // An option that takes a value names it; a flag does not.
        expect(entry.value !== '', `${command} --${name} ${entry.value}`).toBe(option.type === 'string');
        expect(entry.short, `${command} --${name}`).toBe('short' in option ? `-${option.short}` : undefined);
      }
    }
    const upgrade = pages.find(({ command }) => command === 'upgrade')!.runs[0]!.stdout;
    expect(optionEntries(upgrade)['step-timeout']!.meaning).toContain('Default: 1800.');
    expect(optionEntries(upgrade)['health-settle']!.meaning).toContain('Default: 60.');
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
