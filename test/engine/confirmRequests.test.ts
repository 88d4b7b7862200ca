// What the engine asks the operator: each request names its action in a title; the health decision is a decision (no
// command is sent), and the failover announces the I/O-reset question only where the MSMs run different releases.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfirmRequest, EngineEventBody } from '../../source/engine/events.js';
import { memoryRunStateStore } from '../../source/engine/runState.js';
import type { OpenSession } from '../../source/engine/sessionLike.js';
import { runUpgrade } from '../../source/engine/upgrade.js';
import { parseUpgradeArgs } from '../../source/run/args.js';
import { prepareConnection, type Connection } from '../../source/run/connect.js';
import { timingFrom } from '../../source/run/performUpgrade.js';
import { runRedactor } from '../../source/run/prepareRun.js';
import { upgradeTargetOf } from '../../source/run/target.js';

let connection: Connection | undefined;
afterEach(async () => {
  await connection?.close();
  connection = undefined;
});

/** Opens sessions that tell whether the operator is deciding (the transport relaxes its keepalive meanwhile). */
function watchingDecisions(openSession: OpenSession) {
  const state = { deciding: false };
  const open: OpenSession = async (attempt) => {
    const session = await openSession(attempt);
    const decide = session.whileOperatorDecides!.bind(session);
    session.whileOperatorDecides = async (decision) => {
      state.deciding = true;
      try {
        return await decide(decision);
      } finally {
        state.deciding = false;
      }
    };
    return session;
  };
  return { open, state };
}

async function upgradeConfirmingAll(scenario: string, extra: string[] = []) {
  const options = parseUpgradeArgs(['--simulate', scenario, '--speed', '0', '--poll', '0.05', '--step-timeout', '60', ...extra]);
  connection = await prepareConnection(options, { redactor: runRedactor(options) });
  const requests: ConfirmRequest[] = [];
  const events: EngineEventBody[] = [];
  const decisions = watchingDecisions(connection.openSession);
  const askedWhileDeciding: boolean[] = [];
  const exitCode = await runUpgrade({
    openSession: decisions.open,
    target: upgradeTargetOf(options),
    targetLabel: 'test',
    emit: (event) => events.push(event),
    confirm: async (request) => (requests.push(request), askedWhileDeciding.push(decisions.state.deciding), 'confirm'),
    runState: memoryRunStateStore(),
    timing: timingFrom(options),
    health: { enabled: true, settleMs: 0, canAsk: true, acceptRegression: false },
  });
  return { exitCode, requests, events, askedWhileDeciding };
}

describe('confirmation requests', () => {
  it('happy: every request has a title naming its action; the I/O-reset question is announced at the failover, not at the failback', async () => {
    const { exitCode, requests, events, askedWhileDeciding } = await upgradeConfirmingAll('happy', ['--failback']);
    expect(exitCode).toBe(0);
    // The session knows the operator is deciding for each request (nothing is sent meanwhile: the link is checked less often).
    expect(askedWhileDeciding).toEqual(requests.map(() => true));
    expect(requests.map((request) => request.title)).toEqual([
      'Install bd8800-15.3.5.2-patch1-5.xos on MSM-B (secondary)',
      'Reboot MSM-B, the backup',
      'Fail over to MSM-B',
      'Install bd8800-15.3.5.2-patch1-5.xos on MSM-A (secondary)',
      'Reboot MSM-A, the backup',
      'Fail back to MSM-A',
    ]);
    const questionsOf = (title: string) => requests.find((request) => request.title === title)!.questions.map((question) => question.id);
    expect(questionsOf('Fail over to MSM-B')).toEqual(['failover-confirm', 'io-module-reset', 'failover-reduced-function']);
    expect(questionsOf('Fail back to MSM-A')).toEqual(['failover-confirm']);
    expect(events.filter((event) => event.type === 'confirm-request').map((event) => event.type === 'confirm-request' && event.title)).toEqual(requests.map((request) => request.title));
  }, 60_000);

  it('port-loss: continuing despite lost ports is a decision, titled so, that sends nothing and is not the step\'s command', async () => {
    const { requests, events } = await upgradeConfirmingAll('port-loss');
    const decision = requests.find((request) => request.decision);
    expect(decision).toMatchObject({ title: 'Continue despite lost ports', command: 'continue despite lost ports', decision: true, questions: [] });
    expect(events).toContainEqual(expect.objectContaining({ type: 'confirm-request', title: 'Continue despite lost ports', decision: true }));
    expect(events.filter((event) => event.type === 'command').map((event) => event.type === 'command' && event.command)).not.toContain('continue despite lost ports');
  }, 60_000);
});
