// EXOS-style parsing: unique prefixes, quoted values, the partition early or late, and the failing offset.
import { describe, expect, it } from 'vitest';
import { parseCommand, type GrammarContext } from '../../source/simulator/cli/commandGrammar.js';

const OLD: GrammarContext = { failoverKeyword: 'msm-failover' };
const NEW: GrammarContext = { failoverKeyword: 'failover' };

describe('parseCommand', () => {
  it.each([
    ['sh sw', { kind: 'show-switch' }],
    ['SHOW SWITCH', { kind: 'show-switch' }],
    ['sh ver', { kind: 'show-version' }],
    ['sh vers im', { kind: 'show-version-images' }],
    ['sh slo', { kind: 'show-slot' }],
    ['show ports no-refresh', { kind: 'show-ports', monitor: false }],
    ['sh po no', { kind: 'show-ports', monitor: false }],
    ['show ports', { kind: 'show-ports', monitor: true }],
    ['use image partition primary msm B', { kind: 'use-image', partition: 'primary', msm: 'B' }],
    ['use image secondary msm a', { kind: 'use-image', partition: 'secondary', msm: 'A' }],
    ['use im pa sec', { kind: 'use-image', partition: 'secondary' }],
    ['use image primary', { kind: 'use-image', partition: 'primary' }],
    ['dis clip', { kind: 'clipaging', enabled: false }],
    ['disable cli prompting', { kind: 'cli-prompting', enabled: false }],
    ['en cli prompt', { kind: 'cli-prompting', enabled: true }],
    ['configure cli lines  128', { kind: 'configure-cli', field: 'lines', value: 128 }],
    ['conf snmp sysn "core 1"', { kind: 'configure-snmp', field: 'sysname', value: 'core 1' }],
    ['reboot msm b', { kind: 'reboot', msm: 'B' }],
    ['reboot', { kind: 'reboot' }],
    ['run msm-failover force', { kind: 'failover', force: true }],
    ['save configuration primary', { kind: 'save' }],
    ['logout', { kind: 'exit' }],
    ['install image bd8800-15.3.5.2.xos secondary msm B', { kind: 'install', file: 'bd8800-15.3.5.2.xos', partition: 'secondary', msm: 'B' }],
    ['ls', { kind: 'ls', memorycard: false }],
    ['ls memorycard', { kind: 'ls', memorycard: true }],
    ['ls mem', { kind: 'ls', memorycard: true }],
    [
      'download image memorycard bd8800-15.3.5.2.xos secondary msm B',
      { kind: 'download', location: { kind: 'memorycard', file: 'bd8800-15.3.5.2.xos' }, partition: 'secondary', msm: 'B' },
    ],
    [
      'download image 10.0.0.5 bd8800-15.3.5.2.xos vr "VR-Mgmt" block-size 1468 secondary msm A',
      { kind: 'download', location: { kind: 'host', host: '10.0.0.5', file: 'bd8800-15.3.5.2.xos', blockSize: 1468 }, vr: 'VR-Mgmt', partition: 'secondary', msm: 'A' },
    ],
  ])('%s', (line, command) => {
    expect(parseCommand(line, OLD)).toEqual({ ok: true, command });
  });

  it('reads download image with the partition after the vr or right after "image", vr quoted or not', () => {
    const late = parseCommand('download image 10.0.0.5 bd8800-15.3.5.2.xos vr "VR-Default" secondary msm B', OLD);
    const early = parseCommand('dow im inactive 10.0.0.5 bd8800-15.3.5.2.xos vr VR-Mgmt', OLD);
    expect(late).toEqual({
      ok: true,
      command: {
        kind: 'download',
        location: { kind: 'host', host: '10.0.0.5', file: 'bd8800-15.3.5.2.xos' },
        vr: 'VR-Default',
        partition: 'secondary',
        msm: 'B',
      },
    });
    expect(early).toMatchObject({ ok: true, command: { partition: 'inactive', vr: 'VR-Mgmt', msm: undefined } });
    expect(parseCommand('download url http://10.0.0.5/images/x.xos vr VR-Default primary msm A', NEW)).toMatchObject({
      ok: true,
      command: { location: { kind: 'url', url: 'http://10.0.0.5/images/x.xos' }, partition: 'primary', msm: 'A' },
    });
  });

  it.each([
    ['disable clipaging session', OLD, 'invalid', 18],
    ['show', OLD, 'incomplete', 4],
    ['s switch', OLD, 'ambiguous', 0],
    ['e', OLD, 'ambiguous', 0],
    ['run failover', OLD, 'invalid', 4],
    ['run msm-failover', NEW, 'invalid', 4],
    ['reboot slot msm-b', OLD, 'invalid', 7],
    ['reboot msm C', OLD, 'invalid', 11],
    ['download image primary 10.0.0.5 f.xos vr VR-Default secondary', OLD, 'invalid', 52],
    ['configure cli columns wide', OLD, 'invalid', 22],
    ['show ports 2:3', OLD, 'invalid', 11],
    ['use image', OLD, 'incomplete', 9],
    ['use image p msm B', OLD, 'ambiguous', 10],
    ['use image partition msm B', OLD, 'invalid', 20],
    ['use image inactive msm B', OLD, 'invalid', 10],
    ['use image primary msm C', OLD, 'invalid', 22],
    ['download image 10.0.0.5 f.xos vr VR-Mgmt block-size 23 secondary', OLD, 'invalid', 52],
    ['download image 10.0.0.5 f.xos vr VR-Mgmt block-size 65001', OLD, 'invalid', 52],
    ['download image memorycard f.xos vr VR-Mgmt secondary', OLD, 'invalid', 32],
    ['ls /usr/local/cfg', OLD, 'invalid', 3],
  ] as const)('%s', (line, context, problem, offset) => {
    expect(parseCommand(line, context)).toEqual({ ok: false, problem, offset });
  });
});
