// What a command handler may do: read and change the chassis, talk to the terminal, ask questions.
import type { ChassisModel } from '../chassisModel.js';
import type { Question } from '../exosText.js';
import type { OutageKind } from '../safetyOracle.js';
import type { MsmSlot, ChassisSpec } from '../scenarios.js';
import type { SimClock } from '../simClock.js';

export interface SessionSettings {
  paging: boolean;
  prompting: boolean;
  /** `configure cli lines N`; the pty height otherwise. */
  pageLines?: number;
}

export interface CommandContext {
  readonly chassis: ChassisModel;
  readonly scenario: ChassisSpec;
  readonly clock: SimClock;
  /** The MSM this session is logged in to. */
  readonly msm: MsmSlot;
  readonly settings: SessionSettings;
  write(text: string): void;
  line(text?: string): void;
  /** Output that goes through the pager. */
  page(lines: string[]): Promise<void>;
  /** Lines on the terminal (`configure cli lines`, else the pty height); 0 when unknown (no pty). */
  readonly screenRows: number;
  /** The next key typed, for full-screen output such as the `show ports` monitor. */
  key(): Promise<string>;
  /** Asks (or, with prompting disabled, takes the unattended answer); Ctrl-C abandons the command. */
  ask(question: Question): Promise<string>;
  /** Writes `count` progress dots spread over a chassis duration. */
  progress(count: number, chassisMs: number): Promise<void>;
  recordOutage(kind: OutageKind, detail: string): void;
  endSession(): void;
}
