// The terminal's turns: while hitless asks the operator something on the plain terminal (a hidden password prompt),
// lines written elsewhere (a fleet's chassis finishing, a connection's warning) wait until the answer, so none lands
// after the prompt where the operator is typing blind.
let questionsOpen = 0;
const heldWrites: (() => void)[] = [];

/** Asks, with every write given to `besideQuestions` meanwhile held until the answer: none lands after the prompt. */
export function holdingWrites<A, T>(ask: (question: A) => Promise<T>): (question: A) => Promise<T> {
  return async (question) => {
    questionsOpen++;
    try {
      return await ask(question);
    } finally {
      if (--questionsOpen === 0) for (const write of heldWrites.splice(0)) write();
    }
  };
}

/**
 * Writes to the terminal now, or once the question open on it is answered: a fleet's line about one chassis must not
 * land after another chassis' password prompt, where the operator is typing blind.
 */
export function besideQuestions(write: () => void): void {
  if (questionsOpen === 0) write();
  else heldWrites.push(write);
}
