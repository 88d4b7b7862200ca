// Private key files for public-key login. An encrypted key needs its passphrase, asked on a terminal (up to three
// tries, like OpenSSH) and checked here, so a wrong one is reported as such and never reaches the switch.
import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import { EXIT, fileError, HitlessError, usageError } from '../errors.js';

const { utils } = ssh2;

export interface Identity {
  /** The file it came from, for messages. */
  file: string;
  key: Buffer;
  passphrase?: string;
}

/** Asks for a passphrase without echoing it; absent when there is no terminal. */
export type AskPassphrase = (prompt: string) => Promise<string>;

const PASSPHRASE_TRIES = 3;

type KeyCheck = 'ok' | 'encrypted' | 'wrong-passphrase' | 'unusable';

/** How ssh2's parseKey judges the bytes (it reports encryption and bad passphrases only through its messages). */
export function checkPrivateKey(key: Buffer, passphrase?: string): KeyCheck {
  const parsed = utils.parseKey(key, passphrase);
  if (parsed instanceof Error) {
    if (/no passphrase given/i.test(parsed.message)) return 'encrypted';
    if (/bad passphrase|bad decrypt/i.test(parsed.message)) return 'wrong-passphrase';
    return 'unusable';
  }
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  return first?.isPrivateKey() ? 'ok' : 'unusable';
}

/**
 * Reads an identity named by the operator (`--identity`): every problem is an exit-2 error naming the file.
 * `ask` is absent without a terminal; an encrypted key then cannot be used.
 */
export const loadIdentity = (file: string, ask: AskPassphrase | undefined): Promise<Identity> =>
  load(file, ask, true) as Promise<Identity>;

/**
 * Identities named in ssh config: like OpenSSH, a missing or unusable file is skipped, and so is an encrypted one
 * when there is no terminal to ask.
 */
export const loadOptionalIdentity = (file: string, ask: AskPassphrase | undefined): Promise<Identity | undefined> => load(file, ask, false);

async function load(file: string, ask: AskPassphrase | undefined, required: boolean): Promise<Identity | undefined> {
  let key: Buffer;
  try {
    key = await readFile(file);
  } catch (error) {
    if (!required) return undefined;
    throw fileError('read identity file', file, error);
  }
  const check = checkPrivateKey(key);
  if (check === 'ok') return { file, key };
  if (check === 'encrypted' && ask) return { file, key, passphrase: await askUntilRight(file, key, ask) };
  if (!required) return undefined;
  throw usageError(
    check === 'encrypted'
      ? `identity file ${file} needs a passphrase and there is no terminal to ask for it`
      : `identity file ${file} is not a private key hitless can use`,
  );
}

async function askUntilRight(file: string, key: Buffer, ask: AskPassphrase): Promise<string> {
  for (let attempt = 1; attempt <= PASSPHRASE_TRIES; attempt++) {
    const passphrase = await ask(`Enter passphrase for key '${file}': `);
    if (checkPrivateKey(key, passphrase) === 'ok') return passphrase;
  }
  throw new HitlessError('auth', `wrong passphrase for identity file ${file} (${PASSPHRASE_TRIES} tries)`, EXIT.usage);
}
