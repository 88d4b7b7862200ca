// Every number an option takes, with its range: one table, read by the parsers (command line, fleet file) and
// printed by --help and README.md. Numbers are plain decimals (no 0x16, 1e3 or Infinity); durations stay far below
// what a Node timer holds (2^31-1 ms, about 24.8 days), so no value can overflow into a 1 ms timer.
import { usageError } from '../errors.js';
import { MAX_SSH_DURATION_S } from '../transport/sshOptions.js';

export interface OptionRange {
  min: number;
  max: number;
  /** Whole numbers only (ports, counts). */
  integer?: boolean;
  /** What the number counts, for the message and the table. */
  unit: string;
  /** How the operator writes it. */
  label: string;
  /** Where it applies and its default, for the table. */
  note: string;
}

export const OPTION_RANGES = {
  'step-timeout': { label: '--step-timeout', min: 1, max: 86_400, unit: 'seconds', note: 'upgrade, rollback, plan; fleet "stepTimeout" (default 1800)' },
  'reconnect-timeout': { label: '--reconnect-timeout', min: 1, max: 86_400, unit: 'seconds', note: 'upgrade, rollback (default: the step timeout)' },
  poll: { label: '--poll', min: 0.05, max: 600, unit: 'seconds', note: 'upgrade, rollback; fleet "poll" (default 1)' },
  'health-settle': { label: '--health-settle', min: 0, max: 3_600, unit: 'seconds', note: 'upgrade, rollback; fleet "healthSettle" (default 60)' },
  speed: { label: '--speed', min: 0, max: 100, unit: 'factor', note: 'simulated chassis time; fleet "speed" (default 0.05, simulate 1)' },
  'replay-speed': { label: 'replay --speed', min: 0.01, max: 10_000, unit: 'factor', note: 'playback speed (default 1)' },
  port: { label: '--port', min: 1, max: 65_535, integer: true, unit: 'port', note: 'fleet "port" (default 22; simulate --port also takes 0: any free port)' },
  'ssh-time': {
    label: '-o ConnectTimeout',
    min: 0,
    max: MAX_SSH_DURATION_S,
    unit: 'seconds',
    note: 'and ServerAliveInterval (also in the ssh config; OpenSSH times like 1m30s)',
  },
  'block-size': { label: '--block-size', min: 24, max: 65_000, integer: true, unit: 'bytes', note: 'TFTP block size of a HOST:FILE image; fleet "blockSize" (default: the switch\'s)' },
  concurrency: { label: 'fleet "concurrency"', min: 1, max: 64, integer: true, unit: 'chassis', note: 'chassis upgraded at once (default 1)' },
  canary: { label: '--canary', min: 0, max: 10_000, integer: true, unit: 'chassis', note: 'fleet; fleet "canary": run first, the rest wait for them (default 0)' },
  'max-failures': { label: '--max-failures', min: 1, max: 10_000, integer: true, unit: 'chassis', note: 'fleet; fleet "maxFailures": failed or refused ones before none start' },
} as const satisfies Record<string, OptionRange>;

export type RangedOption = keyof typeof OPTION_RANGES;

const DECIMAL = /^\d{1,9}(?:\.\d{1,20})?$/;
const INTEGER = /^\d{1,9}$/;

const describeRange = (range: OptionRange, min: number) =>
  `${range.integer ? 'a whole number' : 'a number'} from ${min} to ${range.max}${range.unit === 'seconds' ? ' (seconds)' : ''}`;

/** The option's value as a number within its range, or a usage error naming the option, the range and the value. */
export function rangedNumber(option: RangedOption, value: string, min?: number): number {
  const range: OptionRange = OPTION_RANGES[option];
  const n = Number(value);
  const lowest = min ?? range.min;
  if (!(range.integer ? INTEGER : DECIMAL).test(value) || n < lowest || n > range.max) {
    throw usageError(`${range.label} must be ${describeRange(range, lowest)}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** The table --help and README.md show (test/cli/help.test.ts keeps them the same). */
export const rangeTable = (): string =>
  Object.values(OPTION_RANGES as Record<string, OptionRange>)
    .map((range) => `${range.label.padEnd(19)} ${`${range.min}-${range.max}`.padEnd(10)} ${range.unit.padEnd(7)} ${range.note}`)
    .join('\n');
