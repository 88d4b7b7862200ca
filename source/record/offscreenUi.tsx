// The full-screen UI drawn only into the recording, for headless runs with --record: the same App and store as on a
// terminal, fed by the same events and switch output, with no keys (confirmations come from --yes or the prompt).
import { PassThrough } from 'node:stream';
import { render } from 'ink';
import type { ImageVersion } from '../exos/chassisState.js';
import type { EventSink } from '../engine/events.js';
import { App } from '../ui/App.js';
import { ConsoleBuffer } from '../ui/consoleBuffer.js';
import type { UiOptions } from '../ui/snapshot.js';
import { createUiStore } from '../ui/store.js';
import type { RunRecording } from './runRecording.js';

export interface OffscreenUi {
  sink: EventSink;
  consoleText(text: string): void;
  /** Draws the last frame and stops. */
  stop(): Promise<void>;
}

const ignore = () => {};

export function startOffscreenUi(recording: RunRecording, target: string, targetVersion?: ImageVersion, options: UiOptions = {}): OffscreenUi {
  const store = createUiStore(target, targetVersion, options);
  const consoleBuffer = new ConsoleBuffer({ cols: Math.max(20, recording.screen.columns - 2), rows: 10 });
  const noKeys = new PassThrough() as unknown as NodeJS.ReadStream;
  const instance = render(
    <App store={store} console={consoleBuffer} onConfirm={ignore} onSkip={ignore} onAbort={ignore} onQuit={ignore} onConsoleInput={ignore} />,
    { stdout: recording.stdout, stdin: noKeys, exitOnCtrlC: false, patchConsole: false, maxFps: 30 },
  );
  return {
    sink: store.dispatch,
    consoleText: (text) => consoleBuffer.write(text),
    async stop() {
      const exited = instance.waitUntilExit();
      instance.unmount();
      await exited;
      consoleBuffer.dispose();
    },
  };
}
