// Decides whether to trust the key a switch presents: known_hosts first, then the keys pinned per MSM of the chassis
// (the management address moves to the other MSM at failover), then the operator's chosen mode.
// As strict as OpenSSH: a changed key for a known host is refused in every mode, before authentication. The one
// exception is the chassis's other MSM: its pinned key, or its first key on the reconnect right after a failover
// hitless itself performed (pinned only once the chassis identity read after login matches, see run/connect.ts).
// There is deliberately no "accept anything" mode.
import { EXIT, HitlessError } from '../errors.js';
import type { MsmSlot } from '../exos/chassisState.js';
import { chassisName, otherMsm, pinnedMsmOf, unpinnedPeerOf, type ChassisKeyStore, type HostKeyAcceptance } from './chassisKeys.js';
import { appendKnownHost, checkHostKey, fingerprint, knownFingerprints, knownHostsName, readKnownHosts, type HostKey } from './knownHosts.js';

export interface HostKeyQuestion {
  host: string;
  port: number;
  fingerprint: string;
  keyType: string;
  /** Key types known_hosts already holds for this host (a different type was presented), if any. */
  knownTypes?: string[];
  /** The key may be this MSM's own key after a failover: the other MSM's key is pinned and in known_hosts. */
  firstKeyOf?: { slot: MsmSlot; peerKey: string };
}

export interface HostKeyPolicy {
  knownHostsFile: string;
  /**
   * strict: only keys already in the file (or pinned for an MSM of the chassis);
   * accept-new: also a key for a host the file does not list, and the first key of a chassis's second MSM;
   * ask: ask the operator.
   */
  mode: 'strict' | 'accept-new' | 'ask';
  ask?: (info: HostKeyQuestion) => Promise<boolean>;
  /** Host keys pinned per MSM; without it a failover to an MSM with its own key is a changed key. */
  chassisKeys?: ChassisKeyStore;
  /**
   * This connection is the reconnect right after a failover hitless performed (in this process, or in an interrupted
   * run whose run state records it): the other MSM may show its own key for the first time (accept-new, or the
   * operator's answer; never in strict mode). Nothing else ever trusts a changed key.
   */
  failoverJustPerformed?: boolean;
  /** HashKnownHosts yes: a key written to known_hosts gets a hashed `|1|salt|hash` name. */
  hashKnownHosts?: boolean;
}

/** Resolves with why the key is trusted (appending it to known_hosts if newly accepted); otherwise throws an exit-2 HitlessError. */
export async function verifyHostKey(policy: HostKeyPolicy, host: string, port: number, key: HostKey): Promise<HostKeyAcceptance> {
  const file = policy.knownHostsFile;
  const where = `${host}:${port}`;
  const presentedFingerprint = fingerprint(key.blob);
  const presented = `${key.keyType} ${presentedFingerprint}`;
  const text = await readKnownHosts(file);
  const verdict = checkHostKey(text, host, port, key);
  const question: HostKeyQuestion = { host, port, fingerprint: presentedFingerprint, keyType: key.keyType };
  if (verdict.status === 'known') return { basis: 'known-hosts' };
  if (verdict.status === 'revoked') {
    throw new HitlessError('host-key-changed', `the host key of ${where} (${presented}) is marked @revoked in ${file}`, EXIT.usage);
  }

  const pins = policy.chassisKeys?.load(chassisName(host, port)) ?? {};
  const known = knownFingerprints(text, host, port);
  const pinnedFor = pinnedMsmOf(pins, presentedFingerprint, known);
  if (pinnedFor) return { basis: 'msm-key', slot: pinnedFor };
  const peerless = verdict.status === 'unknown' ? undefined : unpinnedPeerOf(pins, known);
  if (peerless && policy.failoverJustPerformed) {
    const firstKeyOf = { slot: peerless, peerKey: pins[otherMsm(peerless)]! };
    if (await acceptedAsFirstMsmKey(policy, { ...question, firstKeyOf })) return { basis: 'first-msm-key', ...firstKeyOf };
  }

  if (verdict.status === 'changed') {
    const pinned = Object.entries(pins).map(([slot, pin]) => `MSM-${slot} ${pin}`);
    const rekeyed =
      `If the switch was really replaced or re-keyed, remove the old entry ` +
      `(ssh-keygen -R "${knownHostsName(host, port)}" -f ${file}) and connect again`;
    const remedy = peerless
      ? `Nothing was sent to it. MSM-${peerless}'s first key is trusted only at the reconnect right after a failover hitless performs ` +
        `(or at the rerun of an upgrade interrupted after it sent one), with --accept-new or on a terminal, and only once the ` +
        `chassis proves the same. ${rekeyed}`
      : `Nothing was sent to it. ${rekeyed}`;
    throw new HitlessError(
      'host-key-changed',
      `HOST KEY CHANGED for ${where}: ${file} expects ${verdict.expected.join(' or ')}` +
        `${pinned.length > 0 ? ` (keys pinned for this chassis: ${pinned.join(', ')})` : ''}, the switch presented ${presented}. ${remedy}`,
      EXIT.usage,
    );
  }
  const knownTypes = verdict.status === 'other-types' ? verdict.knownTypes : undefined;
  if (await accepted(policy, { ...question, ...(knownTypes && { knownTypes }) })) {
    await appendKnownHost(file, host, port, key, { hashed: policy.hashKnownHosts ?? false });
    return { basis: 'new' };
  }
  const listed = knownTypes ? ` (it lists only ${knownTypes.join(', ')} keys for this host)` : '';
  const how =
    policy.mode === 'ask'
      ? 'the key was not accepted'
      : knownTypes
        ? 'check the key and add it to known_hosts, or connect with host-key checking in ask mode'
        : 'check the fingerprint and rerun with --accept-new to trust it';
  throw new HitlessError('host-key-unknown', `${where} presented ${presented}, which is not in ${file}${listed}; ${how}`, EXIT.usage);
}

