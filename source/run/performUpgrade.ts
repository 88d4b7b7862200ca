// Performs one upgrade run: announces it, runs the engine over the run's connection, and turns every user-facing
// failure into events and an exit code. The headless command, the full-screen console and the fleet all end here.
import { hostname, userInfo } from 'node:os';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ConfigKeeping } from '../engine/configKeeping.js';
import { writePrivateFile } from '../privateFiles.js';
import { redact, type Redactor } from '../record/redact.js';
import { emitError, EXIT, fileProblem, HitlessError, StopRequest, type ExitCode } from '../errors.js';
import type { ConfirmAnswer, EngineEventBody, RunOutcome } from '../engine/events.js';
import { memoryRunStateStore } from '../engine/runState.js';
import type { HealthCheckOptions } from '../engine/healthCheck.js';
import { runUpgrade, type ConfirmRequest, type EngineTiming, type UpgradeDeps } from '../engine/upgrade.js';
import type { UpgradeTarget } from '../procedure/types.js';
import type { MsmSlot } from '../exos/chassisState.js';
import { masterOf } from '../exos/chassisView.js';
import { confirmationOf, createAuditTrail, type Confirmation } from '../record/auditTrail.js';
import { isSimulated, type UpgradeOptions } from './args.js';
import { claimChassis, type ChassisRun } from './chassisRun.js';
import type { Connection } from './connect.js';
import type { PreparedRun } from './prepareRun.js';
import { consoleFallbackApplies, managementReconnectMs } from './reconnectTime.js';
import type { RunConnection, RunConnectionIo } from './runConnection.js';
import { nextStep, runEndSummary, type RunEndFacts } from './nextStep.js';
import { targetLabel } from './target.js';
import { HITLESS_VERSION } from '../version.js';

const OUTCOME: Record<ExitCode, RunOutcome> = {
  0: 'done',
  1: 'internal-error',
  2: 'bad-input',
  3: 'precondition-failed',
  4: 'stopped-safe',
};

/**
 * The run-end event for how the run ended (the audit trail adds steps, final state, warnings and whether anything
 * changed); the full meaning of each code is errors.ts EXIT_MEANING.
 */
export function runEnd(facts: RunEndFacts, journal: string | undefined): Extract<EngineEventBody, { type: 'run-end' }> {
  const { exitCode } = facts;
  return {
    type: 'run-end',
    hitless: HITLESS_VERSION,
    exitCode,
    summary: runEndSummary(facts),
    next: nextStep(facts),
    outcome: OUTCOME[exitCode],
    ...(exitCode === EXIT.ok && facts.regressions ? { regressed: true } : {}),
    ...(journal ? { journal: resolve(journal) } : {}),
    ...(facts.configCopy ? { configCopy: resolve(facts.configCopy) } : {}),
  };
}

/** Wraps `emit` to remember what decides the advice at the end: the last error, a rollback, the final verify. */
function endFactsTracker(emit: (event: EngineEventBody) => void): {
  emit: (event: EngineEventBody) => void;
  facts: (exitCode: ExitCode) => RunEndFacts;
  /** Facts handed over directly (staged, the configuration copy, a simulated chassis). */
  note: (more: Pick<RunEndFacts, 'staged' | 'configCopy' | 'simulated'>) => void;
} {
  const seen: Omit<RunEndFacts, 'exitCode' | 'mastership'> = {};
  const masters: MsmSlot[] = [];
  const track = (event: EngineEventBody): void => {
    switch (event.type) {
      case 'state': {
        const master = masterOf(event.show)?.slot;
        if (master) masters.push(master);
        return;
      }
      case 'error':
        seen.error = { kind: event.kind, message: event.message, advice: event.advice };
        return;
      case 'rollback':
        seen.rollback = { slot: event.slot, outcome: event.outcome, message: event.message, to: event.to, consoleLines: (event.consoleLines?.length ?? 0) > 0 };
        return;
      case 'health':
        if (event.phase === 'verify') seen.regressions = event.regressions.length > 0 ? event.description : undefined;
        return;
    }
  };
  return {
    emit(event) {
      track(event);
      emit(event);
    },
    facts: (exitCode) => {
      const [first, last] = [masters[0], masters.at(-1)];
      return { exitCode, ...seen, ...(first && last && first !== last && { mastership: { first, last } }) };
    },
    note: (more) => Object.assign(seen, more),
  };
}

