// The rollback offer on the full-screen console: the engine runs against an embedded backup-boot-fails chassis and
// asks through the App's dialog, answered with real keys through stdin (`c` confirms, `a` leaves it). The dialog shows
// what failed, the exact commands and the evidence; the console evidence is checked on the request itself.
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConfirmAnswer, ConfirmRequest, EngineEventBody } from '../../source/engine/events.js';
import { memoryRunStateStore } from '../../source/engine/runState.js';
import { runUpgrade, type UpgradeDeps } from '../../source/engine/upgrade.js';
import { runRedactor } from '../../source/run/prepareRun.js';
import { parseUpgradeArgs } from '../../source/run/args.js';
import { prepareConnection, type Connection } from '../../source/run/connect.js';
import { timingFrom } from '../../source/run/performUpgrade.js';
import { upgradeTargetOf } from '../../source/run/target.js';
import { App } from '../../source/ui/App.js';
import { ConsoleBuffer } from '../../source/ui/consoleBuffer.js';
import { createUiStore } from '../../source/ui/store.js';
import { destructiveCommands, runningOn } from '../support/simulatedUpgrade.js';

let connection: Connection | undefined;
const buffers: ConsoleBuffer[] = [];
afterEach(async () => {
  cleanup();
  for (const buffer of buffers.splice(0)) buffer.dispose();
  await connection?.close();
  connection = undefined;
});

const ROLLED_BACK_TO = '15.3.1.4';
const FAILED_ON = '15.3.5.2-patch1-5';
const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 20_000, interval: 20 });

async function embeddedChassis() {
  const options = parseUpgradeArgs(['--simulate', 'backup-boot-fails', '--speed', '0', '--poll', '0.05', '--step-timeout', '600']);
  connection = await prepareConnection(options, { redactor: runRedactor(options) });
  return { options, sim: connection.simulator!, openSession: connection.openSession };
}

/** The engine with the App as its only way to answer: each confirmation waits for a key in the dialog. */
async function upgradeOnScreen() {
  const { options, sim, openSession } = await embeddedChassis();
  const store = createUiStore('test', upgradeTargetOf(options).core.version);
  const consoleBuffer = new ConsoleBuffer({ cols: 80, rows: 5 });
  buffers.push(consoleBuffer);
  let pending: ((answer: ConfirmAnswer) => void) | undefined;
  const answer = (value: ConfirmAnswer) => {
    const resolve = pending;
    pending = undefined;
    resolve?.(value);
  };
  const screen = render(
    <App store={store} console={consoleBuffer} onConfirm={() => answer('confirm')} onSkip={() => {}} onAbort={() => answer('abort')} onQuit={() => {}} onConsoleInput={() => {}} />,
  );
  const events: EngineEventBody[] = [];
  const run = runUpgrade({
    openSession,
    target: upgradeTargetOf(options),
    targetLabel: 'test',
    emit: (event) => {
      events.push(event);
      store.dispatch({ ...event, at: new Date().toISOString() });
    },
    confirm: () => new Promise((resolve) => (pending = resolve)),
    runState: memoryRunStateStore(),
    timing: timingFrom(options),
    offerRollback: true,
  });
  const frame = () => screen.lastFrame() ?? '';
  /** Waits for the dialog of `command`, then types `key`. */
  const answerDialog = async (command: string, key: string) => {
    await eventually(() => expect(frame()).toContain(`$ ${command}`));
    await eventually(() => expect(pending).toBeDefined());
    // A dialog taller than the screen is read to its end first: c counts only then.
    for (let page = 0; page < 10 && /↓ \d+ more lines?/.test(frame()); page++) {
      const before = frame();
      screen.stdin.write('\x1b[6~');
      await eventually(() => expect(frame()).not.toBe(before));
    }
    screen.stdin.write(key);
  };
  return { sim, events, run, frame, answerDialog };
}

