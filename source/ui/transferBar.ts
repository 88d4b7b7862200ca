// A file pushed to the switch as one line: a bar, the percent done, bytes sent of the total, the rate and the time
// left. Where the width is short the rate goes first, then the time left, then the byte counts; the bar keeps a
// useful width as long as anything else is shown.
import type { TransferProgress } from '../engine/events.js';
import { formatDuration } from './format.js';
import type { Line } from './line.js';

// Both have an ASCII stand-in in display.ts ('#' and '-'), one column wide like them.
const FILLED = '█';
const EMPTY = '░';
const MIN_BAR = 8;
const MAX_BAR = 30;
const FIELD_GAP = '  ';

/** Binary units, as the rest of hitless counts bytes (KiB). */
const UNITS: readonly string[] = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

interface Unit {
  name: string;
  bytes: number;
}

function unitFor(bytes: number): Unit {
  let exponent = 0;
  while (exponent < UNITS.length - 1 && bytes >= 1024 ** (exponent + 1)) exponent++;
  return { name: UNITS[exponent]!, bytes: 1024 ** exponent };
}

const inUnit = (bytes: number, unit: Unit): string => (unit.bytes === 1 ? String(Math.round(bytes)) : (bytes / unit.bytes).toFixed(1));

/** 71.0 MiB, 812.4 KiB, 900 B. */
export function formatBytes(bytes: number): string {
  const unit = unitFor(bytes);
  return `${inUnit(bytes, unit)} ${unit.name}`;
}

/** Whole percent, rounded down so that 100 % means every byte is sent. */
export function percentSent({ bytesSent, bytesTotal }: TransferProgress): number {
  if (bytesTotal <= 0) return 100;
  return Math.min(100, Math.max(0, Math.floor((bytesSent * 100) / bytesTotal)));
}

/** The fields after the bar, most wanted first: each shorter width drops the last one left, down to the percent. */
function fieldSets(transfer: TransferProgress, percent: number): string[][] {
  const unit = unitFor(transfer.bytesTotal);
  const total = inUnit(transfer.bytesTotal, unit);
  const percentField = `${String(percent).padStart(3)} %`;
  const bytesField = `${inUnit(transfer.bytesSent, unit).padStart(total.length)} of ${total} ${unit.name}`;
  // Without a rate a time left would be a guess: neither is shown.
  const rate = transfer.bytesPerSecond;
  const rateField = rate !== undefined ? `${formatBytes(rate)}/s` : undefined;
  const leftField = rate !== undefined && transfer.secondsLeft !== undefined ? `${formatDuration(transfer.secondsLeft * 1000)} left` : undefined;
  return [
    [percentField, bytesField, rateField, leftField],
    [percentField, bytesField, leftField],
    [percentField, bytesField],
    [percentField],
  ].map((set) => set.filter((field): field is string => field !== undefined));
}

/** The transfer drawn in `width` columns (at most: a wide row gets a bar of MAX_BAR). */
export function transferBar(transfer: TransferProgress, width: number): Line {
  const percent = percentSent(transfer);
  const fields = fieldSets(transfer, percent).find((set) => MIN_BAR + 1 + set.join(FIELD_GAP).length <= width);
  if (!fields) return [{ text: `${percent} %` }];
  const tail = ` ${fields.join(FIELD_GAP)}`;
  const barWidth = Math.min(MAX_BAR, width - tail.length);
  const filled = Math.floor((barWidth * percent) / 100);
  return [
    { text: FILLED.repeat(filled), color: 'cyan' },
    { text: EMPTY.repeat(barWidth - filled), dim: true },
    { text: tail },
  ];
}
