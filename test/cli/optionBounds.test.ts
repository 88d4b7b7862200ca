// Every number an option takes has a range (source/run/optionRanges.ts): outside it, through the real CLI, the run is
// refused with one line naming the option, the range and the value, exit 2, before anything connects. A single-value
// option given twice is refused the same way.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/runCli.js';
import { CLI_TEST_TIMEOUT_MS, STACK_TRACE } from './cliRig.js';

const UPGRADE = ['upgrade', '--simulate', 'happy', '--speed', '0', '--headless', '--yes'];

const REFUSALS: [string[], RegExp][] = [
  [[...UPGRADE, '--step-timeout', '3000000'], /^hitless: --step-timeout must be a number from 1 to 86400 \(seconds\), got "3000000"$/],
  [[...UPGRADE, '--step-timeout', '1e308'], /^hitless: --step-timeout must be a number from 1 to 86400 \(seconds\), got "1e308"$/],
  [[...UPGRADE, '--step-timeout', '-5'], /^hitless: --step-timeout must be a number from 1 to 86400 \(seconds\), got "-5"$/],
  [[...UPGRADE, '--step-timeout', 'Infinity'], /^hitless: --step-timeout must be .*, got "Infinity"$/],
  [[...UPGRADE, '--poll', '3000000'], /^hitless: --poll must be a number from 0\.05 to 600 \(seconds\), got "3000000"$/],
  [[...UPGRADE, '--poll', '1e-9'], /^hitless: --poll must be a number from 0\.05 to 600 \(seconds\), got "1e-9"$/],
  [[...UPGRADE, '--reconnect-timeout', '-1'], /^hitless: --reconnect-timeout must be a number from 1 to 86400 \(seconds\), got "-1"$/],
  [[...UPGRADE, '--health-settle', '99999'], /^hitless: --health-settle must be a number from 0 to 3600 \(seconds\), got "99999"$/],
  [['status', '--host', 'h', '--port', '0x16'], /^hitless: --port must be a whole number from 1 to 65535, got "0x16"$/],
  [['status', '--host', 'h', '--port', '22.0'], /^hitless: --port must be a whole number from 1 to 65535, got "22\.0"$/],
  [['status', '--simulate', 'happy', '--speed', '1e308'], /^hitless: --speed must be a number from 0 to 100, got "1e308"$/],
  [['replay', 'x.cast', '--speed', '0'], /^hitless: replay --speed must be a number from 0\.01 to 10000, got "0"$/],
  [['simulate', '--port', '0x16'], /^hitless: --port must be a whole number from 0 to 65535, got "0x16"$/],
  [[...UPGRADE, '--image', '10.0.0.5:a.xos', '--image', '10.0.0.5:b.xos'], /^hitless: --image is given more than once; give it once$/],
  [['status', '--host', 'a', '--host', 'b'], /^hitless: --host is given more than once; give it once$/],
  [['report', 'j.jsonl', '--format', 'md', '--format', 'text'], /^hitless: --format is given more than once; give it once$/],
];

describe.concurrent('option ranges through the CLI: one line, exit 2', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  for (const [args, message] of REFUSALS) {
    it(args.slice(-2).join(' ') + ` (${args[0]})`, async () => {
      const run = await runCli(args, { timeoutMs: 30_000 });
      expect({ code: run.code, stderr: run.stderr.split('\n').filter(Boolean) }).toEqual({ code: 2, stderr: [expect.stringMatching(message)] });
      expect(run.stdout + run.stderr).not.toMatch(STACK_TRACE);
    });
  }

  it('values at both ends of a range are taken (plan reads them and runs)', async () => {
    const run = await runCli(['plan', '--simulate', 'happy', '--speed', '0', '--step-timeout', '86400', '--poll', '0.05', '--health-settle', '0']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  });
});
