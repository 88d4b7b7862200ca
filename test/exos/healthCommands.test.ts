// The commands of the health check and the rollback, exactly as sent, and the `use image` result.
import { describe, expect, it } from 'vitest';
import { holdsTerminal, SHOW_PORTS_NO_REFRESH, SHOW_SLOT, useImagePartitionCommand } from '../../source/exos/commands.js';
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
