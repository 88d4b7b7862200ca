// Questions asked of the operator on the terminal before the full-screen UI starts (password, host key, confirmations
// in headless mode). Hidden input is never echoed and never stored; the run's redactor learns it as a secret.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Redactor } from '../record/redact.js';

export const canPrompt = (): boolean => Boolean(process.stdin.isTTY && process.stderr.isTTY);

export function askLine(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer.trim());
    });
  });
}

export type AskHidden = (question: string) => Promise<string>;

function askHidden(question: string): Promise<string> {
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  // The interface puts the terminal in raw mode: only then may the question appear, or an answer typed (or pasted)
  // right after it would be echoed by the terminal itself.
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  process.stderr.write(question);
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

/** Hidden input that the run's redactor masks from then on: whatever is typed here never reaches a log, journal or recording. */
export const askSecret =
  (redactor: Redactor): AskHidden =>
  async (question) => {
    const answer = await askHidden(question);
    redactor.addSecret(answer);
    return answer;
  };
