// --console-a/--console-b in a headless run with management SSH: the consoles are watched from the start, their boot
// lines go to the journal and the console recording, and a boot failure seen on a console is marked as evidence.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { consoleRigPerTest } from '../support/consoleRig.js';

const start = consoleRigPerTest();

interface ConsoleLine {
  type: string;
  slot: string;
  line: string;
  failure: boolean;
}

const consoleLines = (journalFile: string): ConsoleLine[] =>
  readFileSync(journalFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ConsoleLine)
    .filter((event) => event.type === 'console-line');

it('journals and records the boot lines of both MSMs while the upgrade runs over management SSH', async () => {
  const { rig, consoles } = await start('happy', 'admin');
  const journal = join(rig.dir, 'run.jsonl');
  const cast = join(rig.dir, 'console.cast');
  const run = await rig.upgrade([...consoles.args, '--journal', journal, '--record-console', cast], { env: consoles.env, timeoutMs: 120_000 });
  expect(run.code, run.stderr).toBe(0);
  const lines = consoleLines(journal);
  for (const slot of ['A', 'B']) {
    const booted = lines.filter((event) => event.slot === slot).map((event) => event.line);
    expect(booted, slot).toContain('Starting ExtremeXOS 15.3.5.2');
    expect(booted.some((line) => /now available for login/.test(line)), slot).toBe(true);
  }
  expect(lines.some((event) => event.failure)).toBe(false);
  expect(readFileSync(cast, 'utf8')).toContain('[MSM-B console] Starting ExtremeXOS 15.3.5.2');
}, 150_000);

it("marks a boot failure seen on the consoles (the backup's own, the master's log) as evidence in the journal and the rollback's line", async () => {
  const { rig, consoles } = await start('backup-boot-fails', 'admin');
  const journal = join(rig.dir, 'run.jsonl');
  const run = await rig.upgrade([...consoles.args, '--journal', journal, '--rollback-on-failure'], { env: consoles.env, timeoutMs: 120_000 });
  expect(run.code, run.stderr).toBe(4);
  const failures = consoleLines(journal).filter((event) => event.failure);
  // The two consoles are separate connections: which one's line arrives first is not fixed.
  expect(failures.map((event) => [event.slot, event.line.replace(/^[\d/]+ [\d:.]+ /, '')]).sort()).toEqual([
    ['A', '<Info:DM.Info> MSM-B: Node State changed to FAIL'],
    ['B', 'MSM-B failed to initialize; node state FAIL.'],
  ]);
  const rollback = run.events.find((event) => event.type === 'rollback');
  expect(rollback).toMatchObject({
    outcome: 'done',
    // Whichever console spoke first, the failed MSM's own console comes last and is the one the line quotes.
    consoleLines: [...failures].sort((a, b) => a.slot.localeCompare(b.slot)).map((event) => `MSM-${event.slot}'s console: ${event.line}`),
    message: "MSM-B did not come up on 15.3.5.2-patch1-5 (FAIL); MSM-B's console: MSM-B failed to initialize; node state FAIL; rolled back to 15.3.1.4 and In Sync again; the chassis is redundant",
  });
}, 150_000);
