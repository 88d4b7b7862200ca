import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  appendKnownHost,
  checkHostKey,
  fingerprint,
  keyFromBlob,
  knownHostsLine,
  knownKeyTypes,
  readKnownHosts,
  type HostKey,
} from '../../source/transport/knownHosts.js';
import { generateEd25519KeyPair } from '../../source/simulator/hostKey.js';

const { utils } = ssh2;

/** `full`: the disk fills up during the next append (half of it lands, then ENOSPC). */
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    appendFile: async (file: string, data: string, options: object) => {
      if (!disk.full) return fs.appendFile(file, data, options);
      await fs.appendFile(file, data.slice(0, data.length / 2), options);
      throw Object.assign(new Error('ENOSPC: simulated'), { code: 'ENOSPC' });
    },
  };
});
afterEach(() => {
  disk.full = false;
});

/** ed25519 through the simulator's generator: ssh2's own drops a leading zero byte now and then (ssh-keygen refuses it). */
function newKey(type: 'ed25519' | 'ecdsa' = 'ed25519'): { key: HostKey; publicLine: string } {
  const pair = type === 'ecdsa' ? utils.generateKeyPairSync('ecdsa', { bits: 256 }) : generateEd25519KeyPair();
  const [, base64] = pair.public.split(' ');
  return { key: keyFromBlob(Buffer.from(base64!, 'base64')), publicLine: pair.public };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'hitless-known-hosts-'));
const entry = (hosts: string, key: HostKey) => `${hosts} ${key.keyType} ${key.blob.toString('base64')}`;

describe('fingerprint and key type', () => {
  it('equals what ssh-keygen -lf prints for the same key', () => {
    const { key, publicLine } = newKey();
    const file = join(tempDir(), 'key.pub');
    writeFileSync(file, `${publicLine}\n`);
    const printed = execFileSync('ssh-keygen', ['-lf', file], { encoding: 'utf8' }).split(' ')[1];
    expect(fingerprint(key.blob)).toBe(printed);
    expect(key.keyType).toBe('ssh-ed25519');
  });

  it('reads the key type from an ECDSA blob', () => {
    expect(newKey('ecdsa').key.keyType).toBe('ecdsa-sha2-nistp256');
  });

  it('rejects a blob too short to name its type', () => {
    expect(() => keyFromBlob(Buffer.from([0, 0, 0, 9, 1]))).toThrow('malformed');
  });
});

