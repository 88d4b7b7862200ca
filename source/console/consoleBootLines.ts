// The lines worth keeping from an MSM's serial console while hitless watches it: what it prints while it boots (from
// the first boot message to the login prompt or the "now available for login" line) and any line that shows the boot
// failed, which is evidence for the operator (and the rollback dialog) whenever it appears.
import { stripTerminalNoise } from '../exos/outputLines.js';
import { LOGIN_PROMPT, REBOOT_MARKERS } from './consoleNoise.js';

/**
 * Lines that say an MSM did not come up. [V] the EXOS node state FAIL (docs/exos-cli.md); the console wording around it
 * is our reconstruction [R]: kernel panics, image checks, and the "failed to initialize" of the simulated console.
 */
export const BOOT_FAILURE_LINES: readonly RegExp[] = [
  /failed to initiali[sz]e/i,
  /node state (?:changed to )?FAIL\b/i,
  /kernel panic/i,
  /\bimage\b.*\b(?:corrupt|invalid|checksum)/i,
  /no (?:valid|bootable) image/i,
];

/** The boot is over: the MSM offers a login ([R] simulated console wording, as real EXOS prints it after AAA starts). */
const BOOT_DONE = /is now available for login/i;

export interface BootLine {
  line: string;
  /** The line shows the boot failed. */
  failure: boolean;
}

/** Splits one console's stream into lines and keeps the boot lines and failure lines. */
export class BootLineFilter {
  private partial = '';
  private booting = false;

  push(chunk: string): BootLine[] {
    const text = this.partial + chunk;
    const lines = text.split(/\r?\n|\r/);
    this.partial = lines.pop() ?? '';
    const kept = lines.flatMap((raw) => this.keep(stripTerminalNoise(raw).trim()));
    if (LOGIN_PROMPT.test(stripTerminalNoise(this.partial))) this.booting = false;
    return kept;
  }

  private keep(line: string): BootLine[] {
    if (line === '') return [];
    if (REBOOT_MARKERS.some((marker) => marker.test(line))) this.booting = true;
    const failure = BOOT_FAILURE_LINES.some((pattern) => pattern.test(line));
    const kept = this.booting || failure;
    if (BOOT_DONE.test(line) || failure) this.booting = false;
    return kept ? [{ line, failure }] : [];
  }
}
