// The screen tells the truth: what it shows is current or dated, labelled for what it is, and readable at 80x24 —
// in UTF-8 or ASCII alike.
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEventBody } from '../../source/engine/events.js';
import type { Action } from '../../source/procedure/types.js';
import { Screen, type ScreenProps } from '../../source/ui/components/Screen.js';
import { displayFor } from '../../source/ui/display.js';
import { clockTime } from '../../source/ui/format.js';
import { initialSnapshot, reduceEvent, type UiOptions, type UiSnapshot } from '../../source/ui/snapshot.js';
import { checklistAt, CORE, frameLines, msm, NEW, show, TARGET_LABEL, timeline } from './fixtures.js';

afterEach(cleanup);

function snapshotAfter(bodies: EngineEventBody[], options: UiOptions = {}): { snapshot: UiSnapshot; now: number; at: (index: number) => string } {
  const clock = timeline();
  let snapshot = initialSnapshot(TARGET_LABEL, NEW, options);
  const times: string[] = [];
  for (const body of bodies) {
    const event = clock.event(body);
    times.push(event.at);
    snapshot = reduceEvent(snapshot, event);
  }
  return { snapshot, now: clock.now(), at: (index) => times[index]! };
}

function screen(snapshot: UiSnapshot, now: number, overrides: Partial<ScreenProps> = {}): string {
  const { lastFrame } = render(
    <Screen snapshot={snapshot} consoleLines={['* core-1.1 # show switch']} consoleScrolledBack={0} size={{ columns: 80, rows: 24 }} canSkip={false} now={now} {...overrides} />,
  );
  return lastFrame() ?? '';
}

const started: EngineEventBody[] = [
  { type: 'run-start', operator: 'op', target: TARGET_LABEL, host: 'core-1', mode: 'upgrade' },
  { type: 'connected', description: 'admin@core-1' },
];
const inSync: EngineEventBody = { type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)' })) };
const download = 'download image 10.0.0.5 bd8800-16.1.2.3.xos vr "VR-Mgmt" secondary msm B';
const installB: Action = { kind: 'download', step: 'install-first-backup', slot: 'B', partition: 'secondary', image: CORE, command: download };
const downloading: EngineEventBody[] = [
  { type: 'decision', action: installB, evidence: [], checklist: checklistAt('install-first-backup') },
  { type: 'step-start', step: 'install-first-backup', command: download },
  { type: 'command', command: download, step: 'install-first-backup' },
];

