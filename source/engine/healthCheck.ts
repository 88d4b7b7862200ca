// The data plane before and after: a baseline of `show slot` and `show ports no-refresh` before the first destructive
// step, the same read again after each failover and at the final verify. A module or link lost since the baseline is
// given the settle time to come back; if it does not, the run stops before its next destructive step unless the
// operator, asked on the full-screen console, chooses to continue.
import { SHOW_PORTS_NO_REFRESH, SHOW_SLOT } from '../exos/commands.js';
import { parseShowPortsNoRefresh } from '../exos/parseShowPorts.js';
import { parseShowSlot } from '../exos/parseShowSlot.js';
import { EXIT, HitlessError, type ExitCode } from '../errors.js';
import {
  compareHealth,
  describeRegressions,
  healthSnapshot,
  summarizeHealth,
  type HealthRegression,
  type HealthSnapshot,
} from '../procedure/health.js';
import type { Action, StepId } from '../procedure/types.js';
import type { ConfirmAnswer, EngineEventBody, HealthPhase } from './events.js';
import type { RunState, RunStateStore } from './runState.js';
import type { SessionLike } from './sessionLike.js';

export interface HealthCheckOptions {
  /** False with --no-health-check: nothing is read or compared (the run warns once that the check is off). */
  enabled: boolean;
  /** How long a regression may take to clear (links renegotiate) before it stops the run. */
  settleMs: number;
  /** True when an operator can answer a question (full-screen console, terminal prompt); never for --yes. */
  canAsk: boolean;
  /** --accept-health-regression: continue past a regression that did not clear, with a warning. */
  acceptRegression: boolean;
}

export const DEFAULT_HEALTH_SETTLE_SECONDS = 60;

export interface HealthCheckDeps {
  options: HealthCheckOptions;
  emit: (event: EngineEventBody) => void;
  /** Asks the operator whether to continue despite a regression; the command label names what is lost. */
  confirm: (step: StepId, action: Action, command: string, evidence: string[]) => Promise<ConfirmAnswer>;
  runState: RunStateStore;
  targetLabel: string;
  pollMs: number;
  readTimeoutMs: number;
  /** The run's exit code for a stop now: 3 while nothing has changed, else 4. */
  stopCode: () => ExitCode;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

type SavedHealth = NonNullable<RunState['health']>;

/** A stable name for a regression, so one the operator accepted is not asked about again. */
const regressionKey = (regression: HealthRegression): string =>
  regression.kind === 'module' ? `module ${regression.name}` : `port ${regression.port}`;

const PHASE_SINCE: Record<Exclude<HealthPhase, 'baseline'>, string> = {
  'after-failover': 'the failover',
  verify: 'the upgrade began',
};

export class HealthCheck {
  private warnedOff = false;

  constructor(private readonly deps: HealthCheckDeps) {}

  /** Once per run with --no-health-check: the journal says the check was off. */
  announce(): void {
    if (this.deps.options.enabled || this.warnedOff) return;
    this.warnedOff = true;
    this.deps.emit({ type: 'warning', message: 'health check off (--no-health-check): I/O modules and links are not compared before and after the failover' });
  }

  /**
   * Before a destructive step: takes the baseline when none is kept for this target, or finishes a check that a
   * failover made due and an interrupted run did not complete.
   */
  async beforeDestructive(session: SessionLike, action: Action, failoverHappened: boolean): Promise<void> {
    if (!this.deps.options.enabled) return;
    const saved = this.saved();
    if (!saved) {
      const baseline = await this.read(session);
      this.save({ target: this.deps.targetLabel, baseline, accepted: [], checkDue: false });
      this.deps.emit({ type: 'health', phase: 'baseline', snapshot: baseline, summary: summarizeHealth(baseline), regressions: [] });
      if (failoverHappened) {
        this.deps.emit({ type: 'warning', message: 'no health baseline from before the first failover was kept; later checks compare against the chassis as it is now' });
      }
      return;
    }
    if (saved.checkDue) await this.check(session, action.step, action, 'after-failover');
  }

  /** Once the new master is reached after a failover. */
  async afterFailover(session: SessionLike, step: StepId, action: Action): Promise<void> {
    const saved = this.saved();
    if (!this.deps.options.enabled || !saved) return;
    this.save({ ...saved, checkDue: true });
    await this.check(session, step, action, 'after-failover');
  }

