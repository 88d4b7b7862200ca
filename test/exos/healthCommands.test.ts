// The commands of the health check and the rollback, exactly as sent, and the `use image` result.
import { describe, expect, it } from 'vitest';
import { SHOW_PORTS_NO_REFRESH, SHOW_SLOT, useImagePartitionCommand } from '../../source/exos/commands.js';
import { holdsTerminal, operatorCommandPlan } from '../../source/exos/terminalHolders.js';
import { parseUseImageResult } from '../../source/exos/parseUseImageResult.js';

describe('commands', () => {
  it('reads health with show slot and show ports no-refresh, never the monitor', () => {
    expect([SHOW_SLOT, SHOW_PORTS_NO_REFRESH]).toEqual(['show slot', 'show ports no-refresh']);
    expect(holdsTerminal(SHOW_PORTS_NO_REFRESH)).toBe(false);
  });

  it('selects a partition for one named MSM only', () => {
    expect(useImagePartitionCommand('primary', 'B')).toBe('use image partition primary msm B');
    expect(useImagePartitionCommand('secondary', 'A')).toBe('use image partition secondary msm A');
  });

  it.each([
    ['show ports', true],
    ['sh po', true],
    ['SHOW PORTS 2:1-2:4', true],
    ['show ports statistics', true],
    ['show ports utilization', true],
    ['show ports no-refresh', false],
    ['sh po no-r', false],
    ['show ports 2:3 statistics no-refresh', false],
    ['show ports 2:3 information detail', false],
    ['show ports info', false],
    ['show switch', false],
    ['show portal', false],
  ])('holdsTerminal(%j) is %s', (line, expected) => {
    expect(holdsTerminal(line)).toBe(expected);
  });

  it.each([
    ['show ports', { kind: 'rewritten', command: 'show ports no-refresh', monitor: 'the port summary monitor' }],
    ['sh po 2:1-2:4', { kind: 'rewritten', command: 'sh po 2:1-2:4 no-refresh', monitor: 'the port summary monitor' }],
    ['show ports 2:3 stat', { kind: 'rewritten', command: 'show ports 2:3 stat no-refresh', monitor: 'the port statistics monitor' }],
    ['show ports rxerrors', { kind: 'rewritten', command: 'show ports rxerrors no-refresh', monitor: 'the receive-errors monitor' }],
    ['show ports util', { kind: 'refused', reason: '"show ports util" starts the port utilization monitor, which holds the terminal until a key: not sent' }],
    ['show ports no-refresh', { kind: 'send', command: 'show ports no-refresh' }],
    ['  show switch ', { kind: 'send', command: 'show switch' }],
  ])('operatorCommandPlan(%j)', (line, plan) => {
    expect(operatorCommandPlan(line)).toEqual(plan);
  });
});

describe('parseUseImageResult', () => {
  it('takes silence as accepted (the prompt just returns)', () => {
    expect(parseUseImageResult('use image partition primary msm B\r\n')).toEqual({ accepted: true, errors: [] });
  });

  it('reports the switch\'s refusal and a syntax error with their own text', () => {
    expect(parseUseImageResult('use image partition secondary msm B\r\nError: No image is installed in the secondary partition of MSM-B.\r\n')).toEqual({
      accepted: false,
      errors: ['Error: No image is installed in the secondary partition of MSM-B.'],
    });
    const syntax = parseUseImageResult(`use image partition primary msm B\r\n${' '.repeat(22)}^\r\n%% Invalid input detected at '^' marker.\r\n`);
    expect(syntax).toEqual({ accepted: false, errors: ["%% Invalid input detected at '^' marker."] });
  });
});
