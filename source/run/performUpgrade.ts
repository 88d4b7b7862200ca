// Performs one upgrade run: announces it, runs the engine over the run's connection, and turns every user-facing
// failure into events and an exit code. The headless command, the full-screen console and the fleet all end here.
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { emitError, type ExitCode } from '../errors.js';
import type { ConfirmAnswer, EngineEventBody, RunOutcome } from '../engine/events.js';
import { fileRunStateStore, memoryRunStateStore, runStateFile } from '../engine/runState.js';
import type { HealthCheckOptions } from '../engine/healthCheck.js';
import { runUpgrade, type ConfirmRequest, type EngineTiming, type UpgradeDeps } from '../engine/upgrade.js';
import type { UpgradeTarget } from '../procedure/types.js';
import { confirmationOf, createAuditTrail, type Confirmation } from '../record/auditTrail.js';
import { isSimulated, type UpgradeOptions } from './args.js';
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
    ...(journal ? { journal: resolve(journal) } : {}),
  };
}

/** Wraps `emit` to remember what decides the advice at the end: the last error and a rollback. */
function endFactsTracker(emit: (event: EngineEventBody) => void): { emit: (event: EngineEventBody) => void; facts: (exitCode: ExitCode) => RunEndFacts } {
  let error: RunEndFacts['error'];
  let rollback: RunEndFacts['rollback'];
  return {
    emit(event) {
      if (event.type === 'error') error = { kind: event.kind, advice: event.advice };
      if (event.type === 'rollback') rollback = { slot: event.slot, outcome: event.outcome, message: event.message };
      emit(event);
    },
    facts: (exitCode) => ({ exitCode, error, rollback }),
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
  };
}

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
}

/** Announces the run, runs the engine, and turns every user-facing failure into events and an exit code. */
export async function performUpgrade(run: UpgradeRun): Promise<ExitCode> {
  const { options, target, connection } = run;
  const audit = createAuditTrail(run.emit);
  const { emit, facts } = endFactsTracker(audit.emit);
  const confirm: UpgradeDeps['confirm'] = async (request) => {
    const { answer, by } = confirmationOf(await run.confirm(request));
    audit.confirmedBy(by);
    return answer;
  };
  const label = targetLabel(target);
  try {
    emit({
      type: 'run-start',
      hitless: HITLESS_VERSION,
      mode: target.rollback ? 'rollback' : 'upgrade',
      operator: `${userInfo().username}@${hostname()}`,
      host: `${connection.target.host}:${connection.target.port}`,
      target: label,
    });
    const exitCode = await runUpgrade({
      openSession: connection.openSession,
      target,
      targetLabel: label,
      connectionLabel: `${connection.target.host}:${connection.target.port}`,
      emit,
      confirm,
      signal: run.signal,
      runState: isSimulated(options) ? memoryRunStateStore() : fileRunStateStore(runStateFile(connection.target.host, connection.target.port)),
      timing: timingFrom(options),
      // The full-screen console asks in a dialog; a headless run only when the operator said so up front.
      offerRollback: !options.headless || options.rollbackOnFailure,
      health: healthCheckFrom(options, run.operatorPresent ?? false),
      ...(connection.consoleEvidence && { consoleEvidence: connection.consoleEvidence }),
    });
    emit(runEnd(facts(exitCode), options.journal));
    return exitCode;
  } catch (err) {
    const exitCode = emitError(err, emit);
    emit(runEnd(facts(exitCode), options.journal));
    return exitCode;
  }
}

/** A run that failed before the engine started (bad input, no connection): its error event, then its run-end. */
export function endFailedRun(err: unknown, emit: (event: EngineEventBody) => void, journal?: string): ExitCode {
  const { emit: tracked, facts } = endFactsTracker(emit);
  const exitCode = emitError(err, tracked);
  createAuditTrail(emit).emit(runEnd(facts(exitCode), journal));
  return exitCode;
}

/** Wraps opening (credential lookup, first session), where a password or host-key question may appear on the terminal. */
export type OpenGate = <T>(open: () => Promise<T>) => Promise<T>;

export interface ConnectedUpgrade {
  run: PreparedRun;
  emit: (event: EngineEventBody) => void;
  confirm: Confirm;
  operatorPresent?: boolean;
  signal?: AbortSignal;
  /** The switch's raw output and the warnings of the connection; default: none and a stderr line. */
  io?: Omit<RunConnectionIo, 'redactor'>;
  /** The fleet's one-at-a-time gate, so questions of several chassis never interleave. */
  gate?: OpenGate;
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
  const { run, emit, gate = (open) => open() } = upgrade;
  let connected: RunConnection;
  try {
    // SSH (and the simulator) load only when a run connects: never for a command that stops at bad input.
    const { openRunConnection } = await import('./runConnection.js');
    connected = await gate(() => openRunConnection(run.options, { ...upgrade.io, redactor: run.redactor, onConsoleLine: consoleLineEvents(emit, upgrade.io) }));
  } catch (err) {
    return endFailedRun(err, emit, run.options.journal);
  }
  try {
    let opened = false;
    const { connection } = connected;
    const openSession = () => (opened ? connection.openSession() : ((opened = true), gate(connection.openSession)));
    return await performUpgrade({
      options: run.options,
      target: run.target,
      connection: { ...connection, openSession },
      emit,
      confirm: upgrade.confirm,
      operatorPresent: upgrade.operatorPresent,
      signal: upgrade.signal,
    });
  } finally {
    await connected.close();
  }
}
