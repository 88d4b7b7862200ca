// The simulator host key: created once (mode 0600), stable fingerprint equal to what ssh-keygen prints.
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterEach, describe, expect, it } from 'vitest';
import { generateEd25519KeyPair, loadOrCreateHostKey } from '../../source/simulator/hostKey.js';
import { tempDir } from './helpers.js';

const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()));

describe('simulator host key', () => {
  it('is created once and keeps its fingerprint, which matches ssh-keygen -l', () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir.path, 'state', 'simulator_host_ed25519');
    const first = loadOrCreateHostKey(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateHostKey(file)).toEqual(first);
    const pub = join(dir.path, 'key.pub');
    writeFileSync(pub, execFileSync('ssh-keygen', ['-y', '-f', file]));
    expect(execFileSync('ssh-keygen', ['-l', '-f', pub]).toString()).toContain(` ${first.fingerprint} `);
  });

  it('makes an RSA key for the legacy server, and refuses a file that holds the other type', () => {
    const dir = tempDir();
    dirs.push(dir);
    const rsa = join(dir.path, 'simulator_host_rsa');
    const key = loadOrCreateHostKey(rsa, 'rsa');
    expect(execFileSync('ssh-keygen', ['-y', '-f', rsa]).toString()).toMatch(/^ssh-rsa /);
    expect(loadOrCreateHostKey(rsa, 'rsa')).toEqual(key);
    expect(() => loadOrCreateHostKey(rsa, 'ed25519')).toThrow(`simulator host key ${rsa} is ssh-rsa, expected ssh-ed25519`);
  });

  it('generates only keys that ssh2 can parse back (its generator drops leading zero bytes)', () => {
    for (let draw = 0; draw < 1_000; draw += 1) {
      const pair = generateEd25519KeyPair();
      expect(ssh2.utils.parseKey(pair.private)).not.toBeInstanceOf(Error);
    }
    // Encrypted (the tests' passphrase-protected identities): parsed back with the passphrase. Fewer draws: bcrypt is slow.
    for (let draw = 0; draw < 50; draw += 1) {
      const pair = generateEd25519KeyPair({ passphrase: 'pass', cipher: 'aes256-cbc', rounds: 1 });
      expect(ssh2.utils.parseKey(pair.private, 'pass')).not.toBeInstanceOf(Error);
    }
  });
});
