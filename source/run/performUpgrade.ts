// Performs one upgrade run: announces it, runs the engine over the run's connection, and turns every user-facing
// failure into events and an exit code. The headless command, the full-screen console and the fleet all end here.
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { emitError, type ExitCode } from '../errors.js';
import type { ConfirmAnswer, EngineEventBody, RunOutcome } from '../engine/events.js';
import { fileRunStateStore, memoryRunStateStore, runStateFile } from '../engine/runState.js';
import { runUpgrade, type ConfirmRequest, type EngineTiming, type UpgradeDeps } from '../engine/upgrade.js';
import type { UpgradeTarget } from '../procedure/types.js';
import { confirmationOf, createAuditTrail, type Confirmation } from '../record/auditTrail.js';
import type { UpgradeOptions } from './args.js';
import type { Connection, ConnectionIo } from './connect.js';
import type { PreparedRun } from './prepareRun.js';
import { openRunConnection, type RunConnection } from './runConnection.js';
import { targetLabel } from './target.js';

/** The run-end event's summary; the full meaning of each code is errors.ts EXIT_MEANING. */
const OUTCOME_SUMMARY: Record<ExitCode, string> = {
  0: 'done',
  1: 'internal error',
  2: 'bad input',
  3: 'a precondition failed; nothing was changed',
  4: 'stopped in a safe state; rerun the same command to resume',
};

const OUTCOME: Record<ExitCode, RunOutcome> = {
  0: 'done',
  1: 'internal-error',
  2: 'bad-input',
  3: 'precondition-failed',
  4: 'stopped-safe',
};

/** The run-end event for `exitCode` (the audit trail adds steps, final state, warnings and whether anything changed). */
export function runEnd(exitCode: ExitCode, journal: string | undefined): Extract<EngineEventBody, { type: 'run-end' }> {
  return { type: 'run-end', exitCode, summary: OUTCOME_SUMMARY[exitCode], outcome: OUTCOME[exitCode], ...(journal ? { journal: resolve(journal) } : {}) };
}

export function timingFrom(options: UpgradeOptions): EngineTiming {
  const stepTimeoutMs = options.stepTimeoutSeconds * 1000;
  return {
    pollMs: options.pollSeconds * 1000,
    stepTimeoutMs,
    shortWaitMs: Math.min(stepTimeoutMs, 120_000),
    reconnectTimeoutMs: stepTimeoutMs,
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
  signal?: AbortSignal;
}

/** Announces the run, runs the engine, and turns every user-facing failure into events and an exit code. */
export async function performUpgrade(run: UpgradeRun): Promise<ExitCode> {
  const { options, target, connection } = run;
  const audit = createAuditTrail(run.emit);
  const emit = audit.emit;
  const confirm: UpgradeDeps['confirm'] = async (request) => {
    const { answer, by } = confirmationOf(await run.confirm(request));
    audit.confirmedBy(by);
    return answer;
  };
  const label = targetLabel(target);
  try {
    emit({
      type: 'run-start',
      mode: 'upgrade',
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
      runState: options.simulate ? memoryRunStateStore() : fileRunStateStore(runStateFile(connection.target.host, connection.target.port)),
      timing: timingFrom(options),
    });
    emit(runEnd(exitCode, options.journal));
    return exitCode;
  } catch (err) {
    const exitCode = emitError(err, emit);
    emit(runEnd(exitCode, options.journal));
    return exitCode;
  }
}

/** A run that failed before the engine started (bad input, no connection): its error event, then its run-end. */
export function endFailedRun(err: unknown, emit: (event: EngineEventBody) => void, journal?: string): ExitCode {
  const exitCode = emitError(err, emit);
  createAuditTrail(emit).emit(runEnd(exitCode, journal));
  return exitCode;
}

/** Wraps opening (credential lookup, first session), where a password or host-key question may appear on the terminal. */
export type OpenGate = <T>(open: () => Promise<T>) => Promise<T>;

export interface ConnectedUpgrade {
  run: PreparedRun;
  emit: (event: EngineEventBody) => void;
  confirm: Confirm;
  signal?: AbortSignal;
  /** The switch's raw output and the warnings of the connection; default: none and a stderr line. */
  io?: Omit<ConnectionIo, 'redactor'>;
  /** The fleet's one-at-a-time gate, so questions of several chassis never interleave. */
  gate?: OpenGate;
}

/** Opens the run's connections, performs the upgrade and closes them; a failure to connect is the run's error event. */
export async function connectAndUpgrade(upgrade: ConnectedUpgrade): Promise<ExitCode> {
  const { run, emit, gate = (open) => open() } = upgrade;
  let connected: RunConnection;
  try {
    connected = await gate(() => openRunConnection(run.options, { ...upgrade.io, redactor: run.redactor }));
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
      signal: upgrade.signal,
    });
  } finally {
    await connected.close();
  }
}
