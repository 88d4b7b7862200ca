// Several chassis of a fleet connect at once; their questions to the operator must not: a second password prompt on the
// terminal waits until the first is answered, whichever chassis asks, and a refused question does not block the next.
import { describe, expect, it } from 'vitest';
import { oneQuestionAtATime, type OperatorQuestions } from '../../source/run/ttyPrompt.js';

/** Questions answered by hand: each waits until the test answers it; `asked` lists them as they reach the operator. */
function operator() {
  const asked: string[] = [];
  const answers: ((answer: string) => void)[] = [];
  const refusals: ((error: Error) => void)[] = [];
  const questions: OperatorQuestions = {
    secret: (prompt) =>
      new Promise((resolve, reject) => {
        asked.push(prompt);
        answers.push(resolve);
        refusals.push(reject);
      }),
    hostKey: async (question) => {
      asked.push(`host key of ${question.host}`);
      return true;
    },
  };
  return { questions, asked, answer: (index: number, text: string) => answers[index]!(text), refuse: (index: number) => refusals[index]!(new Error('cancelled')) };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('oneQuestionAtATime', () => {
  it('asks the second question only once the first is answered, then each in the order they came', async () => {
    const person = operator();
    const serial = oneQuestionAtATime(person.questions);
    const first = serial.secret("admin@core-1's password: ");
    const second = serial.secret("ops@core-2's password: ");
    const third = serial.hostKey({ host: 'core-3', port: 22, fingerprint: 'SHA256:x', keyType: 'ssh-ed25519' });
    await settled();
    expect(person.asked).toEqual(["admin@core-1's password: "]);
    person.answer(0, 'one');
    await expect(first).resolves.toBe('one');
    await settled();
    expect(person.asked).toEqual(["admin@core-1's password: ", "ops@core-2's password: "]);
    person.answer(1, 'two');
    await expect(second).resolves.toBe('two');
    await expect(third).resolves.toBe(true);
    expect(person.asked.at(-1)).toBe('host key of core-3');
  });

  it('a refused question goes to the chassis that asked it; the next question is asked all the same', async () => {
    const person = operator();
    const serial = oneQuestionAtATime(person.questions);
    const first = serial.secret("admin@core-1's password: ");
    const second = serial.secret("admin@core-2's password: ");
    await settled();
    person.refuse(0);
    await expect(first).rejects.toThrow('cancelled');
    await settled();
    expect(person.asked).toHaveLength(2);
    person.answer(1, 'two');
    await expect(second).resolves.toBe('two');
  });

  it('Ctrl-C at one question refuses those already waiting, without asking them; a question that comes later is asked', async () => {
    const person = operator();
    let ctrlCs = 0;
    const serial = oneQuestionAtATime(person.questions, () => ctrlCs);
    const first = serial.secret("admin@core-1's password: ");
    const second = serial.secret("ops@core-2's password: ");
    const hostKey = serial.hostKey({ host: 'core-3', port: 22, fingerprint: 'SHA256:x', keyType: 'ssh-ed25519' });
    await settled();
    ctrlCs++;
    person.refuse(0);
    await expect(first).rejects.toThrow('cancelled');
    await expect(second).rejects.toThrow(`no answer to "ops@core-2's password" (Ctrl-C)`);
    await expect(hostKey).resolves.toBe(false);
    expect(person.asked).toEqual(["admin@core-1's password: "]);
    const later = serial.secret("admin@core-4's password: ");
    await settled();
    expect(person.asked.at(-1)).toBe("admin@core-4's password: ");
    person.answer(1, 'four');
    await expect(later).resolves.toBe('four');
  });
});
