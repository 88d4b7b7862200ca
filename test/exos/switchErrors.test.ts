import { describe, expect, it } from 'vitest';
import { commandNotKnown } from '../../source/exos/switchErrors.js';

describe('commandNotKnown', () => {
  it("recognises the CLI's syntax error, and nothing else", () => {
    expect(commandNotKnown("run failover\r\n              ^\r\n%% Invalid input detected at '^' marker.")).toBe(true);
    expect(commandNotKnown('Error: Backup MSM is not in sync.')).toBe(false);
  });
});
