// The journal says which key gave each confirmation. Ink reads keys with stdin.read(); this view of stdin remembers
// the last chunk read, so when the UI reports "confirmed", the key that did it is known — and, on a keyboard that
// knows who typed (the demo's autopilot), who pressed it. Keys meant for something else (a password typed in a dialog)
// can be diverted: the UI then never reads them and nothing of them is remembered.
// A loaded machine may read several keys in one chunk (PgDn and c typed 10 ms apart): the view hands them to the UI one
// key at a time, as Ink's own parser splits them (text runs, escape sequences), so "the last key read" is the key the UI
// is acting on.
const KEY_NAMES: Readonly<Record<string, string>> = {
  '\r': 'Enter',
  '\n': 'Enter',
  '\x1b': 'Esc',
  '\x03': 'Ctrl-C',
  '\t': 'Tab',
  ' ': 'Space',
  '\x1b[A': 'Up',
  '\x1b[B': 'Down',
  '\x1b[C': 'Right',
  '\x1b[D': 'Left',
  '\x1b[5~': 'PgUp',
  '\x1b[6~': 'PgDn',
};

// ESC [ params/intermediates final, ESC O final, or ESC and one character; a sequence cut at the chunk's end stays whole
// (Ink keeps it pending until the rest arrives).
const ESCAPE_SEQUENCE = /^\x1b(?:\[\[?[\x20-\x3f]*[\x40-\x7e]|O[\x40-\x7e]|[^[O]|$)/u;

/** A chunk of keyboard input as Ink's own parser cuts it into input events (ui/keys.ts splitKeys then cuts text runs into characters). */
export function splitAsInkReads(chunk: string): string[] {
  const keys: string[] = [];
  let rest = chunk;
  while (rest.length > 0) {
    const escapeAt = rest.indexOf('\x1b');
    if (escapeAt !== 0) {
      const text = escapeAt === -1 ? rest : rest.slice(0, escapeAt);
      keys.push(text);
      rest = rest.slice(text.length);
      continue;
    }
    const sequence = ESCAPE_SEQUENCE.exec(rest)?.[0] ?? rest;
    keys.push(sequence);
    rest = rest.slice(sequence.length);
  }
  return keys;
}

export function describeKey(data: string | undefined): string {
  if (data === undefined) return 'key (unknown)';
  const name = KEY_NAMES[data] ?? (data.length === 1 && data >= ' ' ? data : JSON.stringify(data));
  return `key ${name}`;
}

/** A keyboard that knows who pressed the key written last, e.g. "demo"; undefined for a person's key. */
export interface AttributedKeys {
  pressedBy(): string | undefined;
}

const isAttributed = (stdin: object): stdin is AttributedKeys => typeof (stdin as Partial<AttributedKeys>).pressedBy === 'function';

export interface KeyTap {
  stdin: NodeJS.ReadStream;
  /** "key c": the last key the UI read; or who pressed it, when the keyboard knows (e.g. "demo"). */
  lastKey(): string;
  /** From now on every chunk read goes to `to` instead (undefined: to the UI again), and is not remembered. */
  divert(to: ((data: string) => void) | undefined): void;
}

export function tapKeys(stdin: NodeJS.ReadStream): KeyTap {
  let last: string | undefined;
  let lastBy: string | undefined;
  let diverted: ((data: string) => void) | undefined;
  const unread: string[] = [];
  const nextKey = (target: NodeJS.ReadStream): string | undefined => {
    if (unread.length === 0) {
      const chunk = target.read() as string | Buffer | null;
      if (chunk === null) return undefined;
      unread.push(...splitAsInkReads(chunk.toString()));
      lastBy = isAttributed(target) ? target.pressedBy() : undefined;
    }
    return unread.shift();
  };
  const tapped = new Proxy(stdin, {
    get(target, property) {
      if (property === 'read') {
        return () => {
          let key = nextKey(target);
          // A dialog's answer may end the diversion: the keys after it are the UI's again.
          while (key !== undefined && diverted) {
            diverted(key);
            key = nextKey(target);
          }
          if (key === undefined) return null;
          last = key;
          return key;
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    stdin: tapped,
    lastKey: () => lastBy ?? describeKey(last),
    divert: (to) => {
      diverted = to;
    },
  };
}
