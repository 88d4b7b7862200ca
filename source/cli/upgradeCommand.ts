// hitless upgrade: the full procedure, headless (events as text or JSON lines) or in the full-screen console.
import { hostname, userInfo } from 'node:os';
import { EXIT, HitlessError, type ExitCode } from '../errors.js';
import { createEmitter } from '../engine/emitter.js';
import type { ConfirmAnswer, EngineEvent, EngineEventBody, EventSink } from '../engine/events.js';
import type { UpgradeTarget } from '../procedure/types.js';
import { fileRunStateStore, memoryRunStateStore, runStateFile } from '../engine/runState.js';
import { runUpgrade, type ConfirmRequest, type EngineTiming, type UpgradeDeps } from '../engine/upgrade.js';
import { confirmationOf, createAuditTrail, type Confirmation } from '../record/auditTrail.js';
import { openJournal } from '../record/journal.js';
import { prepareRecordedRendering } from '../record/liveFrames.js';
import { configureRedaction, redact, redactingSink, secretsFromEnvironment } from '../record/redact.js';
import { CONSOLE_SIZE, RunRecording } from '../record/runRecording.js';
import { StreamRedactor } from '../record/streamRedactor.js';
import { SCENARIOS } from '../simulator/index.js';
import { parseUpgradeArgs, type UpgradeOptions } from '../run/args.js';
import type { Connection } from '../run/connect.js';
import { openRunConnection, type RunConnection } from '../run/runConnection.js';
import { formatEvent } from './eventFormat.js';
import { targetFrom, targetLabel } from '../run/target.js';
import { askLine, canPrompt } from '../run/ttyPrompt.js';

const EXIT_MEANING: Record<ExitCode, string> = {
  0: 'done',
  1: 'internal error',
  2: 'bad input',
  3: 'a precondition failed; nothing was changed',
  4: 'stopped in a safe state; rerun the same command to resume',
};

export function timingFrom(options: UpgradeOptions): EngineTiming {
  const stepTimeoutMs = options.stepTimeoutSeconds * 1000;
  return {
    pollMs: options.pollSeconds * 1000,
    stepTimeoutMs,
    shortWaitMs: Math.min(stepTimeoutMs, 120_000),
    reconnectTimeoutMs: stepTimeoutMs,
  };
}

/** With --simulate and no --image, upgrade to the scenario's suggested image. */
export function imagesFor(options: UpgradeOptions): { image?: string; xmods: string[] } {
  const scenario = options.simulate ? SCENARIOS[options.simulate as keyof typeof SCENARIOS] : undefined;
  if (options.image || !scenario) return { image: options.image, xmods: options.xmods };
  return { image: scenario.suggested.image, xmods: scenario.suggested.xmods };
}

async function confirmOnTerminal(request: ConfirmRequest): Promise<Confirmation> {
  process.stderr.write(`\nNext step (${request.step}): ${redact(request.command)}\n`);
  for (const line of request.evidence) process.stderr.write(`  evidence: ${redact(line)}\n`);
  for (const q of request.questions) process.stderr.write(`  switch will ask: "${q.text}" -> hitless answers "${q.answer}"\n`);
  const typed = (await askLine(`Type "yes" to send it${request.canSkip ? ', "skip" to skip it' : ''}, anything else to stop: `)).toLowerCase();
  const by = `terminal: ${typed === '' ? '(empty line)' : typed}`;
  if (typed === 'yes') return { answer: 'confirm', by };
  return { answer: typed === 'skip' && request.canSkip ? 'skip' : 'abort', by };
}

function headlessConfirm(options: UpgradeOptions): UpgradeRun['confirm'] {
  if (options.yes) return async () => ({ answer: 'confirm', by: '--yes' });
  if (canPrompt()) return confirmOnTerminal;
  return async (request) => {
    throw new HitlessError('precondition', `"${request.command}" needs a confirmation: pass --yes, or run on a terminal`, EXIT.precondition);
  };
}

