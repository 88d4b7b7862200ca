// The fleet view: a row per chassis folded from each chassis' own events, the keys (select, open a waiting chassis'
// dialog with its evidence, stop, pause, quit), at 80x24 and on an ASCII-only terminal.
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEventBody } from '../../source/engine/events.js';
import { displayFor, FULL_DISPLAY, type Display } from '../../source/ui/display.js';
import { FleetApp } from '../../source/ui/FleetApp.js';
import { FleetConsoles } from '../../source/ui/fleet/fleetConsoles.js';
import type { FleetKeyCommand } from '../../source/ui/fleet/fleetKeys.js';
import { initialFleetSnapshot, msUntilFleetChanges, reduceFleet, rowState, type FleetRollout } from '../../source/ui/fleet/fleetSnapshot.js';
import { createFleetStore } from '../../source/ui/fleet/fleetStore.js';
import { aMasterBInSync, frameLines, NEW, TARGET_LABEL, timeline } from './fixtures.js';

afterEach(cleanup);

const KEYS = { up: '\x1b[A', down: '\x1b[B', enter: '\r', escape: '\x1b', pageDown: '\x1b[6~' };
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 10));
const FRAME_WAIT_MS = 500;
const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 5000, interval: 10 });

const install: Extract<EngineEventBody, { type: 'confirm-request' }> = {
  type: 'confirm-request',
  step: 'install-first-backup',
  title: 'Install bd8800-16.1.2.3.xos on MSM-B (secondary)',
  command: 'download image 10.0.0.5 bd8800-16.1.2.3.xos vr "VR-Mgmt" secondary msm B',
  questions: [{ id: 'install-after-download', text: 'Do you want to install image after downloading? (y/n)', answer: 'y' }],
  evidence: ['MSM-B is BACKUP (In Sync)', 'MSM-A is MASTER', 'secondary of MSM-B does not hold 16.1.2.3'],
};

const NAMES = ['core-1', 'core-2', 'core-3'];

async function setup(options: { display?: Display; columns?: number; rows?: number; evidence?: string[]; rollout?: FleetRollout; tailChars?: number; addresses?: string[] } = {}) {
  const plan = NAMES.map((name, index) => ({ name, address: options.addresses?.[index] ?? `10.0.0.${index + 1}:22`, target: TARGET_LABEL, targetVersion: NEW }));
  // No frame interval: every change is published at once, so the test sees each state.
  const store = createFleetStore(initialFleetSnapshot(plan, 2, options.rollout), 0);
  // Events from a few seconds ago, so the time in a step is the clock's (the view reads the real time).
  const clock = timeline(new Date(Date.now() - 20_000).toISOString());
  const emit = (index: number, ...bodies: EngineEventBody[]) => {
    for (const body of bodies) store.dispatch({ type: 'event', index, event: clock.event(body) });
  };
  const commands: FleetKeyCommand[] = [];
  const consoles = new FleetConsoles(NAMES.length, options.tailChars);
  const app = render(
    <FleetApp store={store} canSkip={() => false} onCommand={(command) => commands.push(command)} consoles={consoles} display={options.display ?? FULL_DISPLAY} />,
  );
  Object.defineProperty(app.stdout, 'columns', { value: options.columns ?? 80, configurable: true });
  Object.defineProperty(app.stdout, 'rows', { value: options.rows ?? 24, configurable: true });
  app.stdout.emit('resize');
  // core-1 waits at the install, core-2 is in its preflight, core-3 is queued.
  store.dispatch({ type: 'start', index: 0 });
  emit(0, { type: 'run-start', operator: 'op@host', target: TARGET_LABEL, host: '10.0.0.1:22', mode: 'upgrade' }, { type: 'state', show: aMasterBInSync });
  emit(0, { type: 'step-start', step: 'preflight' }, { type: 'step-end', step: 'preflight', outcome: 'done' });
  emit(0, options.evidence ? { ...install, evidence: options.evidence } : install);
  store.dispatch({ type: 'start', index: 1 });
  emit(1, { type: 'run-start', operator: 'op@host', target: TARGET_LABEL, host: '10.0.0.2:22', mode: 'upgrade' }, { type: 'state', show: aMasterBInSync });
  emit(1, { type: 'step-start', step: 'preflight' }, { type: 'progress', activity: 'waiting for MSM-B to be BACKUP (In Sync)' });
  await settle();
  // A key is handled at once; its frame comes when React and Ink get to it, later on a busy machine. Each press waits
  // for the next frame (a key that changes nothing draws none: then up to FRAME_WAIT_MS), so no assertion reads the frame
  // before the key's.
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      const drawn = app.frames.length;
      app.stdin.write(key);
      await vi.waitFor(() => expect(app.frames.length).toBeGreaterThan(drawn), { timeout: FRAME_WAIT_MS, interval: 5 }).catch(() => undefined);
      await settle();
    }
  };
  const resize = (columns: number, rows: number) => {
    Object.defineProperty(app.stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(app.stdout, 'rows', { value: rows, configurable: true });
    app.stdout.emit('resize');
  };
  return { app, store, emit, commands, press, consoles, resize, lines: () => frameLines(app.lastFrame()) };
}

