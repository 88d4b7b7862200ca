import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseJournal, renderReport, reportRuns } from '../../source/record/report.js';
import { runCli, tempDir } from '../support/runCli.js';
import { firstMsmRun } from './runEvents.js';

const journalText = (events = firstMsmRun()) => events.map((event) => JSON.stringify({ schema: 'hitless/1', ...event })).join('\n') + '\n';

describe('report (text)', () => {
  const text = renderReport(reportRuns(parseJournal(journalText())), 'text');

  it('says what, who, when and the outcome', () => {
    expect(text).toContain('What:     bd8800-16.1.2.3.xos (16.1.2.3) on 10.1.1.1:22');
    expect(text).toContain('Who:      ops@jump1');
    expect(text).toContain('When:     2026-02-03 08:00:00 UTC → 08:01:00 (1 min 00 s)');
    expect(text).toContain('Outcome:  exit 4 — stopped in a safe state; rerun the same command to resume');
  });

  it('lists steps with timings, confirmations with their key and evidence, questions, problems and the final state', () => {
    expect(text).toMatch(/08:00:02 {2}Install on first backup +done in 19\.0 s {2}\$ download image 10\.0\.0\.5 bd8800-16\.1\.2\.3\.xos/);
    expect(text).toMatch(/08:00:27 {2}First backup in sync +failed in 32\.0 s/);
    expect(text).toContain('answer: confirm (key c) at 08:00:07');
    expect(text).toContain('answer: confirm (key y)');
    expect(text).toContain('evidence: MSM-B is BACKUP (In Sync)');
    expect(text).toContain('switch may ask: "Are you sure you want to reboot MSM-B? (y/N)" → y');
    expect(text).toContain('"Do you want to install image after downloading? (y - yes, n - no, <cr> - cancel)" → y (install to the inactive partition)');
    expect(text).toContain('warning: MSM-B took long to boot');
    expect(text).toContain('error: stopped by the operator; rerun to resume');
    expect(text).toContain('MSM-B  BACKUP (In Sync), booted secondary; primary 15.3.1.4-patch1-10, secondary 16.1.2.3');
  });
});

describe('report (Markdown change record)', () => {
  const md = renderReport(reportRuns(parseJournal(journalText())), 'md');

  it('has a heading, a facts table, and sections as tables and lists', () => {
    expect(md.startsWith('# Change record: hitless upgrade of 10.1.1.1:22\n')).toBe(true);
    expect(md).toContain('| Who | ops@jump1 |');
    expect(md).toContain('| Outcome | exit 4 — stopped in a safe state; rerun the same command to resume |');
    expect(md).toContain('## Final state');
    expect(md).toContain('| MSM-B | BACKUP (In Sync) | secondary | 15.3.1.4-patch1-10 | 16.1.2.3 |');
    expect(md).toContain('| 08:00:21 | Reboot first backup | done | 6.0 s | `reboot msm B` |');
    expect(md).toContain('### 08:00:03 Install on first backup');
    expect(md).toContain('Answer: **confirm** by key c at 08:00:07');
    expect(md).toContain('- MSM-A is MASTER');
    expect(md).toContain('- "Are you sure you want to reboot MSM-B? (y/N)" → `y`');
    expect(md).toContain('## Questions from the switch');
    expect(md).toContain('## Warnings and errors');
  });

  it('escapes table pipes so a detail cannot break a table', () => {
    const events = firstMsmRun().map((event) => (event.type === 'step-end' && event.detail ? { ...event, detail: 'secondary | MSM-B' } : event));
    const table = renderReport(reportRuns(events), 'md');
    expect(table).toContain('| done: secondary \\| MSM-B |');
  });
});

