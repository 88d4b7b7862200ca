// How long a run tries to get its switch back after a drop, worked out from the options alone: the engine's timing
// needs it before anything connects, and nothing here loads SSH.
import type { StatusOptions, UpgradeOptions } from './args.js';

export type RunConnectionOptions = StatusOptions & Partial<Pick<UpgradeOptions, 'stepTimeoutSeconds' | 'reconnectTimeoutSeconds'>>;

/** How long management SSH is tried after a drop: --reconnect-timeout, else the step timeout. */
export const managementReconnectMs = (options: Pick<UpgradeOptions, 'stepTimeoutSeconds' | 'reconnectTimeoutSeconds'>): number =>
  (options.reconnectTimeoutSeconds ?? options.stepTimeoutSeconds) * 1000;

/** An upgrade over management SSH with both consoles behind it: the run may finish on the MASTER's console. */
export const consoleFallbackApplies = (options: RunConnectionOptions): options is RunConnectionOptions & Pick<UpgradeOptions, 'stepTimeoutSeconds'> =>
  Boolean(options.host && options.consoleA && options.consoleB && options.stepTimeoutSeconds !== undefined);
