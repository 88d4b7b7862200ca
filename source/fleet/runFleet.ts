// Runs one upgrade per chassis with at most `concurrency` at once. With onFailure 'stop' the first failure, and in any
// case the operator's stop, start nothing new and ask the running upgrades to stop at their next safe point (never
// inside a command). maxFailures failures, or a canary that did not end exit 0, only hold back new starts; the rest
// of the fleet waits for every canary to end (and for afterCanary) before it starts. The fleet view may also stop one chassis on its own, and pause the starts.
import type { EngineEvent } from '../engine/events.js';
import { EXIT, HitlessError, type ExitCode } from '../errors.js';
import type { FleetChassis, FleetPlan } from './fleetFile.js';

export interface ChassisOutcome {
  exitCode: ExitCode;
  /** One line: what the run ended with (its last error, or its summary). */
  detail: string;
  /** The run ended because it was asked to stop (the abort signal), not by a failure of its own. */
  stopped: boolean;
  /** The chassis run's own run-end (absent when the run never started, e.g. its journal could not be opened). */
  runEnd?: Extract<EngineEvent, { type: 'run-end' }>;
}

export type ChassisState = 'done' | 'failed' | 'stopped' | 'not started';

export interface ChassisResult {
  chassis: FleetChassis;
  state: ChassisState;
  /** Undefined for a chassis that was never started. */
  exitCode?: ExitCode;
  detail: string;
  /** The run's own line, without why the fleet stopped it (the fleet's stopReason says that once). */
  runDetail: string;
  durationMs: number;
  runEnd?: ChassisOutcome['runEnd'];
}

export interface FleetRunDeps {
  /** One headless upgrade; resolves with its exit code (never rejects for a chassis-level failure). */
  upgrade(chassis: FleetChassis, signal: AbortSignal): Promise<ChassisOutcome>;
  /** Each chassis as soon as it finishes. */
  onResult?(result: ChassisResult, finished: number): void;
  /** The operator's stop: nothing new starts and the running upgrades stop at their next safe point. */
  signal?: AbortSignal;
  /** The operator's stop of one chassis (the fleet view's s): that upgrade stops at its next safe point. */
  chassisSignal?(chassis: FleetChassis): AbortSignal | undefined;
  /** Resolves when a new chassis may start (the fleet view's pause); called before each start. */
  mayStart?(): Promise<void>;
  /** Each chassis as it starts. */
  onStart?(chassis: FleetChassis): void;
  /** Every canary chassis ended exit 0: resolves when the rest may start (the fleet view's g); absent, they start at once. */
  afterCanary?(canaries: ChassisResult[]): Promise<void>;
  now?: () => number;
}

export interface FleetResult {
  exitCode: ExitCode;
  /** In fleet-file order. */
  results: ChassisResult[];
  /** Why the fleet stopped, or started no more chassis, before every one had run (a failure, the operator, a limit). */
  stopReason?: string;
}

/** Worst first: an internal error (state unknown) outranks everything; otherwise the higher code is worse. */
const SEVERITY: readonly ExitCode[] = [EXIT.internal, EXIT.stoppedSafe, EXIT.precondition, EXIT.usage, EXIT.ok];

export function worstExitCode(codes: ExitCode[]): ExitCode {
  return SEVERITY.find((code) => codes.includes(code)) ?? EXIT.ok;
}