describe('report: what it says is where it says it', () => {
  it('the cause the outcome refers to ("the cause above") is right under the outcome', () => {
    const events = firstMsmRun().map((event) =>
      event.type === 'run-end' ? { ...event, summary: 'stopped in a safe state; deal with the cause above, then rerun the same command to resume' } : event,
    );
    const lines = renderReport(reportRuns(events), 'text').split('\n');
    const outcome = lines.findIndex((line) => line.startsWith('Outcome:'));
    expect(lines[outcome + 1]).toBe('Cause:    stopped by the operator; rerun to resume');
    expect(renderReport(reportRuns(events), 'md')).toContain('| Outcome | exit 4 — stopped in a safe state; deal with the cause above, then rerun the same command to resume |\n| Cause | stopped by the operator; rerun to resume |');
  });

  it('a decision is listed as a decision with its title, never as the command a step ran', () => {
    const at = '2026-02-03T08:00:50.000Z';
    const events = [
      ...firstMsmRun().filter((event) => event.type !== 'run-end'),
      { schema: 'hitless/1', type: 'step-start', at, step: 'failover', command: 'run msm-failover' },
      { schema: 'hitless/1', type: 'confirm-request', at, step: 'failover', title: 'Continue despite lost ports', command: 'continue despite lost ports', decision: true, questions: [], evidence: ['ports down since the failover: 2:3'] },
      { schema: 'hitless/1', type: 'confirm-response', at, step: 'failover', answer: 'confirm', by: 'key c' },
    ] as Parameters<typeof reportRuns>[0];
    const [run] = reportRuns(events);
    expect(run!.steps.find((step) => step.step === 'failover')?.command).toBe('run msm-failover');
    const text = renderReport([run!], 'text');
    expect(text).toContain('Failover: Continue despite lost ports: decision (nothing sent): continue despite lost ports');
    expect(text).not.toContain('$ continue despite');
    expect(renderReport([run!], 'md')).toContain('Decision (nothing sent to the switch): continue despite lost ports');
  });
});

describe('journals with several runs, and cut-off journals', () => {
  it('reports each run of a journal that a resumed upgrade appended to', () => {
    const events = [...firstMsmRun(), ...firstMsmRun().map((event) => ({ ...event, at: event.at.replace('T08:', 'T09:') }))];
    const text = renderReport(reportRuns(events), 'text');
    expect(text).toContain('hitless upgrade (run 1 of 2)');
    expect(text).toContain('hitless upgrade (run 2 of 2)');
  });

  it('leaves out a last line cut off by a killed process; the run then reads as unfinished', () => {
    const events = firstMsmRun().slice(0, 9);
    const text = journalText(events) + '{"type":"step-st';
    const runs = reportRuns(parseJournal(text));
    expect(runs).toHaveLength(1);
    expect(renderReport(runs, 'text')).toContain('Outcome:  unfinished (no run-end: the process was stopped)');
    const [first, ...rest] = journalText(events).split('\n');
    expect(() => parseJournal([first, 'broken', ...rest].join('\n'))).toThrow(/^line 2 is not JSON/);
  });

  it.each([
    [850, '850 ms'],
    [18_000, '18.0 s'],
    [125_000, '2 min 05 s'],
  ])('formatDuration(%i) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('hitless report (CLI)', () => {
  it('prints the text report, and --format md the change record; bad input is a usage error', async () => {
    const dir = tempDir();
    const journal = join(dir, 'run.jsonl');
    writeFileSync(journal, journalText());
    const text = await runCli(['report', journal]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Who:      ops@jump1');
    const md = await runCli(['report', journal, '--format', 'md']);
    expect(md.stdout).toContain('# Change record: hitless upgrade of 10.1.1.1:22');
    const bad = await runCli(['report', journal, '--format', 'pdf']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be text or md');
    const missing = await runCli(['report', join(dir, 'none.jsonl')]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('cannot read')]);
  }, 30_000);

  it("several journals (a fleet's): one table, a line per journal, then each journal's report", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'core-1.jsonl'), journalText());
    writeFileSync(join(dir, 'core-2.jsonl'), journalText(firstMsmRun().filter((event) => event.type !== 'run-end')));
    const text = await runCli(['report', join(dir, 'core-1.jsonl'), join(dir, 'core-2.jsonl')]);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toMatch(/^JOURNAL +HOST +OUTCOME +EXIT +RELEASE +DURATION$/);
    expect(lines[1]).toMatch(/^core-1 +10\.1\.1\.1:22 +stopped +4 +bd8800-16\.1\.2\.3\.xos \(16\.1\.2\.3\) +1 min 00 s$/);
    expect(lines[2]).toMatch(/^core-2 +10\.1\.1\.1:22 +unfinished +- +bd8800-16\.1\.2\.3\.xos \(16\.1\.2\.3\) +-$/);
    expect(text.stdout.split('\n').filter((line) => line === 'hitless upgrade')).toHaveLength(2);
    const md = await runCli(['report', join(dir, 'core-1.jsonl'), join(dir, 'core-2.jsonl'), '--format', 'md']);
    expect(md.stdout.split('\n')[0]).toBe('| JOURNAL | HOST | OUTCOME | EXIT | RELEASE | DURATION |');
    expect(md.stdout).toMatch(/^\| core-2 \| 10\.1\.1\.1:22 \| unfinished \| - \|/m);
    expect(md.stdout.match(/^# Change record: /gm)).toHaveLength(2);
    const missing = await runCli(['report', join(dir, 'core-1.jsonl'), join(dir, 'none.jsonl')]);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('cannot read')]);
  }, 30_000);
});
