// The lines worth keeping from an MSM's serial console while hitless watches it: what it prints while it boots (from
// the first boot message to the login prompt or the "now available for login" line) and any line that shows the boot
// failed, which is evidence for the operator (and the rollback dialog) whenever it appears.
import type { MsmSlot } from '../exos/chassisState.js';
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

/** How many failure lines per MSM are kept as evidence: the latest ones say the most. */
const EVIDENCE_LINES = 3;

/**
 * The boot failures the consoles showed in this run, as evidence about one MSM: the lines of its own console, and
 * the lines of the other MSM's console that name it (the master logs "MSM-B: Node State changed to FAIL").
 */
export class BootFailureEvidence {
  private readonly seen: Array<{ slot: MsmSlot; line: string }> = [];

  note(line: BootLine & { slot: MsmSlot }): void {
    if (line.failure) this.seen.push({ slot: line.slot, line: line.line });
  }

  /** The other console's lines first, the MSM's own last: the last line is the one a message quotes. */
  readonly about = (slot: MsmSlot): string[] => {
    const own = this.seen.filter((seen) => seen.slot === slot);
    const others = this.seen.filter((seen) => seen.slot !== slot && seen.line.includes(`MSM-${slot}`));
    return [...others, ...own].map((seen) => `MSM-${seen.slot}'s console: ${seen.line}`).slice(-EVIDENCE_LINES);
  };
}
