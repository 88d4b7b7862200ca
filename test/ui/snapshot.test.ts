import { describe, expect, it } from 'vitest';
import type { Action } from '../../source/procedure/types.js';
import { initialSnapshot, msUntilScreenChanges, reduceEvent, runInProgress, type UiSnapshot } from '../../source/ui/snapshot.js';
import type { EngineEventBody } from '../../source/engine/events.js';
import { checklistAt, CORE, msm, NEW, show, stepPairs, TARGET_LABEL, timeline } from './fixtures.js';

const NEW_IN_SECONDARY = { secondary: NEW };
const installB: Action = {
  kind: 'download',
  step: 'install-first-backup',
  slot: 'B',
  partition: 'secondary',
  image: CORE,
  command: 'download image 10.0.0.5 bd8800-16.1.2.3.xos vr "VR-Mgmt" secondary msm B',
};
const rebootB: Action = { kind: 'reboot-backup', step: 'reboot-first-backup', slot: 'B', command: 'reboot msm B' };
const failoverAtoB: Action = { kind: 'failover', step: 'failover', fromSlot: 'A', toSlot: 'B', spelling: 'run msm-failover', command: 'run msm-failover' };

/** Feeds events in order, one second apart, and lets the test look at the snapshot in between. */
function run() {
  const clock = timeline();
  let snapshot: UiSnapshot = initialSnapshot(TARGET_LABEL, NEW);
  return {
    feed(...bodies: EngineEventBody[]): UiSnapshot {
      for (const body of bodies) snapshot = reduceEvent(snapshot, clock.event(body));
      return snapshot;
    },
    get snapshot() {
      return snapshot;
    },
    /** Timestamp of the last event fed. */
    get lastAt() {
      return new Date(clock.now()).toISOString();
    },
  };
}

