// Readings of another process from /proc (Linux): resident memory and CPU time.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no ${field} for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** Resident set size now, in bytes. */
export const rssBytes = (pid: number) => statusField(pid, 'VmRSS');

/** Peak resident set size so far, in bytes. */
export const peakRssBytes = (pid: number) => statusField(pid, 'VmHWM');

export const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** User + system CPU time the process has used, in clock ticks. */
export function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command name: state is field 3 of stat(5), utime field 14 and stime field 15.
  return Number(fields[14 - 3]) + Number(fields[15 - 3]);
}

export const MB = 1024 * 1024;
