// Decides whether to trust the key a switch presents: known_hosts first, then the operator's chosen mode.
// There is deliberately no "accept anything" mode.
import { EXIT, HitlessError } from '../errors.js';
import { appendKnownHost, checkHostKey, fingerprint, knownHostsName, readKnownHosts, type HostKey } from './knownHosts.js';

export interface HostKeyQuestion {
  host: string;
  port: number;
  fingerprint: string;
  keyType: string;
  /** Key types known_hosts already holds for this host (a different type was presented), if any. */
  knownTypes?: string[];
}

export interface HostKeyPolicy {
  knownHostsFile: string;
  /** strict: only keys already in the file; accept-new: also add a key for a host the file does not list; ask: ask the operator. */
  mode: 'strict' | 'accept-new' | 'ask';
  ask?: (info: HostKeyQuestion) => Promise<boolean>;
}

/** Resolves when the key is trusted (appending it to known_hosts if newly accepted); otherwise throws an exit-2 HitlessError. */
export async function verifyHostKey(policy: HostKeyPolicy, host: string, port: number, key: HostKey): Promise<void> {
  const file = policy.knownHostsFile;
  const where = `${host}:${port}`;
  const presented = `${key.keyType} ${fingerprint(key.blob)}`;
  const verdict = checkHostKey(await readKnownHosts(file), host, port, key);
  switch (verdict.status) {
    case 'known':
      return;
    case 'revoked':
      throw new HitlessError('host-key-changed', `the host key of ${where} (${presented}) is marked @revoked in ${file}`, EXIT.usage);
    case 'changed':
      throw new HitlessError(
        'host-key-changed',
        `HOST KEY CHANGED for ${where}: ${file} expects ${verdict.expected.join(' or ')}, the switch presented ${presented}. ` +
          `If the switch was really replaced or re-keyed, remove the old entry (ssh-keygen -R "${knownHostsName(host, port)}" -f ${file}) and connect again`,
        EXIT.usage,
      );
    case 'unknown':
    case 'other-types': {
      const knownTypes = verdict.status === 'other-types' ? verdict.knownTypes : undefined;
      if (await accepted(policy, { host, port, fingerprint: fingerprint(key.blob), keyType: key.keyType, ...(knownTypes && { knownTypes }) })) {
        await appendKnownHost(file, host, port, key);
        return;
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
  }
}

/** accept-new trusts a first key only for a host known_hosts does not list at all (like OpenSSH). */
async function accepted(policy: HostKeyPolicy, info: HostKeyQuestion): Promise<boolean> {
  switch (policy.mode) {
    case 'strict':
      return false;
    case 'accept-new':
      return info.knownTypes === undefined;
    case 'ask':
      if (!policy.ask) throw new Error('host key policy "ask" needs an ask function');
      return policy.ask(info);
  }
}
