// Ink decides once, when it is first imported, whether it runs in CI — and in CI it writes only the last frame, so a
// recording would show nothing of the run. Chalk likewise decides once whether to emit colours, from the process's
// stdout. A command that records the UI calls this before it loads the UI (cli.tsx loads commands lazily, so
// nothing has imported Ink yet).
export function prepareRecordedRendering(onTerminal: boolean): void {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  if (onTerminal) return;
  // Offscreen, the recording is the only viewer: keep colours unless the operator turned them off, and render with
  // React's production build (the development build's checks cost a third more CPU and show nowhere).
  process.env.FORCE_COLOR ??= '3';
  process.env.NODE_ENV ??= 'production';
}
