// The journal says which key gave each confirmation. Ink reads keys with stdin.read(); this view of stdin remembers
// the last chunk read, so when the UI reports "confirmed", the key that did it is known — and, on a keyboard that
// knows who typed (the demo's autopilot), who pressed it. Keys meant for something else (a password typed in a dialog)
// can be diverted: the UI then never reads them and nothing of them is remembered.
const KEY_NAMES: Readonly<Record<string, string>> = {
  '\r': 'Enter',
  '\n': 'Enter',
  '\x1b': 'Esc',
  '\x03': 'Ctrl-C',
  '\t': 'Tab',
  ' ': 'Space',
};

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
  const tapped = new Proxy(stdin, {
    get(target, property) {
      if (property === 'read') {
        return (size?: number) => {
          let chunk = target.read(size) as string | Buffer | null;
          // A dialog's answer may end the diversion: the chunks after it are the UI's again.
          while (chunk !== null && diverted) {
            diverted(chunk.toString());
            chunk = target.read(size) as string | Buffer | null;
          }
          if (chunk !== null) {
            last = chunk.toString();
            lastBy = isAttributed(target) ? target.pressedBy() : undefined;
          }
          return chunk;
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