describe('stale panes', () => {
  it('a read older than a poll is dimmed and dated ("as of"), and nothing says idle about an MSM not read since', () => {
    const { snapshot, now, at } = snapshotAfter([...started, inSync], { pollMs: 5000 });
    const fresh = screen(snapshot, now + 4000);
    expect(fresh).not.toContain('as of');
    expect(fresh).toMatch(/now +idle/);
    const old = screen(snapshot, now + 60_000);
    expect(frameLines(old)[2]).toMatch(new RegExp(`^as of +${clockTime(at(2))} +MASTER +as of +${clockTime(at(2))} +BACKUP \\(In Sync\\)`));
    expect(old).not.toMatch(/now +idle/);
    expect(old).toMatch(new RegExp(`now +unknown since ${clockTime(at(2))}`));
  });

  it('during a reconnect the last roles are dated at once, and an MSM whose download was cut is not "idle"', () => {
    const { snapshot, now, at } = snapshotAfter([
      ...started,
      inSync,
      ...downloading,
      { type: 'progress', slot: 'B', activity: 'downloading to MSM-B' },
      { type: 'step-end', step: 'install-first-backup', outcome: 'failed', detail: 'the link dropped while the command ran' },
      { type: 'disconnected', reason: 'connection reset', expected: false },
      { type: 'connecting', description: 'core-1', attempt: 2 },
    ]);
    const frame = screen(snapshot, now + 1000);
    expect(frame).toMatch(/◌ reconnecting for/);
    expect(frameLines(frame)[2]).toMatch(/^as of +\d\d:\d\d:\d\d +MASTER/);
    expect(frame).not.toMatch(/idle/);
    expect(frame).toMatch(new RegExp(`now +unknown since ${clockTime(at(2))}.*now +unknown since ${clockTime(at(2))}`));
  });

  it('the finished screen says what happened after the last read that the "unknown since" panes cannot show', () => {
    const failover = 'run msm-failover';
    const { snapshot, now, at } = snapshotAfter([
      ...started,
      inSync,
      { type: 'command', command: failover, step: 'failover' },
      { type: 'disconnected', reason: 'the old master rebooted (failover)', expected: true },
      { type: 'error', kind: 'link-lost', message: 'could not reconnect within 15 s (--reconnect-timeout); the last attempt: cannot reach core-1:22: no SSH handshake in the time left', exitCode: 4 },
      {
        type: 'run-end',
        exitCode: 4,
        summary: 'stopped in a safe state',
        next: `"${failover}" was sent and its effect not read since: find out which MSM is MASTER now`,
        finalStateAt: '2025-01-01T10:00:02.000Z',
        sinceFinalState: ['at 10:00:03 "run msm-failover" was sent', 'at 10:00:04 the link was lost (the old master rebooted (failover))'],
      },
    ]);
    const read = clockTime(at(2));
    const lines = frameLines(screen(snapshot, now + 60_000));
    // The panes' last row, under "unknown since", cut where the screen ends (the summary on the terminal has it whole).
    expect(lines[7]).toMatch(new RegExp(`^now +unknown since ${read} +now +unknown since ${read}`));
    expect(lines[8]).toMatch(/^since: at 10:00:03 "run msm-failover" was sent; at 10:00:04 the link was lost \(?…$/);
    // The outcome and what to do next keep their rows.
    expect(lines.join('\n')).toMatch(/no SSH handshake in the time left\nnext: "run msm-failover" was sent/);
    const wide = frameLines(screen(snapshot, now + 60_000, { size: { columns: 160, rows: 40 } }));
    expect(wide[8]).toBe('since: at 10:00:03 "run msm-failover" was sent; at 10:00:04 the link was lost (the old master rebooted (failover))');
  });

  it('a run that ended on a current read has no "since:" line under the panes', () => {
    const { snapshot, now } = snapshotAfter([...started, inSync, { type: 'run-end', exitCode: 0, summary: 'done' }]);
    expect(screen(snapshot, now)).not.toMatch(/^since: /m);
  });

  it('before the first read nothing is called idle either', () => {
    const { snapshot, now } = snapshotAfter(started);
    const frame = screen(snapshot, now);
    expect(frame).not.toMatch(/idle/);
    expect(frame).toMatch(/now +unknown \(not read yet\)/);
  });
});

describe('labels and colours', () => {
  it('an MSM in INIT or FAIL booted from the target is not "✓ running"; the wait for it shows its deadline', () => {
    const upgradedB = (stateText: string) => msm('B', { stateText, booted: 'secondary', selected: 'secondary', secondary: NEW });
    for (const [stateText, label] of [['INIT', 'booted, INIT'], ['FAIL', 'booted, FAIL']] as const) {
      const { snapshot, now } = snapshotAfter([
        ...started,
        inSync,
        { type: 'decision', action: { kind: 'reboot-backup', step: 'reboot-first-backup', slot: 'B', command: 'reboot msm B' }, evidence: [], checklist: checklistAt('reboot-first-backup') },
        { type: 'step-start', step: 'reboot-first-backup', command: 'reboot msm B' },
        { type: 'step-end', step: 'reboot-first-backup', outcome: 'done' },
        { type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), upgradedB(stateText)) },
        { type: 'decision', action: { kind: 'wait', step: 'sync-first-backup', until: 'backup-present', detail: `waiting for MSM-B to come up as BACKUP (now ${stateText})` }, evidence: [], checklist: checklistAt('sync-first-backup') },
        { type: 'progress', activity: `waiting for MSM-B to come up as BACKUP (now ${stateText}) (312 s)`, deadline: { at: '2025-01-01T10:30:00.000Z', setBy: '--step-timeout' } },
      ]);
      const frame = screen(snapshot, Date.parse('2025-01-01T10:05:12.000Z'));
      expect(frame).not.toContain('✓ running');
      expect(frame).toContain(`16.1.2.3 (${label})`);
      expect(frame).toContain('gives up in 24m48s (--step-timeout)');
      expect(frame).toMatch(/First backup in sync: gives up in 24m48s \(--step-timeout\) waiting for MSM-B/);
      void now;
    }
  });

  it('an abort the operator chose is not a red "✗ error:"; an engine error still is', () => {
    const stoppedByYou = snapshotAfter([
      ...started,
      inSync,
      { type: 'error', kind: 'stopped', message: 'stopped by the operator; the chassis is in a safe state (rerun to resume)', exitCode: 4 },
      { type: 'run-end', exitCode: 4, summary: 'stopped in a safe state; rerun the same command to resume' },
    ]);
    const stopped = screen(stoppedByYou.snapshot, stoppedByYou.now);
    expect(stopped).not.toContain('✗ error');
    expect(stopped).toContain('■ stopped: stopped by the operator');
    const failed = snapshotAfter([...started, { type: 'error', kind: 'timeout', message: 'gave up after 121 s: waiting', exitCode: 3 }]);
    expect(screen(failed.snapshot, failed.now)).toContain('✗ error: gave up after 121 s');
  });

  it('the status line labels the last command, apart from the key hints', () => {
    const { snapshot, now } = snapshotAfter([...started, inSync, ...downloading]);
    expect(frameLines(screen(snapshot, now)).at(-1)).toMatch(/^● connected \(admin@core-1\) · last sent: download image 10\.0\.0\.5.*… +q quit · \? help$/);
  });
});