  /** At the final verify; a clean result ends this target's baseline. */
  async atVerify(session: SessionLike, action: Action): Promise<void> {
    if (!this.deps.options.enabled) return;
    if (!this.saved()) {
      const now = await this.read(session);
      this.deps.emit({ type: 'health', phase: 'verify', snapshot: now, summary: summarizeHealth(now), regressions: [] });
      return;
    }
    await this.check(session, 'verify', action, 'verify');
    this.forget();
  }

  /** Returns once nothing is lost (or the operator accepted it); throws the run's stop otherwise. */
  private async check(session: SessionLike, step: StepId, action: Action, phase: Exclude<HealthPhase, 'baseline'>): Promise<void> {
    const saved = this.saved()!;
    const since = PHASE_SINCE[phase];
    const settleUntil = this.deps.now() + this.deps.options.settleMs;
    for (;;) {
      const now = await this.read(session);
      // The event names everything lost since the baseline, accepted or not: an accepted loss is still a loss.
      const lost = compareHealth(saved.baseline, now);
      const regressions = lost.filter((r) => !saved.accepted.includes(regressionKey(r)));
      const description = describeRegressions(regressions, since);
      const settled = regressions.length === 0 || this.deps.now() >= settleUntil;
      if (settled) {
        const allLost = describeRegressions(lost, since);
        this.deps.emit({ type: 'health', phase, snapshot: now, summary: summarizeHealth(now), regressions: lost, ...(allLost && { description: allLost }) });
      }
      if (regressions.length === 0) {
        this.save({ ...saved, checkDue: false });
        return;
      }
      if (settled) return this.regressionStays(step, action, saved, regressions, description);
      const left = Math.ceil((settleUntil - this.deps.now()) / 1000);
      this.deps.emit({ type: 'progress', activity: `${description}; waiting up to ${left} s for them to come back` });
      await this.deps.sleep(Math.min(this.deps.pollMs, Math.max(0, settleUntil - this.deps.now())));
    }
  }

  private async regressionStays(step: StepId, action: Action, saved: SavedHealth, regressions: HealthRegression[], description: string): Promise<void> {
    const settle = Math.round(this.deps.options.settleMs / 1000);
    const accept = () => {
      this.save({ ...saved, accepted: [...saved.accepted, ...regressions.map(regressionKey)], checkDue: false });
    };
    if (this.deps.options.acceptRegression) {
      this.deps.emit({ type: 'warning', message: `continuing despite ${description} (--accept-health-regression)` });
      accept();
      return;
    }
    if (this.deps.options.canAsk) {
      const lost = regressions.some((r) => r.kind === 'module') ? 'continue despite failed I/O modules and lost ports' : 'continue despite lost ports';
      const answer = await this.deps.confirm(step, action, lost, [description, `still so after the ${settle} s settle time`]);
      if (answer === 'confirm') {
        this.deps.emit({ type: 'warning', message: `the operator continued despite ${description}` });
        accept();
        return;
      }
    }
    const stopped = action.kind === 'done' ? 'the upgrade is done, but the failover was not hitless' : 'stopped before the next step';
    throw new HitlessError(
      'health-regression',
      `${description} (still so after ${settle} s); ${stopped}. Check the chassis, then rerun (--accept-health-regression to continue anyway)`,
      EXIT.stoppedSafe,
    );
  }

  private async read(session: SessionLike): Promise<HealthSnapshot> {
    const options = { idleTimeoutMs: this.deps.readTimeoutMs };
    const slots = parseShowSlot((await session.run(SHOW_SLOT, options)).output);
    if (!slots.ok) throw this.unreadable(SHOW_SLOT, slots.reason);
    const ports = parseShowPortsNoRefresh((await session.run(SHOW_PORTS_NO_REFRESH, options)).output);
    if (!ports.ok) throw this.unreadable(SHOW_PORTS_NO_REFRESH, ports.reason);
    return healthSnapshot(slots.value, ports.value);
  }

  private unreadable(command: string, reason: string): HitlessError {
    return new HitlessError('unparsable', `cannot read "${command}" for the health check: ${reason} (--no-health-check skips the check)`, this.deps.stopCode());
  }

  private saved(): SavedHealth | undefined {
    const health = this.deps.runState.load()?.health;
    return health?.target === this.deps.targetLabel ? health : undefined;
  }

  private save(health: SavedHealth): void {
    const state = this.deps.runState.load();
    this.deps.runState.save({ ...state, target: state?.target ?? this.deps.targetLabel, health });
  }

  private forget(): void {
    const state = this.deps.runState.load();
    if (state?.health) this.deps.runState.save({ ...state, health: undefined });
  }
}
