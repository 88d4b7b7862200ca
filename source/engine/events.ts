// Everything the engine does is announced as one of these events. The journal writes them (JSONL), headless mode
// prints them, and the UI folds them into a snapshot. Events never carry secrets.
import type { ErrorKind, ExitCode } from '../errors.js';
import type { InstalledImage, MsmSlot, Partition, ShowSwitch } from '../exos/chassisState.js';
import type { AnsweredQuestion } from '../exos/platform.js';
import type { HealthRegression, HealthSnapshot } from '../procedure/health.js';
import type { StepOutcome, StepTiming } from '../procedure/stepLedger.js';
import type { Action, ExpectedQuestion, StepId, StepState } from '../procedure/types.js';

/** The version of the machine-readable contract every JSON line and document carries (README "The JSON contract"). */
export const SCHEMA_VERSION = 'hitless/1';

/** What the exit code means, as one word a caller can switch on. */
export type RunOutcome = 'done' | 'internal-error' | 'bad-input' | 'precondition-failed' | 'stopped-safe';

/** What the journal keeps of an answered question. */
export type QuestionAnswered = Pick<AnsweredQuestion, 'id' | 'text' | 'reply' | 'reason' | 'refused'>;

export type ConfirmAnswer = 'confirm' | 'skip' | 'abort';

/** How far a file pushed to the switch has got (a local --image): rate and time left once a rate is known. */
export interface TransferProgress {
  bytesSent: number;
  bytesTotal: number;
  bytesPerSecond?: number;
  secondsLeft?: number;
}

/** What the operator is asked to confirm before a command that changes the chassis. */
export interface ConfirmRequest {
  step: StepId;
  action: Action;
  /** What confirming does, e.g. "Roll back MSM-B: boot its primary partition next". */
  title: string;
  /** The command sent on confirm; for a decision, what hitless then does (nothing is sent). */
  command: string;
  /** Confirming sends nothing to the switch: the operator decides how the run goes on. */
  decision?: true;
  questions: ExpectedQuestion[];
  evidence: string[];
  canSkip: boolean;
}


/** How the rollback of a backup that did not come up ended: `not-offered` in a headless run without --rollback-on-failure. */
export type RollbackOutcome = 'done' | 'not-offered' | 'declined' | 'refused' | 'failed';

export type { StepTiming } from '../procedure/stepLedger.js';

/** One MSM as the last `show switch` of the run showed it (the journal's final state; added at run-end). */
export interface FinalNodeState {
  name: string;
  state: string;
  booted?: Partition;
  /** The partition it boots next time. */
  selected?: Partition;
  primary?: string;
  secondary?: string;
}

/** The data plane at run-end: the baseline and the last read after it (summaries), and what was lost in between. */
export interface RunHealth {
  before?: { at: string; summary: string };
  after?: { at: string; phase: Exclude<HealthPhase, 'baseline'>; summary: string };
  /** Modules and ports lost since the baseline at the last read ([] when none, or no read after the baseline). */
  regressions: HealthRegression[];
  description?: string;
}

/** The rollback of a backup that did not come up, as its `rollback` event said (the last one of the run). */
export type RunRollback = { slot: MsmSlot; failedOn: string; state: string; to: string; outcome: RollbackOutcome; message: string };

/** When a wait gives up, and what sets that limit (e.g. "--step-timeout"), so the screen can count down to it. */
export interface WaitDeadline {
  at: string;
  setBy: string;
}

/** When the I/O modules and links were read: before the first destructive step, after a failover, at the final verify. */
export type HealthPhase = 'baseline' | 'after-failover' | 'verify';

/** How screens, text output and the report name each phase. */
export const HEALTH_PHASE_LABEL: Record<HealthPhase, string> = { baseline: 'before', 'after-failover': 'after the failover', verify: 'at verify' };

/** How a proven console is told, headless and on the screen: "MSM-A console: logged in via ops:port05@cs1:22". */
export const consoleReadyText = ({ slot, via, loggedIn }: { slot: MsmSlot; via: string; loggedIn: boolean }): string =>
  `MSM-${slot} console: ${loggedIn ? 'logged in' : 'at the EXOS prompt (a login was already open)'} via ${via}`;

