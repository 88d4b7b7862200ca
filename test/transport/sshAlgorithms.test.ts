// OpenSSH's algorithm-list syntax mapped onto ssh2's lists, the one-line message for a server that agrees to nothing,
// and which negotiated algorithms count as weak.
import ssh2Lists from 'ssh2/lib/protocol/constants.js';
import { describe, expect, it } from 'vitest';
import {
  ALGORITHM_CATEGORIES,
  negotiationMessage,
  preferKnownHostKeyTypes,
  resolveAlgorithms,
  ServerOffer,
  ssh2Algorithms,
  weakAlgorithms,
} from '../../source/transport/sshAlgorithms.js';

const { defaults: KEX_DEFAULTS } = ALGORITHM_CATEGORIES.kex;
const { defaults: MAC_DEFAULTS } = ALGORITHM_CATEGORIES.mac;

describe("ssh2's own lists", () => {
  it('are still where hitless reads them (ssh2 is pinned; a new version must keep them)', () => {
    for (const list of [ssh2Lists.DEFAULT_KEX, ssh2Lists.DEFAULT_CIPHER, ssh2Lists.DEFAULT_MAC, ssh2Lists.DEFAULT_SERVER_HOST_KEY]) {
      expect(list.length).toBeGreaterThan(0);
    }
    // The defaults stay modern: none of the old EXOS set is offered unless the operator allows it.
    expect(KEX_DEFAULTS).not.toContain('diffie-hellman-group14-sha1');
    expect(ALGORITHM_CATEGORIES.cipher.defaults.filter((cipher) => cipher.endsWith('-cbc'))).toEqual([]);
    expect(ALGORITHM_CATEGORIES.kex.supported).toEqual(expect.arrayContaining(['diffie-hellman-group1-sha1', 'diffie-hellman-group14-sha1']));
    expect(ALGORITHM_CATEGORIES.cipher.supported).toEqual(expect.arrayContaining(['aes128-cbc', '3des-cbc']));
  });
});

