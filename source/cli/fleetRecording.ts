// hitless fleet --record FILE.cast: the fleet view as an asciicast v2 recording (the single-chassis RunRecording's
// screen), redacted with the secrets of every chassis, with a marker per chassis outcome ("core-2: failed (exit 3)")
// and one for the fleet's.
import { basename } from 'node:path';
import { EXIT } from '../errors.js';
import type { FleetPlan } from '../fleet/fleetFile.js';
import type { ChassisResult, FleetResult } from '../fleet/runFleet.js';
import { Redactor } from '../record/redact.js';
import { outcomeMarker, RunRecording } from '../record/runRecording.js';
import { WriteFaults } from '../record/writeFaults.js';
import { runSecrets } from '../run/prepareRun.js';

/** "core-1: done", "core-2: failed (exit 3)", "core-4: not started". */
export const chassisOutcomeMarker = (result: ChassisResult): string =>
  `${result.chassis.name}: ${result.state}${result.exitCode === undefined || result.exitCode === EXIT.ok ? '' : ` (exit ${result.exitCode})`}`;

/** What is secret anywhere in the fleet is secret in its recording: each chassis' passwords and --redact patterns. */
export const fleetRedactor = (plan: FleetPlan): Redactor =>
  new Redactor({ secrets: plan.chassis.flatMap((chassis) => runSecrets(chassis.options)), patterns: plan.chassis.flatMap((chassis) => chassis.options.redact ?? []) });

export class FleetRecording {
  private constructor(
    private readonly recording: RunRecording,
    /** Also learns every password typed into a dialog. */
    readonly redactor: Redactor,
    /** Aborted when the recording cannot be written: the fleet then stops. */
    readonly faults: WriteFaults,
  ) {}

  /** `terminal`: the operator's terminal, drawn on too; without one the view is drawn into the recording only. */
  static open(plan: FleetPlan, file: string, terminal?: NodeJS.WriteStream): FleetRecording {
    const redactor = fleetRedactor(plan);
    const faults = new WriteFaults();
    const title = `hitless fleet ${basename(plan.file)}: ${plan.chassis.length} chassis`;
    const recording = RunRecording.open({ screen: file, onFailure: (path) => faults.reporter('recording', path) }, title, redactor, terminal);
    return new FleetRecording(recording, redactor, faults);
  }

  /** Where Ink draws. */
  get stdout(): NodeJS.WriteStream {
    return this.recording.stdout;
  }

  readonly chassisEnded = (result: ChassisResult): void => this.recording.screen.markAtNextFrame(chassisOutcomeMarker(result));

  /** The chassis that never started, then how the fleet ended. */
  fleetEnded(result: FleetResult): void {
    for (const notStarted of result.results.filter((r) => r.state === 'not started')) this.chassisEnded(notStarted);
    const totals = result.results.filter((r) => r.state === 'done').length;
    this.recording.screen.markAtNextFrame(outcomeMarker(result.exitCode, `${totals} of ${result.results.length} chassis done`));
  }

  close(): void {
    this.recording.close();
  }
}
