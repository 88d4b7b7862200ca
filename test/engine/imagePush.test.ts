// The engine's side of a local --image, in process against the embedded simulator: a copy that `ls` shows at another
// size stops the run (exit 4) before anything is installed; progress events come at most two a second.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEventBody } from '../../source/engine/events.js';
import { transferProgressEmitter } from '../../source/engine/imagePush.js';
import { memoryRunStateStore } from '../../source/engine/runState.js';
import { delegatingSession, type SessionLike } from '../../source/engine/sessionLike.js';
import { runUpgrade } from '../../source/engine/upgrade.js';
import { parseUpgradeArgs } from '../../source/run/args.js';
import { prepareConnection, type Connection } from '../../source/run/connect.js';
import { timingFrom } from '../../source/run/performUpgrade.js';
import { runRedactor } from '../../source/run/prepareRun.js';
import { upgradeTargetOf } from '../../source/run/target.js';
import { SIMULATED_IMAGE_BYTES } from '../../source/simulator/scenarios.js';
import { tempDir } from '../support/runCli.js';

const TARGET = 'bd8800-15.3.5.2-patch1-5.xos';

let connection: Connection | undefined;
afterEach(async () => {
  await connection?.close();
  connection = undefined;
});

describe('a local image copied to the switch', () => {
  it('ls shows another size than the local file after the copy: exit 4, the size named, nothing installed', async () => {
    const dir = tempDir();
    const image = join(dir, TARGET);
    const short = join(dir, 'short.xos');
    writeFileSync(image, Buffer.alloc(SIMULATED_IMAGE_BYTES, 1));
    writeFileSync(short, Buffer.alloc(SIMULATED_IMAGE_BYTES / 4, 1));
    const options = parseUpgradeArgs(['--simulate', 'happy', '--speed', '0', '--poll', '0.05', '--step-timeout', '60', '--image', image]);
    connection = await prepareConnection(options, { redactor: runRedactor(options) });
    const open = connection.openSession;
    // The transfer "succeeds" but leaves a shorter file on the switch.
    const shortCopy = async (): Promise<SessionLike> => {
      const session = await open();
      return delegatingSession(session, { pushFile: (_local, name, pushOptions) => session.pushFile!(short, name, pushOptions) });
    };
    const events: EngineEventBody[] = [];
    const exitCode = await runUpgrade({
      openSession: shortCopy,
      target: upgradeTargetOf(options),
      targetLabel: 'test',
      emit: (event) => events.push(event),
      confirm: async () => 'confirm',
      runState: memoryRunStateStore(),
      timing: timingFrom(options),
    });
    expect(exitCode).toBe(4);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'error', message: `${TARGET} was copied (1,048,576 bytes) but "ls" shows 262,144 bytes: not installed` }),
    );
    expect(events.filter((event) => event.type === 'command').map((event) => event.type === 'command' && event.command)).toEqual([]);
  }, 60_000);

  it('progress: the first report at once, then at most one each half second, and always the last', () => {
    const emitted: EngineEventBody[] = [];
    let now = 0;
    const report = transferProgressEmitter((event) => emitted.push(event), () => now);
    for (const [at, sent] of [[0, 10], [100, 20], [499, 30], [500, 40], [900, 50], [1200, 60], [1250, 100]] as const) {
      now = at;
      report(sent, 100);
    }
    expect(emitted.map((event) => event.type === 'transfer-progress' && event.bytesSent)).toEqual([10, 40, 60, 100]);
    expect(emitted.at(-1)).toEqual({ type: 'transfer-progress', bytesSent: 100, bytesTotal: 100, bytesPerSecond: 80, secondsLeft: 0 });
  });
});
