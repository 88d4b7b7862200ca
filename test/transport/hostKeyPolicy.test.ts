import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { verifyHostKey, type HostKeyPolicy } from '../../source/transport/hostKeyPolicy.js';
import { fingerprint, keyFromBlob, knownHostsLine, type HostKey } from '../../source/transport/knownHosts.js';

const { utils } = ssh2;
const keyOf = (publicLine: string): HostKey => keyFromBlob(Buffer.from(publicLine.split(' ')[1]!, 'base64'));
const presented = keyOf(utils.generateKeyPairSync('ed25519').public);
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
