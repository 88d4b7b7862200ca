// A deterministic ~10 MB burst of EXOS-like output, as a replay script: the engine's own traffic as the simulator
// really prints it (show switch pages, a download with its question and progress dots), plus large SGR-coloured
// `show` outputs typed by the operator, which is the only way this much output arrives at once.
import { downloadCommand, SHOW_SWITCH } from '../../source/exos/commands.js';
import { parseImageSource } from '../../source/exos/imageFile.js';
import type { ImageFile } from '../../source/exos/imageSource.js';
import type { AnswerPolicy } from '../../source/exos/platform.js';
import { answerPolicyFor } from '../../source/procedure/answers.js';
import type { Action, UpgradeTarget } from '../../source/procedure/types.js';
import { SCENARIOS } from '../../source/simulator/index.js';
import { recordSwitch, type Recording } from './recordSwitch.js';

export const CHUNK_BYTES = 16 * 1024;

/** What the pipeline does for one command of the burst. */
export type BurstCommand =
  | { kind: 'poll'; command: string }
  | { kind: 'download'; command: string; action: Extract<Action, { kind: 'download' }>; answer: AnswerPolicy }
  | { kind: 'operator'; command: string };

export interface ReplayStep {
  expect: string;
  reply: string[];
}

export interface Burst {
  /** Banner and first prompt, in chunks. */
  login: string[];
  /** Every write hitless makes, with the switch's reply in chunks, in order. */
  steps: ReplayStep[];
  commands: BurstCommand[];
  /** All bytes the switch sends, in the order and chunking the pipeline receives them. */
  chunks: string[];
  bytes: number;
}

export function chunked(text: string, size = CHUNK_BYTES): string[] {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += size) chunks.push(text.slice(at, at + size));
  return chunks;
}

function imageFile(spec: string): ImageFile {
  const parsed = parseImageSource(spec);
  if (!parsed.ok) throw new Error(`bench image ${spec}: ${parsed.reason}`);
  return parsed.value;
}

function downloadOfHappyTarget(): Extract<BurstCommand, { kind: 'download' }> {
  const core = imageFile(SCENARIOS.happy.suggested.image);
  if (core.source.kind === 'installed' || core.source.kind === 'switch') throw new Error('the happy scenario downloads its image');
  const target: UpgradeTarget = { core, xmods: [], vr: 'VR-Mgmt', failback: false, allowIoReset: false, forceFailover: false };
  const command = downloadCommand(core.source, target.vr, 'secondary', 'B');
  const action = { kind: 'download', step: 'install-first-backup', slot: 'B', partition: 'secondary', image: core, command } as const;
  return { kind: 'download', command, action, answer: answerPolicyFor(action, target) };
}

const SGR_STYLES = ['\x1b[32m', '\x1b[1;33m', '\x1b[4;36m', '\x1b[38;5;208m', '\x1b[38;2;200;80;255m', '\x1b[31;1m'];
const LOG_EVENTS = [
  '<Info:vlan.msgs.portLinkStateUp> Port 1:12 link UP at speed 1 Gbps and full-duplex',
  '<Warn:HAL.Card.Warning> Slot-3: fabric link 2 CRC errors increased to 14',
  '<Noti:AAA.authPass> Login passed for user admin through ssh (10.0.0.77)',
  '<Info:DM.Info> Node State[3] = BACKUP (In Sync)',
  '<Erro:EPM.upgrade.fail> Upgrade failed, image not found on 10.0.0.5',
];

/** `show log`-style lines, coloured the way a colourful CLI or a log tool would (16, 256 and truecolour, bold). */
function colouredLog(command: string, lines: number, prompt: string, seed: number): string {
  const out: string[] = [command];
  for (let i = 0; i < lines; i++) {
    const n = seed + i;
    const style = SGR_STYLES[n % SGR_STYLES.length];
    const time = `03/04/2024 ${String(10 + (n % 12)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:${String((n * 7) % 60).padStart(2, '0')}.${String(n % 100).padStart(2, '0')}`;
    out.push(`${style}${time}\x1b[0m ${LOG_EVENTS[n % LOG_EVENTS.length]} seq=${n}`);
  }
  return out.join('\r\n') + '\r\n' + prompt;
}

