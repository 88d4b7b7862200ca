// The operator's quit (q or Ctrl-C answered y, SIGTERM, SIGHUP): the run stops at its next safe point and a waiting
// confirmation is aborted. The screen stays up, saying what it waits for (a transfer the switch carries on with, a
// command finishing), until the run has ended and the process can really leave: never a blank terminal over a
// process that still waits.

/** What the quit needs of the UI: to close it. */
export interface Closable {
  unmount(): void;
}

export class QuitControl {
  private screen?: Closable;
  private requested = false;
  private runEnded = false;

  constructor(
    private readonly controller: AbortController,
    private readonly abortConfirmation: (by: string) => void,
  ) {}

  showing(screen: Closable): void {
    this.screen = screen;
  }

  readonly quit = (by: string): void => {
    this.requested = true;
    this.controller.abort();
    this.abortConfirmation(by);
    if (this.runEnded) this.screen?.unmount();
  };

  /** After the run the outcome stays on screen until the operator quits (unless that was asked already). */
  ended(): void {
    this.runEnded = true;
    if (this.requested) this.screen?.unmount();
  }
}
