// The chassis a run ends on is the last thing read, with when, and what may have changed since: a quit during a
// transfer reads `show switch` once more (the install went on and selected the new release), questions are journaled
// when answered, and a lost link after a failover says the failover was sent and not confirmed.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEventBody } from '../../source/engine/events.js';
import { parseUpgradeArgs } from '../../source/run/args.js';
import { prepareConnection, type Connection } from '../../source/run/connect.js';
import { performUpgrade } from '../../source/run/performUpgrade.js';
import { runRedactor } from '../../source/run/prepareRun.js';
import { upgradeTargetOf } from '../../source/run/target.js';
import { runCli, tempDir } from '../support/runCli.js';

let connection: Connection | undefined;
afterEach(async () => {
  await connection?.close();
  connection = undefined;
});

type RunEnd = Extract<EngineEventBody, { type: 'run-end' }>;

describe('the final state is the last thing read', () => {
  it('slow-links, quit while MSM-B downloads: the transfer goes on, one more show switch shows it installed and selected', async () => {
    const options = parseUpgradeArgs(['--simulate', 'slow-links', '--speed', '0.002', '--poll', '0.05', '--headless', '--yes']);
    connection = await prepareConnection(options, { redactor: runRedactor(options) });
    const quit = new AbortController();
    const events: EngineEventBody[] = [];
    const exitCode = await performUpgrade({
      options,
      target: upgradeTargetOf(options),
      connection,
      emit: (event) => {
        events.push(event);
        if (event.type === 'command' && event.command.startsWith('download')) quit.abort();
      },
      confirm: async () => 'confirm',
      signal: quit.signal,
    });
    expect(exitCode).toBe(4);
    const commandAt = events.findIndex((event) => event.type === 'command');
    // The install question is journaled when it was answered, before the transfer's progress, not after it.
    const questionAt = events.findIndex((event) => event.type === 'question');
    const progressAfter = events.map((event) => event.type === 'progress' && event.slot === 'B').lastIndexOf(true);
    expect(questionAt).toBeGreaterThan(commandAt);
    expect(questionAt).toBeLessThan(progressAfter);
    // A state read after the command ended, and the run-end describes it.
    expect(events.slice(commandAt).some((event) => event.type === 'state')).toBe(true);
    const end = events.at(-1) as RunEnd;
    expect(end.finalState?.find((node) => node.name === 'MSM-B')).toMatchObject({ booted: 'primary', selected: 'secondary', secondary: '15.3.5.2' });
    expect(end.finalStateAt).toEqual(expect.any(String));
    expect(end).not.toHaveProperty('sinceFinalState');
  }, 60_000);

  it('mgmt-lost: the run-end says when the chassis was last read and that the failover was sent and the link lost since; the reason does not contradict itself; it gives up at --reconnect-timeout', async () => {
    const run = await runCli(['upgrade', '--simulate', 'mgmt-lost', '--reconnect-timeout', '1', '--speed', '0', '--poll', '0.05', '--health-settle', '1', '--headless', '--yes', '--json']);
    expect(run.code).toBe(4);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as EngineEventBody & { at: string });
    const end = events.at(-1) as RunEnd;
    const lastState = events.filter((event) => event.type === 'state').at(-1)!;
    expect(end.finalStateAt).toBe(lastState.at);
    expect(end.sinceFinalState).toEqual([expect.stringMatching(/^at \d\d:\d\d:\d\d "run msm-failover" was sent$/), expect.stringMatching(/the link was lost/)]);
    expect(end.next).toMatch(/^"run msm-failover" was sent and its effect not read since: find out which MSM is MASTER now/);
    const error = events.filter((event) => event.type === 'error').at(-1) as Extract<EngineEventBody, { type: 'error' }> & { at: string };
    // Every attempt got only the time left: the run gave up at the limit, and says the limit once.
    expect(error.message).toMatch(/^could not reconnect within 1 s \(--reconnect-timeout\); the last attempt: cannot reach [^;]*: no SSH handshake in the time left$/);
    const reconnecting = events.find((event) => event.type === 'progress' && event.deadline?.setBy === '--reconnect-timeout');
    const lost = events.find((event) => event.type === 'disconnected')!;
    const deadline = reconnecting?.type === 'progress' ? Date.parse(reconnecting.deadline!.at) : NaN;
    const generousTolerance = 3_000;
    expect(deadline - Date.parse(lost.at)).toBeGreaterThanOrEqual(1_000);
    expect(Date.parse(error.at) - deadline).toBeLessThan(generousTolerance);
    expect(Date.parse(error.at) - Date.parse(lost.at)).toBeLessThan(1_000 + generousTolerance);
    const journal = join(tempDir(), 'run.jsonl');
    const text = await runCli(['upgrade', '--simulate', 'mgmt-lost', '--reconnect-timeout', '1', '--speed', '0', '--poll', '0.05', '--health-settle', '1', '--headless', '--yes', '--journal', journal]);
    expect(text.stdout).toMatch(/last read of the chassis at \d\d:\d\d:\d\d; since then at .*"run msm-failover" was sent; at .* the link was lost .*: the MSMs may no longer be as last read/);
    const report = await runCli(['report', journal]);
    expect(report.stdout).toMatch(/Final state \(last read at \d\d:\d\d:\d\d; may have changed since\)\n(.*\n){2}  since: at \d\d:\d\d:\d\d "run msm-failover" was sent\n  since: at .* the link was lost/);
  }, 90_000);
});
