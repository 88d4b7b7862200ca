import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { HitlessError } from '../../source/errors.js';
import { ExosSession } from '../../source/session/exosSession.js';
import { generateEd25519KeyPair } from '../../source/simulator/hostKey.js';
import { fingerprint } from '../../source/transport/knownHosts.js';
import { connectSsh, type HostKeyPolicy, type SshAuth, type SshTransport } from '../../source/transport/sshTransport.js';
import type { CloseReason } from '../../source/transport/transport.js';
import { PASSWORD, USER, closedPort, startFakeSwitch, startRelay, type FakeSwitchServer } from './sshFixture.js';


const clientKey = generateEd25519KeyPair();
let server: FakeSwitchServer;
const open: SshTransport[] = [];

beforeAll(async () => {
  server = await startFakeSwitch(clientKey.public);
});
afterAll(async () => {
  for (const transport of open) transport.close();
  await server.close();
});

const knownHostsFile = () => join(mkdtempSync(join(tmpdir(), 'hitless-ssh-')), 'known_hosts');
const hostLine = (port: number, publicLine: string) => `[127.0.0.1]:${port} ${publicLine.split(' ').slice(0, 2).join(' ')}\n`;
const serverFingerprint = () => fingerprint(Buffer.from(server.hostKey.public.split(' ')[1]!, 'base64'));
const trusted = (): HostKeyPolicy => {
  const file = knownHostsFile();
  writeFileSync(file, hostLine(server.port, server.hostKey.public));
  return { knownHostsFile: file, mode: 'strict' };
};

async function connect(auth: SshAuth, hostKeys: HostKeyPolicy, port = server.port, options = {}): Promise<SshTransport> {
  const transport = await connectSsh({ host: '127.0.0.1', port, username: USER }, auth, hostKeys, options);
  open.push(transport);
  return transport;
}

async function failure(promise: Promise<unknown>): Promise<HitlessError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(HitlessError);
  return error as HitlessError;
}

/** Collects output until `text` has been seen. */
function waitFor(transport: SshTransport, text: string): Promise<string> {
  return new Promise((resolve) => {
    let seen = '';
    const stop = transport.onData((chunk) => {
      seen += chunk;
      if (seen.includes(text)) {
        stop();
        resolve(seen);
      }
    });
  });
}

const closed = (transport: SshTransport) =>
  new Promise<[CloseReason, string | undefined]>((resolve) => transport.onClose((reason, detail) => resolve([reason, detail])));

describe('connecting and talking', () => {
  it('logs in with a password, trusts a first key in accept-new mode, and carries the CLI both ways', async () => {
    const file = knownHostsFile();
    const transport = await connect({ password: PASSWORD }, { knownHostsFile: file, mode: 'accept-new' }, server.port, { cols: 132, rows: 40 });
    expect(readFileSync(file, 'utf8')).toBe(hostLine(server.port, server.hostKey.public));
    expect(transport.hostKey).toEqual({ keyType: 'ssh-ed25519', fingerprint: serverFingerprint() });
    expect(transport.description).toBe(`ssh admin@127.0.0.1:${server.port}`);
    expect(server.ptys.at(-1)).toEqual({ term: 'xterm-256color', cols: 132, rows: 40 });
    // ssh2's defaults negotiated with ssh2's server: nothing weak to report.
    expect(transport.weakAlgorithmWarnings).toEqual([]);

    await waitFor(transport, 'BD-8810.1 # ');
    const answer = waitFor(transport, 'BD-8810.2 # ');
    transport.write('show switch\r');
    expect(await answer).toBe('show switch\r\nSysName:          BD-8810\r\nBD-8810.2 # ');

    const again = await connect({ password: PASSWORD }, { knownHostsFile: file, mode: 'strict' });
    expect(again.closed).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(hostLine(server.port, server.hostKey.public));
  });

  it('logs in with a private key against a hashed known_hosts entry', async () => {
    const hostKeys = trusted();
    execFileSync('ssh-keygen', ['-H', '-f', hostKeys.knownHostsFile], { stdio: 'ignore' });
    expect(readFileSync(hostKeys.knownHostsFile, 'utf8')).toMatch(/^\|1\|/);
    const transport = await connect({ identities: [{ file: 'id_test', key: Buffer.from(clientKey.private) }] }, hostKeys);
    await waitFor(transport, 'BD-8810.1 # ');
  });

  it('offers the keys in order and logs in with an encrypted one given its passphrase', async () => {
    const stranger = generateEd25519KeyPair();
    const locked = generateEd25519KeyPair({ passphrase: 'unlock-me', cipher: 'aes256-cbc', rounds: 4 });
    const server2 = await startFakeSwitch(locked.public);
    try {
      const hostKeys = { knownHostsFile: knownHostsFile(), mode: 'accept-new' as const };
      const identities = [
        { file: 'id_stranger', key: Buffer.from(stranger.private) },
        { file: 'id_locked', key: Buffer.from(locked.private), passphrase: 'unlock-me' },
      ];
      const transport = await connect({ identities }, hostKeys, server2.port);
      await waitFor(transport, 'BD-8810.1 # ');
      transport.close();
    } finally {
      await server2.close();
    }
  });

  it('asks for a password only after the keys were refused, and only once', async () => {
    const stranger = generateEd25519KeyPair();
    let asked = 0;
    const askPassword = async () => (asked++, PASSWORD);
    const transport = await connect({ identities: [{ file: 'id_stranger', key: Buffer.from(stranger.private) }], askPassword }, trusted());
    await waitFor(transport, 'BD-8810.1 # ');
    expect(asked).toBe(1);
  });

  it('tells the switch about a new terminal size', async () => {
    const transport = await connect({ password: PASSWORD }, trusted());
    await waitFor(transport, '# ');
    const before = server.ptys.length;
    transport.resize(100, 30);
    await until(() => server.ptys.length > before);
    expect(server.ptys.at(-1)).toEqual({ term: 'window-change', cols: 100, rows: 30 });
  });
});

