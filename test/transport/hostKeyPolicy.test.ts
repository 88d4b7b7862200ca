import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { memoryChassisKeyStore, type MsmKeys } from '../../source/transport/chassisKeys.js';
import { verifyHostKey, type HostKeyPolicy, type HostKeyQuestion } from '../../source/transport/hostKeyPolicy.js';
import { generateEd25519KeyPair } from '../../source/simulator/hostKey.js';
import { fingerprint, keyFromBlob, knownHostsLine, type HostKey } from '../../source/transport/knownHosts.js';

const { utils } = ssh2;
const keyOf = (publicLine: string): HostKey => keyFromBlob(Buffer.from(publicLine.split(' ')[1]!, 'base64'));
const presented = keyOf(generateEd25519KeyPair().public);
const ecdsa = keyOf(utils.generateKeyPairSync('ecdsa', { bits: 256 }).public);

function fileWith(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'hitless-policy-')), 'known_hosts');
  writeFileSync(file, text);
  return file;
}

async function verdict(policy: HostKeyPolicy) {
  return verifyHostKey(policy, 'core-sw', 22, presented).then(
    () => 'trusted',
    (error: { kind: string; exitCode: number; message: string }) => error,
  );
}

describe('verifyHostKey', () => {
  it('does not let accept-new add a key when the host is listed with other key types', async () => {
    const text = `${knownHostsLine('core-sw', 22, ecdsa)}\n`;
    const file = fileWith(text);
    const error = await verdict({ knownHostsFile: file, mode: 'accept-new' });
    expect(error).toMatchObject({ kind: 'host-key-unknown', exitCode: 2 });
    expect((error as { message: string }).message).toContain('it lists only ecdsa-sha2-nistp256 keys for this host');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('lets the operator decide on another key type in ask mode, telling which types are known', async () => {
    const file = fileWith(`${knownHostsLine('core-sw', 22, ecdsa)}\n`);
    const asked: unknown[] = [];
    expect(await verdict({ knownHostsFile: file, mode: 'ask', ask: async (info) => (asked.push(info), true) })).toBe('trusted');
    expect(asked).toEqual([{ host: 'core-sw', port: 22, keyType: 'ssh-ed25519', fingerprint: fingerprint(presented.blob), knownTypes: ['ecdsa-sha2-nistp256'] }]);
    expect(readFileSync(file, 'utf8')).toContain(knownHostsLine('core-sw', 22, presented));
  });

  it('refuses a revoked key even when it is also listed as known', async () => {
    const file = fileWith(`${knownHostsLine('core-sw', 22, presented)}\n@revoked ${knownHostsLine('*', 22, presented)}\n`);
    expect(await verdict({ knownHostsFile: file, mode: 'accept-new' })).toMatchObject({ kind: 'host-key-changed', exitCode: 2 });
  });

  it('trusts a listed key without touching the file', async () => {
    const text = `${knownHostsLine('core-sw', 22, presented)}\n`;
    const file = fileWith(text);
    expect(await verdict({ knownHostsFile: file, mode: 'strict' })).toBe('trusted');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});

describe('verifyHostKey with keys pinned per MSM', () => {
  const msmA = keyOf(generateEd25519KeyPair().public);
  const msmB = keyOf(generateEd25519KeyPair().public);
  const stranger = keyOf(generateEd25519KeyPair().public);
  const fp = (key: HostKey) => fingerprint(key.blob);
  /** known_hosts holds MSM-A's key, as after the first connection to the chassis. */
  const chassisWith = (pins: MsmKeys, mode: HostKeyPolicy['mode'] = 'strict', ask?: HostKeyPolicy['ask'], failoverJustPerformed = true) => {
    const text = `${knownHostsLine('core-sw', 22, msmA)}\n`;
    const policy: HostKeyPolicy = {
      knownHostsFile: fileWith(text),
      mode,
      chassisKeys: memoryChassisKeyStore({ 'core-sw:22': pins }),
      failoverJustPerformed,
      ...(ask && { ask }),
    };
    return { policy, text };
  };
  const check = (policy: HostKeyPolicy, key: HostKey) =>
    verifyHostKey(policy, 'core-sw', 22, key).then(
      (acceptance) => acceptance,
      (error: { kind: string; exitCode: number; message: string }) => error,
    );

  it("accepts the other MSM's pinned key in strict mode, without touching known_hosts", async () => {
    const { policy, text } = chassisWith({ A: fp(msmA), B: fp(msmB) });
    expect(await check(policy, msmB)).toEqual({ basis: 'msm-key', slot: 'B' });
    expect(await check(policy, msmA)).toEqual({ basis: 'known-hosts' });
    expect(readFileSync(policy.knownHostsFile, 'utf8')).toBe(text);
  });

  it('refuses a third key when both MSMs are pinned, naming known_hosts, the pins and the presented key', async () => {
    const { policy } = chassisWith({ A: fp(msmA), B: fp(msmB) }, 'accept-new');
    const error = await check(policy, stranger);
    expect(error).toMatchObject({ kind: 'host-key-changed', exitCode: 2 });
    const { message } = error as { message: string };
    for (const key of [msmA, msmB, stranger]) expect(message).toContain(fp(key));
    expect(message).toContain('ssh-keygen -R');
  });

  it("takes a first key of the unpinned MSM only with --accept-new right after a failover hitless performed, as that MSM's, pending show switch", async () => {
    expect(await check(chassisWith({ A: fp(msmA) }, 'accept-new').policy, msmB)).toEqual({ basis: 'first-msm-key', slot: 'B', peerKey: fp(msmA) });
    const error = await check(chassisWith({ A: fp(msmA) }, 'strict').policy, msmB);
    expect(error).toMatchObject({ kind: 'host-key-changed', exitCode: 2 });
    expect((error as { message: string }).message).toContain("MSM-B's first key is trusted only at the reconnect right after a failover hitless performs");
  });

  it('refuses a changed key in every mode when hitless did not just perform a failover, naming both fingerprints', async () => {
    const asked: HostKeyQuestion[] = [];
    for (const mode of ['accept-new', 'strict', 'ask'] as const) {
      const { policy, text } = chassisWith({ A: fp(msmA) }, mode, async (question) => (asked.push(question), true), false);
      const error = await check(policy, msmB);
      expect(error).toMatchObject({ kind: 'host-key-changed', exitCode: 2 });
      for (const key of [msmA, msmB]) expect((error as { message: string }).message).toContain(fp(key));
      expect(readFileSync(policy.knownHostsFile, 'utf8')).toBe(text);
    }
    expect(asked).toEqual([]);
  });

  it('asks the operator, telling that it may be the other MSM key', async () => {
    const asked: HostKeyQuestion[] = [];
    const { policy } = chassisWith({ A: fp(msmA) }, 'ask', async (question) => (asked.push(question), false));
    expect(await check(policy, msmB)).toMatchObject({ kind: 'host-key-changed' });
    expect(asked).toEqual([{ host: 'core-sw', port: 22, keyType: 'ssh-ed25519', fingerprint: fp(msmB), firstKeyOf: { slot: 'B', peerKey: fp(msmA) } }]);
  });

  it('gives no weight to pins when known_hosts does not hold the other MSM key', async () => {
    const { policy } = chassisWith({ A: fp(stranger), B: fp(msmB) });
    expect(await check(policy, msmB)).toMatchObject({ kind: 'host-key-changed' });
  });
});