export function timingFrom(options: UpgradeOptions): EngineTiming {
  const stepTimeoutMs = options.stepTimeoutSeconds * 1000;
  const managementMs = managementReconnectMs(options);
  return {
    pollMs: options.pollSeconds * 1000,
    stepTimeoutMs,
    shortWaitMs: Math.min(stepTimeoutMs, 120_000),
    // After management SSH's reconnect time, the console may still have to wait for an MSM to boot.
    reconnectTimeoutMs: consoleFallbackApplies(options) ? managementMs + stepTimeoutMs : managementMs,
    reconnectSetBy: options.reconnectTimeoutSeconds === undefined && !consoleFallbackApplies(options) ? '--step-timeout' : '--reconnect-timeout',
  };
}

/** What hitless keeps between runs for this chassis; a simulated chassis starts afresh each run, and so does its state. */
/** `operatorPresent`: someone answers confirmations (keys, a terminal prompt), not --yes. */
export function healthCheckFrom(options: UpgradeOptions, operatorPresent: boolean): HealthCheckOptions {
  return {
    enabled: options.healthCheck,
    settleMs: options.healthSettleSeconds * 1000,
    canAsk: operatorPresent,
    acceptRegression: options.acceptHealthRegression,
  };
}

/** A bare answer is journaled as given by "operator"; a Confirmation names what gave it (a key, --yes, ...). */
export type Confirm = (request: ConfirmRequest) => Promise<ConfirmAnswer | Confirmation>;

export interface UpgradeRun {
  options: UpgradeOptions;
  target: UpgradeTarget;
  connection: Connection;
  emit: (event: EngineEventBody) => void;
  confirm: Confirm;
  /** An operator answers the confirmations (full-screen keys, a terminal prompt): a lost link is asked about, not a stop. */
  operatorPresent?: boolean;
  signal?: AbortSignal;
  /** The chassis, when the caller claimed it before its first session (claimRunChassis); released at the end here. */
  claimed?: ChassisRun;
  /** The run's redactor, which the configuration copy goes through (default: the built-in rules). */
  redactor?: Redactor;
}

/**
 * One run per chassis: a simulated chassis belongs to this process alone; a real one is claimed (chassisRun.ts). A
 * failover an interrupted run sent, whose effect no run has seen yet, counts as just performed for the first session.
 */
export async function claimRunChassis(options: UpgradeOptions, connection: Connection, emit: (event: EngineEventBody) => void): Promise<ChassisRun | undefined> {
  if (isSimulated(options)) return undefined;
  const claimed = await claimChassis({ ...connection.target, journal: options.journal, warn: (message) => emit({ type: 'warning', message }) });
  const unconfirmedFailover = claimed.store.load()?.lastDestructive?.failoverFrom;
  if (unconfirmedFailover) connection.failoverPerformed?.(unconfirmedFailover);
  return claimed;
}

/** Announces the run, runs the engine, and turns every user-facing failure into events and an exit code. */
export async function performUpgrade(run: UpgradeRun): Promise<ExitCode> {
  const { options, target, connection } = run;
  const audit = createAuditTrail(run.emit);
  const { emit, facts, note } = endFactsTracker(audit.emit);
  if (options.simulate !== undefined || options.simulateFrom !== undefined) note({ simulated: true });
  const confirm: UpgradeDeps['confirm'] = async (request) => {
    const { answer, by } = confirmationOf(await run.confirm(request));
    audit.confirmedBy(by);
    return answer;
  };
  const label = targetLabel(target);
  let claimed = run.claimed;
  try {
    emit({
      type: 'run-start',
      hitless: HITLESS_VERSION,
      mode: target.rollback ? 'rollback' : 'upgrade',
      operator: `${userInfo().username}@${hostname()}`,
      host: `${connection.target.host}:${connection.target.port}`,
      target: label,
    });
    claimed ??= await claimRunChassis(options, connection, emit);
    await connection.proveConsoles?.((ready) => emit({ type: 'console-ready', ...ready }));
    const engineExit = await runUpgrade({
      openSession: connection.openSession,
      target,
      targetLabel: label,
      connectionLabel: `${connection.target.host}:${connection.target.port}`,
      emit,
      confirm,
      signal: run.signal,
      runState: claimed?.store ?? memoryRunStateStore(),
      timing: timingFrom(options),
      // The full-screen console asks in a dialog; a headless run only when the operator said so up front.
      offerRollback: !options.headless || options.rollbackOnFailure,
      health: healthCheckFrom(options, run.operatorPresent ?? false),
      ...(connection.consoleEvidence && { consoleEvidence: connection.consoleEvidence }),
      ...(connection.failoverPerformed && { failoverPerformed: (before) => connection.failoverPerformed!(before) }),
      configKeeping: configKeepingFor(run, (configCopy) => note({ configCopy })),
      onStaged: (staged) => note({ staged }),
    });
    const exitCode = afterLastSafePoint(run.signal, facts(engineExit), emit);
    emit(runEnd(facts(exitCode), options.journal));
    return exitCode;
  } catch (err) {
    const exitCode = emitError(err, emit);
    emit(runEnd(facts(exitCode), options.journal));
    return exitCode;
  } finally {
    claimed?.release();
  }
}

