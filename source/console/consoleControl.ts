// The consoles as the control path when there is no management SSH: every session the engine gets is on the console
// of the MSM that is MASTER right now, as `show switch` says. A console found to be on the backup is only ever asked
// `show switch` (and `disable clipaging`), then left. `show switch` also marks the MSM the session is on (`*`,
// docs/exos-cli.md §2.3): a console that turns out to be the other MSM's (swapped SPECs or cables) stops the run.
import type { OpenSession } from '../engine/sessionLike.js';
import { EXIT, HitlessError } from '../errors.js';
import type { MsmSlot } from '../exos/chassisState.js';
import { masterOf, otherSlot } from '../exos/chassisView.js';
import { SHOW_SWITCH } from '../exos/commands.js';
import { parseShowSwitch } from '../exos/parseShowSwitch.js';
import type { ExosSession, OpenOptions } from '../session/exosSession.js';
import type { MsmConsole } from './msmConsole.js';

export interface ConsoleControlOptions extends Pick<OpenOptions, 'onOutput'> {
  /** Longest silence while `show switch` runs. Default 60 s. */
  showSwitchTimeoutMs?: number;
  /** Told which console each session is on. */
  onMaster?: (slot: MsmSlot) => void;
  /**
   * How long a console whose MSM was seen rebooting is waited for while the other console may do: the engine asks
   * again soon, and by then the other MSM may answer. Default 20 s.
   */
  rebootingProbeMs?: number;
}

/** Errors after which another console, or a later attempt, may do better (the engine retries these kinds). */
const RETRYABLE = new Set(['connect', 'timeout', 'link-lost']);
const isRetryable = (error: unknown) => error instanceof HitlessError && RETRYABLE.has(error.kind);

/**
 * An OpenSession over the two consoles (`consoles.A` on MSM-A's serial port, `consoles.B` on MSM-B's). Tries the
 * console that was master last, then the other; a console whose MSM was seen rebooting comes last, and only briefly
 * while the other console is not rebooting too.
 */
export function openConsoleControl(consoles: Record<MsmSlot, MsmConsole>, options: ConsoleControlOptions = {}): OpenSession {
  let lastMaster: MsmSlot | undefined;
  return async () => {
    let lastError: unknown;
    for (const slot of tryOrder(consoles, lastMaster)) {
      const probeOnly = consoles[slot].rebooting && !consoles[otherSlot(slot)].rebooting;
      const loginTimeoutMs = probeOnly ? (options.rebootingProbeMs ?? 20_000) : undefined;
      try {
        const { session, master } = await sessionOnMaster(consoles, slot, { ...options, loginTimeoutMs });
        lastMaster = master;
        options.onMaster?.(master);
        return session;
      } catch (error) {
        if (!isRetryable(error)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  };
}

function tryOrder(consoles: Record<MsmSlot, MsmConsole>, lastMaster: MsmSlot | undefined): MsmSlot[] {
  const preferred: MsmSlot[] = lastMaster ? [lastMaster, otherSlot(lastMaster)] : ['A', 'B'];
  return [...preferred.filter((slot) => !consoles[slot].rebooting), ...preferred.filter((slot) => consoles[slot].rebooting)];
}

async function sessionOnMaster(
  consoles: Record<MsmSlot, MsmConsole>,
  first: MsmSlot,
  options: ConsoleControlOptions & { loginTimeoutMs: number | undefined },
): Promise<{ session: ExosSession; master: MsmSlot }> {
  const session = await consoles[first].openSession({ onOutput: options.onOutput, loginTimeoutMs: options.loginTimeoutMs });
  const master = await masterSeenOn(session, first, consoles[first], options);
  if (master === first) return { session, master };
  session.close();
  const onMaster = await consoles[master].openSession({ onOutput: options.onOutput });
  const confirmed = await masterSeenOn(onMaster, master, consoles[master], options);
  if (confirmed === master) return { session: onMaster, master };
  onMaster.close();
  throw new HitlessError('link-lost', `mastership moved while connecting to the consoles (MSM-${master}, then MSM-${confirmed})`, EXIT.stoppedSafe);
}

/** The MSM `show switch` calls MASTER, read on the console given for `slot`. */
async function masterSeenOn(session: ExosSession, slot: MsmSlot, seenOn: MsmConsole, options: ConsoleControlOptions): Promise<MsmSlot> {
  try {
    const result = await session.run(SHOW_SWITCH, { idleTimeoutMs: options.showSwitchTimeoutMs ?? 60_000 });
    const show = parseShowSwitch(result.output);
    if (!show.ok) throw new HitlessError('unparsable', `${seenOn.description}: cannot read "show switch": ${show.reason}`, EXIT.stoppedSafe);
    const local = show.value.nodes.find((node) => node.local)?.slot;
    if (local !== undefined && local !== slot) {
      throw new HitlessError(
        'usage',
        `${seenOn.description} was given as MSM-${slot}'s console, but show switch there marks MSM-${local} (*): check --console-a/--console-b and the cabling`,
        EXIT.usage,
      );
    }
    const master = masterOf(show.value)?.slot;
    if (master === undefined) throw new HitlessError('link-lost', `${seenOn.description}: no MSM is MASTER yet`, EXIT.stoppedSafe);
    return master;
  } catch (error) {
    session.close();
    throw error;
  }
}
