// The fleet file: every entry becomes the options `hitless upgrade --headless --yes` would get; mistakes are refused
// before anything connects.
import { describe, expect, it } from 'vitest';
import { parseFleetFile } from '../../source/fleet/fleetFile.js';

const FILE = '/ops/fleets/core.json';
const IMAGE = '10.0.0.5:bd8800-15.3.5.2-patch1-5.xos';

const parse = (data: unknown) => parseFleetFile(FILE, JSON.stringify(data));

describe('parseFleetFile', () => {
  it('merges defaults into each chassis and turns every key into the upgrade option it stands for', () => {
    const plan = parse({
      concurrency: 3,
      onFailure: 'continue',
      defaults: { user: 'admin', passwordEnv: 'EXOS_PASSWORD', image: IMAGE, poll: 2 },
      chassis: [
        { name: 'core-1', host: '10.1.0.1' },
        {
          name: 'core-2',
          host: '10.1.0.2',
          port: 2222,
          user: 'ops',
          failback: true,
          stage: true,
          saveConfig: true,
          xmods: ['10.0.0.5:bd8800-15.3.5.2-patch1-5-ssh.xmod'],
          knownHosts: 'keys/known_hosts',
          acceptNew: true,
          stepTimeout: 600,
          healthSettle: 120,
          noHealthCheck: true,
          journal: 'logs/core-2.jsonl',
        },
      ],
    });
    expect(plan).toMatchObject({ file: FILE, concurrency: 3, onFailure: 'continue' });
    const [first, second] = plan.chassis;
    expect(first).toMatchObject({ name: 'core-1', address: '10.1.0.1', journal: '/ops/fleets/core-1.jsonl' });
    expect(first!.options).toMatchObject({
      host: '10.1.0.1',
      user: 'admin',
      passwordEnv: 'EXOS_PASSWORD',
      pollSeconds: 2,
      headless: true,
      yes: true,
      failback: false,
      stage: false,
      saveConfig: false,
      healthCheck: true,
      healthSettleSeconds: 60,
      journal: '/ops/fleets/core-1.jsonl',
    });
    expect(first!.target.core.source).toEqual({ kind: 'host', host: '10.0.0.5', file: 'bd8800-15.3.5.2-patch1-5.xos' });
    expect(second).toMatchObject({ name: 'core-2', address: '10.1.0.2:2222', journal: '/ops/fleets/logs/core-2.jsonl' });
    expect(second!.options).toMatchObject({
      port: 2222,
      user: 'ops',
      knownHosts: '/ops/fleets/keys/known_hosts',
      acceptNew: true,
      stepTimeoutSeconds: 600,
      healthSettleSeconds: 120,
      healthCheck: false,
      failback: true,
    });
    expect(second!.target.failback).toBe(true);
    expect(second!.options).toMatchObject({ stage: true, saveConfig: true });
    expect(second!.target.stage).toBe(true);
    expect(second!.target.xmods.map((xmod) => xmod.source.file)).toEqual(['bd8800-15.3.5.2-patch1-5-ssh.xmod']);
  });

  it('an image on this machine is named from the fleet file\'s folder; keepImage keeps it on the switch', () => {
    const plan = parse({
      defaults: { user: 'admin', passwordEnv: 'EXOS_PASSWORD', image: './images/bd8800-15.3.5.2-patch1-5.xos' },
      chassis: [{ host: 'core-1', keepImage: true }, { host: 'core-2', image: '/srv/bd8800-15.3.5.2-patch1-5.xos' }],
    });
    const [first, second] = plan.chassis;
    expect(first!.target.core.source).toEqual({ kind: 'switch', file: 'bd8800-15.3.5.2-patch1-5.xos', pushedFrom: '/ops/fleets/images/bd8800-15.3.5.2-patch1-5.xos' });
    expect(first!.target.keepImage).toBe(true);
    expect(second!.target.core.source).toMatchObject({ pushedFrom: '/srv/bd8800-15.3.5.2-patch1-5.xos' });
    expect(second!.target.keepImage).toBeUndefined();
  });

  it('carries ssh options (each one as -o), the ssh config file and jump hosts; a bad option names the entry', () => {
    const plan = parse({
      defaults: { user: 'admin', passwordEnv: 'EXOS_PASSWORD', image: IMAGE, sshOptions: ['KexAlgorithms=+diffie-hellman-group14-sha1'] },
      chassis: [{ name: 'bd-1', host: 'bd-1', sshOptions: ['Ciphers=+aes128-cbc', 'ConnectTimeout 10'], sshConfig: 'ssh/config', jump: 'ops@bastion' }],
    });
    expect(plan.chassis[0]!.options).toMatchObject({
      sshConfig: '/ops/fleets/ssh/config',
      jump: 'ops@bastion',
      sshOptions: [
        { keyword: 'Ciphers', values: ['+aes128-cbc'], origin: '-o' },
        { keyword: 'ConnectTimeout', values: ['10'], origin: '-o' },
      ],
    });
    expect(() => parse({ chassis: [{ name: 'bd-2', host: 'bd-2', image: IMAGE, sshOptions: ['Compression=yes'] }] })).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/^core\.json chassis 1 \(bd-2\): -o Compression=yes: hitless does not use "Compression"/) }),
    );
  });

  it('defaults to one chassis at a time, stopping at the first failure', () => {
    const plan = parse({ chassis: [{ host: '10.1.0.1', user: 'admin', image: IMAGE }] });
    expect(plan).toMatchObject({ concurrency: 1, onFailure: 'stop' });
    expect(plan.chassis[0]).toMatchObject({ name: '10.1.0.1', journal: '/ops/fleets/10.1.0.1.jsonl' });
  });

  it('takes simulated chassis, with the scenario image as default', () => {
    const plan = parse({ defaults: { speed: 0 }, chassis: [{ name: 'lab', simulate: 'xmod' }] });
    expect(plan.chassis[0]!.address).toBe('simulated xmod');
    expect(plan.chassis[0]!.options).toMatchObject({ simulate: 'xmod', speed: 0 });
    expect(plan.chassis[0]!.target.xmods).toHaveLength(1);
  });

  it('takes every image source, and blockSize for a TFTP one, as the command line would', () => {
    const plan = parse({
      defaults: { user: 'admin' },
      chassis: [
        { host: '10.1.0.1', image: IMAGE, blockSize: 1468 },
        { host: '10.1.0.2', image: 'memorycard:bd8800-15.3.5.2-patch1-5.xos' },
        { host: '10.1.0.3', image: 'switch:bd8800-15.3.5.2-patch1-5.xos' },
      ],
    });
    expect(plan.chassis.map((entry) => entry.target.core.source)).toEqual([
      { kind: 'host', host: '10.0.0.5', file: 'bd8800-15.3.5.2-patch1-5.xos', blockSize: 1468 },
      { kind: 'memorycard', file: 'bd8800-15.3.5.2-patch1-5.xos' },
      { kind: 'switch', file: 'bd8800-15.3.5.2-patch1-5.xos' },
    ]);
  });

  const refusals: [string, unknown, RegExp][] = [
    ['not JSON', 'chassis: []', /core\.json: not valid JSON/],
    ['an empty chassis list', { chassis: [] }, /"chassis" must be a non-empty list/],
    ['an unknown top-level key', { concurrncy: 2, chassis: [{ host: 'a', user: 'u', image: IMAGE }] }, /unknown key "concurrncy"/],
    ['a misspelt chassis key', { chassis: [{ name: 'c1', host: 'a', user: 'u', image: IMAGE, passwrodEnv: 'X' }] }, /chassis 1 \(c1\): unknown key "passwrodEnv"/],
    ['an outage-accepting flag', { chassis: [{ host: 'a', user: 'u', image: IMAGE, allowIoReset: true }] }, /unknown key "allowIoReset"/],
    ['a key of the wrong type', { chassis: [{ host: 'a', user: 'u', image: IMAGE, port: '22' }] }, /"port" must be a number, got string/],
    ['xmods that are not a list', { chassis: [{ host: 'a', user: 'u', image: IMAGE, xmods: 'x.xmod' }] }, /"xmods" must be a list of strings/],
    ['a missing image', { chassis: [{ host: 'a', user: 'u' }] }, /chassis 1: --image SRC is required/],
    ['a bad image name', { chassis: [{ host: 'a', user: 'u', image: '10.0.0.5:notes.txt' }] }, /chassis 1: --image 10\.0\.0\.5:notes\.txt/],
    ['concurrency 0', { concurrency: 0, chassis: [{ host: 'a', user: 'u', image: IMAGE }] }, /fleet "concurrency" must be a whole number from 1 to 64, got "0"/],
    ['a step timeout a timer cannot hold', { chassis: [{ host: 'a', user: 'u', image: IMAGE, stepTimeout: 3000000 }] }, /chassis 1: --step-timeout must be a number from 1 to 86400 \(seconds\), got "3000000"/],
    ['a poll of a nanosecond', { defaults: { poll: 1e-9 }, chassis: [{ host: 'a', user: 'u', image: IMAGE }] }, /chassis 1: --poll must be a number from 0\.05 to 600 \(seconds\), got "1e-9"/],
    ['a block size of 20', { chassis: [{ host: 'a', user: 'u', image: IMAGE, blockSize: 20 }] }, /chassis 1: --block-size must be a whole number from 24 to 65000, got "20"/],
    ['a block size for a memory card', { chassis: [{ host: 'a', user: 'u', image: 'memorycard:bd8800-15.3.5.2.xos', blockSize: 512 }] }, /chassis 1: --block-size applies to a TFTP source/],
    ['port 0', { chassis: [{ host: 'a', user: 'u', image: IMAGE, port: 0 }] }, /chassis 1: --port must be a whole number from 1 to 65535, got "0"/],
    ['a fractional port', { chassis: [{ host: 'a', user: 'u', image: IMAGE, port: 22.5 }] }, /--port must be a whole number from 1 to 65535, got "22\.5"/],
    ['a health settle of 1e308', { chassis: [{ host: 'a', user: 'u', image: IMAGE, healthSettle: 1e308 }] }, /--health-settle must be a number from 0 to 3600 \(seconds\), got "1e\+308"/],
    ['concurrency 1000', { concurrency: 1000, chassis: [{ host: 'a', user: 'u', image: IMAGE }] }, /fleet "concurrency" must be a whole number from 1 to 64, got "1000"/],
    ['an unknown failure mode', { onFailure: 'retry', chassis: [{ host: 'a', user: 'u', image: IMAGE }] }, /"onFailure" must be "stop" or "continue"/],
    ['maxFailures beside onFailure stop', { onFailure: 'stop', maxFailures: 2, chassis: [{ host: 'a', user: 'u', image: IMAGE }] }, /"onFailure": "stop" stops at the first failure; max-failures 2 contradicts it/],
    ['maxFailures 0', { maxFailures: 0, chassis: [{ host: 'a', user: 'u', image: IMAGE }] }, /--max-failures must be a whole number from 1 to 10000, got "0"/],
    ['a canary of a string', { canary: '1', chassis: [{ host: 'a', user: 'u', image: IMAGE }] }, /"canary" must be a number, got string/],
    ['a canary as large as the fleet', { canary: 1, chassis: [{ host: 'a', user: 'u', image: IMAGE }] }, /canary 1 leaves no chassis for the rest \(the fleet has 1\)/],
    [
      'the same chassis twice',
      { defaults: { user: 'u', image: IMAGE }, chassis: [{ name: 'x', host: '10.1.0.1' }, { name: 'y', host: '10.1.0.1' }] },
      /"y" and "x" are the same chassis/,
    ],
    [
      'a journal in defaults (every chassis would share it)',
      { defaults: { user: 'u', image: IMAGE, journal: 'all.jsonl' }, chassis: [{ host: '10.1.0.1' }, { host: '10.1.0.2' }] },
      /unknown key "journal"/,
    ],
    [
      'two chassis naming one journal file',
      { defaults: { user: 'u', image: IMAGE }, chassis: [{ host: '10.1.0.1', journal: 'j.jsonl' }, { host: '10.1.0.2', journal: './j.jsonl' }] },
      /share the journal \/ops\/fleets\/j\.jsonl/,
    ],
  ];
  it('reads canary and maxFailures (the counted form of onFailure continue); the command line overrides them', () => {
    const text = JSON.stringify({ canary: 1, maxFailures: 2, defaults: { user: 'u', image: IMAGE }, chassis: [{ host: '10.1.0.1' }, { host: '10.1.0.2' }, { host: '10.1.0.3' }] });
    expect(parseFleetFile(FILE, text)).toMatchObject({ canary: 1, maxFailures: 2, onFailure: 'continue' });
    expect(parseFleetFile(FILE, text, { canary: 2, maxFailures: 1 })).toMatchObject({ canary: 2, maxFailures: 1 });
    const plain = JSON.stringify({ defaults: { user: 'u', image: IMAGE }, chassis: [{ host: '10.1.0.1' }] });
    expect(parseFleetFile(FILE, plain)).toMatchObject({ canary: 0, onFailure: 'stop' });
    expect(parseFleetFile(FILE, plain).maxFailures).toBeUndefined();
  });

  for (const [what, data, message] of refusals) {
    it(`refuses ${what}`, () => {
      const text = typeof data === 'string' ? data : JSON.stringify(data);
      expect(() => parseFleetFile(FILE, text)).toThrow(message);
    });
  }
});