const rowOf = (lines: string[], name: string) => lines.findIndex((line) => line.includes(` ${name} `));

describe('fleet view rows', () => {
  it('shows a header with the totals and concurrency, and a row pair per chassis in fleet order, within 80x24', async () => {
    const { lines } = await setup();
    const frame = lines();
    expect(frame).toHaveLength(23);
    for (const line of frame) expect(line.length).toBeLessThanOrEqual(80);
    expect(frame[0]).toContain('3 chassis');
    expect(frame[0]).toContain('0 done 1 running 1 waiting 0 failed 1 queued');
    expect(frame[0]).toContain('2 at a time');
    const [one, two, three] = NAMES.map((name) => rowOf(frame, name));
    expect(one).toBeLessThan(two!);
    expect(two).toBeLessThan(three!);
    expect(frame[one!]).toMatch(/\[\?\] core-1 +10\.0\.0\.1:22 +15\.3\.1\.4-patch1-10 → 16\.1\.2\.3 +waiting for you/);
    expect(frame[one! + 1]).toContain('step 2/10 Install on first backup');
    expect(frame[one! + 1]).toContain('waits: Install bd8800-16.1.2.3.xos on');
    expect(frame[two!]).toMatch(/\[>\] core-2 .* running/);
    expect(frame[two! + 1]).toMatch(/step 1\/10 Preflight checks \(\d+s\): waiting for MSM-B to be BACKUP/);
    expect(frame[three!]).toMatch(/\[ \] core-3 .* queued/);
  });

  it('cuts an address too long for its column with an ellipsis, so it is not taken for the whole address', async () => {
    const { lines } = await setup({ addresses: ['core-router-01.dc-east.example.net:22', '10.0.0.2:22', '10.0.0.3:22'] });
    const row = lines().find((line) => line.includes('core-1'))!;
    expect(row).toMatch(/ core-router-01\.dc-e… /);
    expect(lines().find((line) => line.includes('core-2'))).toContain(' 10.0.0.2:22 ');
  });

  it('names how each run ended: refused with its reason, failed, stopped, rolled back, done', () => {
    const plan = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, address: name, target: TARGET_LABEL }));
    let fleet = initialFleetSnapshot(plan, 5);
    const clock = timeline();
    const results = [
      { state: 'failed', exitCode: 3, detail: 'MSM-B is not In Sync' },
      { state: 'failed', exitCode: 4, detail: 'the switch stopped answering' },
      { state: 'stopped', exitCode: 4, detail: 'stopped by the operator' },
      { state: 'failed', exitCode: 4, detail: 'MSM-B did not come up' },
      { state: 'done', exitCode: 0, detail: 'upgraded' },
    ] as const;
    results.forEach((result, index) => {
      fleet = reduceFleet(fleet, { type: 'start', index });
      if (index === 3) {
        const rollback: EngineEventBody = { type: 'rollback', slot: 'B', failedOn: '16.1.2.3', state: 'FAIL', to: 'primary', outcome: 'done', message: 'MSM-B rolled back' };
        fleet = reduceFleet(fleet, { type: 'event', index, event: clock.event(rollback) });
      }
      fleet = reduceFleet(fleet, { type: 'result', index, ...result });
    });
    expect(fleet.chassis.map(rowState)).toEqual(['refused', 'failed', 'stopped', 'rolled back', 'done']);
  });
});

