// hitless upgrade: the full procedure, headless (events as text or JSON lines) or in the full-screen console.
import { EXIT, HitlessError, type ExitCode } from '../errors.js';
import { createEmitter } from '../engine/emitter.js';
import type { EventSink } from '../engine/events.js';
import type { ConfirmRequest } from '../engine/upgrade.js';
import type { Confirmation } from '../record/auditTrail.js';
import { prepareRecordedRendering } from '../record/liveFrames.js';
import type { Redactor } from '../record/redact.js';
import { CONSOLE_SIZE, type RunRecording } from '../record/runRecording.js';
import { StreamRedactor } from '../record/streamRedactor.js';
import { parseUpgradeArgs } from '../run/args.js';
import type { Confirm } from '../run/performUpgrade.js';
import { openRunJournal, openRunRecording, runEmitter, withDefaultJournal, withPreparedRun, type PreparedRun } from '../run/prepareRun.js';
import { targetLabel } from '../run/target.js';
import { askLine, canPrompt } from '../run/ttyPrompt.js';
import { formatEvent } from './eventFormat.js';

async function confirmOnTerminal(request: ConfirmRequest, redactor: Redactor): Promise<Confirmation> {
  const what = request.decision ? `nothing is sent to the switch; hitless will ${request.command}` : `$ ${request.command}`;
  process.stderr.write(`\nNext step (${request.step}): ${redactor.printable(request.title)}\n  ${redactor.printable(what)}\n`);
  for (const line of request.evidence) process.stderr.write(`  evidence: ${redactor.printable(line)}\n`);
  for (const q of request.questions) process.stderr.write(`  switch may ask: "${redactor.printable(q.text)}" -> hitless answers "${q.answer}"\n`);
  const typed = (await askLine(`Type "yes" to ${request.decision ? 'go on' : 'send it'}${request.canSkip ? ', "skip" to skip it' : ''}, anything else to stop: `))?.toLowerCase();
  const by = `terminal: ${typed === undefined ? 'Ctrl-C' : typed === '' ? '(empty line)' : typed}`;
  if (typed === 'yes') return { answer: 'confirm', by };
  return { answer: typed === 'skip' && request.canSkip ? 'skip' : 'abort', by };
}

function headlessConfirm({ options, redactor }: PreparedRun): Confirm {
  if (options.yes) return async () => ({ answer: 'confirm', by: '--yes' });
  if (canPrompt()) return (request) => confirmOnTerminal(request, redactor);
  return async (request) => {
    throw new HitlessError(
      'usage',
      `"${request.command}" needs a confirmation: pass --yes, or run on a terminal`,
      EXIT.usage,
      'rerun the same command with --yes (every step is then confirmed for you), or run it on a terminal to confirm each step',
    );
  };
}

function headlessPrinter(json: boolean): EventSink {
  if (json) return (event) => process.stdout.write(JSON.stringify(event) + '\n');
  return (event) => {
    const line = formatEvent(event);
    if (line) (event.type === 'error' ? process.stderr : process.stdout).write(line + '\n');
  };
}

/** Headless: events as text or JSON lines; with --record the full-screen UI is drawn into the recording only. */
async function runHeadless(run: PreparedRun, journal: EventSink[], recording?: RunRecording): Promise<ExitCode> {
  const { options, target } = run;
  const screen = options.record && recording
    ? (await import('../record/offscreenUi.js')).startOffscreenUi(recording, targetLabel(target), target.core.version, { pollMs: options.pollSeconds * 1000, failbackRequested: target.failback })
    : undefined;
  const recordingSinks = [recording?.sink, screen?.sink].filter((sink) => sink !== undefined);
  const emit = runEmitter(run, [...journal, headlessPrinter(options.json), ...recordingSinks]);
  const consoleText = new StreamRedactor(run.redactor, (text) => {
    screen?.consoleText(text);
    recording?.consoleText(text);
  });
  const onWarning = (message: string) => emit({ type: 'warning', message });
  const io = recording
    ? {
        onOutput: (chunk: string) => consoleText.push(chunk),
        onConsoleLine: ({ slot, line }: { slot: string; line: string }) => consoleText.push(`\r\n[MSM-${slot} console] ${line}\r\n`),
        onWarning,
        cols: CONSOLE_SIZE.columns,
        rows: CONSOLE_SIZE.rows,
      }
    : { onWarning };
  try {
    const { connectAndUpgrade } = await import('../run/performUpgrade.js');
    return await connectAndUpgrade({ run, emit, confirm: headlessConfirm(run), operatorPresent: !options.yes && canPrompt(), io });
  } finally {
    consoleText.flush();
    await screen?.stop();
  }
}

/**
 * With --json, input refused before the run began still ends the output with an error event and a run-end. The engine
 * (run/performUpgrade) is loaded only when needed: the full-screen console draws its first frame before it.
 */
export async function runUpgradeCommand(argv: string[]): Promise<number> {
  try {
    return await runUpgrade(argv);
  } catch (err) {
    if (err instanceof HitlessError && argv.includes('--json')) {
      const { endFailedRun } = await import('../run/performUpgrade.js');
      endFailedRun(err, createEmitter([headlessPrinter(true)]));
    }
    throw err;
  }
}

async function runUpgrade(argv: string[]): Promise<number> {
  return withPreparedRun(withDefaultJournal(parseUpgradeArgs(argv)), async (run) => {
    const { options } = run;
    const useTui = !options.headless && !options.json && Boolean(process.stdout.isTTY && process.stdin.isTTY);
    if (options.record) prepareRecordedRendering(useTui);
    const journal = openRunJournal(run);
    let recording: RunRecording | undefined;
    try {
      if (options.record || options.recordConsole) recording = openRunRecording(run, useTui ? process.stdout : undefined);
      if (useTui) {
        const { runUpgradeTui } = await import('./tuiRun.js');
        return await runUpgradeTui(run, journal.sinks, { terminal: process.stdout, stdin: process.stdin, recording });
      }
      return await runHeadless(run, journal.sinks, recording);
    } finally {
      recording?.close();
      journal.close();
    }
  });
}
