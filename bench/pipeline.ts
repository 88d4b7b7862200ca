// Console pipeline throughput: the burst through hitless's real path (in-memory transport -> ExosSession prompt and
// question detection -> ConsoleBuffer's headless xterm, engine events -> redaction -> JSONL journal) versus raw
// @xterm/headless parsing of the same chunks, in the same process, alternating runs.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import xtermHeadless from '@xterm/headless';
import { createEmitter } from '../source/engine/emitter.js';
import type { EventSink } from '../source/engine/events.js';
import { readChassis } from '../source/engine/observe.js';
import { EXIT } from '../source/errors.js';
import { downloadProgress } from '../source/exos/downloadProgress.js';
import { openJournal } from '../source/record/journal.js';
import { Redactor } from '../source/record/redact.js';
import { ExosSession } from '../source/session/exosSession.js';
import { ConsoleBuffer } from '../source/ui/consoleBuffer.js';
import { ScriptedTransport } from '../test/session/scriptedTransport.js';
import type { Burst } from './traffic/burst.js';

const { Terminal } = xtermHeadless;

/** The console pane of a 120x40 screen; scrollback as ConsoleBuffer's default. */
export const PANE = { cols: 118, rows: 26, scrollback: 5000 };

export async function rawXtermMs(burst: Burst): Promise<number> {
  const terminal = new Terminal({ ...PANE, allowProposedApi: true });
  const start = performance.now();
  for (const chunk of burst.chunks) terminal.write(chunk);
  await new Promise<void>((resolve) => terminal.write('', resolve));
  const ms = performance.now() - start;
  terminal.dispose();
  return ms;
}

export interface PipelineRun {
  ms: number;
  events: number;
}

/**
 * Replays the burst through ExosSession into `consoleBuffer`, emitting the events the engine would (state per poll,
 * command, progress, question, step-end per download) to `sinks`. Resolves once the console has parsed everything.
 * Fails loudly if hitless did not say exactly what the replay expects.
 */
export async function replayBurst(burst: Burst, consoleBuffer: ConsoleBuffer, sinks: EventSink[]): Promise<PipelineRun> {
  const transport = new ScriptedTransport(burst.steps.map((step) => ({ expect: step.expect, reply: step.reply })));
  let events = 0;
  const emit = createEmitter([...sinks, () => events++]);

  const start = performance.now();
  void transport.send(...burst.login);
  const session = await ExosSession.open(transport, { onOutput: (chunk) => consoleBuffer.write(chunk) });
  for (const item of burst.commands) {
    switch (item.kind) {
      case 'poll': {
        const observed = await readChassis(session, { withImages: false, timeoutMs: 30_000, exitCodeOnFailure: EXIT.stoppedSafe });
        emit({ type: 'state', show: observed.show });
        break;
      }
      case 'download': {
        emit({ type: 'command', command: item.command, step: item.action.step });
        const progress = downloadProgress(item.action.slot, (activity) => emit({ type: 'progress', slot: item.action.slot, activity }));
        const result = await session.run(item.command, { answer: item.answer, onProgress: progress });
        for (const question of result.questions) emit({ type: 'question', step: item.action.step, question });
        emit({ type: 'step-end', step: item.action.step, outcome: 'done' });
        break;
      }
      case 'operator':
        await session.run(item.command);
        break;
    }
  }
  await consoleBuffer.flush();
  const ms = performance.now() - start;
  session.close();
  if (transport.mismatches.length > 0 || transport.remaining.length > 0) {
    throw new Error(`burst replay went off script: ${transport.mismatches[0] ?? `${transport.remaining.length} steps unused`}`);
  }
  return { ms, events };
}

/** The whole console path without a UI: console buffer of a 120x40 screen, events redacted to a fsync'ed JSONL journal. */
export async function pipelineMs(burst: Burst, dir: string): Promise<PipelineRun> {
  const consoleBuffer = new ConsoleBuffer(PANE);
  const journalPath = join(dir, 'pipeline.jsonl');
  const journal = openJournal(journalPath);
  try {
    return await replayBurst(burst, consoleBuffer, [new Redactor().sink([(event) => journal.write(event)])]);
  } finally {
    journal.close();
    consoleBuffer.dispose();
    rmSync(journalPath, { force: true });
  }
}
