import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateEd25519KeyPair } from '../../source/simulator/hostKey.js';
import { connectSsh, type HostKeyPolicy, type SshHop, type SshTransport } from '../../source/transport/sshTransport.js';
import { PASSWORD, USER, startFakeSwitch, type FakeSwitchServer } from './sshFixture.js';
import { startJumpServer, type JumpServer } from './jumpServer.js';

const hopKey = generateEd25519KeyPair();
let sw: FakeSwitchServer;
let jump1: JumpServer;
let jump2: JumpServer;
const open: SshTransport[] = [];

beforeAll(async () => {
  sw = await startFakeSwitch();
  jump1 = await startJumpServer({ user: 'hop1', clientKey: hopKey.public });
  jump2 = await startJumpServer({ user: 'hop2', password: 'hop2-password' });
});
afterAll(async () => {
  for (const transport of open) transport.close();
  await Promise.all([sw.close(), jump1.close(), jump2.close()]);
});

const knownHostsFile = () => join(mkdtempSync(join(tmpdir(), 'hitless-jump-')), 'known_hosts');
const hostLine = (port: number, publicLine: string) => `[127.0.0.1]:${port} ${publicLine.split(' ').slice(0, 2).join(' ')}\n`;
const viaJump1: SshHop = { host: '127.0.0.1', port: 0, username: 'hop1', auth: { identities: [{ file: 'id_hop', key: Buffer.from(hopKey.private) }] } };
const hop1 = (): SshHop => ({ ...viaJump1, port: jump1.port });
const hop2 = (): SshHop => ({ host: '127.0.0.1', port: jump2.port, username: 'hop2', auth: { askPassword: async () => 'hop2-password' } });

async function connect(jumps: SshHop[], hostKeys: HostKeyPolicy): Promise<SshTransport> {
  const transport = await connectSsh({ host: '127.0.0.1', port: sw.port, username: USER }, { password: PASSWORD }, hostKeys, { jumps });
  open.push(transport);
  return transport;
}

function prompt(transport: SshTransport): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    transport.onData((chunk) => {
      seen += chunk;
      if (seen.includes('BD-8810.1 # ')) resolve();
    });
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('ProxyJump', () => {
  it('reaches the switch through one jump host, verifying both host keys, and closes both connections', async () => {
    const file = knownHostsFile();
    const transport = await connect([hop1()], { knownHostsFile: file, mode: 'accept-new' });
    await prompt(transport);
    expect(transport.description).toBe(`ssh admin@127.0.0.1:${sw.port} via hop1@127.0.0.1:${jump1.port}`);
    expect(jump1.destinations.at(-1)).toBe(`127.0.0.1:${sw.port}`);
    expect(readFileSync(file, 'utf8')).toBe(hostLine(jump1.port, jump1.hostPublicKey) + hostLine(sw.port, sw.hostKey.public));

    const closedBefore = jump1.closedConnections;
    transport.close();
    await until(() => jump1.closedConnections > closedBefore);
  });

  it('chains two jump hosts, each with its own credentials; the switch password never reaches a jump host', async () => {
    const file = knownHostsFile();
    const transport = await connect([hop1(), hop2()], { knownHostsFile: file, mode: 'accept-new' });
    await prompt(transport);
    expect(jump1.destinations.at(-1)).toBe(`127.0.0.1:${jump2.port}`);
    expect(jump2.destinations.at(-1)).toBe(`127.0.0.1:${sw.port}`);
    expect(jump2.logins.at(-1)).toBe('hop2');
    expect([...jump1.passwordsTried, ...jump2.passwordsTried]).not.toContain(PASSWORD);
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('checks the jump host key against known_hosts too, before going any further', async () => {
    const file = knownHostsFile();
    writeFileSync(file, hostLine(sw.port, sw.hostKey.public));
    const forwarded = jump1.destinations.length;
    const error = await connect([hop1()], { knownHostsFile: file, mode: 'strict' }).catch((err: unknown) => err);
    expect(error).toMatchObject({ kind: 'host-key-unknown', exitCode: 2 });
    expect((error as Error).message).toContain(`127.0.0.1:${jump1.port} presented ssh-ed25519 SHA256:`);
    expect(jump1.destinations.length).toBe(forwarded);
  });

  it('reports a jump host that refuses to forward as a connect error naming both ends', async () => {
    const refusing = await startJumpServer({ user: 'hop1', clientKey: hopKey.public, refuseForwarding: true });
    try {
      const error = await connect([{ ...viaJump1, port: refusing.port }], { knownHostsFile: knownHostsFile(), mode: 'accept-new' }).catch((err: unknown) => err);
      expect(error).toMatchObject({ kind: 'connect', exitCode: 2 });
      expect((error as Error).message).toMatch(new RegExp(`^jump host 127\\.0\\.0\\.1:${refusing.port} cannot reach 127\\.0\\.0\\.1:${sw.port}: `));
    } finally {
      await refusing.close();
    }
  });

  it('reports refused jump host credentials as an auth error for that hop', async () => {
    const stranger = generateEd25519KeyPair();
    const hop = { ...hop1(), auth: { identities: [{ file: 'id_stranger', key: Buffer.from(stranger.private) }] } };
    const error = await connect([hop], { knownHostsFile: knownHostsFile(), mode: 'accept-new' }).catch((err: unknown) => err);
    expect(error).toMatchObject({ kind: 'auth', exitCode: 2, message: `authentication failed for jump host hop1@127.0.0.1:${jump1.port}` });
  });
});

describe('a jump host with old algorithms', () => {
  let old: JumpServer;
  beforeAll(async () => {
    old = await startJumpServer({ user: 'hop1', clientKey: hopKey.public, algorithms: { kex: ['diffie-hellman-group14-sha1'] } });
  });
  afterAll(() => old.close());
  const oldHop = (settings?: SshHop['settings']): SshHop => ({ ...viaJump1, port: old.port, ...(settings && { settings }) });

  it('is refused with its offer named, pointing to its own Host entry (the switch settings do not reach it)', async () => {
    const error = await connectSsh({ host: '127.0.0.1', port: sw.port, username: USER }, { password: PASSWORD }, { knownHostsFile: knownHostsFile(), mode: 'accept-new' }, {
      jumps: [oldHop()],
      algorithms: { kex: ['diffie-hellman-group14-sha1'] },
    }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toMatchObject({
      kind: 'ssh-negotiation',
      exitCode: 2,
      message:
        `jump host 127.0.0.1:${old.port} offers only diffie-hellman-group14-sha1 for key exchange; ` +
        'allow one in ~/.ssh/config (KexAlgorithms +diffie-hellman-group14-sha1 under its Host entry)',
    });
  });

  it('is reached with its own settings, and its weak key exchange is reported', async () => {
    const transport = await connect([oldHop({ algorithms: { kex: ['diffie-hellman-group14-sha1'] } })], { knownHostsFile: knownHostsFile(), mode: 'accept-new' });
    await prompt(transport);
    expect(transport.weakAlgorithmWarnings).toEqual([`jump host 127.0.0.1:${old.port} uses weak SSH algorithms: key exchange diffie-hellman-group14-sha1 (SHA-1)`]);
  });
});
