// The operator's own commands typed in console-input mode. Keystrokes are collected into a line edited like a shell's
// (echoed locally: printable ASCII, Backspace, Delete, ←/→, Home/End, Ctrl-A/E/U/K/W) and sent as one command through
// the session when Enter is pressed, so an operator command can never interleave with, or answer a question of, a
// command hitless is running. Other escape sequences (arrows up and down, page keys, function keys) are dropped: they
// never become text on the line.

export interface LineEdit {
  /** Bytes to show in the console now (local echo). */
  echo: string;
  /** A complete line, when Enter was pressed. */
  submit?: string;
}

type Edit = 'left' | 'right' | 'home' | 'end' | 'backspace' | 'delete' | 'kill-line' | 'kill-to-end' | 'kill-word';

/** Control keys and escape sequences the line understands (xterm, VT220 and rxvt spellings). */
const EDITS: Readonly<Record<string, Edit>> = {
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\x1b[D': 'left',
  '\x1bOD': 'left',
  '\x02': 'left',
  '\x1b[C': 'right',
  '\x1bOC': 'right',
  '\x06': 'right',
  '\x01': 'home',
  '\x1b[H': 'home',
  '\x1bOH': 'home',
  '\x1b[1~': 'home',
  '\x05': 'end',
  '\x1b[F': 'end',
  '\x1bOF': 'end',
  '\x1b[4~': 'end',
  '\x1b[3~': 'delete',
  '\x04': 'delete',
  '\x15': 'kill-line',
  '\x0b': 'kill-to-end',
  '\x17': 'kill-word',
};

/** One key of `data`: an escape sequence (CSI or SS3) whole, else one character. */
const KEY = /\x1b\[[0-9;]*[ -/]*[@-~]|\x1bO.|\x1b|[\s\S]/g;

export class ConsoleLine {
  private text = '';
  private cursor = 0;

  get pending(): string {
    return this.text;
  }

  feed(data: string): LineEdit {
    let echo = '';
    for (const [key] of data.matchAll(KEY)) {
      if (key === '\r' || key === '\n') {
        const submit = this.text;
        echo += this.erase();
        return { echo, submit };
      }
      const edit = EDITS[key];
      if (edit) echo += this.apply(edit);
      else if (key >= ' ' && key <= '~') echo += this.replace(this.cursor, this.cursor, key);
    }
    return { echo };
  }

  /** Removes the local echo (the switch echoes the command itself when it is sent). */
  erase(): string {
    const echo = this.cursor > 0 ? `\x1b[${this.cursor}D\x1b[K` : this.text.length > 0 ? '\x1b[K' : '';
    this.text = '';
    this.cursor = 0;
    return echo;
  }

  private apply(edit: Edit): string {
    const { text, cursor } = this;
    switch (edit) {
      case 'left':
        return this.moveTo(cursor - 1);
      case 'right':
        return this.moveTo(cursor + 1);
      case 'home':
        return this.moveTo(0);
      case 'end':
        return this.moveTo(text.length);
      case 'backspace':
        return cursor > 0 ? this.replace(cursor - 1, cursor, '') : '';
      case 'delete':
        return cursor < text.length ? this.replace(cursor, cursor + 1, '') : '';
      case 'kill-line':
        return this.replace(0, cursor, '');
      case 'kill-to-end':
        return this.replace(cursor, text.length, '');
      case 'kill-word': {
        const start = text.slice(0, cursor).replace(/\S+\s*$|\s+$/, '').length;
        return this.replace(start, cursor, '');
      }
    }
  }

  private moveTo(target: number): string {
    const to = Math.max(0, Math.min(this.text.length, target));
    const by = to - this.cursor;
    this.cursor = to;
    if (by === 0) return '';
    return by < 0 ? `\x1b[${-by}D` : `\x1b[${by}C`;
  }

  /** Replaces text[from, to) with `insert`, leaves the cursor after it, and redraws the line from `from` on. */
  private replace(from: number, to: number, insert: string): string {
    const back = this.moveTo(from);
    this.text = this.text.slice(0, from) + insert + this.text.slice(to);
    const rest = this.text.slice(from);
    this.cursor = from + rest.length;
    return `${back}${rest}\x1b[K${this.moveTo(from + insert.length)}`;
  }
}
