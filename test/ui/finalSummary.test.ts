// What the full-screen console leaves on the normal screen when it ends: outcome and exit code, the reason, both MSMs
// as last seen (dated when no longer current), what to do next, and where the journal is.
import { describe, expect, it } from 'vitest';
import type { EngineEventBody } from '../../source/engine/events.js';
import { finalSummaryLines } from '../../source/ui/finalSummary.js';
import { initialSnapshot, reduceEvent, staleSince, type UiSnapshot } from '../../source/ui/snapshot.js';
import { msm, NEW, show, TARGET_LABEL, timeline } from './fixtures.js';

const JOURNAL = '/home/op/.local/state/hitless/journals/core-1-20250101T100000Z-42.jsonl';
const IO_RESET_ADVICE = 'rerunning alone repeats this refusal: make the I/O module images match, or rerun with --allow-io-reset only if an outage is acceptable';
const started: EngineEventBody[] = [
  { type: 'run-start', operator: 'op', target: TARGET_LABEL, host: 'core-1:22', mode: 'upgrade' },
  { type: 'connected', description: 'admin@core-1' },
];
const inSync: EngineEventBody = {
  type: 'state',
  show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)', booted: 'secondary', selected: 'secondary', secondary: NEW })),
};

function after(bodies: EngineEventBody[], pollMs = 1000): { snapshot: UiSnapshot; now: number } {
  const clock = timeline();
  let snapshot = initialSnapshot(TARGET_LABEL, NEW, { pollMs });
  for (const body of bodies) snapshot = reduceEvent(snapshot, clock.event(body));
  return { snapshot, now: clock.now() };
}

const summary = (snapshot: UiSnapshot, now: number, width = 80, ascii = false) => finalSummaryLines(snapshot, { now, width, display: { ascii }, journal: JOURNAL });

