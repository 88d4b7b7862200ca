import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPrivateKey, loadIdentity, loadOptionalIdentity } from '../../source/transport/identityFile.js';
import { generateEd25519KeyPair } from '../../source/simulator/hostKey.js';

const PASSPHRASE = 'correct passphrase 42';
const plain = generateEd25519KeyPair();
const locked = generateEd25519KeyPair({ passphrase: PASSPHRASE, cipher: 'aes256-cbc', rounds: 4 });

function keyFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'hitless-identity-')), name);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

/** Answers the prompts in turn and records them. */
function answers(...replies: string[]) {
  const prompts: string[] = [];
  const ask = async (prompt: string) => (prompts.push(prompt), replies.shift() ?? '');
  return { ask, prompts };
}

async function failure(promise: Promise<unknown>): Promise<{ kind: string; exitCode: number; message: string }> {
  return promise.then(
    () => expect.unreachable('expected a failure') as never,
    (error: { kind: string; exitCode: number; message: string }) => error,
  );
}

describe('checkPrivateKey (ssh2 parseKey tells encryption and bad passphrases only in its messages)', () => {
  it('tells usable, encrypted, wrong-passphrase and unusable keys apart', () => {
    expect(checkPrivateKey(Buffer.from(plain.private))).toBe('ok');
    expect(checkPrivateKey(Buffer.from(locked.private))).toBe('encrypted');
    expect(checkPrivateKey(Buffer.from(locked.private), 'nope')).toBe('wrong-passphrase');
    expect(checkPrivateKey(Buffer.from(locked.private), PASSPHRASE)).toBe('ok');
    expect(checkPrivateKey(Buffer.from(plain.public))).toBe('unusable');
    expect(checkPrivateKey(Buffer.from('not a key'))).toBe('unusable');
  });
});

describe('loadIdentity (--identity)', () => {
  it('reads an unencrypted key without asking anything', async () => {
    const file = keyFile('id_plain', plain.private);
    const { ask, prompts } = answers();
    expect(await loadIdentity(file, ask)).toEqual({ file, key: Buffer.from(plain.private) });
    expect(prompts).toEqual([]);
  });

  it('asks for the passphrase of an encrypted key, again after a wrong one, and keeps the right one', async () => {
    const file = keyFile('id_locked', locked.private);
    const { ask, prompts } = answers('typo', PASSPHRASE);
    expect(await loadIdentity(file, ask)).toEqual({ file, key: Buffer.from(locked.private), passphrase: PASSPHRASE });
    expect(prompts).toEqual([`Enter passphrase for key '${file}': `, `Enter passphrase for key '${file}': `]);
  });

  it('gives up after three wrong passphrases with exit 2, naming the file and no passphrase', async () => {
    const file = keyFile('id_locked', locked.private);
    const error = await failure(loadIdentity(file, answers('one-secret', 'two-secret', 'three-secret').ask));
    expect(error).toMatchObject({ kind: 'auth', exitCode: 2, message: `wrong passphrase for identity file ${file} (3 tries)` });
  });

  it('without a terminal, refuses an encrypted key with one clear line (exit 2)', async () => {
    const file = keyFile('id_locked', locked.private);
    const error = await failure(loadIdentity(file, undefined));
    expect(error).toMatchObject({ kind: 'usage', exitCode: 2, message: `identity file ${file} needs a passphrase and there is no terminal to ask for it` });
  });

  it('refuses a missing file and a file that is not a private key', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'hitless-identity-')), 'nothing');
    expect(await failure(loadIdentity(missing, undefined))).toMatchObject({ exitCode: 2, message: `cannot read identity file ${missing}: no such file or folder (ENOENT)` });
    const pub = keyFile('id.pub', plain.public);
    expect(await failure(loadIdentity(pub, undefined))).toMatchObject({ exitCode: 2, message: `identity file ${pub} is not a private key hitless can use` });
  });
});

describe('loadOptionalIdentity (IdentityFile in ssh config)', () => {
  it('skips what OpenSSH skips: a missing file, a non-key, an encrypted key with no terminal', async () => {
    expect(await loadOptionalIdentity(join(tmpdir(), 'hitless-no-such-key'), undefined)).toBeUndefined();
    expect(await loadOptionalIdentity(keyFile('id.pub', plain.public), answers().ask)).toBeUndefined();
    expect(await loadOptionalIdentity(keyFile('id_locked', locked.private), undefined)).toBeUndefined();
  });

  it('asks for an encrypted key on a terminal', async () => {
    const file = keyFile('id_locked', locked.private);
    expect(await loadOptionalIdentity(file, answers(PASSPHRASE).ask)).toMatchObject({ file, passphrase: PASSPHRASE });
  });
});