const lastLine = (text: string) => text.slice(Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1);

function turnsFor(recording: Recording, wrote: string): string {
  const turn = recording.turns.find((t) => t.wrote === wrote);
  if (!turn) throw new Error(`recording has no reply to ${JSON.stringify(wrote)}`);
  return turn.received;
}

export interface BurstShape {
  totalBytes: number;
  /** Engine `show switch` reads in the burst. */
  polls: number;
  /** Engine downloads (question + dots + install) in the burst. */
  downloads: number;
  /** Bytes per operator `show log` command. */
  operatorOutputBytes: number;
}

export const TEN_MB_BURST: BurstShape = { totalBytes: 10_000_000, polls: 20, downloads: 2, operatorOutputBytes: 500_000 };

/** The same engine traffic in ~10 MB, with the operator's commands printing `operatorOutputBytes` each. */
export const tenMbBurstOf = (operatorOutputBytes: number): BurstShape => ({ ...TEN_MB_BURST, operatorOutputBytes });

/** Records the simulator once, then lays out the burst: engine commands spread evenly between operator commands. */
export async function buildBurst(shape: BurstShape = TEN_MB_BURST): Promise<Burst> {
  const download = downloadOfHappyTarget();
  const recording = await recordSwitch([
    { command: SHOW_SWITCH },
    { command: download.command, options: { answer: download.answer } },
  ]);
  const prompt = lastLine(turnsFor(recording, `${SHOW_SWITCH}\r`));
  const disablePaging = recording.turns[0]!;
  const downloadTurns = recording.turns.slice(recording.turns.findIndex((t) => t.wrote === `${download.command}\r`));

  const steps: ReplayStep[] = [{ expect: disablePaging.wrote, reply: chunked(disablePaging.received) }];
  const commands: BurstCommand[] = [];
  let bytes = recording.login.length + disablePaging.received.length;
  const add = (command: BurstCommand, turns: { wrote: string; received: string }[]) => {
    commands.push(command);
    for (const turn of turns) {
      steps.push({ expect: turn.wrote, reply: chunked(turn.received) });
      bytes += turn.received.length;
    }
  };

  const engineCommands = shape.polls + shape.downloads;
  const engineBytes =
    shape.polls * turnsFor(recording, `${SHOW_SWITCH}\r`).length + shape.downloads * downloadTurns.reduce((n, t) => n + t.received.length, 0);
  const operatorCommands = Math.max(1, Math.round((shape.totalBytes - bytes - engineBytes) / shape.operatorOutputBytes));
  const sample = colouredLog('', 100, '', 0);
  const linesPerOperator = Math.round((shape.operatorOutputBytes * 100) / sample.length);
  let engineDone = 0;
  for (let i = 0; i < operatorCommands; i++) {
    const command = `show log messages memory-buffer ${i}`;
    const reply = colouredLog(command, linesPerOperator, prompt, i * linesPerOperator);
    add({ kind: 'operator', command }, [{ wrote: `${command}\r`, received: reply }]);
    const engineDue = Math.round(((i + 1) * engineCommands) / operatorCommands);
    for (; engineDone < engineDue; engineDone++) {
      const isDownload = (engineDone + 1) % Math.ceil(engineCommands / Math.max(1, shape.downloads)) === 0 && shape.downloads > 0;
      if (isDownload) add(download, downloadTurns);
      else add({ kind: 'poll', command: SHOW_SWITCH }, [{ wrote: `${SHOW_SWITCH}\r`, received: turnsFor(recording, `${SHOW_SWITCH}\r`) }]);
    }
  }
  const login = chunked(recording.login);
  return { login, steps, commands, chunks: [...login, ...steps.flatMap((step) => step.reply)], bytes };
}
