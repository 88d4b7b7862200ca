// The SSH algorithms hitless offers: ssh2's defaults (modern, like OpenSSH's), changed per host with OpenSSH's
// KexAlgorithms / HostKeyAlgorithms / Ciphers / MACs syntax; what a server that agrees to none of them offered; and
// which negotiated algorithms are weak (SHA-1, CBC), so the operator hears about them.
import type { Algorithms, NegotiatedAlgorithms } from 'ssh2';
import ssh2Lists from 'ssh2/lib/protocol/constants.js';
import { usageError } from '../errors.js';
import { hasWildcard, matchesPattern } from './sshPatterns.js';

export type AlgorithmCategory = 'kex' | 'hostKey' | 'cipher' | 'mac';

export interface AlgorithmCategoryInfo {
  /** The ssh_config keyword. */
  keyword: 'KexAlgorithms' | 'HostKeyAlgorithms' | 'Ciphers' | 'MACs';
  /** As messages name the category. */
  label: string;
  defaults: readonly string[];
  /** Everything ssh2 implements, best first. */
  supported: readonly string[];
}

export const ALGORITHM_CATEGORIES: Record<AlgorithmCategory, AlgorithmCategoryInfo> = {
  kex: { keyword: 'KexAlgorithms', label: 'key exchange', defaults: ssh2Lists.DEFAULT_KEX, supported: ssh2Lists.SUPPORTED_KEX },
  hostKey: {
    keyword: 'HostKeyAlgorithms',
    label: 'host key',
    defaults: ssh2Lists.DEFAULT_SERVER_HOST_KEY,
    supported: ssh2Lists.SUPPORTED_SERVER_HOST_KEY,
  },
  cipher: { keyword: 'Ciphers', label: 'cipher', defaults: ssh2Lists.DEFAULT_CIPHER, supported: ssh2Lists.SUPPORTED_CIPHER },
  mac: { keyword: 'MACs', label: 'MAC', defaults: ssh2Lists.DEFAULT_MAC, supported: ssh2Lists.SUPPORTED_MAC },
};

export const CATEGORY_OF_KEYWORD: Record<AlgorithmCategoryInfo['keyword'], AlgorithmCategory> = {
  KexAlgorithms: 'kex',
  HostKeyAlgorithms: 'hostKey',
  Ciphers: 'cipher',
  MACs: 'mac',
};

/** Explicit lists for the categories the operator configured; the others keep ssh2's defaults. */
export type AlgorithmLists = Partial<Record<AlgorithmCategory, string[]>>;

export interface ResolvedAlgorithms {
  algorithms: string[];
  /** Names in the list that hitless (ssh2) does not implement: left out, as OpenSSH leaves out what it lacks. */
  unsupported: string[];
}

/**
 * OpenSSH's list syntax: `a,b` replaces the defaults, `+a,b` appends to them, `-a,b` removes from them, `^a,b` puts
 * first. `*` and `?` wildcards work in every form (in `-` lists against the defaults, elsewhere against everything
 * hitless implements). Names hitless does not implement are left out; a list left empty is an error (`what` names
 * where it came from).
 */
export function resolveAlgorithms(category: AlgorithmCategory, spec: string, what: string): ResolvedAlgorithms {
  const { defaults, supported } = ALGORITHM_CATEGORIES[category];
  const operator = /^[-+^]/.test(spec) ? spec[0] : '';
  const names = spec.slice(operator.length).split(',');
  if (names.some((name) => name.trim() === '' || /\s/.test(name))) throw usageError(`${what}: "${spec}" is not a comma-separated list of algorithms`);
  let algorithms: string[];
  const unsupported: string[] = [];
  if (operator === '-') {
    algorithms = defaults.filter((algorithm) => !names.some((pattern) => matchesPattern(pattern, algorithm)));
  } else {
    const listed = names.flatMap((name) => {
      const matching = supported.filter((algorithm) => matchesPattern(name, algorithm));
      if (matching.length === 0 && !hasWildcard(name)) unsupported.push(name);
      return matching;
    });
    algorithms = unique(operator === '+' ? [...defaults, ...listed] : operator === '^' ? [...listed, ...defaults] : listed);
  }
  if (algorithms.length === 0) throw usageError(`${what}: "${spec}" leaves no ${ALGORITHM_CATEGORIES[category].label} algorithm that hitless supports`);
  return { algorithms, unsupported };
}

const unique = (names: readonly string[]) => [...new Set(names)];

/** For ssh2's `algorithms` option: explicit lists only for the configured categories. */
export function ssh2Algorithms(lists: AlgorithmLists): Algorithms {
  return {
    ...(lists.kex && { kex: lists.kex as Algorithms['kex'] }),
    ...(lists.hostKey && { serverHostKey: lists.hostKey as Algorithms['serverHostKey'] }),
    ...(lists.cipher && { cipher: lists.cipher as Algorithms['cipher'] }),
    ...(lists.mac && { hmac: lists.mac as Algorithms['hmac'] }),
  };
}

/** ssh2 negotiates its own favourite host key type; ask first for the types known_hosts already has, as OpenSSH does. */
export function preferKnownHostKeyTypes(knownTypes: readonly string[]): string[] | undefined {
  const preferred = knownTypes.flatMap((type) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type]));
  const { defaults } = ALGORITHM_CATEGORIES.hostKey;
  const known = preferred.filter((algorithm) => defaults.includes(algorithm));
  return known.length === 0 ? undefined : unique([...known, ...defaults]);
}