describe('fleet view keys', () => {
  it('moves the selection with j/k and the arrows, never past the ends', async () => {
    const { press, lines } = await setup();
    const selected = () => lines().find((line) => line.startsWith('> '));
    expect(selected()).toContain('core-1');
    await press('j');
    expect(selected()).toContain('core-2');
    await press(KEYS.down, KEYS.down, 'j');
    expect(selected()).toContain('core-3');
    await press('k', KEYS.up, KEYS.up);
    expect(selected()).toContain('core-1');
  });

  it('c opens the waiting chassis\' dialog with its command and evidence, and confirms only from there', async () => {
    const { press, lines, commands } = await setup();
    await press('j', 'c');
    expect(commands).toEqual([]);
    await eventually(() => expect(lines().at(-1)).toContain('does not wait for a confirmation'));
    await press('k', 'c');
    await eventually(() => expect(lines().join('\n')).toContain('Evidence:'));
    const dialog = lines().join('\n');
    expect(dialog).toContain('core-1 (10.0.0.1:22) waits for you');
    expect(dialog).toContain('$ download image 10.0.0.5 bd8800-16.1.2.3.xos');
    for (const evidence of install.evidence) expect(dialog).toContain(evidence);
    await press(KEYS.enter);
    expect(commands).toEqual([]);
    await press('c');
    expect(commands).toEqual([{ kind: 'confirm', index: 0, since: expect.any(String) }]);
    expect(lines().join('\n')).not.toContain('Evidence:');
  });

  it('never confirms a dialog taller than the screen before all of it has been shown', async () => {
    const evidence = Array.from({ length: 30 }, (_, index) => `evidence line ${index + 1}`);
    const { press, lines, commands } = await setup({ evidence });
    await press('c');
    await eventually(() => expect(lines().join('\n')).toContain('evidence line 1'));
    expect(lines().join('\n')).not.toContain('evidence line 30');
    await press('c');
    expect(commands).toEqual([]);
    await eventually(() => expect(lines().at(-1)).toMatch(/PgDn first: \d+ more lines to read/));
    for (let page = 0; page < 5 && !lines().join('\n').includes('evidence line 30'); page++) await press(KEYS.pageDown);
    await eventually(() => expect(lines().join('\n')).toContain('evidence line 30'));
    await press('c');
    expect(commands).toEqual([{ kind: 'confirm', index: 0, since: expect.any(String) }]);
  });

  it('closes a dialog whose chassis was answered elsewhere, and a answers abort for that chassis only', async () => {
    const { press, lines, commands, emit } = await setup();
    const dialogShown = () => lines().join('\n').includes('Evidence:');
    // Each key waits for the frame it changes: a key read before the frame a keypress drew is read by the view as it
    // was (a busy CI machine drew the Esc's frame later than a fixed pause).
    await press('c');
    await eventually(() => expect(dialogShown()).toBe(true));
    await press(KEYS.escape);
    await eventually(() => expect(dialogShown()).toBe(false));
    await press('c');
    await eventually(() => expect(dialogShown()).toBe(true));
    await press('a');
    await eventually(() => expect(commands).toEqual([{ kind: 'abort', index: 0, since: expect.any(String) }]));
    commands.length = 0;
    // The keys act on the rows as last drawn: each change is waited for on the screen before the next key.
    const core1Waits = () => lines().some((line) => line.includes('core-1') && line.includes('waiting for you'));
    emit(0, { type: 'confirm-response', step: 'install-first-backup', answer: 'confirm', by: '--yes' });
    await eventually(() => expect(core1Waits()).toBe(false));
    emit(0, install);
    await eventually(() => expect(core1Waits()).toBe(true));
    await press('c');
    await eventually(() => expect(dialogShown()).toBe(true));
    emit(0, { type: 'confirm-response', step: 'install-first-backup', answer: 'confirm', by: 'elsewhere' });
    await eventually(() => expect(dialogShown()).toBe(false));
    await press('c');
    expect(commands).toEqual([]);
  });

  it('s stops the selected running chassis, p pauses and resumes starts, q asks before stopping every run', async () => {
    const { press, lines, commands, store } = await setup();
    await press('j', 'j', 's');
    expect(commands).toEqual([]);
    await eventually(() => expect(lines().at(-1)).toContain('not running'));
    await press('k', 's');
    expect(commands).toEqual([{ kind: 'stop-chassis', index: 1 }]);
    commands.length = 0;
    await press('p');
    expect(commands).toEqual([{ kind: 'pause' }]);
    store.dispatch({ type: 'pause', paused: true });
    await eventually(() => expect(lines().at(-1)).toContain('PAUSED: nothing new starts (p resumes)'));
    commands.length = 0;
    await press('q');
    await eventually(() => expect(lines().join('\n')).toContain('Stop the whole fleet?'));
    expect(commands).toEqual([]);
    await press('n');
    expect(lines().join('\n')).not.toContain('Stop the whole fleet?');
    await press('q', 'y');
    expect(commands).toEqual([{ kind: 'quit' }]);
  });

  it('the header shows the canary and the failure limit; g starts the rest only while the screen says the canary is done', async () => {
    const { press, lines, commands, store } = await setup({ rollout: { canary: 1, maxFailures: 2 } });
    expect(lines()[0]).toBe('0 done 1 run 1 wait 0 failed 1 queued · 2 at once · canary 1 · max fail 2');
    await press('g');
    expect(commands).toEqual([]);
    await eventually(() => expect(lines().at(-1)).toContain('g: nothing waits to go on'));
    store.dispatch({ type: 'canary-wait', ok: 1, total: 1 });
    await eventually(() => expect(lines().at(-1)).toContain('canary done: 1 of 1 ok · press g to go on with the rest'));
    await press('g');
    expect(commands).toEqual([{ kind: 'go-on' }]);
    store.dispatch({ type: 'canary-passed' });
    await eventually(() => expect(lines().at(-1)).not.toContain('canary done'));
  });

  it('without a canary or a failure limit the header says the concurrency in whole words at 80 columns', async () => {
    const { lines } = await setup();
    expect(lines()[0]).toBe('fleet · 3 chassis · 0 done 1 running 1 waiting 0 failed 1 queued · 2 at a time');
  });

  it('? shows every key, and keys do nothing else until it is closed', async () => {
    const { press, lines, commands } = await setup();
    await press('?');
    const help = lines().join('\n');
    for (const word of ['select a chassis', 'pause starting new chassis', 'start the rest', 'stops every run']) expect(help).toContain(word);
    await press('p', 'c');
    expect(commands).toEqual([]);
    await press(KEYS.escape);
    await eventually(() => expect(lines().join('\n')).toContain('core-1'));
  });

  it('on a terminal too small says so and takes only q', async () => {
    const { press, lines, commands } = await setup({ columns: 79 });
    await eventually(() => expect(lines().join('\n')).toContain('terminal too small'));
    await press('c', 'p', 's');
    expect(commands).toEqual([]);
    await press('q');
    await eventually(() => expect(lines().join('\n')).toContain('Stop the whole fleet?'));
    await press('y');
    expect(commands).toEqual([{ kind: 'quit' }]);
  });
});