describe('the summary left after the full-screen console', () => {
  it('after the I/O-module-reset refusal: exit 4, the reason, both MSMs, what to change (not "rerun"), the journal', () => {
    const { snapshot, now } = after([
      ...started,
      inSync,
      { type: 'error', kind: 'switch-error', message: 'failover would reset all I/O modules (the I/O module images differ): not hitless; answered "n"', exitCode: 4, advice: IO_RESET_ADVICE },
      { type: 'run-end', exitCode: 4, summary: `stopped in a safe state; ${IO_RESET_ADVICE}`, next: IO_RESET_ADVICE, journal: JOURNAL },
    ]);
    const lines = summary(snapshot, now);
    expect(lines[0]).toBe(`hitless upgrade to ${TARGET_LABEL} on core-1:22`);
    const text = lines.join('\n');
    expect(text).toContain('  outcome   exit 4: stopped in a safe state\n');
    expect(text.replace(/\s+/g, ' ')).toContain('reason failover would reset all I/O modules (the I/O module images differ): not hitless; answered "n"');
    expect(text).toContain('  MSM-A     MASTER · booted primary: 15.3.1.4-patch1-10 · logged in');
    expect(text).toContain('  MSM-B     BACKUP (In Sync) · booted secondary: 16.1.2.3');
    expect(text.replace(/\s+/g, ' ')).toContain(`next ${IO_RESET_ADVICE}`);
    expect(text).not.toContain('rerun the same command');
    // Wrapped under their labels at the terminal's width; the journal's path, too long beside its label, on a line of
    // its own, whole, so that the terminal does not break it either.
    expect(text).toContain(`  journal   (on the next line, whole)\n${JOURNAL}`);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(summary(snapshot, now, 100).join('\n')).toContain(`  journal   ${JOURNAL}`);
  });

  it('stopped by the operator: says so, and to rerun the same command to resume', () => {
    const { snapshot, now } = after([
      ...started,
      inSync,
      { type: 'error', kind: 'stopped', message: 'stopped by the operator; the chassis is in a safe state (rerun to resume)', exitCode: 4 },
      { type: 'run-end', exitCode: 4, summary: 'stopped in a safe state; rerun the same command to resume', next: 'rerun the same command to resume', journal: JOURNAL },
    ]);
    const text = summary(snapshot, now).join('\n');
    expect(text).toContain('outcome   exit 4: stopped in a safe state\n');
    expect(text).toContain('stopped   stopped by the operator');
    expect(text).toContain('next      rerun the same command to resume');
  });

  it('MSMs read long before the end (or with the session down) are dated with their age', () => {
    const { snapshot, now } = after([
      ...started,
      inSync,
      { type: 'disconnected', reason: 'connection reset', expected: false },
      { type: 'error', kind: 'link-lost', message: 'could not reconnect within 120 s (connection refused); rerun to resume', exitCode: 4 },
      { type: 'run-end', exitCode: 4, summary: 'stopped in a safe state; deal with the cause above, then rerun the same command to resume', next: 'deal with the cause above, then rerun the same command to resume', journal: JOURNAL },
    ]);
    const text = summary(snapshot, now + 60_000).join('\n').replace(/\s+/g, ' ');
    // "logged in" was so when read: with the session down since, it is not claimed.
    expect(text).toMatch(/MSM-A MASTER · booted primary: 15\.3\.1\.4-patch1-10 \(as of \d\d:\d\d:\d\d, 1m0[0-9]s old\)/);
    expect(text).toMatch(/MSM-B BACKUP \(In Sync\) · booted secondary: 16\.1\.2\.3 \(as of \d\d:\d\d:\d\d, 1m0[0-9]s old\)/);
    const current = after([...started, inSync, { type: 'run-end', exitCode: 0, summary: 'done', next: 'nothing: the run is complete', journal: JOURNAL }]);
    expect(summary(current.snapshot, current.now + 60_000).join('\n')).not.toContain('as of');
  });

  it('a read followed by a command and a lost link (run-end sinceFinalState) is dated however recent, and the summary says what came after it', () => {
    const since = ['at 09:12:03 "run msm-failover" was sent', 'at 09:12:03 the link was lost (the old master rebooted (failover))'];
    const { snapshot, now } = after([
      ...started,
      inSync,
      { type: 'run-end', exitCode: 4, summary: 'stopped in a safe state', next: 'rerun', journal: JOURNAL, sinceFinalState: since },
    ]);
    const text = summary(snapshot, now).join('\n').replace(/\s+/g, ' ');
    expect(text).toMatch(/MSM-A MASTER · booted primary: 15\.3\.1\.4-patch1-10 \(as of \d\d:\d\d:\d\d/);
    expect(text).toContain(`since ${since.join('; ')}: the MSMs may no longer be as shown`);
    expect(staleSince(snapshot, now + 60_000)).toBe(snapshot.showAt);
  });

  it('an MSM that boots another release next time (a transfer that installed before a quit) says so', () => {
    const selected: EngineEventBody = {
      type: 'state',
      show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)', booted: 'primary', selected: 'secondary', secondary: NEW })),
    };
    const { snapshot, now } = after([...started, selected, { type: 'run-end', exitCode: 4, summary: 'stopped in a safe state', journal: JOURNAL }]);
    expect(summary(snapshot, now, 200).join('\n')).toMatch(/MSM-B {5}BACKUP \(In Sync\) · booted primary: \S+ · next boot secondary: 16\.1\.2\.3/);
  });

  it('the finished panes date a read that was old at the end as the summary does, and a reconnect under way ends with the run', () => {
    const clock = timeline();
    let snapshot = initialSnapshot(TARGET_LABEL, NEW, { pollMs: 1000 });
    for (const body of [...started, inSync]) snapshot = reduceEvent(snapshot, clock.event(body));
    snapshot = reduceEvent(snapshot, clock.event({ type: 'disconnected', reason: 'the old master rebooted (failover)', expected: true }));
    snapshot = reduceEvent(snapshot, clock.event({ type: 'run-end', exitCode: 4, summary: 'stopped in a safe state', journal: JOURNAL }, 18));
    expect(staleSince(snapshot, clock.now() + 60_000)).toBe(snapshot.showAt);
    expect(snapshot.connection).toMatchObject({ kind: 'disconnected', reason: 'the old master rebooted (failover)' });
  });

  it('a journal path too long for its line is shortened to ~/... under the home directory where that fits, never broken by hitless', () => {
    const { snapshot, now } = after(started);
    const at = (width: number, home?: string) => finalSummaryLines(snapshot, { now, width, display: { ascii: false }, journal: JOURNAL, home });
    expect(at(70, '/home/op')).toContain('~/.local/state/hitless/journals/core-1-20250101T100000Z-42.jsonl');
    expect(at(70, '/home/op').every((line) => line.length <= 70)).toBe(true);
    expect(at(70, '/home/other')).toContain(JOURNAL);
    expect(at(80, '/home/op')).toContain('  journal   ~/.local/state/hitless/journals/core-1-20250101T100000Z-42.jsonl');
    expect(at(80, '/home/other')).toContain(JOURNAL);
  });

  it('a run that never read the chassis, and a run that did not finish, still say what is known; ASCII only under an ASCII locale', () => {
    const { snapshot, now } = after(started);
    const lines = summary(snapshot, now, 80, true);
    const text = lines.join('\n');
    expect(text).toContain('outcome   ended without an outcome (the run did not finish)');
    expect(text).toContain('MSM-A     never read');
    expect(text).toContain(`journal   (on the next line, whole)\n${JOURNAL}`);
    const done = after([...started, inSync, { type: 'run-end', exitCode: 0, summary: 'done', next: 'nothing: the run is complete', journal: JOURNAL }]);
    const ascii = summary(done.snapshot, done.now, 80, true).join('\n');
    expect([...Buffer.from(ascii, 'utf8')].filter((byte) => byte > 0x7e)).toEqual([]);
    expect(ascii).toContain('MSM-B     BACKUP (In Sync) | booted secondary: 16.1.2.3');
  });
});
