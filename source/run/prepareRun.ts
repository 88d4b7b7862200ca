// What an upgrade run needs before it connects: its target, its redactor (built once, handed to every sink), its
// journal and recordings, and the emitter that redacts each event once for all of them.
import { dirname, join } from 'node:path';
import type { EngineEventBody, EventSink } from '../engine/events.js';
import { fileProblem, usageError } from '../errors.js';
import { createEmitter } from '../engine/emitter.js';
import type { UpgradeTarget } from '../procedure/types.js';
import { openJournal } from '../record/journal.js';
import { Redactor, SHORT_SECRET } from '../record/redact.js';
import { RunRecording } from '../record/runRecording.js';
import { WriteFaults } from '../record/writeFaults.js';
import { privateStateFolder, stateDir } from '../stateDir.js';
import { percentEncoded } from '../exos/imageFile.js';
import type { ConnectionOptions, UpgradeOptions } from './args.js';
import { targetLabel, upgradeTargetOf } from './target.js';

export interface PreparedRun {
  options: UpgradeOptions;
  target: UpgradeTarget;
  redactor: Redactor;
  /** Its journal, recordings and run state report here when they cannot be written: the run then stops. */
  writeFaults: WriteFaults;
}

type RedactionOptions = Pick<ConnectionOptions, 'passwordEnv'> & Partial<Pick<UpgradeOptions, 'consolePasswordEnv' | 'imagePasswordEnv' | 'redact'>>;

const environmentValue = (name: string | undefined): string[] => {
  const value = name ? process.env[name] : undefined;
  return value ? [value] : [];
};

const warnShortSecret = () =>
  process.stderr.write(`hitless: warning: a password shorter than ${SHORT_SECRET} characters is masked only where it stands alone, not inside other words\n`);

/** The passwords the run knows from --password-env / --console-password-env / --image-password-env. */
export const runSecrets = (options: RedactionOptions): string[] => [
  ...environmentValue(options.passwordEnv),
  ...environmentValue(options.consolePasswordEnv),
  // The image URL's password, also as it stands in the URL sent to the switch.
  ...environmentValue(options.imagePasswordEnv).flatMap((password) => [password, percentEncoded(password)]),
];

/** The run's passwords (runSecrets) and the operator's --redact patterns. */
export function runRedactor(options: RedactionOptions): Redactor {
  return new Redactor({
    secrets: runSecrets(options),
    patterns: options.redact ?? [],
    onShortSecret: warnShortSecret,
  });
}

/** Runs `body`; an error that leaves it carries only text redacted by the run's redactor (cli.tsx prints it). */
export async function withRedactedErrors<T>(redactor: Redactor, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (err) {
    throw redactor.error(err);
  }
}

/** Prepares the run (redactor, then target) and runs `body` with it, its errors redacted. */
export function withPreparedRun<T>(options: UpgradeOptions, body: (run: PreparedRun) => Promise<T>): Promise<T> {
  const redactor = runRedactor(options);
  return withRedactedErrors(redactor, () => body({ options, target: upgradeTargetOf(options), redactor, writeFaults: new WriteFaults() }));
}

/** Stamps each event, redacts it once, and hands the clean copy to every sink. */
export const runEmitter = (run: PreparedRun, sinks: EventSink[]): ((body: EngineEventBody) => void) => createEmitter([run.redactor.sink(sinks)]);

export interface RunJournal {
  sinks: EventSink[];
  close(): void;
}

/** Where a run keeps its journal when --journal is not given: the state folder, one file per run (chassis, UTC time). */
export function defaultJournalFile(options: Pick<UpgradeOptions, 'host' | 'simulate'>, at = new Date()): string {
  const chassis = options.host ?? (options.simulate ? `simulated-${options.simulate}` : 'consoles');
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  // The process id keeps two runs started in the same second (two chassis, or a retry) in their own files.
  return join(stateDir(), 'journals', `${chassis.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}-${process.pid}.jsonl`);
}

/** An upgrade always keeps a journal: --journal FILE, or one in the state folder (created here, private). */
export function withDefaultJournal(options: UpgradeOptions): UpgradeOptions {
  if (options.journal) return options;
  const journal = defaultJournalFile(options);
  try {
    privateStateFolder('journals');
  } catch (err) {
    throw usageError(`cannot create the journal folder ${dirname(journal)}: ${fileProblem(err)} (give --journal FILE)`);
  }
  return { ...options, journal };
}

/** The run's events as JSON lines into options.journal; no sink without one. */
export function openRunJournal({ options, writeFaults }: Pick<PreparedRun, 'options' | 'writeFaults'>): RunJournal {
  const journal = options.journal ? openJournal(options.journal, writeFaults.reporter('journal', options.journal)) : undefined;
  return { sinks: journal ? [(event) => journal.write(event)] : [], close: () => journal?.close() };
}

const simulatedLabel = (options: ConnectionOptions): string | undefined =>
  options.simulate ? `(simulated chassis, scenario ${options.simulate})` : options.simulateFrom ? `(twin of ${options.simulateFrom})` : undefined;

const recordingTitle = ({ options, target }: PreparedRun): string =>
  `hitless upgrade to ${targetLabel(target)} ${simulatedLabel(options) ?? `on ${options.host}`}`;

/** --record / --record-console; `terminal`: the operator's terminal when the UI is drawn on it too. */
export const openRunRecording = (run: PreparedRun, terminal?: NodeJS.WriteStream): RunRecording =>
  RunRecording.open(
    { screen: run.options.record, console: run.options.recordConsole, onFailure: (path) => run.writeFaults.reporter('recording', path) },
    recordingTitle(run),
    run.redactor,
    terminal,
  );
