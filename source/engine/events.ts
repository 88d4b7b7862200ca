// Everything the engine does is announced as one of these events. The journal writes them (JSONL), headless mode
// prints them, and the UI folds them into a snapshot. Events never carry secrets.
import type { InstalledImage, MsmSlot, ShowSwitch } from '../exos/chassisState.js';
import type { Action, StepId, StepState } from '../procedure/types.js';

export interface QuestionAnswered {
  id: string;
  text: string;
  reply: string;
  reason: string;
  refused: boolean;
}

export interface ExpectedQuestion {
  id: string;
  text: string;
  answer: string;
}

export type ConfirmAnswer = 'confirm' | 'skip' | 'abort';

export type EngineEventBody =
  | { type: 'run-start'; operator: string; target: string; host: string; mode: 'upgrade' | 'plan' | 'status' }
  | { type: 'connecting'; description: string; attempt: number }
  | { type: 'connected'; description: string }
  | { type: 'disconnected'; reason: string; expected: boolean }
  | { type: 'state'; show: ShowSwitch; images?: InstalledImage[] }
  | { type: 'decision'; action: Action; evidence: string[]; checklist: Record<StepId, StepState> }
  | { type: 'step-start'; step: StepId; command?: string }
  | { type: 'step-end'; step: StepId; outcome: 'done' | 'skipped' | 'failed'; detail?: string }
  | { type: 'confirm-request'; step: StepId; command: string; questions: ExpectedQuestion[]; evidence: string[] }
  | { type: 'confirm-response'; step: StepId; answer: ConfirmAnswer; by: string }
  | { type: 'command'; command: string; step?: StepId }
  | { type: 'question'; step?: StepId; question: QuestionAnswered }
  | { type: 'progress'; slot?: MsmSlot; activity: string }
  | { type: 'warning'; message: string }
  | { type: 'error'; kind: string; message: string; exitCode: number }
  | { type: 'run-end'; exitCode: number; summary: string };

export type EngineEvent = EngineEventBody & { at: string };

export type EventSink = (event: EngineEvent) => void;
