// Detection latency: from the simulated chassis reaching a state the engine waits for (a rebooted backup In Sync,
// the new master answering after failover) to the engine's next step. In-process, over SSH to embedded simulators.
import { EXIT } from '../source/errors.js';
import { createEmitter } from '../source/engine/emitter.js';
import type { EngineEvent } from '../source/engine/events.js';
import { parseUpgradeArgs } from '../source/run/args.js';
import { prepareConnection } from '../source/run/connect.js';
import { performUpgrade } from '../source/run/performUpgrade.js';
import { runRedactor } from '../source/run/prepareRun.js';
import { upgradeTargetOf } from '../source/run/target.js';
import type { ChassisModel } from '../source/simulator/index.js';

export interface Detection {
  what: 'backup in sync' | 'new master up';
  latencyMs: number;
}

/** Moments the chassis reaches a state the engine is waiting for, from the model's own change notifications. */
function watchChassis(chassis: ChassisModel): { what: Detection['what']; at: number }[] {
  const reached: { what: Detection['what']; at: number }[] = [];
  const inSync = { A: chassis.msm.A.inSync, B: chassis.msm.B.inSync };
  let reachable = chassis.managementReachable;
  chassis.on('change', () => {
    for (const slot of ['A', 'B'] as const) {
      const now = chassis.msm[slot].nodeState === 'BACKUP' && chassis.msm[slot].inSync;
      if (now && !inSync[slot]) reached.push({ what: 'backup in sync', at: Date.now() });
      inSync[slot] = now;
    }
    if (chassis.managementReachable && !reachable && chassis.master()) reached.push({ what: 'new master up', at: Date.now() });
    reachable = chassis.managementReachable;
  });
  return reached;
}

/** The engine moved on: a decision that is not another wait, or the new master reported. */
const advances = (event: EngineEvent) =>
  (event.type === 'decision' && event.action.kind !== 'wait') || (event.type === 'step-end' && event.step === 'reconnect-new-master');

/** One complete happy upgrade at simulator speed `speed`, polling every `pollSeconds`; latencies of every wait. */
export async function detectionLatencies(pollSeconds: number, speed: number): Promise<Detection[]> {
  const options = parseUpgradeArgs(['--simulate', 'happy', '--speed', String(speed), '--poll', String(pollSeconds), '--headless', '--yes']);
  const target = upgradeTargetOf(options);
  const connection = await prepareConnection(options, { redactor: runRedactor(options) });
  const reached = watchChassis(connection.simulator!.chassis);
  const events: { event: EngineEvent; at: number }[] = [];
  const emit = createEmitter([(event) => events.push({ event, at: Date.now() })]);
  try {
    const exitCode = await performUpgrade({ options, target, connection, emit, confirm: async () => 'confirm' });
    if (exitCode !== EXIT.ok) throw new Error(`detection bench: the upgrade ended with exit ${exitCode}`);
  } finally {
    await connection.close();
  }
  return reached.flatMap(({ what, at }) => {
    const next = events.find((e) => e.at >= at && advances(e.event));
    return next ? [{ what, latencyMs: next.at - at }] : [];
  });
}
