// Host keys per chassis per MSM. The management address moves to the other MSM at failover and each MSM may present
// its own key, so known_hosts alone would call every failover a changed key. A key is pinned for an MSM only after a
// session on it showed (the `*` in `show switch`) which MSM it is; the pins then vouch for the other MSM's key.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXIT, HitlessError, writeStop } from '../errors.js';
import type { MsmSlot } from '../exos/chassisState.js';
import { makePrivateFolder } from '../privateFiles.js';
import { stateDir } from '../stateDir.js';

/** Fingerprint ("SHA256:...") pinned for each MSM of one chassis. */
export type MsmKeys = Partial<Record<MsmSlot, string>>;

/** Keyed by chassis name (`host:port`, see chassisName). */
export interface ChassisKeyStore {
  load(chassis: string): MsmKeys;
  save(chassis: string, keys: MsmKeys): void;
}

/** How a key presented by a chassis came to be trusted. */
export type HostKeyAcceptance =
  /** known_hosts lists it. */
  | { basis: 'known-hosts' }
  /** First use: known_hosts did not list the host and the operator (or --accept-new) trusted it. */
  | { basis: 'new' }
  /** Not in known_hosts, but pinned for this MSM while known_hosts holds the other MSM's pinned key. */
  | { basis: 'msm-key'; slot: MsmSlot }
  /** Not pinned yet: possibly the other MSM's own key at failover. Trusted only once `show switch` confirms the MSM. */
  | { basis: 'first-msm-key'; slot: MsmSlot; peerKey: string };

export const chassisName = (host: string, port: number): string => `${host}:${port}`;

export const otherMsm = (slot: MsmSlot): MsmSlot => (slot === 'A' ? 'B' : 'A');

const SLOTS: readonly MsmSlot[] = ['A', 'B'];

export const defaultChassisKeysFile = (): string => join(stateDir(), 'chassis-keys.json');

/** A JSON file `{ "host:port": { "A": "SHA256:...", "B": "SHA256:..." } }`, rewritten atomically. */
export function fileChassisKeyStore(file: string = defaultChassisKeysFile()): ChassisKeyStore {
  const readAll = (): Record<string, MsmKeys> => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, MsmKeys>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new HitlessError('usage', `cannot read the pinned chassis host keys in ${file}: ${(error as Error).message}`, EXIT.usage);
    }
  };
  return {
    load: (chassis) => readAll()[chassis] ?? {},
    save(chassis, keys) {
      const all = { ...readAll(), [chassis]: keys };
      const draft = `${file}.${process.pid}.tmp`;
      try {
        makePrivateFolder(dirname(file), { owned: true });
        writeFileSync(draft, JSON.stringify(all, null, 2) + '\n', { mode: 0o600 });
        renameSync(draft, file);
      } catch (error) {
        rmSync(draft, { force: true });
        throw writeStop('pinned host keys', file, error);
      }
    },
  };
}

export function memoryChassisKeyStore(initial: Record<string, MsmKeys> = {}): ChassisKeyStore {
  const all = { ...initial };
  return {
    load: (chassis) => all[chassis] ?? {},
    save: (chassis, keys) => {
      all[chassis] = keys;
    },
  };
}

/** The MSM whose pinned key `presented` is, provided known_hosts holds the pinned key of the other MSM. */
export function pinnedMsmOf(keys: MsmKeys, presented: string, knownFingerprints: readonly string[]): MsmSlot | undefined {
  return SLOTS.find((slot) => keys[slot] === presented && knownFingerprints.includes(keys[otherMsm(slot)] ?? ''));
}

/** The MSM that has no key pinned yet while known_hosts holds the other one's pinned key: its first key may appear. */
export function unpinnedPeerOf(keys: MsmKeys, knownFingerprints: readonly string[]): MsmSlot | undefined {
  return SLOTS.find((slot) => keys[slot] === undefined && knownFingerprints.includes(keys[otherMsm(slot)] ?? ''));
}

/** Whether only `show switch` can tell what to pin or whether the acceptance holds. */
export function needsMsmConfirmation(keys: MsmKeys, fingerprint: string, acceptance: HostKeyAcceptance): boolean {
  return acceptance.basis !== 'known-hosts' || !SLOTS.some((slot) => keys[slot] === fingerprint);
}

/**
 * A session on `slot` presented `fingerprint`: pin it, or refuse when the key was trusted for being another MSM's.
 * A key known_hosts trusts by itself (re)pins its MSM; a first-use key starts the chassis record afresh.
 * Returns whether the store changed.
 */
export function settleMsmKey(store: ChassisKeyStore, chassis: string, slot: MsmSlot, fingerprint: string, acceptance: HostKeyAcceptance): boolean {
  const keys = store.load(chassis);
  switch (acceptance.basis) {
    case 'new':
      store.save(chassis, { [slot]: fingerprint });
      return true;
    case 'known-hosts':
      if (keys[slot] === fingerprint) return false;
      store.save(chassis, { ...keys, [slot]: fingerprint });
      return true;
    case 'msm-key':
    case 'first-msm-key':
      if (slot !== acceptance.slot) {
        const whose =
          acceptance.basis === 'msm-key' ? `it is the key pinned for MSM-${acceptance.slot}` : `known_hosts and the pins expect ${acceptance.peerKey}`;
        throw new HitlessError(
          'host-key-changed',
          `HOST KEY CHANGED for ${chassis}: MSM-${slot} presented ${fingerprint}, which is not its key` +
            `${keys[slot] ? ` (pinned: ${keys[slot]})` : ''}; ${whose}`,
          EXIT.usage,
        );
      }
      if (acceptance.basis === 'msm-key') return false;
      store.save(chassis, { ...keys, [slot]: fingerprint });
      return true;
  }
}
