// A switch whose system name carries terminal controls (a screen clear, a window title, a clipboard write; in C1 and in
// ESC form) cannot reach the operator's terminal through any path that prints switch text: status as text and JSON, a
// headless upgrade's lines and JSON events, its journal, and `report` — also of a journal written elsewhere.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../source/simulator/scenarios.js';
import { runCli } from '../support/runCli.js';
import { BEFORE, onTerminal, TERMINAL_CONTROL } from '../support/terminalScreen.js';
import { CLI_TEST_TIMEOUT_MS, runAgainst, withRig } from './cliRig.js';

const C1_NAME = 'lab\u009b2J\u009d0;TITLE\u009c\u009d52;c;aGFja2Vk\u009c-core';
const ESC_NAME = 'lab\x1b[2J\x1b]0;TITLE\x07\x1b]52;c;aGFja2Vk\x1b\\-core';

/** Every string inside a JSON value. */
const stringsIn = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value !== null && typeof value === 'object' ? Object.values(value).flatMap(stringsIn) : [];

/** Printed text (and every string of its JSON lines) holds no terminal control, and on a terminal it sets no title and clears nothing. */
async function expectHarmless(what: string, printed: string): Promise<void> {
  expect(printed, what).not.toMatch(TERMINAL_CONTROL);
  for (const line of printed.split('\n').filter((l) => l.startsWith('{'))) {
    for (const text of stringsIn(JSON.parse(line))) expect(text, what).not.toMatch(TERMINAL_CONTROL);
  }
  const terminal = await onTerminal(printed);
  expect(terminal.titles, what).toEqual([]);
  expect(terminal.oscs, what).toEqual([]);
  expect(terminal.screen, what).toContain(BEFORE);
}

describe.concurrent('terminal controls in switch text', () => {
  it('status, a headless upgrade, its journal and its report print the C1 system name as plain text', async () => {
    await withRig('happy', async (rig) => {
      rig.sim.chassis.snmp.sysname = C1_NAME;
      const status = await runAgainst(rig, ['status', ...rig.connectArgs()]);
      const statusJson = await runAgainst(rig, ['status', ...rig.connectArgs(), '--json']);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout.split('\n')[0]).toBe('lab-core (BD-8810)');
      expect(JSON.parse(statusJson.stdout).sysName).toBe('lab-core');

      const journal = join(rig.dir, 'run.jsonl');
      const upgrade = await rig.upgrade(['--journal', journal]);
      expect(upgrade.code, upgrade.stderr).toBe(0);
      const again = await runAgainst(rig, ['upgrade', ...rig.connectArgs(), '--image', SCENARIOS.happy.suggested.image, '--headless', '--yes', '--journal', journal]);
      expect(again.code, again.stderr).toBe(0);
      const report = await runCli(['report', journal]);

      for (const [what, printed] of Object.entries({
        status: status.stdout,
        'status --json': statusJson.stdout,
        'upgrade --json': upgrade.stdout,
        'upgrade (text)': again.stdout + again.stderr,
        journal: readFileSync(journal, 'utf8'),
        report: report.stdout + report.stderr,
      })) {
        await expectHarmless(what, printed);
      }
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('status prints the ESC-form system name as plain text', async () => {
    await withRig('happy', async (rig) => {
      rig.sim.chassis.snmp.sysname = ESC_NAME;
      const status = await runAgainst(rig, ['status', ...rig.connectArgs()]);
      expect(status.stdout.split('\n')[0]).toBe('lab-core (BD-8810)');
      await expectHarmless('status', status.stdout);
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('report of a journal written elsewhere, with raw controls in every form, prints none of them', async () => {
    await withRig('happy', async (rig) => {
      const written = join(rig.dir, 'run.jsonl');
      expect((await rig.upgrade(['--journal', written])).code).toBe(0);
      // What another tool (or an attacker with the file) could have stored: raw controls in the switch's text.
      const foreign = readFileSync(written, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const event = JSON.parse(line);
          if (event.type === 'state') event.show.sysName = C1_NAME;
          if (event.type === 'step-end') event.detail = `${event.detail ?? ''} ${ESC_NAME}`;
          if (event.type === 'run-start') event.host = ESC_NAME;
          return JSON.stringify(event);
        });
      const warning = { schema: 'hitless/1', type: 'warning', message: `clipboard \x1b]52;c;aGFja2Vk\x07 \u009d52;c;aGFja2Vk\u009c done`, at: JSON.parse(foreign[1]!).at };
      foreign.splice(2, 0, JSON.stringify(warning));
      const file = join(rig.dir, 'foreign.jsonl');
      writeFileSync(file, foreign.join('\n') + '\n');
      for (const format of ['text', 'md']) {
        const report = await runCli(['report', file, '--format', format]);
        expect(report.code, report.stderr).toBe(0);
        expect(report.stdout).toContain('lab-core');
        await expectHarmless(`report --format ${format}`, report.stdout + report.stderr);
      }
    });
  }, CLI_TEST_TIMEOUT_MS);
});
