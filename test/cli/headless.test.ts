// Headless upgrade contract through the real CLI: refusal without --yes when there is no terminal, the JSONL journal
// (kept in the state folder by default), the advice at the end true for the outcome, and the password never leaving
// the process.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { startSimulator } from '../../source/simulator/index.js';
import { runCli, tempDir } from '../support/runCli.js';
import { destructiveCommands, runningOn } from '../support/simulatedUpgrade.js';
import { CLI_TEST_TIMEOUT_MS, runAgainst, STACK_TRACE, withRig } from './cliRig.js';

const IMAGE = '10.0.0.5:bd8800-15.3.5.2-patch1-5.xos';

describe.concurrent('hitless upgrade --headless', () => {
  it('without --yes and without a terminal: refuses at the first destructive step as bad input (exit 2), says to pass --yes', async () => {
    await withRig('happy', async (rig) => {
      const args = ['upgrade', ...rig.connectArgs(), '--image', IMAGE, '--headless', '--poll', '0.05'];
      // One after the other: a second run on the chassis would stop at the first one's lock.
      const text = await runAgainst(rig, args);
      const json = await runAgainst(rig, [...args, '--json']);

      expect(text.code, text.stderr).toBe(2);
      expect(text.stdout).toMatch(/finished \(exit 2\): bad input\n.*next: rerun the same command with --yes/);
      const stderr = text.stderr.split('\n').filter((line) => line !== '');
      expect(stderr).toEqual([expect.stringMatching(/download image .* msm B.* needs a confirmation: pass --yes/)]);
      expect(text.stderr + text.stdout).not.toMatch(STACK_TRACE);

      expect(json.code).toBe(2);
      const types = json.events.map((event) => event.type);
      expect(types).toContain('confirm-request');
      expect(types).not.toContain('command');
      expect(json.events.find((event) => event.type === 'confirm-request')).toMatchObject({ step: 'install-first-backup' });
      expect(json.events.find((event) => event.type === 'error')).toMatchObject({ exitCode: 2, message: expect.stringMatching(/--yes/) });
      expect(json.events.at(-1)).toMatchObject({ type: 'run-end', exitCode: 2, outcome: 'bad-input', changed: false });

      expect(destructiveCommands(rig.sim)).toEqual([]);
      expect(rig.sim.chassis.master()?.slot).toBe('A');
    });
  }, CLI_TEST_TIMEOUT_MS);

  it('--journal: every event as one JSON line, the same as --json prints, appended by the next run; the password appears nowhere', async () => {
    const password = 'Pw-7q!Zx#hitless-SECRET-93k';
    const dir = tempDir();
    const sim = await startSimulator({ scenario: 'happy', speed: 0, hostKeyFile: join(dir, 'sim_host_key'), users: [{ username: 'ops', password }] });
    try {
      const journal = join(dir, 'run.jsonl');
      const args = [
        'upgrade', '--host', '127.0.0.1', '--port', String(sim.port), '--user', 'ops', '--password-env', 'HITLESS_SECRET_PASSWORD',
        '--known-hosts', join(dir, 'known_hosts'), '--accept-new', '--image', IMAGE,
        '--headless', '--yes', '--poll', '0.05', '--step-timeout', '4', '--journal', journal,
      ];
      const env = { HITLESS_SECRET_PASSWORD: password, XDG_STATE_HOME: join(dir, 'state') };
      const first = await runCli([...args, '--json'], { env });
      expect(first.code, first.stderr).toBe(0);
      expect([runningOn(sim, 'A'), runningOn(sim, 'B')]).toEqual(['15.3.5.2-patch1-5', '15.3.5.2-patch1-5']);
      const afterFirst = readFileSync(journal, 'utf8');
      const second = await runCli(args, { env });
      expect(second.code, second.stderr).toBe(0);
      const afterSecond = readFileSync(journal, 'utf8');

      // Appended, not truncated; every line is a JSON event.
      expect(afterSecond.startsWith(afterFirst)).toBe(true);
      expect(afterSecond.length).toBeGreaterThan(afterFirst.length);
      const lines = afterSecond.split('\n');
      expect(lines.pop()).toBe('');
      const events = lines.map((line) => JSON.parse(line) as EngineEvent);
      const firstRun = events.slice(0, first.events.length);
      expect(firstRun).toEqual(first.events);
      expect(events.filter((event) => event.type === 'run-start')).toHaveLength(2);
      expect(events.filter((event) => event.type === 'run-end').map((event) => event.type === 'run-end' && event.exitCode)).toEqual([0, 0]);

      const types = new Set(firstRun.map((event) => event.type));
      for (const type of ['run-start', 'state', 'decision', 'command', 'question', 'step-start', 'step-end', 'run-end'] as const) {
        expect(types, type).toContain(type);
      }
      const questions = firstRun.flatMap((event) => (event.type === 'question' ? [event.question] : []));
      expect(questions.find((q) => q.id === 'reboot-msm')).toMatchObject({
        text: expect.stringMatching(/reboot MSM-B/),
        reply: 'y',
        reason: expect.stringMatching(/backup/),
      });
      for (const question of questions) expect(question.reason).not.toBe('');
      expect(firstRun.filter((event) => event.type === 'command').map((event) => event.type === 'command' && event.command)).toContain('reboot msm B');
      expect(statSync(journal).mode & 0o077).toBe(0);

      for (const [where, text] of [['stdout', first.stdout + second.stdout], ['stderr', first.stderr + second.stderr], ['journal', afterSecond]]) {
        expect(text.includes(password), `password in ${where}`).toBe(false);
      }
    } finally {
      await sim.close();
    }
  }, CLI_TEST_TIMEOUT_MS);

  it('after the I/O-module-reset refusal the end says what to change (--allow-io-reset), never "rerun the same command"; without --journal the journal is kept in the state folder and named', async () => {
    const dir = tempDir();
    const env = { XDG_STATE_HOME: join(dir, 'state') };
    const args = ['upgrade', '--simulate', 'io-mismatch', '--speed', '0', '--poll', '0.05', '--headless', '--yes'];
    const [text, json] = await Promise.all([runCli(args, { env }), runCli([...args, '--json'], { env })]);
    const kept = readdirSync(join(dir, 'state', 'hitless', 'journals')).map((name) => join(dir, 'state', 'hitless', 'journals', name));
    const journals = kept.filter((name) => name.endsWith('.jsonl'));
    expect(journals).toHaveLength(2);
    // Beside each journal, the configuration copy taken before the first destructive step.
    expect(kept.filter((name) => name.endsWith('.config.txt')).sort()).toEqual(journals.map((name) => name.replace(/\.jsonl$/, '.config.txt')).sort());

    expect(text.code, text.stderr).toBe(4);
    const end = text.stdout.trim().split('\n').slice(-4).map((line) => line.slice(9));
    expect(end[0]).toBe('finished (exit 4): stopped in a safe state');
    expect(end[1]).toBe(
      'next: MSM-B now runs 15.3.5.2-patch1-5 while the MASTER MSM-A runs 15.3.1.4: roll MSM-B back with "hitless rollback --to-version 15.3.1.4" ' +
        '(same connection options); or make the I/O module images match, or rerun with --allow-io-reset only if an outage is acceptable',
    );
    expect(end[2]).toMatch(/^journal: (\/.+\.jsonl)$/);
    expect(journals).toContain(end[2]!.slice('journal: '.length));
    expect(end[3]).toBe(`configuration copy: ${end[2]!.slice('journal: '.length).replace(/\.jsonl$/, '.config.txt')}`);
    expect(text.stdout + text.stderr).not.toMatch(/rerun the same command/);

    expect(json.code).toBe(4);
    const runEnd = json.events.at(-1);
    expect(runEnd).toMatchObject({ type: 'run-end', exitCode: 4, next: expect.stringMatching(/--allow-io-reset/), journal: expect.stringMatching(/\.jsonl$/) });
    expect(JSON.stringify(runEnd)).not.toMatch(/rerun the same command/);
    const journaled = readFileSync((runEnd as { journal: string }).journal, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as EngineEvent);
    expect(journaled).toEqual(json.events);
    expect(statSync((runEnd as { journal: string }).journal).mode & 0o077).toBe(0);
  }, CLI_TEST_TIMEOUT_MS);
});