describe('an EXOS session over SSH', () => {
  it('logs in, turns paging off and runs a command', async () => {
    const transport = await connect({ password: PASSWORD }, trusted());
    const session = await ExosSession.open(transport);
    expect(session.prompt).toMatchObject({ sysname: 'BD-8810', counter: 2 });
    const result = await session.run('show switch');
    expect(result.output).toBe('SysName:          BD-8810');
    expect(result.prompt.counter).toBe(3);
    session.close();
    expect(transport.closed).toBe(true);
  });
});

describe('host keys', () => {
  it('refuses an unknown host in strict mode, naming the fingerprint and how to accept it', async () => {
    const file = knownHostsFile();
    const error = await failure(connect({ password: PASSWORD }, { knownHostsFile: file, mode: 'strict' }));
    expect(error).toMatchObject({ kind: 'host-key-unknown', exitCode: 2 });
    expect(error.message).toContain(serverFingerprint());
    expect(error.message).toContain('--accept-new');
    expect(() => readFileSync(file)).toThrow();
  });

  it('refuses a changed key, naming the expected and the presented fingerprints', async () => {
    const file = knownHostsFile();
    const old = generateEd25519KeyPair();
    writeFileSync(file, hostLine(server.port, old.public));
    const error = await failure(connect({ password: PASSWORD }, { knownHostsFile: file, mode: 'accept-new' }));
    expect(error).toMatchObject({ kind: 'host-key-changed', exitCode: 2 });
    expect(error.message).toContain(fingerprint(Buffer.from(old.public.split(' ')[1]!, 'base64')));
    expect(error.message).toContain(serverFingerprint());
    expect(readFileSync(file, 'utf8')).toBe(hostLine(server.port, old.public));
  });

  it('asks in ask mode, and appends only what the operator accepted', async () => {
    const file = knownHostsFile();
    const asked: unknown[] = [];
    const policy = (answer: boolean): HostKeyPolicy => ({ knownHostsFile: file, mode: 'ask', ask: async (info) => (asked.push(info), answer) });
    const error = await failure(connect({ password: PASSWORD }, policy(false)));
    expect(error.kind).toBe('host-key-unknown');
    expect(asked).toEqual([{ host: '127.0.0.1', port: server.port, fingerprint: serverFingerprint(), keyType: 'ssh-ed25519' }]);
    await connect({ password: PASSWORD }, policy(true));
    expect(readFileSync(file, 'utf8')).toBe(hostLine(server.port, server.hostKey.public));
  });

  it('does not count the time the operator takes to answer against the login time', async () => {
    const file = knownHostsFile();
    const slowYes = () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 1_500));
    const transport = await connect({ password: PASSWORD }, { knownHostsFile: file, mode: 'ask', ask: slowYes }, server.port, { readyTimeoutMs: 1_000 });
    expect(transport.closed).toBe(false);
  });

  it('gives the login its own time once the host key is accepted: a short ConnectTimeout does not cut a slow login', async () => {
    const hostKey = generateEd25519KeyPair();
    const slow = new ssh2.Server({ hostKeys: [hostKey.private] }, (conn) => {
      conn.on('error', () => undefined);
      conn.on('authentication', (ctx) => (ctx.method === 'password' ? setTimeout(() => ctx.accept(), 1_000) : ctx.reject(['password'])));
      conn.on('session', (accept) => accept().on('pty', (ok) => ok?.()).on('shell', (ok) => ok().write('sw.1 # ')));
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const { port } = slow.address() as net.AddressInfo;
    try {
      const transport = await connect({ password: PASSWORD }, { knownHostsFile: knownHostsFile(), mode: 'accept-new' }, port, {
        connectTimeoutMs: 500,
        readyTimeoutMs: 20_000,
      });
      expect(transport.closed).toBe(false);
      transport.close();
    } finally {
      slow.close();
    }
  });

  it('asks the switch first for a key type known_hosts already holds', async () => {
    // The server offers ed25519 and ECDSA; ssh2 alone would pick ed25519, which this file does not list.
    const file = knownHostsFile();
    writeFileSync(file, hostLine(server.port, server.ecdsaHostKey.public));
    const transport = await connect({ password: PASSWORD }, { knownHostsFile: file, mode: 'strict' });
    expect(transport.hostKey.keyType).toBe('ecdsa-sha2-nistp256');
  });
});