// ------------------------------------------------------------------------------------------- negotiation failure

/** What ssh2 says when a category has no algorithm in common (kex.js), and which category that is. */
const FAILURES: Array<[RegExp, AlgorithmCategory, RemoteList]> = [
  [/no matching key exchange algorithm/, 'kex', 'KEX method'],
  [/no matching host key format/, 'hostKey', 'Host key format'],
  [/no matching C->S cipher/, 'cipher', 'C->S cipher'],
  [/no matching S->C cipher/, 'cipher', 'S->C cipher'],
  [/no matching C->S MAC/, 'mac', 'C->S MAC'],
  [/no matching S->C MAC/, 'mac', 'S->C MAC'],
];
type RemoteList = 'KEX method' | 'Host key format' | 'C->S cipher' | 'S->C cipher' | 'C->S MAC' | 'S->C MAC';
/** ssh2's debug line with the server's list (kex.js prints it just before comparing). */
const REMOTE_LIST = /^Handshake: \(remote\) (KEX method|Host key format|C->S cipher|S->C cipher|C->S MAC|S->C MAC): (.*)$/;
/** Pseudo-algorithms servers list with their key exchanges (RFC 8308, OpenSSH strict KEX), never a choice. */
const SIGNALS = /^(?:ext-info-[cs]|kex-strict-[cs]-v00@openssh\.com)$/;

/** Keeps the server's algorithm lists as ssh2's debug output shows them; give `debug` to ssh2's `debug` option. */
export class ServerOffer {
  private readonly lists = new Map<RemoteList, string[]>();

  readonly debug = (line: string): void => {
    const match = REMOTE_LIST.exec(line);
    if (match) this.lists.set(match[1] as RemoteList, match[2]!.split(',').filter((name) => name !== '' && !SIGNALS.test(name)));
  };

  /**
   * For a handshake error of ssh2 that means "nothing in common": the category, what the server offered for it and
   * which of that hitless could allow (the best it implements first). Undefined for any other error.
   */
  failure(error: Error): NegotiationFailure | undefined {
    const known = FAILURES.find(([pattern]) => pattern.test(error.message));
    if (!known) return undefined;
    const [, category, list] = known;
    const offered = this.lists.get(list) ?? [];
    const { supported } = ALGORITHM_CATEGORIES[category];
    return { category, offered, allowable: supported.filter((algorithm) => offered.includes(algorithm)) };
  }
}

export interface NegotiationFailure {
  category: AlgorithmCategory;
  offered: string[];
  allowable: string[];
}

/**
 * One line: what the server offers for the category and what to add, e.g. "10.1.1.1:22 offers only
 * diffie-hellman-group1-sha1,diffie-hellman-group14-sha1 for key exchange; allow one with
 * -o KexAlgorithms=+diffie-hellman-group14-sha1 or in ~/.ssh/config". `commandLine` false: -o does not reach this
 * server (a jump host), only its Host entry does.
 */
export function negotiationMessage(where: string, failure: NegotiationFailure, commandLine: boolean): string {
  const { keyword, label } = ALGORITHM_CATEGORIES[failure.category];
  if (failure.offered.length === 0) return `${where} and hitless have no ${label} algorithm in common`;
  const offers = `${where} offers only ${failure.offered.join(',')} for ${label}`;
  const best = failure.allowable[0];
  if (best === undefined) return `${offers}, none of which hitless supports`;
  return commandLine
    ? `${offers}; allow one with -o ${keyword}=+${best} or in ~/.ssh/config`
    : `${offers}; allow one in ~/.ssh/config (${keyword} +${best} under its Host entry)`;
}

// ------------------------------------------------------------------------------------------------- weak algorithms

const WEAKNESSES: Record<AlgorithmCategory, Array<[RegExp, string]>> = {
  kex: [[/-sha1$/, 'SHA-1']],
  hostKey: [
    [/^ssh-rsa$/, 'SHA-1'],
    [/^ssh-dss$/, 'DSA, SHA-1'],
  ],
  cipher: [
    [/-cbc$/, 'CBC'],
    [/^arcfour/, 'RC4'],
  ],
  mac: [
    [/sha1/, 'SHA-1'],
    [/md5/, 'MD5'],
  ],
};

/** The negotiated algorithms that are weak, e.g. ["key exchange diffie-hellman-group14-sha1 (SHA-1)", "cipher aes128-cbc (CBC)"]. */
export function weakAlgorithms(negotiated: NegotiatedAlgorithms): string[] {
  const used: Array<[AlgorithmCategory, string]> = [
    ['kex', negotiated.kex],
    ['hostKey', negotiated.serverHostKey],
    ['cipher', negotiated.cs.cipher],
    ['cipher', negotiated.sc.cipher],
    ['mac', negotiated.cs.mac],
    ['mac', negotiated.sc.mac],
  ];
  const weak = used.flatMap(([category, name]) => {
    const weakness = WEAKNESSES[category].find(([pattern]) => pattern.test(name));
    return weakness ? [`${ALGORITHM_CATEGORIES[category].label} ${name} (${weakness[1]})`] : [];
  });
  return unique(weak);
}

/** The warning for one server, e.g. "10.1.1.1:22 uses weak SSH algorithms: cipher aes128-cbc (CBC), MAC hmac-sha1 (SHA-1)". */
export const weakAlgorithmWarning = (where: string, weak: readonly string[]): string => `${where} uses weak SSH algorithms: ${weak.join(', ')}`;