describe('reduceEvent over a happy path with failover (events in the engine\'s order: a step starts at its decision)', () => {
  const r = run();

  it('starts idle, then tracks the connection', () => {
    expect(r.snapshot.connection).toEqual({ kind: 'idle' });
    expect(runInProgress(r.snapshot)).toBe(false);
    r.feed({ type: 'run-start', operator: 'op', target: TARGET_LABEL, host: 'core-1', mode: 'upgrade' }, { type: 'step-start', step: 'preflight' });
    const connecting = r.feed({ type: 'connecting', description: 'ssh admin@core-1', attempt: 1 });
    expect(connecting.connection).toMatchObject({ kind: 'connecting', attempt: 1, since: r.lastAt });
    expect(runInProgress(connecting)).toBe(true);
    expect(connecting.checklist.preflight).toBe('running');
    const connected = r.feed({ type: 'connected', description: 'ssh admin@core-1' });
    expect(connected.connection).toEqual({ kind: 'connected', since: r.lastAt, description: 'ssh admin@core-1' });
  });

  let installStartedAt = '';
  it('holds the parsed chassis and the decision; the checklist follows the step events alone', () => {
    r.feed({ type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)' })) });
    const decided = r.feed({ type: 'decision', action: installB, evidence: ['MSM-B is BACKUP (In Sync)'], checklist: checklistAt('install-first-backup') });
    expect(decided.checklist.preflight).toBe('running');
    expect(decided.show?.nodes.map((node) => node.stateText)).toEqual(['MASTER', 'BACKUP (In Sync)']);
    expect(decided.currentStep).toBe('install-first-backup');
    expect(decided.evidence).toEqual(['MSM-B is BACKUP (In Sync)']);
    const moved = r.feed({ type: 'step-end', step: 'preflight', outcome: 'done' }, { type: 'step-start', step: 'install-first-backup', command: installB.command });
    installStartedAt = r.lastAt;
    expect(moved.checklist.preflight).toBe('done');
    expect(moved.checklist['install-first-backup']).toBe('running');
    expect(moved.stepCommands['install-first-backup']).toBe(installB.command);
  });

  it('puts a confirmation request up and takes it down on the answer; nothing runs on the MSM before it', () => {
    const asked = r.feed({
      type: 'confirm-request',
      step: 'install-first-backup',
      command: installB.command,
      questions: [{ id: 'install-after-download', text: 'Do you want to install image after downloading? (y - yes, n - no, <cr> - cancel)', answer: 'y' }],
      evidence: ['MSM-B is BACKUP (In Sync)'],
    });
    expect(asked.checklist['install-first-backup']).toBe('confirm');
    expect(asked.pendingConfirmation).toMatchObject({ step: 'install-first-backup', command: installB.command });
    expect(asked.slotActivity.B).toBeUndefined();
    expect(asked.currentCommand, 'the command waits for its confirmation: nothing is sent yet').toBeUndefined();
    const answered = r.feed({ type: 'confirm-response', step: 'install-first-backup', answer: 'confirm', by: 'operator' });
    expect(answered.pendingConfirmation).toBeUndefined();
    expect(answered.checklist['install-first-backup']).toBe('running');
  });

  it('shows the download on MSM B from when it is sent, with its progress, and times the step', () => {
    const sent = r.feed({ type: 'command', command: installB.command, step: 'install-first-backup' });
    expect(sent.slotActivity.B).toMatchObject({ kind: 'work', text: 'installing to secondary' });
    expect(sent.slotActivity.A).toBeUndefined();
    expect(sent.currentCommand).toBe(installB.command);
    const downloading = r.feed({ type: 'progress', slot: 'B', activity: 'downloading (40)' });
    expect(downloading.slotActivity.B).toMatchObject({ text: 'installing to secondary', progress: 'downloading (40)', since: sent.slotActivity.B?.since });
    const ended = r.feed({ type: 'step-end', step: 'install-first-backup', outcome: 'done', detail: 'installed' });
    expect(ended.checklist['install-first-backup']).toBe('done');
    expect(ended.slotActivity.B).toBeUndefined();
    expect(ended.stepTimes['install-first-backup']).toEqual({ startedAt: installStartedAt, endedAt: r.lastAt });
  });

  it('follows a backup reboot until the MSM is back as BACKUP', () => {
    r.feed(
      { type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)', ...NEW_IN_SECONDARY })) },
      { type: 'decision', action: rebootB, evidence: [], checklist: checklistAt('reboot-first-backup') },
      { type: 'step-start', step: 'reboot-first-backup', command: 'reboot msm B' },
      { type: 'confirm-request', step: 'reboot-first-backup', command: 'reboot msm B', questions: [], evidence: [] },
      { type: 'confirm-response', step: 'reboot-first-backup', answer: 'confirm', by: 'operator' },
    );
    const rebootSent = r.feed({ type: 'command', command: 'reboot msm B', step: 'reboot-first-backup' });
    const rebootSince = r.lastAt;
    expect(rebootSent.slotActivity.B).toMatchObject({ kind: 'reboot', text: 'rebooting', since: rebootSince });
    r.feed({ type: 'progress', slot: 'B', activity: 'rebooting' });
    // The first read after the command can still show the old state: that must not end the reboot.
    const stillUp = r.feed(
      { type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)' })) },
      { type: 'decision', action: { kind: 'wait', step: 'sync-first-backup', until: 'backup-in-sync', detail: 'waiting for MSM-B to be In Sync' }, evidence: [], checklist: checklistAt('sync-first-backup') },
      { type: 'step-end', step: 'reboot-first-backup', outcome: 'done' },
      { type: 'step-start', step: 'sync-first-backup' },
    );
    expect(stillUp.slotActivity.B?.kind).toBe('reboot');
    const down = r.feed({ type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'DOWN' })) });
    expect(down.slotActivity.B).toMatchObject({ kind: 'reboot', sawNodeDown: true, since: rebootSince });
    const init = r.feed({ type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'INIT' })) });
    expect(init.slotActivity.B?.kind).toBe('reboot');
    const back = r.feed({
      type: 'state',
      show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (Not In Sync)', booted: 'secondary', selected: 'secondary', ...NEW_IN_SECONDARY })),
    });
    expect(back.slotActivity.B).toBeUndefined();
  });

  it('shows wait progress for the chassis while the step runs, and drops it when the step is done', () => {
    const waiting = r.feed({ type: 'progress', activity: 'waiting for MSM-B to be In Sync (12 s)' });
    expect(waiting.chassisActivity).toMatchObject({ text: 'waiting for MSM-B to be In Sync (12 s)', step: 'sync-first-backup' });
    expect(msUntilScreenChanges(waiting, Date.parse(r.lastAt))).toBe(1000);
    const synced = r.feed(
      { type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)', booted: 'secondary', ...NEW_IN_SECONDARY })) },
      { type: 'decision', action: failoverAtoB, evidence: ['MSM-B runs 16.1.2.3'], checklist: checklistAt('failover') },
      { type: 'step-end', step: 'sync-first-backup', outcome: 'done' },
    );
    expect(synced.chassisActivity).toBeUndefined();
    expect(synced.checklist['sync-first-backup']).toBe('done');
    expect(synced.stepTimes['sync-first-backup']?.endedAt).toBe(r.lastAt);
    r.feed({ type: 'step-start', step: 'failover', command: 'run msm-failover' });
  });

  it('marks the failover on both MSMs and reconnects after the expected drop', () => {
    r.feed(
      { type: 'confirm-request', step: 'failover', command: 'run msm-failover', questions: [], evidence: [] },
      { type: 'confirm-response', step: 'failover', answer: 'confirm', by: 'operator' },
    );
    const failing = r.feed({ type: 'command', command: 'run msm-failover', step: 'failover' });
    expect(failing.slotActivity.A).toMatchObject({ kind: 'reboot', text: 'failing over, rebooting' });
    expect(failing.slotActivity.B).toMatchObject({ kind: 'work', text: 'taking over as MASTER' });
    const dropped = r.feed({ type: 'disconnected', reason: 'the old master rebooted (failover)', expected: true });
    const droppedAt = r.lastAt;
    expect(dropped.connection).toEqual({ kind: 'reconnecting', since: droppedAt, reason: 'the old master rebooted (failover)', attempt: 0 });
    const retrying = r.feed(
      { type: 'step-end', step: 'failover', outcome: 'done' },
      { type: 'step-start', step: 'reconnect-new-master' },
      { type: 'connecting', description: 'ssh admin@core-1', attempt: 2 },
      { type: 'progress', activity: 'waiting for the new master' },
    );
    expect(retrying.connection).toMatchObject({ kind: 'reconnecting', since: droppedAt, attempt: 2 });
    expect(retrying.slotActivity.B).toBeUndefined();
    expect(retrying.slotActivity.A?.kind).toBe('reboot');
    expect(retrying.chassisActivity?.text).toBe('waiting for the new master');
    // No 'connected' event from the session layer: a successful read is proof enough.
    const masterless = r.feed({ type: 'state', show: show(msm('B', { stateText: 'MASTER', local: true, booted: 'secondary', ...NEW_IN_SECONDARY }), msm('A', { stateText: 'DOWN' })) });
    expect(masterless.connection).toMatchObject({ kind: 'connected', since: r.lastAt });
    expect(masterless.slotActivity.A?.sawNodeDown).toBe(true);
    const reconnected = r.feed({ type: 'step-end', step: 'reconnect-new-master', outcome: 'done', detail: 'MSM-B is MASTER' });
    expect(reconnected.checklist['reconnect-new-master']).toBe('done');
    expect(reconnected.chassisActivity).toBeUndefined();
    const aBack = r.feed({ type: 'state', show: show(msm('B', { stateText: 'MASTER', local: true }), msm('A', { stateText: 'BACKUP (Not In Sync)' })) });
    expect(aBack.slotActivity.A).toBeUndefined();
  });

  it('ends with the exit code and summary and stops the clock', () => {
    const done = r.feed(
      { type: 'decision', action: { kind: 'done', step: 'verify', detail: 'both MSMs run 16.1.2.3' }, evidence: [], checklist: checklistAt('verify', 'done') },
      ...stepPairs(['install-second-backup', 'reboot-second-backup', 'sync-second-backup', 'failback']),
      { type: 'step-start', step: 'verify' },
      { type: 'step-end', step: 'verify', outcome: 'done', detail: 'both MSMs run 16.1.2.3' },
      { type: 'run-end', exitCode: 0, summary: 'upgraded to 16.1.2.3' },
    );
    expect(Object.values(done.checklist).every((state) => state === 'done')).toBe(true);
    expect(done.finished).toEqual({ exitCode: 0, summary: 'upgraded to 16.1.2.3', at: r.lastAt });
    expect(runInProgress(done)).toBe(false);
    expect(msUntilScreenChanges(done, Date.parse(r.lastAt))).toBeUndefined();
  });
});

