// The recordings of one run: the full-screen UI (--record, with a marker per checklist step and one for the outcome)
// and the raw switch console (--record-console). Both are asciicast v2 files, redacted as they are written.
import type { EngineEvent, EventSink } from '../engine/events.js';
import { STEP_LABELS } from '../ui/stepLabels.js';
import { CastWriter } from './asciicast.js';
import type { WriteFailure } from './lineFile.js';
import type { Redactor } from './redact.js';
import { RecordedScreen, screenSizeOf, type ScreenSize } from './recordedScreen.js';
import { EMPTY_LEDGER, foldStepEvent, openStep } from '../procedure/stepLedger.js';

export interface RecordingRequest {
  /** --record FILE.cast */
  screen?: string;
  /** --record-console FILE.cast */
  console?: string;
  /** Told once when a recording cannot be written (it stops at its last whole line). */
  onFailure?: (path: string) => WriteFailure;
}

/** The pseudo-terminal size hitless asks the switch for, so the console recording has the switch's geometry. */
export const CONSOLE_SIZE: ScreenSize = { columns: 120, rows: 40 };

/** The last marker of a recording says how the run ended: "Finished: exit 0 (done)". */
export const OUTCOME_MARKER_PREFIX = 'Finished: ';
export const outcomeMarker = (exitCode: number, summary: string): string => `${OUTCOME_MARKER_PREFIX}exit ${exitCode} (${summary})`;

export class RunRecording {
  /** Where Ink draws: the terminal (if any) plus the screen recording. */
  readonly screen: RecordedScreen;
  private steps = EMPTY_LEDGER;

  private constructor(
    private readonly screenCast: CastWriter | undefined,
    private readonly consoleCast: CastWriter | undefined,
    terminal: NodeJS.WriteStream | undefined,
    size: ScreenSize | undefined,
  ) {
    this.screen = new RecordedScreen(screenCast, terminal, size);
  }

  /**
   * Opens the requested files, redacted by the run's `redactor`. `terminal`: the operator's terminal, whose size the
   * recording takes and follows; without one the screen is offscreen, of `size`.
   */
  static open(request: RecordingRequest, title: string, redactor: Redactor, terminal?: NodeJS.WriteStream, size?: ScreenSize): RunRecording {
    const screenSize = screenSizeOf(terminal, size);
    const screenCast = request.screen
      ? CastWriter.open(request.screen, { width: screenSize.columns, height: screenSize.rows, title, redactor, onFailure: request.onFailure?.(request.screen) })
      : undefined;
    let consoleCast: CastWriter | undefined;
    try {
      consoleCast = request.console
        ? CastWriter.open(request.console, {
            width: CONSOLE_SIZE.columns,
            height: CONSOLE_SIZE.rows,
            title: `${title} — switch console`,
            redactor,
            onFailure: request.onFailure?.(request.console),
          })
        : undefined;
    } catch (err) {
      screenCast?.close();
      throw err;
    }
    return new RunRecording(screenCast, consoleCast, terminal, size);
  }

  /** Ink's stdout. */
  get stdout(): NodeJS.WriteStream {
    return this.screen as unknown as NodeJS.WriteStream;
  }

  /** Puts a marker in the screen recording where each checklist step starts (the frame showing it), and one for the outcome. */
  readonly sink: EventSink = (event: EngineEvent) => {
    const before = this.steps;
    this.steps = foldStepEvent(before, event, Date.parse(event.at));
    const started = this.steps !== before && event.type === 'step-start' ? openStep(this.steps) : undefined;
    if (started) this.screen.markAtNextFrame(STEP_LABELS[started]);
    if (event.type === 'run-end') this.screen.markAtNextFrame(outcomeMarker(event.exitCode, event.summary));
  };

  /** The switch's output (already redacted by the stream redactor) for the console recording. */
  readonly consoleText = (text: string): void => {
    this.consoleCast?.output(text);
  };

  close(): void {
    this.screen.detach();
    this.screenCast?.close();
    this.consoleCast?.close();
  }
}
