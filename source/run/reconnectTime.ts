// How long a run tries to get its switch back after a drop, worked out from the options alone: the engine's timing
// needs it before anything connects, and nothing here loads SSH.
import type { StatusOptions, UpgradeOptions } from './args.js';

export type RunConnectionOptions = StatusOptions & Partial<Pick<UpgradeOptions, 'stepTimeoutSeconds' | 'reconnectTimeoutSeconds'>>;

/**
 * With both consoles behind management SSH and no --reconnect-timeout: how long management SSH may stay silent
 * before the run moves to the MASTER's console. EXOS gives a rebooted MSM 120 s to answer before it calls the MSM
 * unavailable (docs/exos-cli.md §7, `synchronize`); a management address still silent by then is not coming back soon.
 */
export const CONSOLE_FALLBACK_SECONDS = 120;

/**
 * A test knob, not an option (not in --help): HITLESS_TEST_CONSOLE_FALLBACK_SECONDS shortens the bound above so the
 * CLI tests exercise the default path without waiting two minutes. It can only shorten it.
 */
const consoleFallbackSeconds = (): number => {
  const shortened = Number(process.env.HITLESS_TEST_CONSOLE_FALLBACK_SECONDS);
  return shortened > 0 ? Math.min(shortened, CONSOLE_FALLBACK_SECONDS) : CONSOLE_FALLBACK_SECONDS;
};

/**
 * How long management SSH is tried after a drop: --reconnect-timeout; else, with both consoles to fall back on, the
 * step timeout bounded by CONSOLE_FALLBACK_SECONDS; else the step timeout.
 */
export const managementReconnectMs = (options: RunConnectionOptions & Pick<UpgradeOptions, 'stepTimeoutSeconds'>): number => {
  if (options.reconnectTimeoutSeconds !== undefined) return options.reconnectTimeoutSeconds * 1000;
  const bound = consoleFallbackApplies(options) ? consoleFallbackSeconds() : Infinity;
  return Math.min(options.stepTimeoutSeconds, bound) * 1000;
};

/** An upgrade over management SSH with both consoles behind it: the run may finish on the MASTER's console. */
export const consoleFallbackApplies = (options: RunConnectionOptions): options is RunConnectionOptions & Pick<UpgradeOptions, 'stepTimeoutSeconds'> =>
  Boolean(options.host && options.consoleA && options.consoleB && options.stepTimeoutSeconds !== undefined);