describe('the checklist after a stop', () => {
  const notInSync = msm('B', { stateText: 'BACKUP (Not In Sync)' });
  const waitingForSync: EngineEventBody[] = [
    ...started,
    { type: 'step-start', step: 'preflight' },
    { type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), notInSync) },
    {
      type: 'decision',
      action: { kind: 'wait', step: 'preflight', until: 'backup-in-sync', detail: 'waiting for MSM-B to be BACKUP (In Sync) (now BACKUP (Not In Sync))' },
      evidence: [],
      checklist: { ...checklistAt('preflight'), failback: 'skipped' },
    },
  ];

  it('not-in-sync gave up: the preflight is failed with the reason, every later step "not reached", none still running', () => {
    const { snapshot, now } = snapshotAfter(
      [
        ...waitingForSync,
        { type: 'step-end', step: 'preflight', outcome: 'failed', detail: 'gave up after 121 s: waiting for MSM-B to be BACKUP (In Sync) (now BACKUP (Not In Sync))' },
        { type: 'error', kind: 'timeout', message: 'gave up after 121 s: waiting for MSM-B to be BACKUP (In Sync) (now BACKUP (Not In Sync))', exitCode: 3 },
        { type: 'run-end', exitCode: 3, summary: 'a precondition failed; nothing was changed' },
      ],
      { failbackRequested: false },
    );
    const frame = screen(snapshot, now + 60_000);
    expect(frame).not.toContain('[>]');
    expect(frame).not.toContain('running');
    expect(frame).toMatch(/\[!\] Preflight checks +3s/);
    expect(frame).toMatch(/\[ \] Verify/);
    expect(frame).toContain('[-] Failback (not asked)');
    expect(frame).toContain('✗ Preflight checks failed (why: below)');
    expect(frame).toContain('✗ error: gave up after 121 s');
    expect(frame).toMatch(/\[x\]done|\[!\]fail/);
    expect(frame).toContain('[ ]not run');
  });

  it('stopped by the operator during a wait: that step is "[/]" (stopped by you), not failed', () => {
    const { snapshot, now } = snapshotAfter([
      ...waitingForSync,
      { type: 'step-end', step: 'preflight', outcome: 'failed', detail: 'stopped by the operator; the chassis is in a safe state (rerun to resume)' },
      { type: 'error', kind: 'stopped', message: 'stopped by the operator; the chassis is in a safe state (rerun to resume)', exitCode: 4 },
      { type: 'run-end', exitCode: 4, summary: 'stopped in a safe state; rerun the same command to resume' },
    ]);
    const frame = screen(snapshot, now);
    expect(frame).toMatch(/\[\/\] Preflight checks/);
    expect(frame).toContain('■ Preflight checks: stopped by you');
    expect(frame).not.toContain('[!]');
  });

  it('a failback skipped by the operator reads differently from one not asked for', () => {
    const skipped = snapshotAfter(
      [
        ...started,
        { type: 'step-start', step: 'failback' },
        { type: 'confirm-request', step: 'failback', command: 'run msm-failover', questions: [], evidence: [] },
        { type: 'confirm-response', step: 'failback', answer: 'skip', by: 'key s' },
        { type: 'step-end', step: 'failback', outcome: 'skipped' },
      ],
      { failbackRequested: true },
    );
    const frame = screen(skipped.snapshot, skipped.now);
    expect(frame).toContain('[-] Failback (skipped)');
    expect(frame).not.toContain('not asked');
  });

  it('a legend of the markers in help', () => {
    const { snapshot, now } = snapshotAfter(started);
    const help = screen(snapshot, now, { modal: 'help' });
    for (const marker of ['[x] done', '[>] running now', '[?] waiting for your confirmation', '[!] failed', '[-] skipped', '[/] stopped by you']) expect(help).toContain(marker);
    expect(help).toContain('quit (asks first while the upgrade runs)');
    expect(frameLines(help).every((line) => !line.includes('…'))).toBe(true);
  });

  it('the full legend beside a single-column checklist on a tall terminal', () => {
    const { snapshot, now } = snapshotAfter(started);
    const tall = screen(snapshot, now, { size: { columns: 100, rows: 40 } });
    expect(tall).toMatch(/\[ \] Preflight checks +\[x\] done/);
    expect(tall).toContain('[?] waiting for your confirmation');
  });
});

