// The MSMs' serial consoles in the full-screen UI: each redacted into its own terminal buffer (the line is opened to
// watch, not to log in), and the operator's BREAK.
import type { EngineEventBody } from '../engine/events.js';
import type { MsmSlot } from '../exos/chassisState.js';
import type { Redactor } from '../record/redact.js';
import { StreamRedactor } from '../record/streamRedactor.js';
import type { Consoles } from '../run/runConnection.js';
import { ConsoleBuffer } from '../ui/consoleBuffer.js';
import type { SerialConsoleView } from '../ui/App.js';

export function watchSerialConsoles(consoles: Consoles, cols: number, redactor: Redactor): SerialConsoleView[] {
  return (['A', 'B'] as const).flatMap((slot) => {
    const console = consoles[slot];
    if (!console) return [];
    const buffer = new ConsoleBuffer({ cols, rows: 10 });
    const text = new StreamRedactor(redactor, (redacted) => buffer.write(redacted));
    console.onOutput((chunk) => text.push(chunk));
    console.connect().catch((err: unknown) => buffer.write(`\r\n% hitless: console not reachable: ${redactor.text(err instanceof Error ? err.message : String(err))}\r\n`));
    return [{ slot, buffer }];
  });
}

/** Sends BREAK on an MSM's serial console; what happened is a warning event (journal and screen). */
export const breakSender =
  (consoles: Consoles, emit: (event: EngineEventBody) => void) =>
  (slot: MsmSlot): void => {
    try {
      consoles[slot]?.sendBreak();
      emit({ type: 'warning', message: `BREAK sent on MSM-${slot}'s serial console by the operator` });
    } catch (err) {
      emit({ type: 'warning', message: err instanceof Error ? err.message : String(err) });
    }
  };