describe('reduceEvent while a local image is copied to the switch', () => {
  it('the chassis activity and the installing MSM\'s carry the transfer from its start, follow its progress, and drop it at its end', () => {
    const r = run();
    r.feed(
      { type: 'run-start', operator: 'op', target: TARGET_LABEL, host: 'core-1', mode: 'upgrade' },
      { type: 'decision', action: installB, evidence: [], checklist: checklistAt('install-first-backup') },
      { type: 'step-start', step: 'install-first-backup', command: installB.command },
    );
    const started = r.feed({ type: 'transfer-start', file: 'bd8800-16.1.2.3.xos', bytesTotal: 4096, via: 'scp' });
    expect(started.chassisActivity).toMatchObject({ text: 'copying bd8800-16.1.2.3.xos to the switch (SCP)', step: 'install-first-backup', transfer: { bytesSent: 0, bytesTotal: 4096 } });
    expect(started.slotActivity.B).toEqual(started.chassisActivity);
    expect(started.slotActivity.A).toBeUndefined();
    const moving = r.feed({ type: 'transfer-progress', bytesSent: 1024, bytesTotal: 4096, bytesPerSecond: 512, secondsLeft: 6 });
    expect(moving.chassisActivity).toMatchObject({ text: started.chassisActivity!.text, since: started.chassisActivity!.since });
    expect(moving.chassisActivity?.transfer).toEqual({ bytesSent: 1024, bytesTotal: 4096, bytesPerSecond: 512, secondsLeft: 6 });
    expect(moving.slotActivity.B?.transfer).toEqual(moving.chassisActivity?.transfer);
    const ended = r.feed({ type: 'transfer-end', file: 'bd8800-16.1.2.3.xos', bytesSent: 4096, outcome: 'done' });
    expect(ended.chassisActivity?.transfer).toBeUndefined();
    expect(ended.slotActivity.B?.transfer).toBeUndefined();
  });
});

