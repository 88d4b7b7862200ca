// A short expect-style dialog over a serial line: collect what arrives, and once the line has been quiet for a moment
// look at it and decide (type something, finish, fail or keep waiting). Deciding only on a quiet line means two
// prompts that arrive back to back are answered once, not twice.
import { EXIT, HitlessError } from '../errors.js';
import type { Transport } from '../transport/transport.js';

export type DialogStep<T> =
  | { kind: 'wait' }
  | { kind: 'write'; data: string }
  | { kind: 'done'; value: T }
  | { kind: 'fail'; error: Error };

export interface DialogOptions {
  /** Quiet time before `decide` looks at the text. */
  settleMs: number;
  timeoutMs: number;
  /**
   * Sent at the start, and again whenever the line stays quiet this long without `decide` getting anywhere;
   * `data` returns undefined when waking would be wrong at this point of the dialog.
   */
  wake?: { data: () => string | undefined; everyMs: number };
  /** Applied to every chunk before `decide` sees it (e.g. removing log messages). */
  filter?: (chunk: string) => string;
  /** The error when `timeoutMs` passes, given the text received since the last write. */
  timedOut: (received: string) => HitlessError;
}

/** Runs `decide` over the text received since the last write until it is done. Leaves no listener or timer behind. */
export function converse<T>(line: Transport, options: DialogOptions, decide: (received: string) => DialogStep<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let received = '';
    let settleTimer: NodeJS.Timeout | undefined;
    let wakeTimer: NodeJS.Timeout | undefined;
    const timeout = setTimeout(() => finish(() => reject(options.timedOut(received))), options.timeoutMs);
    const unsubscribeData = line.onData((chunk) => {
      received += options.filter ? options.filter(chunk) : chunk;
      clearTimeout(wakeTimer);
      clearTimeout(settleTimer);
      settleTimer = setTimeout(settled, options.settleMs);
    });
    const unsubscribeClose = line.onClose((reason, detail) =>
      finish(() => reject(new HitlessError('link-lost', `${line.description}: the console connection closed (${detail ?? reason})`, EXIT.usage))),
    );

    function finish(settle: () => void) {
      clearTimeout(timeout);
      clearTimeout(settleTimer);
      clearTimeout(wakeTimer);
      unsubscribeData();
      unsubscribeClose();
      settle();
    }
    function write(data: string) {
      received = '';
      line.write(data);
      armWake();
    }
    function armWake() {
      clearTimeout(wakeTimer);
      const wake = options.wake;
      if (wake) wakeTimer = setTimeout(() => wakeUp(wake.data()), wake.everyMs);
    }
    function wakeUp(data: string | undefined) {
      if (data === undefined) armWake();
      else write(data);
    }
    function settled() {
      let step: DialogStep<T>;
      try {
        step = decide(received);
      } catch (error) {
        step = { kind: 'fail', error: error instanceof Error ? error : new Error(String(error)) };
      }
      if (step.kind === 'write') write(step.data);
      else if (step.kind === 'done') finish(() => resolve(step.value));
      else if (step.kind === 'fail') finish(() => reject(step.error));
      else armWake();
    }

    if (line.closed) return finish(() => reject(new HitlessError('link-lost', `${line.description}: the console connection is closed`, EXIT.usage)));
    if (options.wake) wakeUp(options.wake.data());
  });
}
