// First, before anything loads Ink (see the module).
import './source/cli/drawEveryFrame.js';
import { HitlessError, EXIT } from './source/errors.js';
import { USAGE } from './source/cli/usage.js';
import { printable } from './source/record/redact.js';
import { HITLESS_VERSION } from './source/version.js';

// React's development build keeps a performance entry per render forever (a slow leak over a long upgrade).
process.env.NODE_ENV ??= 'production';

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  status: async () => (await import('./source/cli/statusCommand.js')).runStatusCommand,
  plan: async () => (await import('./source/cli/planCommand.js')).runPlanCommand,
  upgrade: async () => (await import('./source/cli/upgradeCommand.js')).runUpgradeCommand,
  rollback: async () => {
    const { runUpgradeCommand } = await import('./source/cli/upgradeCommand.js');
    return (argv) => runUpgradeCommand(['--rollback', ...argv]);
  },
  stage: async () => {
    const { runUpgradeCommand } = await import('./source/cli/upgradeCommand.js');
    return (argv) => runUpgradeCommand(['--stage', ...argv]);
  },
  simulate: async () => (await import('./source/cli/simulateCommand.js')).runSimulateCommand,
  demo: async () => (await import('./source/cli/demoCommand.js')).runDemoCommand,
  replay: async () => (await import('./source/cli/replayCommand.js')).runReplayCommand,
  export: async () => (await import('./source/cli/exportCommand.js')).runExportCommand,
  report: async () => (await import('./source/cli/reportCommand.js')).runReportCommand,
  fleet: async () => (await import('./source/cli/fleetEntry.js')).runFleetEntry,
  completion: async () => (await import('./source/cli/completion.js')).runCompletionCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const helpWords = ['help', '--help', '-h'];
  if (!name || helpWords.includes(name) || rest.some((arg) => helpWords.slice(1).includes(arg))) {
    // `hitless COMMAND --help` and `hitless help COMMAND`: that command's page.
    const page = name === 'help' ? rest[0] : name;
    process.stdout.write(page && Object.hasOwn(commands, page) ? (await import('./source/cli/manual.js')).commandManual(page) : USAGE);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${HITLESS_VERSION}\n`);
    return EXIT.ok;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`hitless: unknown command "${name}"; commands: ${Object.keys(commands).join(', ')} (see hitless --help)\n`);
    return EXIT.usage;
  }
  return (await load())(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof HitlessError) {
    process.stderr.write(`hitless: ${printable(err.message)}${err.advice ? `; next: ${printable(err.advice)}` : ''}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`hitless: internal error: ${printable(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`);
    process.exitCode = EXIT.internal;
  }
}
