// ExosSession.pushFile over real SSH to the simulator, through a proxy that breaks the link mid-transfer: a silent
// link (fastPut would wait for ever) and a cut one both fail promptly as a link loss, the session closed, so the
// engine reconnects and compares sizes; the copy then left on the switch is shorter than the file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExosSession } from '../../source/session/exosSession.js';
import { SessionError } from '../../source/session/sessionError.js';
import type { RunningSimulator } from '../../source/simulator/index.js';
import { connectSsh } from '../../source/transport/sshTransport.js';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy.js';
import { startTestSimulator, tempDir } from '../simulator/helpers.js';

vi.setConfig({ testTimeout: 30_000 });

const IMAGE = 'bd8800-15.3.5.2-patch1-5.xos';
const BYTES = 8 * 1024 * 1024;
const STALL_MS = 1_000;

let simulator: RunningSimulator | undefined;
let proxy: FaultProxy | undefined;
const cleanups: Array<() => void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await proxy?.close();
  await simulator?.close();
});

async function sessionThroughProxy(): Promise<{ session: ExosSession; file: string }> {
  simulator = await startTestSimulator({ scenario: 'happy' });
  proxy = await startFaultProxy(simulator.port);
  const dir = tempDir();
  cleanups.push(dir.remove);
  const file = join(dir.path, IMAGE);
  writeFileSync(file, Buffer.alloc(BYTES, 1));
  const transport = await connectSsh({ host: '127.0.0.1', port: proxy.port, username: 'admin' }, { password: 'admin' }, { knownHostsFile: join(dir.path, 'known_hosts'), mode: 'accept-new' });
  const session = await ExosSession.open(transport);
  cleanups.push(() => session.close());
  return { session, file };
}

describe('ExosSession.pushFile when the link breaks mid-transfer', () => {
  it.each([
    ['goes silent', (link: FaultProxy) => link.stall(), /no progress for 1 s/],
    ['is cut', (link: FaultProxy) => link.cut(), /SSH connection closed|no progress/],
  ])('the link %s: a link-lost SessionError, the session closed, a shorter copy on the switch', async (_name, breakLink, reason) => {
    const { session, file } = await sessionThroughProxy();
    let broken = false;
    const pushed = session.pushFile(file, IMAGE, {
      stallTimeoutMs: STALL_MS,
      onProgress: (sent) => {
        if (broken || sent < BYTES / 8) return;
        broken = true;
        breakLink(proxy!);
      },
    });
    const error = await pushed.then(() => undefined, (err: unknown) => err);
    expect(error).toBeInstanceOf(SessionError);
    expect(error).toMatchObject({ kind: 'link-lost', message: expect.stringMatching(reason) });
    expect(session.closed).toBe(true);
    await vi.waitFor(() => expect(simulator!.chassis.fileSystem.find(IMAGE)?.bytes ?? 0).toBeLessThan(BYTES));
  });
});
