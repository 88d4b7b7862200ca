// hitless replay FILE.cast [--speed N]: plays a recording in this terminal. n / p jump to the next / previous step
// marker, space pauses, q quits. Without a terminal it plays once to the end (output only).
import { readFileSync } from 'node:fs';
import { EXIT, fileError, usageError } from '../errors.js';
import { parseCast, type Cast } from '../record/asciicast.js';
import { CastPlayer, type PlayerState } from '../record/castPlayer.js';
import { parseCommandArgs } from '../run/args.js';
import { rangedNumber } from '../run/optionRanges.js';

const ENTER_ALT_SCREEN = '\x1b[?1049h\x1b[H\x1b[2J';
const LEAVE_ALT_SCREEN = '\x1b[0m\x1b[?25h\x1b[?1049l';

type KeyAction = 'next' | 'previous' | 'toggle' | 'quit';

const KEYS: Readonly<Record<string, KeyAction>> = {
  n: 'next',
  p: 'previous',
  ' ': 'toggle',
  q: 'quit',
  '\x03': 'quit',
};

export const replaySpec = { speed: { type: 'string' } } as const;

function parseReplayArgs(argv: string[]): { file: string; speed: number } {
  const parsed = parseCommandArgs({ args: argv, options: replaySpec, strict: true, allowPositionals: true });
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) throw usageError('usage: hitless replay FILE.cast [--speed N]');
  return { file, speed: parsed.values.speed === undefined ? 1 : rangedNumber('replay-speed', parsed.values.speed) };
}

export function readCastFile(file: string): Cast {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw fileError('read recording', file, err);
  }
  return parseCast(text, file);
}

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

/** One line under the recording, when the terminal has a row to spare: where we are and which keys work. */
function statusLine(state: PlayerState): string {
  const where = state.ended ? '■ end' : state.paused ? '❚❚ paused' : '▶';
  const step = state.marker ? ` · ${state.marker.label}` : '';
  return `${where} ${clock(state.position)} / ${clock(state.duration)}${step} · n next  p previous  space pause  q quit`;
}

export async function runReplayCommand(argv: string[]): Promise<number> {
  const { file, speed } = parseReplayArgs(argv);
  const cast = readCastFile(file);
  const stdout = process.stdout;
  const stdin = process.stdin;
  const interactive = Boolean(stdout.isTTY && stdin.isTTY);
  if (!interactive) {
    await new Promise<void>((resolve) => {
      const player = new CastPlayer(cast, (data) => stdout.write(data), { speed, onState: (state) => state.ended && resolve() });
      player.play();
    });
    return EXIT.ok;
  }

  const statusRow = cast.header.height + 1;
  const showStatus = (stdout.rows ?? 0) >= statusRow;
  if ((stdout.columns ?? 0) < cast.header.width || (stdout.rows ?? 0) < cast.header.height) {
    process.stderr.write(
      `hitless: the recording is ${cast.header.width}x${cast.header.height}, this terminal ${stdout.columns}x${stdout.rows}: lines may wrap\n`,
    );
  }
  const writeStatus = (state: PlayerState) => {
    if (showStatus) stdout.write(`\x1b7\x1b[${statusRow};1H\x1b[0m\x1b[2K\x1b[7m${statusLine(state).slice(0, stdout.columns)}\x1b[0m\x1b8`);
  };
  stdout.write(ENTER_ALT_SCREEN);
  const player = new CastPlayer(cast, (data) => stdout.write(data), { speed, onState: writeStatus });
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const onKey = (data: Buffer) => {
    const action = KEYS[data.toString('utf8')];
    if (action === 'quit') return done();
    if (action === 'next') player.nextMarker();
    if (action === 'previous') player.previousMarker();
    if (action === 'toggle') player.toggle();
  };
  const restore = () => stdout.write(LEAVE_ALT_SCREEN);
  process.on('exit', restore).on('SIGTERM', done).on('SIGHUP', done);
  stdin.setRawMode(true);
  stdin.on('data', onKey);
  try {
    player.play();
    await finished;
  } finally {
    player.stop();
    stdin.off('data', onKey);
    stdin.setRawMode(false);
    stdin.pause();
    process.off('exit', restore).off('SIGTERM', done).off('SIGHUP', done);
    restore();
  }
  return EXIT.ok;
}