describe('fleet view on an ASCII-only terminal (LANG=C)', () => {
  it('draws only ASCII, with the same rows and markers', async () => {
    const { press, lines } = await setup({ display: displayFor({ LANG: 'C' }) });
    const frame = lines();
    for (const line of frame) expect(line).toMatch(/^[\x20-\x7e]*$/);
    expect(frame[rowOf(frame, 'core-1')]).toMatch(/\[\?\] core-1 .*15\.3\.1\.4-patch1-10 -> 16\.1\.2\.3 +waiting for you/);
    await press('c');
    for (const line of lines()) expect(line).toMatch(/^[\x20-\x7e]*$/);
    await eventually(() => expect(lines().join('\n')).toContain('MSM-B is BACKUP (In Sync)'));
  });
});

describe('fleet store', () => {
  it('folds every action at once but tells its listeners at most once per frame, the latest state last', () => {
    vi.useFakeTimers();
    try {
      const store = createFleetStore(initialFleetSnapshot([{ name: 'a', address: 'a', target: TARGET_LABEL }], 1), 100);
      const heard: number[] = [];
      store.subscribe(() => heard.push(store.getSnapshot().chassis[0]!.started ? 1 : 0));
      store.dispatch({ type: 'pause', paused: true });
      expect(heard).toEqual([0]);
      for (let index = 0; index < 50; index++) store.dispatch({ type: 'pause', paused: index % 2 === 0 });
      store.dispatch({ type: 'start', index: 0 });
      expect(store.current().chassis[0]!.started).toBe(true);
      expect(store.getSnapshot().chassis[0]!.started).toBe(false);
      expect(heard).toEqual([0]);
      vi.advanceTimersByTime(99);
      expect(heard).toEqual([0]);
      vi.advanceTimersByTime(1);
      expect(heard).toEqual([0, 1]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('fleet view last line', () => {
  it('shows a warning while it is the latest event, then the progress after it', async () => {
    const { emit, lines } = await setup();
    emit(1, { type: 'warning', message: 'the runs folder is open to other users' });
    await eventually(() => expect(lines()[rowOf(lines(), 'core-2') + 1]).toContain('warning: the runs folder is open'));
    emit(1, { type: 'progress', activity: 'reading show switch' });
    await eventually(() => expect(lines()[rowOf(lines(), 'core-2') + 1]).toContain('reading show switch'));
  });
});

describe('fleet view batch confirmation (C)', () => {
  it('lists each chassis it confirms, leaves out and names one whose evidence differs, and confirms only those listed', async () => {
    const { press, lines, commands, emit, store } = await setup({ rows: 40 });
    const notInSync = install.evidence.map((line) => line.replace('BACKUP (In Sync)', 'BACKUP (Not In Sync)'));
    emit(1, { type: 'step-end', step: 'preflight', outcome: 'done' }, { ...install, evidence: notInSync });
    store.dispatch({ type: 'start', index: 2 });
    emit(2, { type: 'run-start', operator: 'op@host', target: TARGET_LABEL, host: '10.0.0.3:22', mode: 'upgrade' }, install);
    await eventually(() => expect(lines()[0]).toContain('3 waiting'));
    await press('C');
    await eventually(() => expect(lines().join('\n')).toContain('Evidence:'));
    const dialog = lines().join('\n');
    expect(dialog).toContain('On 2 chassis (core-1, core-3): Install bd8800-16.1.2.3.xos');
    expect(dialog).toContain('the same command, questions and evidence on each of: core-1, core-3');
    expect(dialog).toContain('left out: core-2: its evidence differs: MSM-B is BACKUP (Not In Sync)');
    for (const evidence of install.evidence) expect(dialog).toContain(evidence);
    await press('s');
    expect(commands).toEqual([]);
    await press('c');
    expect(commands).toEqual([
      { kind: 'confirm', index: 0, since: expect.any(String) },
      { kind: 'confirm', index: 2, since: expect.any(String) },
    ]);
  });

  it('is refused on a chassis that waits for nothing', async () => {
    const { press, lines, commands } = await setup();
    await press('j', 'j', 'C');
    expect(commands).toEqual([]);
    await eventually(() => expect(lines().at(-1)).toContain('C: the selected chassis does not wait for a confirmation'));
  });
});

describe('the fleet view clock', () => {
  /** core-1 waits at the install (asked at 10:00:04, its step started then), core-2 in its preflight unless it `waits` too. */
  function fleetAt(core2Waits: boolean) {
    const plan = ['core-1', 'core-2'].map((name) => ({ name, address: name, target: TARGET_LABEL, targetVersion: NEW }));
    const clock = timeline();
    let fleet = initialFleetSnapshot(plan, 2);
    for (const index of [0, 1]) {
      fleet = reduceFleet(fleet, { type: 'start', index });
      const bodies: EngineEventBody[] = [
        { type: 'run-start', operator: 'op@host', target: TARGET_LABEL, host: plan[index]!.address, mode: 'upgrade' },
        { type: 'step-start', step: 'preflight' },
        ...(index === 0 || core2Waits ? [{ type: 'step-end', step: 'preflight', outcome: 'done' } as const, { type: 'step-start', step: 'install-first-backup' } as const, install] : []),
      ];
      for (const body of bodies) fleet = reduceFleet(fleet, { type: 'event', index, event: clock.event(body, 0) });
    }
    return { fleet, asked: clock.now() };
  }

  it('wakes at the next second while a chassis runs', () => {
    const { fleet, asked } = fleetAt(false);
    expect(msUntilFleetChanges(fleet, asked + 12_300)).toBe(700);
  });

  it('while every chassis waits for the operator, wakes only when a waiting time turns a minute', () => {
    const { fleet, asked } = fleetAt(true);
    expect(fleet.chassis.map(rowState)).toEqual(['waiting', 'waiting']);
    expect(msUntilFleetChanges(fleet, asked + 12_000)).toBe(48_000);
    expect(msUntilFleetChanges(reduceFleet(fleet, { type: 'finished' }), asked + 12_000)).toBeUndefined();
  });
});

describe('opening a chassis from the fleet view (Enter)', () => {
  const text = (lines: string[]) => lines.join('\n');
  const fleetShown = (lines: string[]) => text(lines).includes('fleet · 3 chassis');

  it("shows that chassis' own console, live, answers its dialog only, and f goes back while the run goes on", async () => {
    const { press, lines, commands, emit, consoles } = await setup();
    consoles.write(0, 'core-1# show version\r\nImage: 15.3.1.4\r\n');
    consoles.write(1, 'core-2# show switch\r\n');
    await press(KEYS.enter);
    await eventually(() => expect(text(lines())).toContain('Evidence:'));
    expect(fleetShown(lines())).toBe(false);
    // At 80x24 the dialog covers the console, as in `hitless upgrade`: Esc hides it.
    await press(KEYS.escape);
    await eventually(() => expect(text(lines())).toContain('core-1# show version'));
    const opened = text(lines());
    expect(opened).toContain('MSM A');
    expect(opened).toContain('[?] Install on first backup');
    expect(opened).not.toContain('core-2# show switch');
    expect(opened).toContain('Console — PgUp/PgDn to scroll');
    // Live: output and events of the opened chassis show as they come; the others' output is only kept.
    consoles.write(0, 'core-1# download image 10.0.0.5 bd8800-16.1.2.3.xos\r\n');
    consoles.write(1, 'core-2# show version\r\n');
    await eventually(() => expect(text(lines())).toContain('core-1# download image'));
    expect(text(lines())).not.toContain('core-2#');
    await press(KEYS.escape);
    await eventually(() => expect(text(lines())).toContain('Evidence:'));
    expect(lines().at(-1)).toContain('c confirm · a abort · f fleet · ? help');
    await press('c');
    await eventually(() => expect(commands).toEqual([{ kind: 'confirm', index: 0, since: expect.any(String) }]));
    emit(0, { type: 'confirm-response', step: 'install-first-backup', answer: 'confirm', by: 'c' });
    await eventually(() => expect(text(lines())).not.toContain('Evidence:'));
    // Meanwhile core-2 moves on: its events are folded while core-1 is shown.
    emit(1, { type: 'progress', activity: 'reading show switch again' });
    await press('f');
    await eventually(() => expect(fleetShown(lines())).toBe(true));
    expect(lines()[rowOf(lines(), 'core-2') + 1]).toContain('reading show switch again');
    expect(lines().find((line) => line.startsWith('> '))).toContain('core-1');
    expect(commands).toEqual([{ kind: 'confirm', index: 0, since: expect.any(String) }]);
    // Opened again, the console shows what the chassis sent while it was not shown.
    await press('j', KEYS.enter);
    await eventually(() => expect(text(lines())).toContain('core-2# show version'));
    expect(text(lines())).not.toContain('core-1#');
  });

  it('Esc hides a dialog first, goes back once none shows; a answers that chassis only', async () => {
    const { press, lines, commands } = await setup();
    const dialogShown = () => text(lines()).includes('Evidence:');
    await press(KEYS.enter);
    await eventually(() => expect(dialogShown()).toBe(true));
    await press(KEYS.escape);
    await eventually(() => expect(dialogShown()).toBe(false));
    expect(fleetShown(lines())).toBe(false);
    await eventually(() => expect(lines().at(-1)).toContain('Esc dialog · f fleet · ? help'));
    await press(KEYS.escape);
    await eventually(() => expect(dialogShown()).toBe(true));
    await press('a');
    await eventually(() => expect(commands).toEqual([{ kind: 'abort', index: 0, since: expect.any(String) }]));
    // core-2 waits for nothing: a asks, then stops that chassis only, and Esc goes straight back.
    await press('f');
    await eventually(() => expect(fleetShown(lines())).toBe(true));
    commands.length = 0;
    await press('j', KEYS.enter);
    await eventually(() => expect(lines().at(-1)).toContain('Esc fleet · ? help'));
    await press('a');
    await eventually(() => expect(text(lines())).toContain('Only this chassis stops: the rest of the fleet goes on.'));
    await press('y');
    await eventually(() => expect(commands).toEqual([{ kind: 'stop-chassis', index: 1 }]));
    await eventually(() => expect(text(lines())).not.toContain('Only this chassis stops'));
    await press(KEYS.escape);
    await eventually(() => expect(fleetShown(lines())).toBe(true));
    expect(lines().find((line) => line.startsWith('> '))).toContain('core-2');
  });

  it('q never quits the chassis: it goes back and asks whether to stop the fleet; its help and too-small notice say so', async () => {
    const { press, lines, commands, resize } = await setup();
    await press('j', KEYS.enter);
    await eventually(() => expect(lines().at(-1)).toContain('Esc fleet'));
    await press('?');
    await eventually(() => expect(text(lines())).toContain('back to the fleet view, asking there to stop every run'));
    expect(text(lines())).not.toContain('Tab ');
    await press('?');
    await eventually(() => expect(text(lines())).not.toContain('Keys (? or Esc closes this help)'));
    resize(60, 20);
    await eventually(() => expect(text(lines())).toContain('terminal too small'));
    const notice = lines().join(' ').replace(/\s+/g, ' ');
    expect(notice).toContain('f or Esc goes back to the fleet view, q asks there to stop the fleet');
    expect(notice).not.toContain('q quits');
    resize(80, 24);
    await eventually(() => expect(lines().at(-1)).toContain('Esc fleet'));
    await press('q');
    await eventually(() => expect(text(lines())).toContain('Stop the whole fleet?'));
    expect(commands).toEqual([]);
    await press('n');
    await eventually(() => expect(fleetShown(lines())).toBe(true));
    expect(text(lines())).not.toContain('Stop the whole fleet?');
    expect(commands).toEqual([]);
  });

  it('the fleet help and key line name Enter', async () => {
    const { press, lines } = await setup();
    expect(lines().at(-1)).toContain('Enter open');
    await press('?');
    await eventually(() => expect(text(lines())).toContain("open the selected chassis' own console"));
  });
});

describe('fleet consoles', () => {
  it('keep a bounded tail of each chassis, cut at a line, and a console only for the opened one', async () => {
    const consoles = new FleetConsoles(2, 100);
    for (let line = 0; line < 50; line++) consoles.write(0, `line ${line}\r\n`);
    expect(consoles.tail(0).length).toBeLessThanOrEqual(200);
    expect(consoles.tail(0)).toMatch(/^line \d+\r\n/);
    expect(consoles.tail(0)).toContain('line 49');
    const buffer = consoles.open(0, { cols: 40, rows: 30 });
    await buffer.flush();
    const shown = buffer.viewport().filter((line) => line.startsWith('line'));
    expect(shown.at(-1)).toBe('line 49');
    expect(shown.length).toBeLessThanOrEqual(100 / 'line 00\r\n'.length + 1);
    consoles.write(0, 'line 50\r\n');
    consoles.write(1, 'other\r\n');
    await buffer.flush();
    expect(buffer.viewport()).toContain('line 50');
    expect(buffer.viewport()).not.toContain('other');
    consoles.close();
  });
});
