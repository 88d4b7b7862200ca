// Questions asked of the operator while connecting (password, passphrase, host key) and, in headless mode,
// confirmations. OperatorQuestions is how connecting asks; the terminal answers them here when no full-screen console
// is up, the full-screen console answers them in dialogs (ui/credentialQuestions.ts). Hidden input is never echoed and
// never stored; the run's redactor learns it as a secret.
import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';
import { secretNotGiven } from '../errors.js';
import { holdingWrites } from '../terminalTurns.js';
import { stripTerminalControls } from '../exos/terminalControls.js';
import { otherMsm } from '../transport/chassisKeys.js';
import type { HostKeyQuestion } from '../transport/hostKeyPolicy.js';
import type { Redactor } from '../record/redact.js';

export const canPrompt = (): boolean => Boolean(process.stdin.isTTY && process.stderr.isTTY);

/** How often the operator pressed Ctrl-C at a question on the terminal. */
let ctrlCs = 0;

export type AskHidden = (question: string) => Promise<string>;

/** What connecting may ask the operator. */
export interface OperatorQuestions {
  /** A password or passphrase, typed without echo. */
  secret: AskHidden;
  /** Whether to trust a host key known_hosts cannot vouch for (ask mode). */
  hostKey(question: HostKeyQuestion): Promise<boolean>;
}

/** Ctrl-C at a question (raw mode: a key there, not a signal): counted, the question closed, then `then`. */
function onCtrlC(rl: Interface, then: () => void): void {
  rl.once('SIGINT', () => {
    ctrlCs++;
    rl.close();
    process.stderr.write('\n');
    then();
  });
}

/** A line typed on the terminal, trimmed; undefined for Ctrl-C. */
export function askLine(question: string): Promise<string | undefined> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  return new Promise((resolve) => {
    onCtrlC(rl, () => resolve(undefined));
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer.trim());
    });
  });
}

function askHidden(question: string): Promise<string> {
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  // The interface puts the terminal in raw mode: only then may the question appear, or an answer typed (or pasted)
  // right after it would be echoed by the terminal itself.
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    // Ctrl-C gives up, as ssh does at its password prompt.
    onCtrlC(rl, () => reject(secretNotGiven(question, 'Ctrl-C')));
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/** A host-key question in words, as a dialog or the terminal shows it: what is known, then the key's fingerprint. */
export interface HostKeyQuestionText {
  title: string;
  lines: string[];
  /** What trusting the key does. */
  yes: string;
  no: string;
}

export function hostKeyQuestionText({ host, port, fingerprint, keyType, knownTypes, firstKeyOf }: HostKeyQuestion): HostKeyQuestionText {
  // `[host]:port` as OpenSSH names a host on another port than 22.
  const where = port === 22 ? host : `[${host}]:${port}`;
  const context = firstKeyOf
    ? [
        `The host key of '${where}' changed. MSM-${otherMsm(firstKeyOf.slot)}'s key ${firstKeyOf.peerKey} is pinned for this chassis; ` +
          `this may be MSM-${firstKeyOf.slot}'s own key after the failover hitless just performed ` +
          `(pinned only if the chassis then shows the same System MAC).`,
      ]
    : [`The authenticity of host '${where}' can't be established.`, ...(knownTypes ? [`known_hosts lists only ${knownTypes.join(', ')} keys for it.`] : [])];
  return {
    title: firstKeyOf ? `Host key changed: MSM-${firstKeyOf.slot}'s own key?` : 'Unknown host key',
    // The key type is read from the key the server sent: it reaches the terminal only as printable text.
    lines: [...context, `${stripTerminalControls(keyType)} key fingerprint is ${fingerprint}.`],
    yes: firstKeyOf ? `trust it as MSM-${firstKeyOf.slot}'s key and connect` : 'trust it (added to known_hosts) and connect',
    no: 'refuse: no connection',
  };
}

async function askHostKeyOnTerminal(question: HostKeyQuestion): Promise<boolean> {
  process.stderr.write(hostKeyQuestionText(question).lines.map((line) => `${line}\n`).join(''));
  const slot = question.firstKeyOf?.slot;
  const answer = await askLine(`Trust this key${slot ? ` as MSM-${slot}'s` : ''} and continue connecting (yes/no)? `);
  return answer?.toLowerCase() === 'yes';
}

/**
 * The same questions asked one after another: several chassis of a fleet connect at once, and a second password prompt
 * on the terminal must wait until the first is answered. (The full-screen dialogs queue their questions themselves.)
 */
export function oneQuestionAtATime(questions: OperatorQuestions, interruptions: () => number = () => 0): OperatorQuestions {
  let asked: Promise<unknown> = Promise.resolve();
  // A question still waiting for its turn when the operator pressed Ctrl-C at another is not asked: refused the same way.
  const inTurn = <T>(ask: () => Promise<T>, refuse: () => Promise<T>): Promise<T> => {
    const queuedAt = interruptions();
    const answer = asked.then(() => (interruptions() === queuedAt ? ask() : refuse()));
    asked = answer.catch(() => undefined);
    return answer;
  };
  return {
    secret: (prompt) => inTurn(() => questions.secret(prompt), () => Promise.reject(secretNotGiven(prompt, 'Ctrl-C'))),
    hostKey: (question) => inTurn(() => questions.hostKey(question), async () => false),
  };
}

// One terminal per process: whoever asks on it (each chassis of a fleet, each reconnect) waits for its turn.
const TERMINAL_QUESTIONS = oneQuestionAtATime({ secret: holdingWrites(askHidden), hostKey: holdingWrites(askHostKeyOnTerminal) }, () => ctrlCs);

/** The plain terminal's questions, when there is a terminal to ask on. */
export const terminalQuestions = (): OperatorQuestions | undefined => (canPrompt() ? TERMINAL_QUESTIONS : undefined);

/** The same questions, with every secret typed learnt by the run's redactor: it never reaches a log, journal or recording. */
export const redactingQuestions = (questions: OperatorQuestions, redactor: Redactor): OperatorQuestions => ({
  hostKey: (question) => questions.hostKey(question),
  secret: async (prompt) => {
    const answer = await questions.secret(prompt);
    redactor.addSecret(answer);
    return answer;
  },
});
