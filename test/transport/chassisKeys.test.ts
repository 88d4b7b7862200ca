import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fileChassisKeyStore,
  memoryChassisKeyStore,
  needsMsmConfirmation,
  pinnedMsmOf,
  settleMsmKey,
  unpinnedPeerOf,
} from '../../source/transport/chassisKeys.js';

const KEY_A = 'SHA256:keyOfMsmA';
const KEY_B = 'SHA256:keyOfMsmB';
const OTHER = 'SHA256:somethingElse';
const CHASSIS = '10.0.0.1:22';

describe('the pinned-key store', () => {
  it('keeps each chassis apart in a private JSON file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hitless-pins-')), 'state', 'chassis-keys.json');
    const store = fileChassisKeyStore(file);
    expect(store.load(CHASSIS)).toEqual({});
    store.save(CHASSIS, { A: KEY_A });
    store.save('10.0.0.2:22', { B: KEY_B });
    expect(fileChassisKeyStore(file).load(CHASSIS)).toEqual({ A: KEY_A });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ [CHASSIS]: { A: KEY_A }, '10.0.0.2:22': { B: KEY_B } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged file with a usage error instead of forgetting the pins', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hitless-pins-')), 'chassis-keys.json');
    writeFileSync(file, '{ not json');
    expect(() => fileChassisKeyStore(file).load(CHASSIS)).toThrow(expect.objectContaining({ kind: 'usage', exitCode: 2 }));
  });
});

describe('which MSM a key belongs to', () => {
  it('vouches for a pinned key only while known_hosts holds the other MSM pinned key', () => {
    expect(pinnedMsmOf({ A: KEY_A, B: KEY_B }, KEY_B, [KEY_A])).toBe('B');
    expect(pinnedMsmOf({ A: KEY_A, B: KEY_B }, KEY_A, [KEY_B])).toBe('A');
    expect(pinnedMsmOf({ A: KEY_A, B: KEY_B }, KEY_B, [OTHER])).toBeUndefined();
    expect(pinnedMsmOf({ A: KEY_A, B: KEY_B }, OTHER, [KEY_A])).toBeUndefined();
  });

  it('names the MSM whose first key may appear: the one without a pin, when the other is pinned and known', () => {
    expect(unpinnedPeerOf({ A: KEY_A }, [KEY_A])).toBe('B');
    expect(unpinnedPeerOf({ B: KEY_B }, [KEY_B])).toBe('A');
    expect(unpinnedPeerOf({ A: KEY_A, B: KEY_B }, [KEY_A])).toBeUndefined();
    expect(unpinnedPeerOf({ A: KEY_A }, [OTHER])).toBeUndefined();
    expect(unpinnedPeerOf({}, [KEY_A])).toBeUndefined();
  });

  it('needs show switch unless known_hosts trusts a key already pinned', () => {
    expect(needsMsmConfirmation({ A: KEY_A }, KEY_A, { basis: 'known-hosts' })).toBe(false);
    expect(needsMsmConfirmation({ A: KEY_A }, KEY_B, { basis: 'known-hosts' })).toBe(true);
    expect(needsMsmConfirmation({}, KEY_A, { basis: 'new' })).toBe(true);
    expect(needsMsmConfirmation({ A: KEY_A, B: KEY_B }, KEY_B, { basis: 'msm-key', slot: 'B' })).toBe(true);
  });
});

describe('settleMsmKey (after show switch named the MSM)', () => {
  it('starts the record afresh for a first-use key and (re)pins a key known_hosts trusts', () => {
    const store = memoryChassisKeyStore({ [CHASSIS]: { A: OTHER, B: KEY_B } });
    expect(settleMsmKey(store, CHASSIS, 'A', KEY_A, { basis: 'new' })).toBe(true);
    expect(store.load(CHASSIS)).toEqual({ A: KEY_A });
    expect(settleMsmKey(store, CHASSIS, 'A', KEY_A, { basis: 'known-hosts' })).toBe(false);
    expect(settleMsmKey(store, CHASSIS, 'B', KEY_B, { basis: 'known-hosts' })).toBe(true);
    expect(store.load(CHASSIS)).toEqual({ A: KEY_A, B: KEY_B });
  });

  it("pins the other MSM's first key once the session shows it is on that MSM", () => {
    const store = memoryChassisKeyStore({ [CHASSIS]: { A: KEY_A } });
    expect(settleMsmKey(store, CHASSIS, 'B', KEY_B, { basis: 'first-msm-key', slot: 'B', peerKey: KEY_A })).toBe(true);
    expect(store.load(CHASSIS)).toEqual({ A: KEY_A, B: KEY_B });
  });

  it('refuses when the session is on the MSM the key was not trusted for, naming the fingerprints', () => {
    const store = memoryChassisKeyStore({ [CHASSIS]: { A: KEY_A } });
    expect(() => settleMsmKey(store, CHASSIS, 'A', OTHER, { basis: 'first-msm-key', slot: 'B', peerKey: KEY_A })).toThrow(
      expect.objectContaining({
        kind: 'host-key-changed',
        exitCode: 2,
        message: `HOST KEY CHANGED for ${CHASSIS}: MSM-A presented ${OTHER}, which is not its key (pinned: ${KEY_A}); known_hosts and the pins expect ${KEY_A}`,
      }),
    );
    const both = memoryChassisKeyStore({ [CHASSIS]: { A: KEY_A, B: KEY_B } });
    expect(() => settleMsmKey(both, CHASSIS, 'A', KEY_B, { basis: 'msm-key', slot: 'B' })).toThrow(/it is the key pinned for MSM-B/);
    expect(store.load(CHASSIS)).toEqual({ A: KEY_A });
  });
});
