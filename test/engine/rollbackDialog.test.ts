// The rollback offer as the full-screen console gets it: the engine asks through the same confirmation as every
// other command (the dialog's `c` confirms, `a` leaves it), with what failed, the exact commands and the evidence.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfirmAnswer, ConfirmRequest, EngineEventBody } from '../../source/engine/events.js';
import { memoryRunStateStore } from '../../source/engine/runState.js';
import { runUpgrade, type UpgradeDeps } from '../../source/engine/upgrade.js';
import { runRedactor } from '../../source/run/prepareRun.js';
import { parseUpgradeArgs } from '../../source/run/args.js';
import { prepareConnection, type Connection } from '../../source/run/connect.js';
import { timingFrom } from '../../source/run/performUpgrade.js';
import { upgradeTargetOf } from '../../source/run/target.js';
import { destructiveCommands, runningOn } from '../support/simulatedUpgrade.js';

let connection: Connection | undefined;
afterEach(async () => {
  await connection?.close();
  connection = undefined;
});

/** Runs the engine against an embedded backup-boot-fails chassis; every upgrade step is confirmed, the rollback gets `rollbackAnswer`. */
async function upgradeWithDialog(rollbackAnswer: ConfirmAnswer, consoleEvidence?: UpgradeDeps['consoleEvidence']) {
  const options = parseUpgradeArgs(['--simulate', 'backup-boot-fails', '--speed', '0', '--poll', '0.05', '--step-timeout', '600']);
  connection = await prepareConnection(options, { redactor: runRedactor(options) });
  const requests: ConfirmRequest[] = [];
  const events: EngineEventBody[] = [];
  const code = await runUpgrade({
    openSession: connection.openSession,
    target: upgradeTargetOf(options),
    targetLabel: 'test',
    emit: (event) => events.push(event),
    confirm: async (request) => {
      requests.push(request);
      return request.evidence[0]?.includes('did not come up') ? rollbackAnswer : 'confirm';
    },
    runState: memoryRunStateStore(),
    timing: timingFrom(options),
    offerRollback: true,
    ...(consoleEvidence && { consoleEvidence }),
  });
  return { code, requests, events, sim: connection.simulator! };
}

describe('the rollback dialog', () => {
  it('c: shows what failed, the exact commands and the evidence, then rolls MSM-B back (exit 4, redundant)', async () => {
    const { code, requests, events, sim } = await upgradeWithDialog('confirm');
    expect(code).toBe(4);
    const offers = requests.filter((request) => request.evidence[0]?.includes('did not come up'));
    expect(offers.map((request) => request.command)).toEqual(['use image partition primary msm B', 'reboot msm B']);
    expect(offers[0]!.evidence.slice(0, 2)).toEqual([
      'MSM-B did not come up on 15.3.5.2-patch1-5 (FAIL)',
      'rollback: "use image partition primary msm B" then "reboot msm B" (primary holds 15.3.1.4)',
    ]);
    expect(offers[0]!.evidence).toContain('MSM-B is FAIL');
    expect(offers[1]!.questions.map((question) => question.id)).toEqual(['reboot-msm']);
    expect(runningOn(sim, 'B')).toBe('15.3.1.4');
    expect(sim.outages).toEqual([]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'rollback', outcome: 'done' }));
  }, 60_000);

  it('a: leaves MSM-B as it is, sends nothing more, and says so (exit 4)', async () => {
    const { code, events, sim } = await upgradeWithDialog('abort');
    expect(code).toBe(4);
    expect(destructiveCommands(sim)).toHaveLength(2);
    expect(runningOn(sim, 'B')).toBe('15.3.5.2-patch1-5');
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'error', exitCode: 4, message: 'MSM-B did not come up on 15.3.5.2-patch1-5 (FAIL); the operator left it as it is (not rolled back)' }),
    );
  }, 60_000);

  it('a watched console: its failure lines are evidence in the dialog and in the line the rollback ends with', async () => {
    const seen = ['MSM-A\'s console: <Info:DM.Info> MSM-B: Node State changed to FAIL', "MSM-B's console: MSM-B failed to initialize; node state FAIL."];
    const { code, requests, events } = await upgradeWithDialog('confirm', (slot) => (slot === 'B' ? seen : []));
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
