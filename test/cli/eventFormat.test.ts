import { describe, expect, it } from 'vitest';
import { formatEvent } from '../../source/cli/eventFormat.js';

describe('formatEvent (headless text)', () => {
  it('an error with advice prints the reason, then what to do next', () => {
    const at = '2025-01-01T10:00:00.000Z';
    expect(formatEvent({ type: 'error', kind: 'switch-error', message: 'failover would reset all I/O modules', exitCode: 4, advice: 'rerun with --allow-io-reset only if an outage is acceptable', at })).toBe(
      '10:00:00 error: failover would reset all I/O modules\n10:00:00 next: rerun with --allow-io-reset only if an outage is acceptable',
    );
    expect(formatEvent({ type: 'error', kind: 'timeout', message: 'gave up', exitCode: 3, at })).toBe('10:00:00 error: gave up');
  });
});
