// hitless demo: the full-screen console upgrading the embedded simulated chassis, operated by the autopilot — a
// tutorial recording end to end, without a network. Without a terminal the UI is drawn into the recording only.
import { usageError } from '../errors.js';
import { Autopilot, KeyFeed, PACES, type PaceName } from '../record/autopilot.js';
import { prepareRecordedRendering } from '../record/liveFrames.js';
import type { RunRecording } from '../record/runRecording.js';
import { parseCommandArgs, parseUpgradeArgs, type UpgradeOptions } from '../run/args.js';
import { openRunJournal, openRunRecording, withDefaultJournal, withPreparedRun } from '../run/prepareRun.js';

export const demoSpec = {
  scenario: { type: 'string' },
  pace: { type: 'string' },
  record: { type: 'string' },
  'record-console': { type: 'string' },
  journal: { type: 'string' },
  redact: { type: 'string', multiple: true },
  image: { type: 'string' },
  xmod: { type: 'string', multiple: true },
  ascii: { type: 'boolean' },
} as const;

interface DemoOptions {
  upgrade: UpgradeOptions;
  pace: PaceName;
}

/** A demo is an upgrade of the simulated chassis with the pace's timings; the upgrade parser checks the rest. */
function parseDemoArgs(argv: string[]): DemoOptions {
  const { values } = parseCommandArgs({ args: argv, options: demoSpec, strict: true, allowPositionals: false });
  const pace = values.pace ?? 'human';
  if (!(pace in PACES)) throw usageError(`--pace must be ${Object.keys(PACES).join(' or ')}, got "${pace}"`);
  const paced = PACES[pace as PaceName];
  const optional = (flag: string, value: string | undefined) => (value === undefined ? [] : [flag, value]);
  const repeated = (flag: string, list: string[] | undefined) => (list ?? []).flatMap((value) => [flag, value]);
  const upgrade = parseUpgradeArgs([
    '--simulate', values.scenario ?? 'happy',
    '--speed', String(paced.simulatorSpeed),
    '--poll', String(paced.pollSeconds),
    ...optional('--image', values.image),
    ...repeated('--xmod', values.xmod),
    ...optional('--journal', values.journal),
    ...optional('--record', values.record),
    ...optional('--record-console', values['record-console']),
    ...repeated('--redact', values.redact),
    ...(values.ascii ? ['--ascii'] : []),
  ]);
  return { pace: pace as PaceName, upgrade };
}

/** On a terminal the viewer's own keys still work (q quits, ? helps); the autopilot types on the same keyboard. */
function forwardTerminalKeys(keys: KeyFeed): () => void {
  const stdin = process.stdin;
  if (!stdin.isTTY) return () => {};
  const forward = (data: Buffer) => keys.press(data.toString('utf8'));
  stdin.setRawMode(true);
  stdin.on('data', forward);
  return () => {
    stdin.off('data', forward);
    stdin.setRawMode(false);
    stdin.pause();
  };
}

export async function runDemoCommand(argv: string[]): Promise<number> {
  const { upgrade: parsed, pace } = parseDemoArgs(argv);
  const options = withDefaultJournal(parsed);
  return withPreparedRun(options, async (run) => {
    const terminal = process.stdout.isTTY ? process.stdout : undefined;
    prepareRecordedRendering(terminal !== undefined);
    const { runUpgradeTui } = await import('./tuiRun.js');

    const journal = openRunJournal(run);
    let recording: RunRecording | undefined;
    const keys = new KeyFeed();
    const autopilot = new Autopilot(keys, PACES[pace]);
    const stopForwarding = forwardTerminalKeys(keys);
    try {
      recording = openRunRecording(run, terminal);
      return await runUpgradeTui(run, journal.sinks, { terminal, stdin: keys.asStdin, recording, sinks: [autopilot.sink] });
    } finally {
      autopilot.stop();
      stopForwarding();
      recording?.close();
      journal.close();
    }
  });
}
