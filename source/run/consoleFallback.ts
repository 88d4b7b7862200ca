// Management SSH with the MSMs' serial consoles behind it: when the management session cannot be re-established
// within the reconnect time (the management address is gone after a failover, or any drop), the run continues on the
// MASTER's serial console with the console control path's rules (`show switch` `*` marker checked, commands only on
// the MASTER's console). Each management attempt is bounded by the reconnect time left, so an address that accepts
// TCP and never answers cannot hold the fallback back for a whole SSH login timeout. Once on the console, each new
// session first tries management SSH briefly: when it answers again, the run goes back to it.
import { delegatingSession, type OpenSession, type SessionAttempt, type SessionLike } from '../engine/sessionLike.js';
import { HitlessError } from '../errors.js';
import type { MsmSlot } from '../exos/chassisState.js';
import type { OpenBoundedSession } from './connect.js';

export interface ConsoleFallback {
  /** Management SSH: the first session, and each reconnect while the reconnect time lasts. */
  management: OpenBoundedSession;
  /** Sessions on the current MASTER's console; `onMaster` tells which one. */
  console: OpenSession;
  /** How long management SSH is tried after it was lost. */
  reconnectTimeoutMs: number;
  /** Told when the run moves to the console, and when it moves back to management SSH. */
  tell: (message: string) => void;
  /** The MSM whose console the last console session is on. */
  masterConsole: () => MsmSlot | undefined;
  /** How a session on `slot`'s console is labelled (status line, connection events). */
  consoleLabel: (slot: MsmSlot) => string;
  now?: () => number;
}

/** An SSH handshake shorter than this is not worth starting: the console takes over instead. */
const SHORTEST_ATTEMPT_MS = 1_000;
/** While on the console, how long management SSH is given to answer before each new console session. */
export const MANAGEMENT_PROBE_MS = 5_000;

const RETRYABLE = new Set(['connect', 'timeout', 'link-lost']);
const isRetryable = (error: unknown) => error instanceof HitlessError && RETRYABLE.has(error.kind);

/** The console session, labelled with the route it takes. */
const routed = (session: SessionLike, via: string): SessionLike => delegatingSession(session, { via });

export function withConsoleFallback(fallback: ConsoleFallback): OpenSession {
  const now = fallback.now ?? Date.now;
  let managementWorked = false;
  let lostSince: number | undefined;
  let onConsole = false;

  const toConsole = async (): Promise<SessionLike> => {
    const session = await fallback.console();
    const slot = fallback.masterConsole();
    if (!onConsole) {
      onConsole = true;
      fallback.tell(`management SSH lost — continuing on ${slot ? `MSM-${slot}'s` : "the MASTER's"} console`);
    }
    return slot ? routed(session, fallback.consoleLabel(slot)) : session;
  };

  /** Management SSH again, if it answers within the probe time. */
  const backToManagement = async (): Promise<SessionLike | undefined> => {
    try {
      const session = await fallback.management({ readyTimeoutMs: MANAGEMENT_PROBE_MS });
      onConsole = false;
      lostSince = undefined;
      fallback.tell('management SSH is back — continuing over it');
      return session;
    } catch (error) {
      if (!isRetryable(error)) throw error;
      return undefined;
    }
  };

  return async (attempt: SessionAttempt = {}) => {
    if (onConsole) return (await backToManagement()) ?? toConsole();
    // A run that never had management SSH fails as it always did: the operator can rerun through the consoles.
    if (!managementWorked) {
      const session = await fallback.management(attempt);
      managementWorked = true;
      return session;
    }
    const since = (lostSince ??= now());
    const left = fallback.reconnectTimeoutMs - (now() - since);
    if (left >= SHORTEST_ATTEMPT_MS) {
      try {
        const session = await fallback.management({ timeLeftMs: Math.min(left, attempt.timeLeftMs ?? Infinity) });
        lostSince = undefined;
        return session;
      } catch (error) {
        if (!isRetryable(error) || now() - since < fallback.reconnectTimeoutMs) throw error;
      }
    }
    return toConsole();
  };
}
