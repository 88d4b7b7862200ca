// Keyboard input of one CLI session. The client's pty is raw, so the server does the line editing and the
// echo, like a real switch: \r, \n and \r\n end a line, DEL/BS erase, Ctrl-C interrupts, escape
// sequences (arrow keys) are ignored. Characters typed while a command runs wait here (type-ahead).

export const INTERRUPT = Symbol('interrupt');

/** The connection is gone: whatever waited for input stops. */
export class SessionClosed extends Error {
  constructor() {
    super('session closed');
  }
}

const CTRL_C = '\x03';
const ESC = '\x1b';

export class LineReader {
  private pending = '';
  private wake?: () => void;
  private closed = false;
  private afterCarriageReturn = false;

  constructor(private readonly echo: (text: string) => void) {}

  push(data: string): void {
    this.pending += data;
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  /** A typed line, echoed as it is typed (when `echo` is on), or INTERRUPT on Ctrl-C. */
  async readLine(echo: boolean): Promise<string | typeof INTERRUPT> {
    const show = (text: string) => echo && this.echo(text);
    let line = '';
    for (;;) {
      const char = await this.nextChar();
      if (char === '\r' || char === '\n') {
        show('\r\n');
        return line;
      }
      if (char === '\x7f' || char === '\b') {
        if (line.length > 0) show('\b \b');
        line = line.slice(0, -1);
      } else if (char === CTRL_C) {
        show('\r\n');
        return INTERRUPT;
      } else if (char === ESC) {
        await this.skipEscapeSequence();
      } else if (char >= ' ') {
        line += char;
        show(char);
      }
    }
  }

  /** One key, for the pager. */
  readKey(): Promise<string> {
    return this.nextChar();
  }

  private async nextChar(): Promise<string> {
    for (;;) {
      if (this.closed) throw new SessionClosed();
      if (this.pending.length > 0) {
        const char = this.pending[0]!;
        this.pending = this.pending.slice(1);
        const isLineFeedOfCrLf = char === '\n' && this.afterCarriageReturn;
        this.afterCarriageReturn = char === '\r';
        if (!isLineFeedOfCrLf) return char;
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
      }
    }
  }

  /** CSI `ESC [ ... final` or SS3 `ESC O x`. */
  private async skipEscapeSequence(): Promise<void> {
    const kind = await this.nextChar();
    if (kind === 'O') await this.nextChar();
    if (kind !== '[') return;
    for (;;) {
      const char = await this.nextChar();
      if (char >= '@' && char <= '~') return;
    }
  }
}