/** accept-new trusts a first key only for a host known_hosts does not list at all (like OpenSSH). */
async function accepted(policy: HostKeyPolicy, info: HostKeyQuestion): Promise<boolean> {
  switch (policy.mode) {
    case 'strict':
      return false;
    case 'accept-new':
      return info.knownTypes === undefined;
    case 'ask':
      return askOperator(policy, info);
  }
}

/** Right after a failover hitless performed, a chassis's second MSM shows its key for the first time: new for that MSM, a change for known_hosts. */
async function acceptedAsFirstMsmKey(policy: HostKeyPolicy, info: HostKeyQuestion): Promise<boolean> {
  switch (policy.mode) {
    case 'strict':
      return false;
    case 'accept-new':
      return true;
    case 'ask':
      return askOperator(policy, info);
  }
}

function askOperator(policy: HostKeyPolicy, info: HostKeyQuestion): Promise<boolean> {
  if (!policy.ask) throw new Error('host key policy "ask" needs an ask function');
  return policy.ask(info);
}

export interface HostKeyChoice {
  knownHostsFile: string;
  mode: HostKeyPolicy['mode'];
  hashKnownHosts: boolean;
  /** Worth a warning: StrictHostKeyChecking no is honoured only as far as accept-new goes. */
  note?: string;
}

/**
 * Flags first (--known-hosts, --accept-new), then StrictHostKeyChecking / UserKnownHostsFile, then: ask on a terminal,
 * strict without one. `no` is taken as accept-new: hitless never accepts a changed host key.
 */
export function hostKeyChoice(
  flags: { knownHosts?: string; acceptNew: boolean },
  configured: { strictHostKeyChecking?: 'yes' | 'ask' | 'accept-new' | 'no'; knownHostsFile?: string; hashKnownHosts?: boolean },
  options: { canAsk: boolean; defaultKnownHostsFile: () => string },
): HostKeyChoice {
  const file = { knownHostsFile: flags.knownHosts ?? configured.knownHostsFile ?? options.defaultKnownHostsFile(), hashKnownHosts: configured.hashKnownHosts ?? false };
  const strict = flags.acceptNew ? 'accept-new' : configured.strictHostKeyChecking;
  const asked = options.canAsk ? 'ask' : 'strict';
  switch (strict) {
    case 'yes':
      return { ...file, mode: 'strict' };
    case 'accept-new':
      return { ...file, mode: 'accept-new' };
    case 'no':
      return { ...file, mode: 'accept-new', note: 'StrictHostKeyChecking no is taken as accept-new: a changed host key still stops the run' };
    default:
      return { ...file, mode: asked };
  }
}
