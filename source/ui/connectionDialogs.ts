// What connecting asks the operator while the full-screen console owns the terminal — a password or passphrase, or
// whether to trust a host key — as dialogs answered by keys, one at a time in the order asked. The keys of a dialog
// come straight here (never to the screen's key handling, the key tap or a recording); what is typed for a secret is
// kept only until Enter, and the screen learns only whether something was typed, not what nor how much.
import { secretNotGiven } from '../errors.js';

/** A yes/no question put in words by the caller (e.g. an unknown host key and its fingerprint). */
export interface TrustQuestion {
  title: string;
  lines: string[];
  /** What [y] does, e.g. "trust it and connect". */
  yes: string;
  /** What [n] (or Esc) does. */
  no: string;
}

/** The dialog on screen: what is asked, and for a secret only whether anything is typed yet. */
export type ConnectionDialog = { kind: 'secret'; prompt: string; typed: boolean } | ({ kind: 'trust' } & TrustQuestion);

type Pending =
  | { kind: 'secret'; prompt: string; resolve: (answer: string) => void; reject: (error: Error) => void }
  | { kind: 'trust'; question: TrustQuestion; resolve: (answer: boolean) => void };

const ENTER = /^[\r\n]$/;
const ERASE = /^[\x7f\b]$/;
const CLEAR_LINE = '\x15';
const ESC = '\x1b';
const CTRL_C = '\x03';

export class ConnectionDialogs {
  private readonly queue: Pending[] = [];
  private readonly listeners = new Set<() => void>();
  /** The secret typed so far in the dialog on screen, as characters (Backspace removes one). */
  private typed: string[] = [];
  private shown: ConnectionDialog | undefined;
  private shownFor: Pending | undefined;
  private closed = false;

  /** Hidden input in a dialog: Enter sends it, Esc cancels it, Ctrl-C every question waiting (the promise rejects with an exit-2 error). */
  readonly secret = (prompt: string): Promise<string> =>
    new Promise((resolve, reject) => {
      if (this.closed) return reject(secretNotGiven(prompt, 'the console closed'));
      this.enqueue({ kind: 'secret', prompt, resolve, reject });
    });

  /** A yes/no dialog: y is true; n or Esc false (Ctrl-C: every question waiting). */
  readonly trust = (question: TrustQuestion): Promise<boolean> =>
    new Promise((resolve) => {
      if (this.closed) return resolve(false);
      this.enqueue({ kind: 'trust', question, resolve });
    });

  /** The dialog to draw, if any (a stable object between changes, for useSyncExternalStore). */
  readonly current = (): ConnectionDialog | undefined => this.shown;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Keys typed while a dialog is shown: a chunk as the terminal sent it (a paste may bring several characters). */
  readonly key = (data: string): void => {
    const pending = this.queue[0];
    if (!pending) return;
    // Ctrl-C refuses every question waiting (in a fleet, the other chassis' too), as on the plain terminal; Esc the one shown.
    if (data === CTRL_C) return this.refuseAll('Ctrl-C');
    if (pending.kind === 'trust') return this.answerTrust(pending, data);
    if (data === ESC) return this.finish(() => pending.reject(secretNotGiven(pending.prompt, 'cancelled')));
    // Any other escape sequence (arrows, function keys) types nothing.
    if (data.startsWith(ESC)) return;
    for (const char of data) {
      if (ENTER.test(char)) {
        const answer = this.typed.join('');
        return this.finish(() => pending.resolve(answer));
      }
      if (ERASE.test(char)) this.typed.pop();
      else if (char === CLEAR_LINE) this.typed = [];
      else if (char >= ' ') this.typed.push(char);
    }
    this.show();
  };

  /** The console is leaving: every question still open is refused (a secret rejects, a host key is not trusted). */
  close(): void {
    this.closed = true;
    this.refuseAll('the console closed');
  }

  private refuseAll(why: string): void {
    for (const pending of this.queue.splice(0)) {
      if (pending.kind === 'secret') pending.reject(secretNotGiven(pending.prompt, why));
      else pending.resolve(false);
    }
    this.typed = [];
    this.show();
  }

  private answerTrust(pending: Extract<Pending, { kind: 'trust' }>, data: string): void {
    const key = data.toLowerCase();
    if (key === 'y') this.finish(() => pending.resolve(true));
    else if (key === 'n' || data === ESC) this.finish(() => pending.resolve(false));
  }

  private enqueue(pending: Pending): void {
    this.queue.push(pending);
    if (this.queue.length === 1) this.show();
  }

  private finish(settle: () => void): void {
    this.queue.shift();
    this.typed = [];
    this.show();
    settle();
  }

  /** Tells the screen only when what it draws changes: each key typed into a secret is not even a redraw. */
  private show(): void {
    const pending = this.queue[0];
    const typed = this.typed.length > 0;
    if (this.shownFor === pending && (this.shown?.kind !== 'secret' || this.shown.typed === typed)) return;
    this.shownFor = pending;
    this.shown =
      pending === undefined
        ? undefined
        : pending.kind === 'secret'
          ? { kind: 'secret', prompt: pending.prompt, typed }
          : { kind: 'trust', ...pending.question };
    for (const listener of this.listeners) listener();
  }
}
