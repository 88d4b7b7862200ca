// A file the run cannot write (a full disk: /dev/full stands for one) stops the run at its next safe point with exit 4
// and one line on stderr naming the file and why; the run-end says what to do. Never an internal error.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.js';
import { CLI_TEST_TIMEOUT_MS, STACK_TRACE } from './cliRig.js';

const UPGRADE = ['upgrade', '--simulate', 'happy', '--speed', '0', '--headless', '--yes', '--poll', '0.05'];
const STOP = (what: string) => new RegExp(`error: cannot write the ${what} /dev/full: no space left on the device \\(ENOSPC\\); stopped at a safe point$`);

describe.concurrent('a file the run cannot write', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('--journal /dev/full: exit 4, one line on stderr, the summary says what to do', async () => {
    const run = await runCli([...UPGRADE, '--journal', '/dev/full']);
    expect({ code: run.code, stderr: run.stderr.split('\n').filter(Boolean) }).toEqual({ code: 4, stderr: [expect.stringMatching(STOP('journal'))] });
    expect(run.stdout).toMatch(/finished \(exit 4\): stopped in a safe state/);
    expect(run.stdout).toMatch(/next: make room for the journal \(or give it another place\), then rerun the same command to resume/);
    expect(run.stdout + run.stderr).not.toMatch(STACK_TRACE);
  });

  it('--record-console /dev/full, --json: the error and run-end events name it; nothing destructive was sent', async () => {
    const run = await runCli([...UPGRADE, '--json', '--record-console', '/dev/full']);
    expect(run.code).toBe(4);
    const error = run.events.find((event) => event.type === 'error');
    expect(error).toMatchObject({ kind: 'stopped', exitCode: 4, message: expect.stringMatching(/^cannot write the recording \/dev\/full: no space left on the device \(ENOSPC\)/) });
    expect(run.events.at(-1)).toMatchObject({ type: 'run-end', exitCode: 4, outcome: 'stopped-safe', next: expect.stringMatching(/^make room for the recording/) });
    expect(run.events.filter((event) => event.type === 'command')).toEqual([]);
  });
});