describe('checkHostKey', () => {
  const { key } = newKey();
  const other = newKey().key;
  const ecdsa = newKey('ecdsa').key;

  it.each([
    ['a plain name on port 22', entry('10.0.0.9', key), 22],
    ['the [host]:port form on another port', entry('[10.0.0.9]:2222', key), 2222],
    ['a name in a comma list', entry('core-sw,10.0.0.9', key), 22],
    ['a wildcard', entry('10.0.0.*', key), 22],
    ['a ? wildcard', entry('10.0.0.?', key), 22],
  ])('knows the key from %s', (_name, text, port) => {
    expect(checkHostKey(`# comment\n\n${text}\n`, '10.0.0.9', port, key)).toEqual({ status: 'known' });
  });

  it('compares host names without regard to case', () => {
    expect(checkHostKey(entry('CORE-SW', key), 'Core-Sw', 22, key)).toEqual({ status: 'known' });
  });

  it('matches a hashed entry made by ssh-keygen -H', () => {
    const file = join(tempDir(), 'known_hosts');
    writeFileSync(file, `${entry('[10.0.0.9]:2222', key)}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const hashed = readFileSync(file, 'utf8');
    expect(hashed).toMatch(/^\|1\|/);
    expect(checkHostKey(hashed, '10.0.0.9', 2222, key)).toEqual({ status: 'known' });
    expect(checkHostKey(hashed, '10.0.0.9', 22, key)).toEqual({ status: 'unknown' });
  });

  it('does not apply a plain-name entry to another port', () => {
    expect(checkHostKey(entry('10.0.0.9', key), '10.0.0.9', 2222, key)).toEqual({ status: 'unknown' });
  });

  it('lets a negated pattern exclude a host', () => {
    expect(checkHostKey(entry('10.0.0.*,!10.0.0.9', key), '10.0.0.9', 22, key)).toEqual({ status: 'unknown' });
  });

  it('reports a different key of the same type as changed, with the expected fingerprint', () => {
    expect(checkHostKey(entry('10.0.0.9', other), '10.0.0.9', 22, key)).toEqual({
      status: 'changed',
      expected: [`ssh-ed25519 ${fingerprint(other.blob)}`],
    });
  });

  it('tells a host listed only with other key types apart from an unknown one', () => {
    expect(checkHostKey(entry('10.0.0.9', ecdsa), '10.0.0.9', 22, key)).toEqual({ status: 'other-types', knownTypes: ['ecdsa-sha2-nistp256'] });
    expect(knownKeyTypes(`${entry('10.0.0.9', ecdsa)}\n${entry('10.0.0.9', key)}\n`, '10.0.0.9', 22)).toEqual(['ecdsa-sha2-nistp256', 'ssh-ed25519']);
  });

  it('never trusts an @revoked key, and skips @cert-authority lines', () => {
    const text = `${entry('10.0.0.9', key)}\n@revoked ${entry('*', key)}\n`;
    expect(checkHostKey(text, '10.0.0.9', 22, key)).toEqual({ status: 'revoked' });
    expect(checkHostKey(`@cert-authority ${entry('*', key)}\n`, '10.0.0.9', 22, key)).toEqual({ status: 'unknown' });
  });

  it('ignores malformed lines', () => {
    expect(checkHostKey('10.0.0.9\n10.0.0.9 ssh-ed25519\n', '10.0.0.9', 22, key)).toEqual({ status: 'unknown' });
  });
});

describe('known_hosts file', () => {
  it('reads a missing file as empty', async () => {
    expect(await readKnownHosts(join(tempDir(), 'none'))).toBe('');
  });

  it('creates the folder and a private file, and appends on a new line', async () => {
    const file = join(tempDir(), 'deeper', 'known_hosts');
    const { key } = newKey();
    const second = newKey().key;
    await appendKnownHost(file, '10.0.0.9', 2222, key);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, readFileSync(file, 'utf8').trimEnd()); // a hand-edited file without a final newline
    await appendKnownHost(file, 'core-sw', 22, second);
    expect(readFileSync(file, 'utf8')).toBe(`${knownHostsLine('10.0.0.9', 2222, key)}\n${knownHostsLine('core-sw', 22, second)}\n`);
    expect(knownHostsLine('10.0.0.9', 2222, key)).toBe(`[10.0.0.9]:2222 ssh-ed25519 ${key.blob.toString('base64')}`);
  });

  it('writes hashed names when asked (HashKnownHosts yes), each with its own salt, found again by their host only', async () => {
    const file = join(tempDir(), 'known_hosts');
    const { key } = newKey();
    await appendKnownHost(file, '10.0.0.9', 2222, key, { hashed: true });
    await appendKnownHost(file, '10.0.0.9', 2222, key, { hashed: true });
    const text = readFileSync(file, 'utf8');
    const names = text.trim().split('\n').map((line) => line.split(' ')[0]!);
    expect(names).toHaveLength(2);
    for (const name of names) expect(name).toMatch(/^\|1\|[A-Za-z0-9+/]{27}=\|[A-Za-z0-9+/]{27}=$/);
    expect(names[0]).not.toBe(names[1]);
    expect(text).not.toContain('10.0.0.9');
    expect(checkHostKey(text, '10.0.0.9', 2222, key)).toEqual({ status: 'known' });
    expect(checkHostKey(text, '10.0.0.9', 22, key)).toEqual({ status: 'unknown' });
  });

  it('on a full disk keeps the file as it was (no half line) and says so in one line', async () => {
    const file = join(tempDir(), 'known_hosts');
    const { key } = newKey();
    await appendKnownHost(file, '10.0.0.9', 22, key);
    const before = readFileSync(file, 'utf8');
    disk.full = true;
    await expect(appendKnownHost(file, 'core-sw', 22, newKey().key)).rejects.toMatchObject({
      exitCode: 2,
      message: `cannot write known_hosts file ${file}: no space left on the device (ENOSPC)`,
    });
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('a known_hosts that is a folder is one line, not a crash', async () => {
    const folder = tempDir();
    await expect(readKnownHosts(folder)).rejects.toMatchObject({ exitCode: 2, message: `cannot read known_hosts file ${folder}: it is a folder, not a file (EISDIR)` });
  });
});
