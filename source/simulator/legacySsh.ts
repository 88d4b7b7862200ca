// The SSH server of an old EXOS release (12.x-15.x, as BlackDiamond 8800 MSMs run): SHA-1 key exchange, CBC ciphers,
// hmac-sha1 and an RSA host key, and nothing newer. `hitless simulate --legacy-ssh` offers exactly this, so a client
// that refuses these by default can be tried against it.
import type { Algorithms } from 'ssh2';
import type { HostKeyType } from './hostKey.js';

export const LEGACY_SSH_ALGORITHMS = {
  kex: ['diffie-hellman-group1-sha1', 'diffie-hellman-group14-sha1'],
  serverHostKey: ['ssh-rsa'],
  cipher: ['aes128-cbc', '3des-cbc'],
  hmac: ['hmac-sha1'],
} as const;

/** For ssh2's Server `algorithms` (it wants lists of its own). */
export const legacyAlgorithms = (): Algorithms => ({
  kex: [...LEGACY_SSH_ALGORITHMS.kex],
  serverHostKey: [...LEGACY_SSH_ALGORITHMS.serverHostKey],
  cipher: [...LEGACY_SSH_ALGORITHMS.cipher],
  hmac: [...LEGACY_SSH_ALGORITHMS.hmac],
});

export const hostKeyTypeFor = (legacy: boolean): HostKeyType => (legacy ? 'rsa' : 'ed25519');