describe('connect errors', () => {
  it('reports a wrong password as an auth error without the password', async () => {
    const error = await failure(connect({ password: 'wrong-secret' }, trusted()));
    expect(error).toMatchObject({ kind: 'auth', exitCode: 2, message: `authentication failed for admin@127.0.0.1:${server.port}` });
  });

  it('reports refused keys as an auth error that names no key material', async () => {
    const stranger = generateEd25519KeyPair();
    const error = await failure(connect({ identities: [{ file: 'id_stranger', key: Buffer.from(stranger.private) }] }, trusted()));
    expect(error).toMatchObject({ kind: 'auth', exitCode: 2, message: `authentication failed for admin@127.0.0.1:${server.port}` });
  });

  it('gives up when the far end never speaks SSH', async () => {
    const mute = net.createServer(() => undefined);
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    const { port } = mute.address() as net.AddressInfo;
    const error = await failure(connect({ password: PASSWORD }, trusted(), port, { readyTimeoutMs: 200 }));
    expect(error).toMatchObject({ kind: 'connect', exitCode: 2, message: `cannot reach 127.0.0.1:${port}: no SSH handshake within 0.2 s` });
    mute.close();
  });

  it('a handshake is not waited for past endsBy (what a reconnect has left), whatever ConnectTimeout says', async () => {
    const mute = net.createServer(() => undefined);
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    const { port } = mute.address() as net.AddressInfo;
    const started = Date.now();
    const error = await failure(connect({ password: PASSWORD }, trusted(), port, { readyTimeoutMs: 60_000, connectTimeoutMs: 60_000, endsBy: Date.now() + 300 }));
    expect(error).toMatchObject({ kind: 'connect', exitCode: 2, message: `cannot reach 127.0.0.1:${port}: no SSH handshake in the time left` });
    expect(Date.now() - started).toBeLessThan(30_000);
    mute.close();
  });

  it('waits ConnectTimeout for the handshake, not the (longer) login time', async () => {
    const mute = net.createServer(() => undefined);
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    const { port } = mute.address() as net.AddressInfo;
    const started = Date.now();
    const error = await failure(connect({ password: PASSWORD }, trusted(), port, { readyTimeoutMs: 60_000, connectTimeoutMs: 300 }));
    expect(error).toMatchObject({ kind: 'connect', exitCode: 2, message: `cannot reach 127.0.0.1:${port}: no SSH handshake within 0.3 s` });
    expect(Date.now() - started).toBeLessThan(30_000);
    mute.close();
  });

  it('reports a closed port as a connect error', async () => {
    const port = await closedPort();
    const error = await failure(connect({ password: PASSWORD }, trusted(), port));
    expect(error).toMatchObject({ kind: 'connect', exitCode: 2, message: `cannot reach 127.0.0.1:${port}: connection refused` });
  });
});

