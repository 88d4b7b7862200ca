// The switch's own login on its serial console (docs/exos-cli.md §8.2: `login:` / `password:`, lowercase), from pressing
// Enter to the first EXOS prompt. The console may already be logged in (a serial session outlives the SSH connection
// to the console server), may be booting (messages until `login:`), or may hold a question or pager from an earlier
// session: each is answered harmlessly or waited out.
import { EXIT, HitlessError } from '../errors.js';
import { stripTerminalNoise } from '../exos/outputLines.js';
import { matchQuestion, pagerPattern, parsePrompt, safeRefusal } from '../exos/platform.js';
import type { Transport } from '../transport/transport.js';
import { converse, type DialogStep } from './consoleDialog.js';
import { LOGIN_PROMPT, PASSWORD_PROMPT, UnsolicitedLineFilter } from './consoleNoise.js';

export interface SwitchCredentials {
  username: string;
  password: string;
}

export interface ConsoleLoginOptions {
  /** Longest wait for a login prompt or an EXOS prompt; a console that is booting needs minutes. */
  timeoutMs: number;
  /** Quiet time before the text is looked at. Default 150 ms. */
  settleMs?: number;
  /** Enter is pressed again after this much silence while nothing recognisable is shown. Default 3 s. */
  wakeEveryMs?: number;
}

export interface ConsoleLogin {
  /** After a login, the banner and the prompt; otherwise the prompt alone. */
  replay: string;
  /** False when the console was already logged in and Enter brought up the prompt. */
  loggedIn: boolean;
}

const ENTER = '\r';
/** Quits a pager left on the screen. */
const PAGER_QUIT = 'q';

export function loginOnConsole(line: Transport, credentials: SwitchCredentials, options: ConsoleLoginOptions): Promise<ConsoleLogin> {
  let state: 'idle' | 'user-sent' | 'password-sent' = 'idle';
  const refused = () =>
    new HitlessError('auth', `${line.description}: the switch refused the console login for ${credentials.username}`, EXIT.usage);
  const filter = new UnsolicitedLineFilter();

  const decide = (received: string): DialogStep<ConsoleLogin> => {
    const text = stripTerminalNoise(received);
    if (parsePrompt(text)) {
      const loggedIn = state === 'password-sent';
      // Without a login, what came before the prompt is an echo or an old screen, not a banner.
      const replay = loggedIn ? received : received.slice(Math.max(received.lastIndexOf('\n'), received.lastIndexOf('\r')) + 1);
      return { kind: 'done', value: { replay, loggedIn } };
    }
    if (LOGIN_PROMPT.test(text)) {
      if (state === 'password-sent') return { kind: 'fail', error: refused() };
      state = 'user-sent';
      return { kind: 'write', data: `${credentials.username}${ENTER}` };
    }
    if (PASSWORD_PROMPT.test(text)) {
      if (state === 'password-sent') return { kind: 'fail', error: refused() };
      if (state === 'idle') return { kind: 'write', data: ENTER }; // someone else's half-typed login: abandon it
      state = 'password-sent';
      return { kind: 'write', data: `${credentials.password}${ENTER}` };
    }
    if (pagerPattern.test(received)) return { kind: 'write', data: PAGER_QUIT };
    const question = matchQuestion(text);
    if (question) return { kind: 'write', data: `${safeRefusal(question)}${ENTER}` };
    return { kind: 'wait' };
  };

  return converse(
    line,
    {
      settleMs: options.settleMs ?? 150,
      timeoutMs: options.timeoutMs,
      // Pressing Enter while the switch waits for the password would send an empty one.
      wake: { data: () => (state === 'idle' ? ENTER : undefined), everyMs: options.wakeEveryMs ?? 3_000 },
      filter: (chunk) => filter.push(chunk),
      timedOut: (received) => {
        const last = stripTerminalNoise(received).split('\n').map((l) => l.trim()).filter(Boolean).at(-1);
        const seen = last === undefined ? 'nothing received' : `last line "${last.slice(0, 80)}"`;
        return new HitlessError('timeout', `${line.description}: no login prompt or EXOS prompt within ${Math.round(options.timeoutMs / 1000)} s (${seen})`, EXIT.usage);
      },
    },
    decide,
  );
}
