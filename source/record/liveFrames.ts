// Chalk decides once, from the process's stdout, whether to emit colours. A command that records the UI calls this
// before it loads the UI (cli.tsx loads commands lazily, so nothing has imported Ink or chalk yet). That Ink draws
// every frame, not only the last, whatever CI says, is cli/drawEveryFrame's part.
export function prepareRecordedRendering(onTerminal: boolean): void {
  if (onTerminal) return;
  // Offscreen, the recording is the only viewer: keep colours unless the operator turned them off. (React's
  // production build is cli.tsx's choice, made before any command loads.)
  process.env.FORCE_COLOR ??= '3';
}