export async function runFleet(plan: FleetPlan, deps: FleetRunDeps): Promise<FleetResult> {
  const now = deps.now ?? Date.now;
  const results = new Map<FleetChassis, ChassisResult>();
  const stopRunning = new AbortController();
  /** Why the fleet stopped starting chassis: the first failure (onFailure stop) or the operator. */
  let stopReason: string | undefined;
  const stopAll = (reason: string) => {
    stopReason ??= reason;
    stopRunning.abort();
  };
  const stopBySignal = (signal: AbortSignal) => stopAll(signal.reason instanceof HitlessError ? signal.reason.message : 'the operator stopped the fleet');
  if (deps.signal?.aborted) stopBySignal(deps.signal);
  deps.signal?.addEventListener('abort', () => stopBySignal(deps.signal!), { once: true });
  /** Why no new chassis starts while the running ones go on (max-failures reached, a canary failed). */
  let holdReason: string | undefined;
  const holdStarts = (reason: string) => (holdReason ??= reason);
  let failures = 0;
  /** Running chassis the fleet's stop ended. */
  let stoppedByTheFleet = 0;
  let next = 0;
  let finished = 0;
  const canaries = plan.chassis.slice(0, plan.canary);
  let canaryJudged = canaries.length === 0;
  let canaryPassed: () => void = () => {};
  const canaryGate = new Promise<void>((resolve) => (canaryPassed = resolve));
  const judgeCanaries = async (): Promise<void> => {
    const ended = canaries.map((chassis) => results.get(chassis)!);
    const bad = ended.find((result) => result.exitCode !== EXIT.ok);
    if (bad) holdStarts(`canary ${bad.chassis.name} ended exit ${bad.exitCode}`);
    else await deps.afterCanary?.(ended);
    canaryJudged = true;
    canaryPassed();
  };

  const runOne = async (chassis: FleetChassis): Promise<void> => {
    const startedAt = now();
    deps.onStart?.(chassis);
    const own = deps.chassisSignal?.(chassis);
    let outcome: ChassisOutcome;
    try {
      outcome = await deps.upgrade(chassis, own ? AbortSignal.any([stopRunning.signal, own]) : stopRunning.signal);
    } catch (err) {
      outcome = { exitCode: EXIT.internal, detail: `internal error: ${err instanceof Error ? err.message : String(err)}`, stopped: false };
    }
    const stoppedAlone = outcome.stopped && own?.aborted === true;
    const stoppedByFleet = outcome.stopped && stopReason !== undefined && !stoppedAlone;
    const state: ChassisState = outcome.exitCode === EXIT.ok ? 'done' : stoppedByFleet || stoppedAlone ? 'stopped' : 'failed';
    // A chassis stopped on its own says so itself ("stopped by the operator before ...").
    if (stoppedByFleet) stoppedByTheFleet++;
    const detail = stoppedByFleet ? `stopped because ${stopReason}: ${outcome.detail}` : outcome.detail;
    const result: ChassisResult = {
      chassis,
      exitCode: outcome.exitCode,
      detail,
      runDetail: outcome.detail,
      state,
      durationMs: now() - startedAt,
      ...(outcome.runEnd && { runEnd: outcome.runEnd }),
    };
    results.set(chassis, result);
    if (state === 'failed') {
      failures++;
      if (plan.onFailure === 'stop') stopAll(`${chassis.name} failed`);
      else if (plan.maxFailures !== undefined && failures >= plan.maxFailures) holdStarts(`${failures} chassis failed (max-failures ${plan.maxFailures})`);
    }
    deps.onResult?.(result, ++finished);
    if (canaries.includes(chassis) && canaries.every((canary) => results.has(canary))) await judgeCanaries();
  };

  const more = () => next < plan.chassis.length && !stopRunning.signal.aborted && holdReason === undefined;
  const worker = async (): Promise<void> => {
    while (more()) {
      // A pause holds back the next start, never the end of a fleet with nothing left to start.
      await deps.mayStart?.();
      if (next >= canaries.length && !canaryJudged) {
        // Then round again: a pause keyed while the rest waited for the canary holds them too.
        await canaryGate;
        continue;
      }
      if (more()) await runOne(plan.chassis[next++]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(plan.concurrency, plan.chassis.length) }, worker));

  const ordered = plan.chassis.map(
    (chassis): ChassisResult => results.get(chassis) ?? { chassis, state: 'not started', detail: `not started because ${stopReason ?? holdReason}`, runDetail: '', durationMs: 0 },
  );
  const codes = ordered.flatMap((result) => (result.exitCode === undefined ? [] : [result.exitCode]));
  // Said only where it held some chassis back: a limit reached by the last chassis changed nothing.
  const why = stoppedByTheFleet > 0 || ordered.some((result) => result.state === 'not started') ? (stopReason ?? holdReason) : undefined;
  return { exitCode: worstExitCode(codes), results: ordered, ...(why !== undefined && { stopReason: why }) };
}
