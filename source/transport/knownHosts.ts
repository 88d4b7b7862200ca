// OpenSSH known_hosts: read, look up and append. Understands plain and `[host]:port` names, comma lists, `*`/`?`
// wildcards, `!` negation, hashed `|1|salt|hash` names (HMAC-SHA1), and skips `@cert-authority` lines
// (no certificates here); an `@revoked` key is never trusted.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileError } from '../errors.js';

/** An SSH public key as the raw wire blob (the base64 field of a known_hosts or .pub line, decoded). */
export interface HostKey {
  keyType: string;
  blob: Buffer;
}

/** `SHA256:<base64 without padding>` of the key blob, as `ssh-keygen -lf` and OpenSSH print it. */
export const fingerprint = (blob: Buffer): string => `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;

/** The key type named inside the blob (its first SSH string), e.g. "ssh-ed25519". */
export function keyFromBlob(blob: Buffer): HostKey {
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  if (length < 1 || 4 + length > blob.length) throw new Error('malformed SSH public key blob');
  return { keyType: blob.subarray(4, 4 + length).toString('latin1'), blob };
}

/** How known_hosts names a host: `host` on port 22, `[host]:port` otherwise. */
export const knownHostsName = (host: string, port: number): string => (port === 22 ? host : `[${host}]:${port}`);

export const knownHostsLine = (host: string, port: number, key: HostKey, options: { hashed?: boolean } = {}): string =>
  `${options.hashed ? hashedName(knownHostsName(host, port)) : knownHostsName(host, port)} ${key.keyType} ${key.blob.toString('base64')}`;

/** `|1|base64(salt)|base64(HMAC-SHA1(salt, name))` with a fresh 20-byte salt, as OpenSSH writes with HashKnownHosts yes. */
function hashedName(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${hostHash(salt, name).toString('base64')}`;
}

const hostHash = (salt: Buffer, name: string): Buffer => createHmac('sha1', salt).update(name).digest();

export type HostKeyVerdict =
  | { status: 'known' }
  | { status: 'unknown' }
  /** The host is listed, but only with keys of other types. */
  | { status: 'other-types'; knownTypes: string[] }
  /** The host is listed with a different key of the same type: possibly someone in the middle. */
  | { status: 'changed'; expected: string[] }
  | { status: 'revoked' };

interface Entry {
  marker?: string;
  hosts: string;
  keyType: string;
  blob: Buffer;
}

/** What known_hosts `text` says about `key` presented by host:port. */
export function checkHostKey(text: string, host: string, port: number, key: HostKey): HostKeyVerdict {
  const entries = entriesFor(text, host, port);
  const same = (entry: Entry) => entry.keyType === key.keyType && entry.blob.equals(key.blob);
  if (entries.some((entry) => entry.marker === '@revoked' && same(entry))) return { status: 'revoked' };
  const plain = entries.filter((entry) => entry.marker === undefined);
  if (plain.some(same)) return { status: 'known' };
  const sameType = plain.filter((entry) => entry.keyType === key.keyType);
  if (sameType.length > 0) return { status: 'changed', expected: sameType.map((entry) => `${entry.keyType} ${fingerprint(entry.blob)}`) };
  if (plain.length > 0) return { status: 'other-types', knownTypes: [...new Set(plain.map((entry) => entry.keyType))] };
  return { status: 'unknown' };
}

/** Key types known_hosts already holds for host:port, so the client can ask the server for one of those first. */
export const knownKeyTypes = (text: string, host: string, port: number): string[] => [
  ...new Set(trustedEntries(text, host, port).map((entry) => entry.keyType)),
];

/** Fingerprints of the keys known_hosts trusts for host:port. */
export const knownFingerprints = (text: string, host: string, port: number): string[] =>
  trustedEntries(text, host, port).map((entry) => fingerprint(entry.blob));

const trustedEntries = (text: string, host: string, port: number): Entry[] =>
  entriesFor(text, host, port).filter((entry) => entry.marker === undefined);

/** The file's text, or '' when it does not exist yet. */
export async function readKnownHosts(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw fileError('read known_hosts file', file, error);
  }
}

/**
 * Appends a line (its name hashed when asked), creating the file (0600) and its folder (0700) when missing. A write
 * that fails (a full disk) is cut back, so the file never ends in half a line, and is one line naming the file.
 */
export async function appendKnownHost(file: string, host: string, port: number, key: HostKey, options: { hashed?: boolean } = {}): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 }).catch((error: unknown) => {
    throw fileError('create the folder of known_hosts file', file, error);
  });
  const existing = await readKnownHosts(file);
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  try {
    await appendFile(file, `${separator}${knownHostsLine(host, port, key, options)}\n`, { mode: 0o600 });
  } catch (error) {
    await truncate(file, Buffer.byteLength(existing)).catch(() => undefined);
    throw fileError('write known_hosts file', file, error);
  }
}

function entriesFor(text: string, host: string, port: number): Entry[] {
  const name = knownHostsName(host, port).toLowerCase();
  return text
    .split('\n')
    .map(parseLine)
    .filter((entry): entry is Entry => entry !== undefined && entry.marker !== '@cert-authority' && hostsMatch(entry.hosts, name));
}

function parseLine(line: string): Entry | undefined {
  const fields = line.trim().split(/\s+/);
  if (fields[0] === '' || fields[0]!.startsWith('#')) return undefined;
  const marker = fields[0]!.startsWith('@') ? fields.shift() : undefined;
  const [hosts, keyType, base64] = fields;
  if (!hosts || !keyType || !base64) return undefined;
  return { ...(marker !== undefined && { marker }), hosts, keyType, blob: Buffer.from(base64, 'base64') };
}

/** A comma list matches when some pattern matches and no negated (`!`) pattern does. */
function hostsMatch(hosts: string, name: string): boolean {
  let matched = false;
  for (const pattern of hosts.split(',')) {
    if (pattern.startsWith('!')) {
      if (patternMatches(pattern.slice(1), name)) return false;
    } else if (patternMatches(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) return hashedMatches(pattern, name);
  const glob = pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${glob}$`).test(name);
}

/** `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, as written by `HashKnownHosts yes` / `ssh-keygen -H`. */
function hashedMatches(pattern: string, name: string): boolean {
  const [, , salt, hash] = pattern.split('|');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = hostHash(Buffer.from(salt, 'base64'), name);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