/**
 * A file that could not be written after the engine's last look at its stop signal (during the final step): the run
 * still says so, and does not end as done, since its journal or recording lacks the end.
 */
function afterLastSafePoint(signal: AbortSignal | undefined, facts: RunEndFacts, emit: (event: EngineEventBody) => void): ExitCode {
  const request: unknown = signal?.aborted ? signal.reason : undefined;
  if (!(request instanceof StopRequest) || facts.error?.message === request.message) return facts.exitCode;
  emit({ type: 'error', kind: request.kind, message: request.message, exitCode: request.exitCode, advice: request.advice });
  return facts.exitCode === EXIT.ok ? request.exitCode : facts.exitCode;
}

/**
 * The configuration copy goes beside the journal (`<journal>.config.txt`, redacted, 0600); with --save-config unsaved
 * changes are saved first, the full-screen console asks, a headless run warns.
 */
function configKeepingFor(run: UpgradeRun, kept: (path: string) => void): ConfigKeeping {
  const { options } = run;
  const unsaved = options.saveConfig ? 'save' : options.headless ? 'warn' : 'ask';
  if (!options.journal) return { unsaved };
  const path = `${options.journal.replace(/\.jsonl$/, '')}.config.txt`;
  return {
    unsaved,
    copy: {
      write: (configuration) => {
        try {
          writePrivateFile(path, run.redactor ? run.redactor.text(configuration) : redact(configuration));
        } catch (err) {
          // No upgrade goes on without its copy; the engine ends the run with its own stop code (3, or 4 once begun).
          throw new HitlessError('precondition', `cannot write the configuration copy ${path}: ${fileProblem(err)}; nothing more was sent`, EXIT.precondition, 'free space or fix the journal folder, then rerun');
        }
        kept(path);
        return path;
      },
      reuse: (earlier) => {
        if (!existsSync(earlier)) return false;
        kept(earlier);
        return true;
      },
    },
  };
}

/** A run that failed before the engine started (bad input, no connection): its error event, then its run-end. */
export function endFailedRun(err: unknown, emit: (event: EngineEventBody) => void, journal?: string): ExitCode {
  const { emit: tracked, facts } = endFactsTracker(emit);
  const exitCode = emitError(err, tracked);
  createAuditTrail(emit).emit(runEnd(facts(exitCode), journal));
  return exitCode;
}

export interface ConnectedUpgrade {
  run: PreparedRun;
  emit: (event: EngineEventBody) => void;
  confirm: Confirm;
  operatorPresent?: boolean;
  signal?: AbortSignal;
  /** The switch's raw output and the warnings of the connection; default: none and a stderr line. */
  io?: Omit<RunConnectionIo, 'redactor'>;
}

/** Boot lines seen on the consoles become events (journal, screen) and go wherever the caller wants them too (a recording). */
export const consoleLineEvents =
  (emit: (event: EngineEventBody) => void, io?: Pick<RunConnectionIo, 'onConsoleLine'>): NonNullable<RunConnectionIo['onConsoleLine']> =>
  (line) => {
    emit({ type: 'console-line', ...line });
    io?.onConsoleLine?.(line);
  };

/** Opens the run's connections, performs the upgrade and closes them; a failure to connect is the run's error event. */
export async function connectAndUpgrade(upgrade: ConnectedUpgrade): Promise<ExitCode> {
  const { run, emit } = upgrade;
  let connected: RunConnection;
  try {
    // SSH (and the simulator) load only when a run connects: never for a command that stops at bad input.
    const { openRunConnection } = await import('./runConnection.js');
    connected = await openRunConnection(run.options, { ...upgrade.io, redactor: run.redactor, onConsoleLine: consoleLineEvents(emit, upgrade.io) });
  } catch (err) {
    return endFailedRun(err, emit, run.options.journal);
  }
  try {
    const { connection } = connected;
    return await performUpgrade({
      options: run.options,
      target: run.target,
      connection,
      emit,
      confirm: upgrade.confirm,
      operatorPresent: upgrade.operatorPresent,
      signal: upgrade.signal ? AbortSignal.any([upgrade.signal, run.writeFaults.signal]) : run.writeFaults.signal,
      redactor: run.redactor,
    });
  } finally {
    await connected.close();
  }
}