describe('reduceEvent on trouble', () => {
  it('records a failed step with its reason and the error', () => {
    const r = run();
    r.feed({ type: 'decision', action: rebootB, evidence: [], checklist: checklistAt('reboot-first-backup') }, { type: 'step-start', step: 'reboot-first-backup', command: 'reboot msm B' });
    const failed = r.feed(
      { type: 'step-end', step: 'reboot-first-backup', outcome: 'failed', detail: 'reboot of MSM-B was not confirmed' },
      { type: 'error', kind: 'switch-error', message: 'reboot of MSM-B was not confirmed', exitCode: 4 },
    );
    expect(failed.checklist['reboot-first-backup']).toBe('failed');
    expect(failed.stepDetails['reboot-first-backup']).toBe('reboot of MSM-B was not confirmed');
    expect(failed.problem).toMatchObject({ severity: 'error', message: 'reboot of MSM-B was not confirmed' });
  });

  it('keeps an unexpected disconnect apart from an expected one, and resumes as reconnecting', () => {
    const r = run();
    r.feed({ type: 'connected', description: 'x' });
    const lost = r.feed({ type: 'disconnected', reason: 'read ECONNRESET', expected: false });
    expect(lost.connection).toMatchObject({ kind: 'disconnected', reason: 'read ECONNRESET' });
    const retry = r.feed({ type: 'connecting', description: 'x', attempt: 1 });
    expect(retry.connection).toMatchObject({ kind: 'reconnecting', since: lost.connection.kind === 'disconnected' ? lost.connection.since : '', reason: 'read ECONNRESET' });
  });

  it('a skip and an abort show as the step events that follow them say (skipped; failed, shown as stopped at the end)', () => {
    const r = run();
    const ask = (step: 'failback' | 'failover'): EngineEventBody => ({ type: 'confirm-request', step, command: 'run msm-failover', questions: [], evidence: [] });
    const skipped = r.feed(
      { type: 'step-start', step: 'failback' },
      ask('failback'),
      { type: 'confirm-response', step: 'failback', answer: 'skip', by: 'key s' },
      { type: 'step-end', step: 'failback', outcome: 'skipped' },
    );
    expect(skipped.checklist.failback).toBe('skipped');
    expect(skipped.stepDetails.failback).toBe('skipped by the operator (key s)');
    const aborted = r.feed({ type: 'step-start', step: 'failover' }, ask('failover'), { type: 'confirm-response', step: 'failover', answer: 'abort', by: 'key a' });
    expect(aborted.checklist.failover).toBe('running');
    expect(r.feed({ type: 'step-end', step: 'failover', outcome: 'failed', detail: 'stopped by the operator' }).checklist.failover).toBe('failed');
  });
});

