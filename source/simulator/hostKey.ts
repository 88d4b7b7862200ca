// The simulator's SSH host key: created once and kept, so clients see a stable fingerprint.
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ssh2 from 'ssh2';
import { privateStateFolder } from '../stateDir.js';

const { utils } = ssh2;

/** ed25519 for a modern server; RSA for one that speaks the legacy algorithms of old EXOS (legacySsh.ts). */
export type HostKeyType = 'ed25519' | 'rsa';

export interface HostKey {
  privateKey: string;
  /** "SHA256:..." as OpenSSH prints it. */
  fingerprint: string;
}

/** In the state folder, which is made private first (the key is the simulator's own, but the folder holds everything). */
export const defaultHostKeyFile = (type: HostKeyType = 'ed25519') => join(privateStateFolder(), `simulator_host_${type}`);

const SSH_KEY_TYPE: Record<HostKeyType, string> = { ed25519: 'ssh-ed25519', rsa: 'ssh-rsa' };

/** OpenSSH fingerprint of a raw SSH public-key blob. */
export function fingerprintOf(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

export function loadOrCreateHostKey(file: string = defaultHostKeyFile(), type: HostKeyType = 'ed25519'): HostKey {
  if (!existsSync(file)) createKeyFile(file, type);
  const privateKey = readFileSync(file, 'utf8');
  const parsed = utils.parseKey(privateKey);
  if (parsed instanceof Error || Array.isArray(parsed)) throw new Error(`unusable simulator host key in ${file}`);
  if (parsed.type !== SSH_KEY_TYPE[type]) throw new Error(`simulator host key ${file} is ${parsed.type}, expected ${SSH_KEY_TYPE[type]}`);
  return { privateKey, fingerprint: fingerprintOf(parsed.getPublicSSH()) };
}

/** Written aside and linked into place, so two simulators starting at once agree on one key. */
function createKeyFile(file: string, type: HostKeyType): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, type === 'rsa' ? utils.generateKeyPairSync('rsa', { bits: 2048 }).private : generateEd25519KeyPair().private, { mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
}

/**
 * ssh2's generator drops leading zero bytes of an ed25519 key (about one key in 200), producing a key that
 * parseKey then rejects; such keys are simply generated again.
 */
export function generateEd25519KeyPair(encryption?: { passphrase: string; cipher: string; rounds: number }): { private: string; public: string } {
  for (;;) {
    const pair = encryption ? utils.generateKeyPairSync('ed25519', encryption) : utils.generateKeyPairSync('ed25519');
    const usable = [pair.private, pair.public].every((text) => {
      const key = utils.parseKey(text, encryption?.passphrase);
      return !(key instanceof Error) && !Array.isArray(key);
    });
    if (usable) return pair;
  }
}