export type EngineEventBody =
  /** `hitless`: the version that ran (hitless --version); absent in journals written before it was recorded. */
  | { type: 'run-start'; operator: string; target: string; host: string; mode: 'upgrade' | 'rollback' | 'plan' | 'status'; hitless?: string }
  | { type: 'connecting'; description: string; attempt: number }
  | { type: 'connected'; description: string }
  | { type: 'disconnected'; reason: string; expected: boolean }
  | { type: 'state'; show: ShowSwitch; images?: InstalledImage[] }
  | { type: 'decision'; action: Action; evidence: string[]; checklist: Record<StepId, StepState> }
  | { type: 'step-start'; step: StepId; command?: string }
  | { type: 'step-end'; step: StepId; outcome: StepOutcome; detail?: string; durationMs?: number }
  | { type: 'confirm-request'; step: StepId; title?: string; command: string; decision?: true; questions: ExpectedQuestion[]; evidence: string[] }
  /** `by`: what gave the answer, e.g. "key c", "--yes", "terminal: yes". */
  | { type: 'confirm-response'; step: StepId; answer: ConfirmAnswer; by: string }
  | { type: 'command'; command: string; step?: StepId }
  | { type: 'question'; step?: StepId; question: QuestionAnswered }
  | { type: 'progress'; slot?: MsmSlot; activity: string; deadline?: WaitDeadline }
  | { type: 'warning'; message: string }
  /** A local --image is being copied to the switch's file system over the SSH login (SFTP, or SCP where refused). */
  | { type: 'transfer-start'; file: string; bytesTotal: number; via: 'sftp' | 'scp' }
  /** How far it has got: at most two a second, shown but never journaled (too many). */
  | ({ type: 'transfer-progress' } & TransferProgress)
  /** `bytesSent`: as the transfer counted them; `ls` then says whether the switch holds them all. */
  | { type: 'transfer-end'; file: string; bytesSent: number; outcome: 'done' | 'failed' }
  /** A line from an MSM's serial console while it boots; `failure`: it shows the boot failed (evidence). */
  | { type: 'console-line'; slot: MsmSlot; line: string; failure: boolean }
  /**
   * Before the first destructive step: an MSM's console was reached through `via` (the console server login) and
   * showed the EXOS prompt; `loggedIn` false when a login was already open there (no password was typed).
   */
  | { type: 'console-ready'; slot: MsmSlot; via: string; loggedIn: boolean }
  /**
   * A backup did not come up on `failedOn` (`state`); rolled back (or not) to `to`. `message` is the run's one line;
   * `consoleLines`: what the serial consoles showed of the boot failure, when a console was watched.
   */
  | { type: 'rollback'; slot: MsmSlot; failedOn: string; state: string; to: string; outcome: RollbackOutcome; message: string; consoleLines?: string[] }
  /** `regressions`: what was Operational / Active at the baseline and is not now; `description` names them on one line. */
  | { type: 'health'; phase: HealthPhase; snapshot: HealthSnapshot; summary: string; regressions: HealthRegression[]; description?: string }
  /** `advice`: what the operator should do next, when that is not simply rerunning (e.g. a refusal). */
  | { type: 'error'; kind: ErrorKind; message: string; exitCode: ExitCode; advice?: string }
  /**
   * The last event of a run: what a caller needs without reading the stream. `changed`: a command that changes the
   * chassis was sent in this run; `journal`: the run's journal file; `next`: what the operator should do now, true for
   * this outcome (run/nextStep.ts). The run's emitters always fill outcome, next, changed and warnings; they are
   * optional here for journals written before them.
   */
  | {
      type: 'run-end';
      hitless?: string;
      exitCode: number;
      summary: string;
      next?: string;
      outcome?: RunOutcome;
      /** Done, but the final verify found I/O modules or ports lost since the baseline (`health.regressions` names them). */
      regressed?: true;
      changed?: boolean;
      /** Each MSM as the last `show switch` of the run showed it, and when that was read. */
      finalState?: FinalNodeState[];
      finalStateAt?: string;
      /** What happened after that read that it does not show (a command sent, the link lost): the chassis may differ. */
      sinceFinalState?: string[];
      steps?: StepTiming[];
      journal?: string;
      /** Absolute path of the copy of the configuration as it was before the run's (or its upgrade's) first destructive step. */
      configCopy?: string;
      warnings?: string[];
      /** When the I/O modules and links were read in this run. */
      health?: RunHealth;
      /** When a backup had to be rolled back (or was left as it was) in this run. */
      rollback?: RunRollback;
    };

/** `schema`: set by the emitter; absent only in journals written before the contract was versioned. */
export type EngineEvent = EngineEventBody & { at: string; schema?: typeof SCHEMA_VERSION };

export type EventSink = (event: EngineEvent) => void;