describe('the run as the header names it', () => {
  it('keeps the release the MASTER ran at the first read, and when the run started', () => {
    const r = run();
    r.feed({ type: 'run-start', operator: 'op', target: TARGET_LABEL, host: 'core-1', mode: 'upgrade' });
    const startedAt = r.lastAt;
    r.feed({ type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)' })) });
    const later = r.feed({ type: 'state', show: show(msm('A', { stateText: 'BACKUP (In Sync)', primary: NEW }), msm('B', { stateText: 'MASTER', local: true, primary: NEW })) });
    expect(later.startedAt).toBe(startedAt);
    expect(later.fromVersion).toEqual({ version: '15.3.1.4', patch: 'patch1-10' });
  });

  it('an event of a type it does not know (e.g. mangled by redaction) changes nothing', () => {
    const r = run();
    const before = r.feed({ type: 'run-start', operator: 'op', target: TARGET_LABEL, host: 'core-1', mode: 'upgrade' });
    expect(reduceEvent(before, { type: '***-line', at: r.lastAt } as never)).toBe(before);
  });
});

describe('msUntilScreenChanges: an idle screen wakes rarely', () => {
  const at = (iso: string) => Date.parse(iso);
  const idle = (overrides: Partial<UiSnapshot>): UiSnapshot => ({
    ...initialSnapshot('t', undefined),
    started: true,
    startedAt: '2026-12-02T08:00:00.000Z',
    show: {} as UiSnapshot['show'],
    showAt: '2026-12-02T08:05:00.000Z',
    connection: { kind: 'connected', since: '2026-12-02T08:00:00.000Z', description: 'x' },
    ...overrides,
  });

  it('waiting for the operator: at the next minute of the run time, or when the last read turns stale if that comes first', () => {
    const snapshot = idle({});
    // The read (08:05:00) is current until a poll plus the grace has passed.
    const fresh = at('2026-12-02T08:05:00.500Z');
    expect(msUntilScreenChanges(snapshot, fresh)).toBe(Date.parse(snapshot.showAt!) + snapshot.pollMs + 2000 + 1 - fresh);
    // Stale already: the run time's next minute (08:06:00).
    expect(msUntilScreenChanges(snapshot, at('2026-12-02T08:05:20.000Z'))).toBe(40_000);
    // In the run's first minute too: the run time shows as <1m.
    expect(msUntilScreenChanges(idle({ startedAt: '2026-12-02T08:04:59.700Z', showAt: undefined }), at('2026-12-02T08:05:00.000Z'))).toBe(59_700);
  });

  it('every second while something moves: a step running, a connection being made', () => {
    expect(msUntilScreenChanges(idle({ connection: { kind: 'reconnecting', since: '2026-12-02T08:00:00.000Z', attempt: 2 } as UiSnapshot['connection'] }), at('2026-12-02T08:05:20.000Z'))).toBe(1000);
  });
});
