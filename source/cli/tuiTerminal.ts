// The operator's terminal around the full-screen UI: the alternate screen, always left again (quit, crash,
// process.exit), and the signals that ask the run to stop.
import type { Instance } from 'ink';

const ENTER_ALT_SCREEN = '\x1b[?1049h';
const LEAVE_ALT_SCREEN = '\x1b[?25h\x1b[?1049l';

export class AlternateScreen {
  private instance?: Instance;
  private restored = false;

  /** `terminal` absent: no screen to switch (the UI is only recorded, or the terminal has no alternate screen). */
  constructor(private readonly terminal: NodeJS.WriteStream | undefined) {
    process.on('exit', this.restore);
    terminal?.write(ENTER_ALT_SCREEN);
  }

  /** The Ink app drawn on it, unmounted before the screen is left. */
  showing(instance: Instance): Instance {
    this.instance = instance;
    return instance;
  }

  readonly restore = (): void => {
    if (this.restored) return;
    this.restored = true;
    process.off('exit', this.restore);
    try {
      this.instance?.unmount();
    } catch {
      // Unmounting a broken tree must not stop the terminal from being restored.
    }
    this.terminal?.write(LEAVE_ALT_SCREEN);
  };
}

/**
 * The stream Ink draws on. On a terminal without the xterm private modes it is shown to Ink as no TTY, the one thing
 * that keeps Ink from bracketing each frame with synchronized output (?2026) and from hiding the cursor (?25);
 * everything else (writes, size, resize events) is the terminal's.
 */
export function drawingStream(stream: NodeJS.WriteStream, privateModes: boolean): NodeJS.WriteStream {
  if (privateModes) return stream;
  return new Proxy(stream, {
    get(target, key) {
      if (key === 'isTTY') return false;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** SIGTERM and SIGHUP stop the run like the quit key; returns the function that stops listening. */
export function onStopSignals(stop: (signal: NodeJS.Signals) => void): () => void {
  process.on('SIGTERM', stop).on('SIGHUP', stop);
  return () => process.off('SIGTERM', stop).off('SIGHUP', stop);
}