describe('the rollback dialog, answered with keys', () => {
  it('c: the dialog names what failed and the commands; c sends them and MSM-B is back In Sync on the old release (exit 4)', async () => {
    const screen = await upgradeOnScreen();
    await screen.answerDialog('download image', 'c');
    await screen.answerDialog('reboot msm B', 'c');
    await screen.answerDialog('use image partition primary msm B', 'c');
    expect(screen.frame()).toContain(`MSM-B did not come up on ${FAILED_ON} (FAIL)`);
    // The title names the rollback, not the checklist step it happens in.
    expect(screen.frame()).toContain(`Roll back MSM-B to ${ROLLED_BACK_TO}: boot it from primary next`);
    expect(screen.frame()).not.toContain('Confirm:');
    expect(destructiveCommands(screen.sim)).toEqual([expect.stringMatching(/^download /), 'reboot msm B']);
    await screen.answerDialog('reboot msm B', 'c');
    expect(screen.frame()).toContain(`Roll back MSM-B to ${ROLLED_BACK_TO}: reboot it`);
    expect(await screen.run).toBe(4);
    expect(destructiveCommands(screen.sim)).toEqual([expect.stringMatching(/^download /), 'reboot msm B', 'use image partition primary msm B', 'reboot msm B']);
    expect(runningOn(screen.sim, 'B')).toBe(ROLLED_BACK_TO);
    expect(screen.sim.outages).toEqual([]);
    const summary = `MSM-B did not come up on ${FAILED_ON} (FAIL); rolled back to ${ROLLED_BACK_TO} and In Sync again; the chassis is redundant`;
    expect(screen.events).toContainEqual(expect.objectContaining({ type: 'error', exitCode: 4, message: summary }));
  }, 60_000);

  it('a: leaves MSM-B as it is, sends nothing more, and says so (exit 4)', async () => {
    const screen = await upgradeOnScreen();
    await screen.answerDialog('download image', 'c');
    await screen.answerDialog('reboot msm B', 'c');
    await screen.answerDialog('use image partition primary msm B', 'a');
    expect(await screen.run).toBe(4);
    expect(destructiveCommands(screen.sim)).toEqual([expect.stringMatching(/^download /), 'reboot msm B']);
    expect(runningOn(screen.sim, 'B')).toBe(FAILED_ON);
    const reason = `MSM-B did not come up on ${FAILED_ON} (FAIL); the operator left it as it is (not rolled back)`;
    expect(screen.events).toContainEqual(expect.objectContaining({ type: 'error', exitCode: 4, message: reason }));
    await eventually(() => expect(screen.frame()).toContain('the operator left it as it is'));
  }, 60_000);
});

/** The engine alone, every confirmation answered `confirm`: for what the request carries beyond the screen's width. */
async function upgradeConfirmingAll(consoleEvidence: UpgradeDeps['consoleEvidence']) {
  const { options, openSession } = await embeddedChassis();
  const requests: ConfirmRequest[] = [];
  const events: EngineEventBody[] = [];
  const code = await runUpgrade({
    openSession,
    target: upgradeTargetOf(options),
    targetLabel: 'test',
    emit: (event) => events.push(event),
    confirm: async (request) => {
      requests.push(request);
      return 'confirm';
    },
    runState: memoryRunStateStore(),
    timing: timingFrom(options),
    offerRollback: true,
    consoleEvidence,
  });
  return { code, requests, events };
}

describe('the rollback offer with a watched console', () => {
  it('a watched console: its failure lines are evidence in the dialog and in the line the rollback ends with', async () => {
    const seen = ['MSM-A\'s console: <Info:DM.Info> MSM-B: Node State changed to FAIL', "MSM-B's console: MSM-B failed to initialize; node state FAIL."];
    const { code, requests, events } = await upgradeConfirmingAll((slot) => (slot === 'B' ? seen : []));
    expect(code).toBe(4);
    const offer = requests.find((request) => request.evidence[0]?.includes('did not come up'))!;
    expect(offer.evidence.slice(0, 2)).toEqual([
      "MSM-B did not come up on 15.3.5.2-patch1-5 (FAIL); MSM-B's console: MSM-B failed to initialize; node state FAIL",
      seen[0],
    ]);
    const message = "MSM-B did not come up on 15.3.5.2-patch1-5 (FAIL); MSM-B's console: MSM-B failed to initialize; node state FAIL; rolled back to 15.3.1.4 and In Sync again; the chassis is redundant";
    expect(events).toContainEqual(expect.objectContaining({ type: 'rollback', outcome: 'done', consoleLines: seen, message }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'error', exitCode: 4, message }));
  }, 60_000);
});
