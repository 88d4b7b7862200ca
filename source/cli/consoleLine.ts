// The operator's own commands typed in console-input mode. Keystrokes are collected into a line (echoed locally,
// printable ASCII and backspace only) and sent as one command through the session when Enter is pressed, so an
// operator command can never interleave with, or answer a question of, a command hitless is running.

export interface LineEdit {
  /** Bytes to show in the console now (local echo). */
  echo: string;
  /** A complete line, when Enter was pressed. */
  submit?: string;
}

export class ConsoleLine {
  private text = '';

  get pending(): string {
    return this.text;
  }

  feed(data: string): LineEdit {
    let echo = '';
    for (const ch of data) {
      if (ch === '\r' || ch === '\n') {
        const submit = this.text;
        echo += this.erase();
        return { echo, submit };
      }
      if (ch === '\x7f' || ch === '\b') {
        if (this.text.length > 0) {
          this.text = this.text.slice(0, -1);
          echo += '\b \b';
        }
      } else if (ch >= ' ' && ch <= '~') {
        this.text += ch;
        echo += ch;
      }
    }
    return { echo };
  }

  /** Removes the local echo (the switch echoes the command itself when it is sent). */
  erase(): string {
    const n = this.text.length;
    this.text = '';
    return n > 0 ? '\b'.repeat(n) + '\x1b[K' : '';
  }
}
