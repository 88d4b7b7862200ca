// Before the first destructive step, each console given is proven: reached through its console server, woken, logged
// in with the switch's account (MsmConsole.prove: the path a fallback session takes), its EXOS prompt seen, then left
// idle. A console that fails stops the run before anything changes: the fallback it promises would not be there.
import { EXIT, HitlessError } from '../errors.js';
import type { MsmSlot } from '../exos/chassisState.js';
import type { MsmConsole } from './msmConsole.js';

export interface ConsoleReady {
  slot: MsmSlot;
  /** The console server login that reached it. */
  via: string;
  /** False: a login was already open there, no password was typed. */
  loggedIn: boolean;
}

/** Both MSMs are up before the window: a console that shows no prompt within this is not one to count on. */
export const CONSOLE_PROOF_TIMEOUT_MS = 60_000;

export async function proveConsoles(
  consoles: Partial<Record<MsmSlot, MsmConsole>>,
  onReady: (ready: ConsoleReady) => void,
  timeoutMs = CONSOLE_PROOF_TIMEOUT_MS,
): Promise<void> {
  const given = (['A', 'B'] as const).flatMap((slot) => (consoles[slot] ? [{ slot, console: consoles[slot] }] : []));
  const results = await Promise.allSettled(
    given.map(async ({ slot, console }) => {
      const { loggedIn } = await console.prove(timeoutMs);
      onReady({ slot, via: console.route, loggedIn });
    }),
  );
  const failures = results.flatMap((result, index) => (result.status === 'rejected' ? [{ slot: given[index]!.slot, error: result.reason as unknown }] : []));
  if (failures.length === 0) return;
  const unexpected = failures.find(({ error }) => !(error instanceof HitlessError));
  if (unexpected) throw unexpected.error;
  const first = failures[0]!.error as HitlessError;
  const named = failures.map(({ slot, error }) => `MSM-${slot}'s console cannot be used: ${(error as Error).message}`).join('; ');
  throw new HitlessError(first.kind, `${named} — the console fallback would not be there; nothing was changed`, EXIT.usage);
}