describe('errors at 80x24: reason and next action whole, and the advice true for the outcome', () => {
  it('io-mismatch: the refusal and what to change (--allow-io-reset), not "rerun to resume"', () => {
    const { snapshot, now } = snapshotAfter([
      ...started,
      inSync,
      { type: 'step-end', step: 'failover', outcome: 'failed', detail: 'failover would reset all I/O modules (the I/O module images differ): not hitless; answered "n"' },
      {
        type: 'error',
        kind: 'switch-error',
        message: 'failover would reset all I/O modules (the I/O module images differ): not hitless; answered "n"',
        exitCode: 4,
        advice: 'rerunning alone repeats this refusal: make the I/O module images match, or rerun with --allow-io-reset only if an outage is acceptable',
      },
      { type: 'run-end', exitCode: 4, summary: 'stopped in a safe state; rerun the same command to resume' },
    ]);
    const frame = screen(snapshot, now);
    const text = frame.replace(/\s+/g, ' ');
    expect(text).toContain('✗ error: failover would reset all I/O modules (the I/O module images differ): not hitless; answered "n"');
    expect(text).toContain('next: rerunning alone repeats this refusal: make the I/O module images match, or rerun with --allow-io-reset only if an outage is acceptable');
    expect(text).not.toContain('rerun the same command to resume');
    expect(frameLines(frame)).toHaveLength(23);
    for (const line of frameLines(frame)) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('without advice from the engine the next action is the exit code\'s meaning, after the whole reason', () => {
    const reason = 'after "run msm-failover" no MSM became MASTER; check the chassis, then rerun. '.repeat(2).trim();
    const { snapshot, now } = snapshotAfter([
      ...started,
      { type: 'error', kind: 'switch-error', message: reason, exitCode: 4 },
      { type: 'run-end', exitCode: 4, summary: 'stopped in a safe state; rerun the same command to resume' },
    ]);
    const text = screen(snapshot, now).replace(/\s+/g, ' ');
    expect(text).toContain(reason);
    expect(text).toContain('next: stopped in a safe state; rerun the same command to resume');
  });
});

describe('ASCII mode', () => {
  const ascii = displayFor({ LANG: 'C', LC_ALL: 'C' });
  const utf8 = displayFor({ LANG: 'en_US.UTF-8' });

  it('follows the locale (LC_ALL, then LC_CTYPE, then LANG) and --ascii; NO_COLOR turns colours off; TERM=vt100 or dumb: no colours, no private modes', () => {
    expect(ascii).toEqual({ ascii: true, color: true, privateModes: true });
    expect(utf8).toEqual({ ascii: false, color: true, privateModes: true });
    for (const TERM of ['vt100', 'dumb', 'VT102', 'vt220-w']) expect(displayFor({ LANG: 'C.UTF-8', TERM }), TERM).toMatchObject({ color: false, privateModes: false });
    for (const TERM of ['xterm-256color', 'screen', 'tmux-256color', 'linux']) expect(displayFor({ LANG: 'C.UTF-8', TERM }), TERM).toMatchObject({ color: true, privateModes: true });
    expect(displayFor({}).ascii).toBe(true);
    expect(displayFor({ LC_ALL: 'C', LANG: 'en_US.UTF-8' }).ascii).toBe(true);
    expect(displayFor({ LC_CTYPE: 'de_DE.utf8' }).ascii).toBe(false);
    expect(displayFor({ LANG: 'C.UTF-8' }, { ascii: true }).ascii).toBe(true);
    expect(displayFor({ LANG: 'C.UTF-8', NO_COLOR: '1' }).color).toBe(false);
  });

  it('every screen is drawn in printable ASCII only, with the same layout as in UTF-8', () => {
    const { snapshot: waiting, now } = snapshotAfter([
      ...started,
      { type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (Not In Sync)' })) },
      ...downloading,
      { type: 'progress', slot: 'B', activity: 'downloading to MSM-B' },
      { type: 'warning', message: `a long warning — ${'x'.repeat(200)}` },
    ]);
    const asking = reduceEvent(waiting, {
      type: 'confirm-request',
      step: 'failover',
      command: 'run msm-failover',
      questions: [{ id: 'failover-confirm', text: 'Are you sure you want to failover? (y/N)', answer: 'y' }],
      evidence: Array.from({ length: 30 }, (_, index) => `evidence ${index}`),
      at: new Date(now).toISOString(),
    });
    const screens: Array<[UiSnapshot, Partial<ScreenProps>]> = [
      [waiting, {}],
      [waiting, { consoleLines: ['été ─ ★ │ ✓', [{ text: '◌ ● …', color: 'green' }]] }],
      [asking, { modal: 'dialog' }],
      [waiting, { modal: 'help' }],
      [waiting, { modal: 'question', question: 'quit' }],
      [waiting, { modal: 'console-input' }],
      [waiting, { size: { columns: 100, rows: 40 } }],
      [waiting, { size: { columns: 60, rows: 20 }, question: 'quit' }],
    ];
    for (const [snapshot, overrides] of screens) {
      const inAscii = screen(snapshot, now + 60_000, { ...overrides, display: ascii });
      const bytes = [...Buffer.from(inAscii, 'utf8')];
      expect(bytes.filter((byte) => byte > 0x7e || (byte < 0x20 && byte !== 0x0a)), inAscii).toEqual([]);
      // Same layout: as many rows, none wider, and the same rows start where they did (the MSM B pane, dialogs).
      const inUtf8 = screen(snapshot, now + 60_000, { ...overrides, display: utf8 });
      const width = overrides.size?.columns ?? 80;
      expect(frameLines(inAscii)).toHaveLength(frameLines(inUtf8).length);
      for (const line of frameLines(inAscii)) expect(line.length).toBeLessThanOrEqual(width);
      expect(frameLines(inAscii)[0]!.indexOf(' MSM B')).toBe(frameLines(inUtf8)[0]!.indexOf(' MSM B'));
    }
    const main = screen(waiting, now, { display: ascii });
    expect(frameLines(main)[1]).toMatch(/MSM A \(you\) +\* MASTER +MSM B +o BACKUP - Not In Sync/);
    expect(screen(asking, now, { modal: 'dialog', display: ascii })).toMatch(/^\+-+\+$/m);
  });
});