describe('resolveAlgorithms', () => {
  it('replaces the defaults with a plain list, in its order', () => {
    expect(resolveAlgorithms('kex', 'diffie-hellman-group14-sha1,curve25519-sha256', 'x').algorithms).toEqual([
      'diffie-hellman-group14-sha1',
      'curve25519-sha256',
    ]);
  });

  it('appends with +, keeping the defaults first and each name once', () => {
    expect(resolveAlgorithms('kex', '+diffie-hellman-group14-sha1,curve25519-sha256', 'x').algorithms).toEqual([
      ...KEX_DEFAULTS,
      'diffie-hellman-group14-sha1',
    ]);
  });

  it('puts first with ^', () => {
    expect(resolveAlgorithms('kex', '^diffie-hellman-group14-sha1', 'x').algorithms).toEqual(['diffie-hellman-group14-sha1', ...KEX_DEFAULTS]);
  });

  it('removes with -, wildcards included', () => {
    expect(resolveAlgorithms('mac', '-hmac-sha1*', 'x').algorithms).toEqual(MAC_DEFAULTS.filter((mac) => !mac.startsWith('hmac-sha1')));
    expect(resolveAlgorithms('mac', '-*etm@openssh.com,hmac-sha2-512', 'x').algorithms).toEqual(['hmac-sha2-256', 'hmac-sha1']);
  });

  it('expands wildcards in the other forms against everything ssh2 implements', () => {
    expect(resolveAlgorithms('cipher', '+*-cbc', 'x').algorithms.slice(-3)).toEqual(['aes192-cbc', 'aes128-cbc', '3des-cbc']);
    expect(resolveAlgorithms('kex', 'diffie-hellman-group1?-sha1', 'x').algorithms).toEqual(['diffie-hellman-group14-sha1']);
  });

  it('leaves out names ssh2 does not implement and says which', () => {
    expect(resolveAlgorithms('kex', '+sntrup761x25519-sha512@openssh.com,diffie-hellman-group1-sha1', 'x')).toEqual({
      algorithms: [...KEX_DEFAULTS, 'diffie-hellman-group1-sha1'],
      unsupported: ['sntrup761x25519-sha512@openssh.com'],
    });
  });

  it.each([
    ['-*', '-o Ciphers: "-*" leaves no cipher algorithm that hitless supports'],
    ['umac-64@openssh.com', '-o Ciphers: "umac-64@openssh.com" leaves no cipher algorithm that hitless supports'],
    ['aes128-cbc,,3des-cbc', '-o Ciphers: "aes128-cbc,,3des-cbc" is not a comma-separated list of algorithms'],
    ['+', '-o Ciphers: "+" is not a comma-separated list of algorithms'],
  ])('refuses %j with one line (exit 2)', (spec, message) => {
    expect(() => resolveAlgorithms('cipher', spec, '-o Ciphers')).toThrow(expect.objectContaining({ kind: 'usage', exitCode: 2, message }));
  });

  it("maps onto ssh2's option names, only for the categories given", () => {
    expect(ssh2Algorithms({ kex: ['a'], hostKey: ['b'], cipher: ['c'], mac: ['d'] })).toEqual({ kex: ['a'], serverHostKey: ['b'], cipher: ['c'], hmac: ['d'] });
    expect(ssh2Algorithms({})).toEqual({});
  });

  it('asks first for the host key types known_hosts holds, within the defaults', () => {
    const { defaults } = ALGORITHM_CATEGORIES.hostKey;
    expect(preferKnownHostKeyTypes(['ssh-rsa'])!.slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect([...preferKnownHostKeyTypes(['ssh-rsa'])!].sort()).toEqual([...defaults].sort());
    expect(preferKnownHostKeyTypes([])).toBeUndefined();
    expect(preferKnownHostKeyTypes(['ssh-dss'])).toBeUndefined();
  });
});

describe('negotiation failure', () => {
  const offerFrom = (lines: string[]) => {
    const offer = new ServerOffer();
    lines.forEach(offer.debug);
    return offer;
  };
  const serverLines = [
    'Inbound: Handshake in progress',
    'Handshake: (local) KEX method: curve25519-sha256,ecdh-sha2-nistp256',
    'Handshake: (remote) KEX method: diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,kex-strict-s-v00@openssh.com',
    'Handshake: (remote) Host key format: ssh-dss',
    'Handshake: (remote) C->S cipher: aes128-cbc,3des-cbc,blowfish-cbc',
    'Handshake: (remote) S->C cipher: aes128-cbc,3des-cbc,blowfish-cbc',
    'Handshake: (remote) C->S MAC: hmac-md5,hmac-sha1',
    'Handshake: (remote) S->C MAC: hmac-md5,hmac-sha1',
  ];

  it('names the key exchanges offered (without signalling names) and the best one hitless could allow', () => {
    const failure = offerFrom(serverLines).failure(new Error('Handshake failed: no matching key exchange algorithm'))!;
    expect(negotiationMessage('10.1.1.1:22', failure, true)).toBe(
      '10.1.1.1:22 offers only diffie-hellman-group1-sha1,diffie-hellman-group14-sha1 for key exchange; ' +
        'allow one with -o KexAlgorithms=+diffie-hellman-group14-sha1 or in ~/.ssh/config',
    );
  });

  it.each([
    ['no matching host key format', '10.1.1.1:22 offers only ssh-dss for host key; allow one with -o HostKeyAlgorithms=+ssh-dss or in ~/.ssh/config'],
    ['no matching C->S cipher', '10.1.1.1:22 offers only aes128-cbc,3des-cbc,blowfish-cbc for cipher; allow one with -o Ciphers=+aes128-cbc or in ~/.ssh/config'],
    ['no matching S->C MAC', '10.1.1.1:22 offers only hmac-md5,hmac-sha1 for MAC; allow one with -o MACs=+hmac-sha1 or in ~/.ssh/config'],
  ])('does the same for "%s"', (error, message) => {
    expect(negotiationMessage('10.1.1.1:22', offerFrom(serverLines).failure(new Error(`Handshake failed: ${error}`))!, true)).toBe(message);
  });

  it('points a jump host to its Host entry (the command line does not reach it), and says when nothing can be allowed', () => {
    const offer = offerFrom(['Handshake: (remote) KEX method: diffie-hellman-group1-sha1', 'Handshake: (remote) C->S cipher: twofish-cbc']);
    expect(negotiationMessage('jump host 10.0.0.9:22', offer.failure(new Error('no matching key exchange algorithm'))!, false)).toBe(
      'jump host 10.0.0.9:22 offers only diffie-hellman-group1-sha1 for key exchange; allow one in ~/.ssh/config (KexAlgorithms +diffie-hellman-group1-sha1 under its Host entry)',
    );
    expect(negotiationMessage('sw:22', offer.failure(new Error('no matching C->S cipher'))!, true)).toBe(
      'sw:22 offers only twofish-cbc for cipher, none of which hitless supports',
    );
    expect(offer.failure(new Error('Handshake failed: signature verification failed'))).toBeUndefined();
  });
});

describe('weakAlgorithms', () => {
  const negotiated = (kex: string, serverHostKey: string, cipher: string, mac: string) =>
    ({ kex, serverHostKey, cs: { cipher, mac, compress: 'none', lang: '' }, sc: { cipher, mac, compress: 'none', lang: '' } }) as never;

  it('names SHA-1 key exchange, ssh-rsa and ssh-dss host keys, CBC ciphers and SHA-1/MD5 MACs', () => {
    expect(weakAlgorithms(negotiated('diffie-hellman-group14-sha1', 'ssh-rsa', 'aes128-cbc', 'hmac-sha1'))).toEqual([
      'key exchange diffie-hellman-group14-sha1 (SHA-1)',
      'host key ssh-rsa (SHA-1)',
      'cipher aes128-cbc (CBC)',
      'MAC hmac-sha1 (SHA-1)',
    ]);
    expect(weakAlgorithms(negotiated('ecdh-sha2-nistp256', 'ssh-dss', '3des-cbc', 'hmac-md5'))).toEqual([
      'host key ssh-dss (DSA, SHA-1)',
      'cipher 3des-cbc (CBC)',
      'MAC hmac-md5 (MD5)',
    ]);
  });

  it('finds nothing weak in what ssh2 negotiates by default', () => {
    expect(weakAlgorithms(negotiated('curve25519-sha256', 'ssh-ed25519', 'aes128-gcm@openssh.com', ''))).toEqual([]);
    expect(weakAlgorithms(negotiated('ecdh-sha2-nistp256', 'rsa-sha2-512', 'aes256-ctr', 'hmac-sha2-256-etm@openssh.com'))).toEqual([]);
  });
});
