import { expect, it } from 'vitest';
import { parseUpgradeArgs } from '../../source/run/args.js';
import { CONSOLE_FALLBACK_SECONDS, managementReconnectMs } from '../../source/run/reconnectTime.js';

const upgrade = (...extra: string[]) => parseUpgradeArgs(['--host', 'sw1', '--user', 'admin', '--image', '10.0.0.5:a.xos', ...extra]);
const consoles = ['--console-a', 'ssh://ops@cs1:3005', '--console-b', 'ssh://ops@cs1:3006'];

it('gives management SSH the 120 s EXOS gives a rebooted MSM when both consoles can take over', () => {
  expect(CONSOLE_FALLBACK_SECONDS).toBe(120);
  expect(managementReconnectMs(upgrade(...consoles))).toBe(120_000);
});

it('keeps a shorter step timeout as the bound', () => {
  expect(managementReconnectMs(upgrade(...consoles, '--step-timeout', '45'))).toBe(45_000);
});

it('lets --reconnect-timeout override the bound, longer or shorter', () => {
  expect(managementReconnectMs(upgrade(...consoles, '--reconnect-timeout', '600'))).toBe(600_000);
  expect(managementReconnectMs(upgrade(...consoles, '--reconnect-timeout', '7'))).toBe(7_000);
});

it('changes nothing without both consoles: the step timeout', () => {
  expect(managementReconnectMs(upgrade())).toBe(1_800_000);
  expect(managementReconnectMs(upgrade('--console-a', 'ssh://ops@cs1:3005'))).toBe(1_800_000);
});