describe('losing the link', () => {
  it('reports remote-closed when the far end drops the TCP connection', async () => {
    const relay = await startRelay(server.port);
    const hostKeys = trusted();
    writeFileSync(hostKeys.knownHostsFile, hostLine(relay.port, server.hostKey.public));
    const transport = await connect({ password: PASSWORD }, hostKeys, relay.port);
    await waitFor(transport, '# ');
    const gone = closed(transport);
    relay.cut();
    expect(await gone).toEqual(['remote-closed', undefined]);
    expect(transport.closed).toBe(true);
    await relay.close();
  });

  it('notices a silent link through keepalive', async () => {
    const relay = await startRelay(server.port);
    const hostKeys = trusted();
    writeFileSync(hostKeys.knownHostsFile, hostLine(relay.port, server.hostKey.public));
    const transport = await connect({ password: PASSWORD }, hostKeys, relay.port, { keepaliveIntervalMs: 100, keepaliveCountMax: 2 });
    await waitFor(transport, '# ');
    const gone = closed(transport);
    relay.silence();
    expect(await gone).toEqual(['keepalive-timeout', 'Keepalive timeout']);
    await relay.close();
  });

  it('reports remote-closed when the shell exits', async () => {
    const transport = await connect({ password: PASSWORD }, trusted());
    await waitFor(transport, '# ');
    const gone = closed(transport);
    transport.write('exit\r');
    expect(await gone).toEqual(['remote-closed', undefined]);
  });

  it('closes locally at once and ends the SSH connection', async () => {
    const transport = await connect({ password: PASSWORD }, trusted());
    await waitFor(transport, '# ');
    const ended = server.endedConnections;
    const reasons: CloseReason[] = [];
    transport.onClose((reason) => reasons.push(reason));
    transport.close();
    expect(reasons).toEqual(['local-close']);
    expect(transport.closed).toBe(true);
    transport.write('ignored after close\r');
    await until(() => server.endedConnections > ended);
  });
});

describe('keepalive while the operator decides', () => {
  // A switch of its own: the other tests' connections ping it too otherwise.
  let quiet: FakeSwitchServer;
  beforeAll(async () => {
    quiet = await startFakeSwitch();
  });
  afterAll(() => quiet.close());
  // Only the keepalive's clock is faked: the connection itself runs for real.
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
  afterEach(() => vi.useRealTimers());

  const connectQuiet = async (options = {}) => {
    const file = knownHostsFile();
    writeFileSync(file, hostLine(quiet.port, quiet.hostKey.public));
    const transport = await connect({ password: PASSWORD }, { knownHostsFile: file, mode: 'strict' }, quiet.port, options);
    await waitFor(transport, '# ');
    return transport;
  };
  /** The operator's decision, made when `decide` is called. */
  const operatorDeciding = (transport: SshTransport) => {
    let decide!: () => void;
    const decided = transport.whileOperatorDecides(() => new Promise<void>((resolve) => (decide = resolve)));
    return { decide: () => (decide(), decided) };
  };
  /** An empty command line answered: a ping written before it has reached the switch by then (one ordered connection). */
  const roundTrip = async (transport: SshTransport) => {
    const prompt = waitFor(transport, '# ');
    transport.write('\r');
    await prompt;
  };

  it('pings every 15 s while the operator decides, and every 2 s again from the moment the decision is made', async () => {
    const transport = await connectQuiet();
    const before = quiet.keepalives;
    await vi.advanceTimersByTimeAsync(2_000);
    await quiet.keepalivesReach(before + 1);

    const operator = operatorDeciding(transport);
    await vi.advanceTimersByTimeAsync(14_000);
    await roundTrip(transport);
    expect(quiet.keepalives).toBe(before + 1);
    await vi.advanceTimersByTimeAsync(1_000);
    await quiet.keepalivesReach(before + 2);

    await operator.decide();
    await vi.advanceTimersByTimeAsync(2_000);
    await quiet.keepalivesReach(before + 3);
    await vi.advanceTimersByTimeAsync(2_000);
    await quiet.keepalivesReach(before + 4);
    transport.close();
  });

  it('keeps an interval the user set (ServerAliveInterval) while the operator decides', async () => {
    const transport = await connectQuiet({ keepaliveIntervalMs: 3_000 });
    const before = quiet.keepalives;
    const operator = operatorDeciding(transport);
    await vi.advanceTimersByTimeAsync(3_000);
    await quiet.keepalivesReach(before + 1);
    await vi.advanceTimersByTimeAsync(3_000);
    await quiet.keepalivesReach(before + 2);
    await operator.decide();
    transport.close();
  });

  it('still notices a silent link while the operator decides, after the same count of unanswered pings', async () => {
    const relay = await startRelay(quiet.port);
    const file = knownHostsFile();
    writeFileSync(file, hostLine(relay.port, quiet.hostKey.public));
    const transport = await connect({ password: PASSWORD }, { knownHostsFile: file, mode: 'strict' }, relay.port);
    await waitFor(transport, '# ');
    const gone = closed(transport);
    operatorDeciding(transport);
    relay.silence();
    // 3 unanswered pings, 15 s apart; the 4th tick gives the link up.
    await vi.advanceTimersByTimeAsync(4 * 15_000);
    expect(await gone).toEqual(['keepalive-timeout', 'Keepalive timeout']);
    await relay.close();
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
