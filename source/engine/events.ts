// Everything the engine does is announced as one of these events. The journal writes them (JSONL), headless mode
// prints them, and the UI folds them into a snapshot. Events never carry secrets.
import type { ErrorKind, ExitCode } from '../errors.js';
import type { InstalledImage, MsmSlot, Partition, ShowSwitch } from '../exos/chassisState.js';
import type { AnsweredQuestion } from '../exos/platform.js';
import type { Action, ExpectedQuestion, StepId, StepState } from '../procedure/types.js';

/** The version of the machine-readable contract every JSON line and document carries (README "The JSON contract"). */
export const SCHEMA_VERSION = 'hitless/1';

/** What the exit code means, as one word a caller can switch on. */
export type RunOutcome = 'done' | 'internal-error' | 'bad-input' | 'precondition-failed' | 'stopped-safe';

/** What the journal keeps of an answered question. */
export type QuestionAnswered = Pick<AnsweredQuestion, 'id' | 'text' | 'reply' | 'reason' | 'refused'>;

export type ConfirmAnswer = 'confirm' | 'skip' | 'abort';

/** How long a checklist step took in this run (the journal's timings; added at run-end). */
export interface StepTiming {
  step: StepId;
  startedAt: string;
  endedAt?: string;
  durationMs?: number;
  outcome?: 'done' | 'skipped' | 'failed';
}

/** One MSM as the last `show switch` of the run showed it (the journal's final state; added at run-end). */
export interface FinalNodeState {
  name: string;
  state: string;
  booted?: Partition;
  primary?: string;
  secondary?: string;
}

export type EngineEventBody =
  | { type: 'run-start'; operator: string; target: string; host: string; mode: 'upgrade' | 'plan' | 'status' }
  | { type: 'connecting'; description: string; attempt: number }
  | { type: 'connected'; description: string }
  | { type: 'disconnected'; reason: string; expected: boolean }
  | { type: 'state'; show: ShowSwitch; images?: InstalledImage[] }
  | { type: 'decision'; action: Action; evidence: string[]; checklist: Record<StepId, StepState> }
  | { type: 'step-start'; step: StepId; command?: string }
  | { type: 'step-end'; step: StepId; outcome: 'done' | 'skipped' | 'failed'; detail?: string; durationMs?: number }
  | { type: 'confirm-request'; step: StepId; command: string; questions: ExpectedQuestion[]; evidence: string[] }
  /** `by`: what gave the answer, e.g. "key c", "--yes", "terminal: yes". */
  | { type: 'confirm-response'; step: StepId; answer: ConfirmAnswer; by: string }
  | { type: 'command'; command: string; step?: StepId }
  | { type: 'question'; step?: StepId; question: QuestionAnswered }
  | { type: 'progress'; slot?: MsmSlot; activity: string }
  | { type: 'warning'; message: string }
  | { type: 'error'; kind: ErrorKind; message: string; exitCode: ExitCode }
  /**
   * The last event of a run: what a caller needs without reading the stream. `changed`: a command that changes the
   * chassis was sent in this run; `journal`: the --journal file. The run's emitters always fill outcome, changed and
   * warnings; they are optional here for journals written before them.
   */
  | {
      type: 'run-end';
      exitCode: number;
      summary: string;
      outcome?: RunOutcome;
      changed?: boolean;
      finalState?: FinalNodeState[];
      steps?: StepTiming[];
      journal?: string;
      warnings?: string[];
    };

/** `schema`: set by the emitter; absent only in journals written before the contract was versioned. */
export type EngineEvent = EngineEventBody & { at: string; schema?: typeof SCHEMA_VERSION };

export type EventSink = (event: EngineEvent) => void;
