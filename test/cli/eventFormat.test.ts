import { describe, expect, it } from 'vitest';
import { formatEvent } from '../../source/cli/eventFormat.js';

const at = '2025-01-01T10:00:00.000Z';
const ADVICE = 'rerunning alone repeats this refusal: make the I/O module images match, or rerun with --allow-io-reset only if an outage is acceptable';

describe('formatEvent (headless text)', () => {
  it('a decision is not printed as a command waiting to be sent', () => {
    expect(formatEvent({ type: 'confirm-request', step: 'failover', title: 'Continue despite lost ports', command: 'continue despite lost ports', decision: true, questions: [], evidence: [], at })).toBe(
      '10:00:00 [failover] needs a decision: continue despite lost ports (nothing is sent)',
    );
    expect(formatEvent({ type: 'confirm-request', step: 'failover', title: 'Fail over to MSM-B', command: 'run msm-failover', questions: [], evidence: [], at })).toBe(
      '10:00:00 [failover] needs confirmation: run msm-failover',
    );
  });

  it('a copy to the switch: how it goes, how far it got (rate and time left once known), how it ended', () => {
    expect(formatEvent({ type: 'transfer-start', file: 'bd8800-16.1.2.3.xos', bytesTotal: 41_943_040, via: 'sftp', at })).toBe(
      '10:00:00 copying bd8800-16.1.2.3.xos (41,943,040 bytes) to the switch over SFTP',
    );
    expect(formatEvent({ type: 'transfer-progress', bytesSent: 0, bytesTotal: 41_943_040, at })).toBe('10:00:00 ... sent 0 of 41,943,040 bytes (0 %)');
    expect(formatEvent({ type: 'transfer-progress', bytesSent: 3_145_728, bytesTotal: 41_943_040, bytesPerSecond: 1_200_000, secondsLeft: 33, at })).toBe(
      '10:00:00 ... sent 3,145,728 of 41,943,040 bytes (7 %), 1.1 MiB/s, 33s left',
    );
    expect(formatEvent({ type: 'transfer-end', file: 'bd8800-16.1.2.3.xos', bytesSent: 1024, outcome: 'failed', at })).toBe(
      '10:00:00 copy of bd8800-16.1.2.3.xos failed after 1,024 bytes',
    );
  });

  it('an error prints its reason; what to do next comes once, at the end', () => {
    expect(formatEvent({ type: 'error', kind: 'switch-error', message: 'failover would reset all I/O modules', exitCode: 4, advice: ADVICE, at })).toBe(
      '10:00:00 error: failover would reset all I/O modules',
    );
    expect(formatEvent({ type: 'error', kind: 'timeout', message: 'gave up', exitCode: 3, at })).toBe('10:00:00 error: gave up');
  });

  it('the run ends with the outcome, the advice true for it (not "rerun" after a refusal), and the journal', () => {
    const end = formatEvent({ type: 'run-end', exitCode: 4, summary: `stopped in a safe state; ${ADVICE}`, next: ADVICE, journal: '/state/hitless/journals/core-1.jsonl', at });
    expect(end).toBe(
      [
        '10:00:00 finished (exit 4): stopped in a safe state',
        `10:00:00 next: ${ADVICE}`,
        '10:00:00 journal: /state/hitless/journals/core-1.jsonl',
      ].join('\n'),
    );
    expect(end).not.toContain('rerun the same command');
  });

  it('a console proven before the window says how it was reached, and whether a password was typed', () => {
    expect(formatEvent({ type: 'console-ready', slot: 'A', via: 'ops:port05@cs1:22', loggedIn: true, at })).toBe('10:00:00 MSM-A console: logged in via ops:port05@cs1:22');
    expect(formatEvent({ type: 'console-ready', slot: 'B', via: 'ops@cs1:3006', loggedIn: false, at })).toBe(
      '10:00:00 MSM-B console: at the EXOS prompt (a login was already open) via ops@cs1:3006',
    );
  });

  it('a journal written before run-end carried its advice ends as it did', () => {
    expect(formatEvent({ type: 'run-end', exitCode: 4, summary: 'stopped in a safe state; rerun the same command to resume', at })).toBe(
      '10:00:00 finished (exit 4): stopped in a safe state; rerun the same command to resume',
    );
  });
});