export interface UpgradeRun {
  options: UpgradeOptions;
  target: UpgradeTarget;
  connection: Connection;
  emit: (event: EngineEventBody) => void;
  /** A bare answer is journaled as given by "operator"; a Confirmation names what gave it (a key, --yes, ...). */
  confirm: (request: ConfirmRequest) => Promise<ConfirmAnswer | Confirmation>;
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
    emit({ type: 'run-end', exitCode, summary: EXIT_MEANING[exitCode] });
    return exitCode;
  } catch (err) {
    if (!(err instanceof HitlessError)) throw err;
    emit({ type: 'error', kind: err.kind, message: err.message, exitCode: err.exitCode });
    emit({ type: 'run-end', exitCode: err.exitCode, summary: EXIT_MEANING[err.exitCode] });
    return err.exitCode;
  }
}

function headlessPrinter(json: boolean): EventSink {
  if (json) return (event) => process.stdout.write(JSON.stringify(event) + '\n');
  return (event) => {
    const line = formatEvent(event);
    if (line) (event.type === 'error' ? process.stderr : process.stdout).write(line + '\n');
  };
}

export const recordingTitle = (options: UpgradeOptions, target: UpgradeTarget): string =>
  `hitless upgrade to ${targetLabel(target)} ${options.simulate ? `(simulated chassis, scenario ${options.simulate})` : `on ${options.host}`}`;

/** Headless: events as text or JSON lines; with --record the full-screen UI is drawn into the recording only. */
async function runHeadless(options: UpgradeOptions, target: UpgradeTarget, journal: EventSink[], recording?: RunRecording): Promise<ExitCode> {
  const screen = options.record && recording
    ? (await import('../record/offscreenUi.js')).startOffscreenUi(recording, targetLabel(target), target.core.version)
    : undefined;
  const recordingSinks = [recording?.sink, screen?.sink].filter((sink) => sink !== undefined);
  const emit = createEmitter([redactingSink([...journal, headlessPrinter(options.json), ...recordingSinks])]);
  const consoleText = new StreamRedactor((text) => {
    screen?.consoleText(text);
    recording?.consoleText(text);
  });
  const onWarning = (message: string) => emit({ type: 'warning', message });
  const io = recording
    ? { onOutput: (chunk: string) => consoleText.push(chunk), onWarning, cols: CONSOLE_SIZE.columns, rows: CONSOLE_SIZE.rows }
    : { onWarning };
  try {
    let run: RunConnection;
    try {
      run = await openRunConnection(options, io);
    } catch (err) {
      if (!(err instanceof HitlessError)) throw err;
      emit({ type: 'error', kind: err.kind, message: err.message, exitCode: err.exitCode });
      return err.exitCode;
    }
    try {
      return await performUpgrade({ options, target, connection: run.connection, emit, confirm: headlessConfirm(options) });
    } finally {
      await run.close();
    }
  } finally {
    consoleText.flush();
    await screen?.stop();
  }
}

export async function runUpgradeCommand(argv: string[]): Promise<number> {
  const options = parseUpgradeArgs(argv);
  configureRedaction({
    secrets: [...secretsFromEnvironment(options.passwordEnv), ...secretsFromEnvironment(options.consolePasswordEnv)],
    patterns: options.redact,
  });
  const images = imagesFor(options);
  const target = targetFrom({ ...options, xmods: images.xmods }, images.image);
  const useTui = !options.headless && !options.json && Boolean(process.stdout.isTTY && process.stdin.isTTY);
  if (options.record) prepareRecordedRendering(useTui);
  const journal = options.journal ? openJournal(options.journal) : undefined;
  const journalSink: EventSink[] = journal ? [(event: EngineEvent) => journal.write(event)] : [];
  let recording: RunRecording | undefined;
  try {
    if (options.record || options.recordConsole) {
      const request = { screen: options.record, console: options.recordConsole };
      recording = RunRecording.open(request, recordingTitle(options, target), useTui ? process.stdout : undefined);
    }
    if (useTui) {
      const { runUpgradeTui } = await import('./tuiRun.js');
      return await runUpgradeTui(options, target, journalSink, { terminal: process.stdout, stdin: process.stdin, recording });
    }
    return await runHeadless(options, target, journalSink, recording);
  } finally {
    recording?.close();
    journal?.close();
  }
}
