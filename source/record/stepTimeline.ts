// When each checklist step started and ended, folded from the engine's events. A step starts when it first becomes
// the current one (a decision, a confirmation request, step-start) and ends with its step-end or with a checklist
// that shows it finished. One timeline feeds the recordings' step markers, the journal's timings and the report.
import type { EngineEventBody, StepTiming } from '../engine/events.js';
import type { StepId, StepState } from '../procedure/types.js';

type FinalOutcome = NonNullable<StepTiming['outcome']>;

const FINAL: ReadonlySet<StepState> = new Set<StepState>(['done', 'skipped', 'failed']);

interface OpenTiming {
  startedAt: number;
  endedAt?: number;
  outcome?: FinalOutcome;
}

export class StepTimeline {
  private readonly steps = new Map<StepId, OpenTiming>();

  /** Folds one event in (at `atMs`); returns the step that started with it, if one did. */
  observe(event: EngineEventBody, atMs: number): StepId | undefined {
    switch (event.type) {
      case 'decision': {
        for (const [step, state] of Object.entries(event.checklist) as [StepId, StepState][]) {
          if (FINAL.has(state) && step !== event.action.step) this.end(step, state as FinalOutcome, atMs);
        }
        const started = this.start(event.action.step, atMs);
        if (event.action.kind === 'stop') this.end(event.action.step, 'failed', atMs);
        return started;
      }
      case 'step-start':
      case 'confirm-request':
        return this.start(event.step, atMs);
      case 'step-end':
        this.end(event.step, event.outcome, atMs);
        return undefined;
      default:
        return undefined;
    }
  }

  /** Milliseconds the step has taken so far (until its end, once it ended). */
  durationMs(step: StepId, atMs: number): number | undefined {
    const timing = this.steps.get(step);
    return timing ? (timing.endedAt ?? atMs) - timing.startedAt : undefined;
  }

  /** The steps that started, in the order they started. */
  timings(): StepTiming[] {
    return [...this.steps].map(([step, timing]) => ({
      step,
      startedAt: new Date(timing.startedAt).toISOString(),
      ...(timing.endedAt !== undefined
        ? { endedAt: new Date(timing.endedAt).toISOString(), durationMs: timing.endedAt - timing.startedAt, outcome: timing.outcome }
        : {}),
    }));
  }

  private start(step: StepId, atMs: number): StepId | undefined {
    const timing = this.steps.get(step);
    if (!timing) {
      this.steps.set(step, { startedAt: atMs });
      return step;
    }
    // Current again after it ended (a retry after a dropped link): it is running again, timed from its first start.
    if (timing.endedAt !== undefined) this.steps.set(step, { startedAt: timing.startedAt });
    return undefined;
  }

  private end(step: StepId, outcome: FinalOutcome, atMs: number): void {
    const timing = this.steps.get(step);
    if (timing && timing.endedAt === undefined) this.steps.set(step, { ...timing, endedAt: atMs, outcome });
  }
}
