// Every command of cli.tsx with the option spec it parses with and what each option means: the one source of the
// shell completion (completion.ts) and of `hitless COMMAND --help` (manual.ts), so neither can drift from the parser.
// An option added to a spec without a line here fails the type check.
import { fleetSpec } from '../fleet/fleetCommand.js';
import { PACES } from '../record/autopilot.js';
import { statusSpec, upgradeSpec } from '../run/args.js';
import { SIMULATED_PROFILES } from '../simulator/consoleServer/simulatedProfiles.js';
import { SCENARIOS } from '../simulator/scenarios.js';
import { demoSpec } from './demoCommand.js';
import { exportSpec } from './exportCommand.js';
import { replaySpec } from './replayCommand.js';
import { reportSpec } from './reportCommand.js';
import { simulateSpec } from './simulateCommand.js';

export type OptionSpec = Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string; readonly multiple?: boolean }>>;

type OptionName = keyof (typeof upgradeSpec & typeof simulateSpec & typeof demoSpec & typeof replaySpec & typeof exportSpec & typeof reportSpec & typeof fleetSpec);

export interface OptionDoc {
  /** What the option's value is called, for an option that takes one. */
  readonly value?: string;
  readonly meaning: string;
  /** What applies when the option is not given, where that is not simply "off". */
  readonly default?: string;
}

export interface CommandOptions {
  readonly options: OptionSpec;
  /** The one line of NAME. */
  readonly summary: string;
  /** DESCRIPTION, where the summary does not say enough. */
  readonly description?: string;
  /** The command's one argument is a file (FILE.cast, a fleet file); 'many': any number of them (JOURNAL.jsonl...). */
  readonly fileArgument?: boolean | 'many';
  /** The command's one argument is one of these words. */
  readonly wordArguments?: readonly string[];
  /** Where an option means something else for this command than OPTION_DOCS says. */
  readonly docs?: Partial<Record<OptionName, OptionDoc>>;
  readonly examples: readonly string[];
}

export const SHELLS = ['bash', 'zsh'] as const;

const scenarioNames = Object.keys(SCENARIOS);

/** Options whose value is a file or a folder. */
export const FILE_OPTIONS: readonly string[] = ['identity', 'known-hosts', 'ssh-config', 'simulate-from', 'from', 'journal', 'record', 'record-console', 'html'] satisfies OptionName[];

/** Options whose value is one of a few words. */
export const OPTION_WORDS: Readonly<Record<string, readonly string[]>> = {
  simulate: scenarioNames,
  scenario: scenarioNames,
  pace: Object.keys(PACES),
  'console-server': Object.keys(SIMULATED_PROFILES),
  format: ['text', 'md'],
} satisfies Partial<Record<OptionName, readonly string[]>>;

export const OPTION_DOCS: Readonly<Record<OptionName, OptionDoc>> = {
  host: { value: 'H', meaning: "the chassis's management address, or a Host alias of ~/.ssh/config" },
  port: { value: 'P', meaning: 'its SSH port', default: '22, or the Port of ~/.ssh/config' },
  user: { value: 'U', meaning: 'the SSH user', default: 'the User of ~/.ssh/config, else your login name' },
  'password-env': { value: 'VAR', meaning: 'take the password from environment variable VAR (never from the command line)' },
  identity: { value: 'FILE', meaning: 'log in with this private key (an encrypted key asks its passphrase on a terminal)' },
  'known-hosts': { value: 'FILE', meaning: 'verify host keys against FILE', default: '~/.ssh/known_hosts' },
  'ssh-config': { value: 'FILE', meaning: 'read this OpenSSH client configuration', default: '~/.ssh/config' },
  jump: { value: '[USER@]HOST[:PORT],...', meaning: 'reach the chassis through these jump hosts, like ssh -J' },
  'ssh-option': { value: 'Key=Value', meaning: 'an OpenSSH option, like ssh -o; wins over the file; repeatable' },
  'accept-new': { meaning: 'accept and remember an unknown host key without asking (a changed key still stops)' },
  simulate: { value: 'SCENARIO', meaning: 'run against the embedded simulated chassis in this scenario (hitless simulate --list)' },
  'simulate-from': { value: 'STATUS.json', meaning: 'run against a twin of the chassis that "hitless status --json" described' },
  speed: { value: 'F', meaning: "the simulated chassis's speed factor (0: no waiting)", default: '0.05' },
  json: { meaning: 'print JSON (the hitless/1 contract, schema/) instead of text' },
  'console-a': { value: 'SPEC', meaning: "MSM-A's serial console through a console server, ssh://USER@HOST:PORT[?port=N&profile=P|?menu=N]" },
  'console-b': { value: 'SPEC', meaning: "MSM-B's serial console, as --console-a" },
  'console-password-env': { value: 'VAR', meaning: "the console server's password from environment variable VAR", default: 'asked on a terminal' },
  image: { value: 'SRC', meaning: 'the image to install: HOST:FILE (TFTP), a URL, memorycard:FILE (on the switch\'s memory card), switch:FILE (already on the switch) or ./FILE, /PATH, ~/PATH (on this machine: copied to the switch over the SSH login, then installed)', default: "with --simulate, the scenario's suggested image" },
  'image-password-env': { value: 'VAR', meaning: "the password of the user an image or xmod URL names (scheme://USER@HOST/FILE), from environment variable VAR; never in argv" },
  vr: { value: 'VR', meaning: 'the virtual router the download goes through', default: 'VR-Mgmt' },
  'block-size': { value: 'N', meaning: 'the TFTP block size of HOST:FILE images, 24 to 65000 bytes', default: "the switch's" },
  xmod: { value: 'SRC', meaning: 'an XMOD package to install on each MSM after the image; repeatable' },
  failback: { meaning: 'end with the original MASTER as MASTER again (one more failover)' },
  'allow-io-reset': { meaning: 'answer "y" to the BD8800 "all I/O modules will be reset" failover question', default: 'answered "n": the run stops' },
  'force-failover': { meaning: 'fail over to a backup that is not In Sync (run msm-failover force)' },
  headless: { meaning: 'no full-screen console: print events, ask on the terminal or take --yes' },
  'no-tui': { meaning: 'the same as --headless' },
  yes: { meaning: 'confirm every destructive step without asking (headless)' },
  canary: {
    value: 'N',
    meaning: 'upgrade the first N chassis first; the rest start once all of them ended exit 0 (the fleet view asks: g; --yes goes on), never when one did not',
    default: 'the file\'s "canary", else 0',
  },
  'max-failures': {
    value: 'N',
    meaning: 'start no new chassis after N failed or refused ones (running ones go on); contradicts onFailure "stop"',
    default: 'the file\'s "maxFailures", else onFailure',
  },
  'rollback-on-failure': { meaning: 'headless: roll back a backup that does not come up (never implied by --yes)' },
  'save-config': { meaning: 'save unsaved configuration changes (save configuration) before the first destructive step' },
  'keep-image': { meaning: 'keep an image copied from this machine (--image ./FILE) on the switch once both MSMs have installed it', default: 'removed (rm FILE)' },
  stage: { meaning: 'preflight and install on the backup only, then stop before its reboot (as hitless stage)' },
  rollback: { meaning: 'plan or perform a rollback to the release on the other partitions (as hitless rollback)' },
  'to-version': { value: 'V', meaning: 'with a rollback: the release to go back to, checked against what the partitions hold' },
  journal: { value: 'FILE', meaning: 'write the run journal (JSON lines) to FILE', default: 'a new file in $XDG_STATE_HOME/hitless/journals/' },
  record: { value: 'FILE.cast', meaning: 'record the full-screen console as asciicast v2, a marker per step' },
  'record-console': { value: 'FILE.cast', meaning: 'record the raw switch console as asciicast v2' },
  redact: { value: 'REGEX', meaning: 'also redact what matches REGEX in the journal, recordings and messages; repeatable' },
  'step-timeout': { value: 'SECONDS', meaning: 'give up a step (and the login) that takes longer', default: '1800' },
  'reconnect-timeout': { value: 'SECONDS', meaning: "how long management SSH may stay away after a failover before the run continues on the MASTER's console", default: 'the step timeout' },
  poll: { value: 'SECONDS', meaning: 'how often show switch is read while waiting', default: '1' },
  'health-settle': { value: 'SECONDS', meaning: 'how long a lost I/O module or link may take to come back before the run stops', default: '60' },
  'no-health-check': { meaning: 'read neither show slot nor show ports' },
  'accept-health-regression': { meaning: 'continue past a lost I/O module or link, with a warning' },
  ascii: { meaning: 'draw the screen in ASCII only, whatever the locale says' },
  scenario: { value: 'S', meaning: 'the scenario the simulated chassis plays (hitless simulate --list)', default: 'happy' },
  from: { value: 'STATUS.json', meaning: 'serve a twin of the chassis that "hitless status --json" described' },
  list: { meaning: 'list the scenarios and what each shows, then exit' },
  'console-server': { value: 'PROFILE', meaning: 'also serve the MSM serial consoles behind a simulated console server: opengear, avocent or generic' },
  'legacy-ssh': { meaning: 'offer only the old algorithms of early EXOS SSH servers (SHA-1, CBC)' },
  'sys-name': { value: 'NAME', meaning: "the chassis's SNMP sysName, shown in its prompt" },
  pace: { value: 'PACE', meaning: 'how the autopilot goes: human waits as a person reads, fast does not wait', default: 'human' },
  html: { value: 'OUT.html', meaning: 'write the page, with the player inlined, to OUT.html (required)' },
  format: { value: 'FORMAT', meaning: 'the form of the report: text, or md for a change record in Markdown', default: 'text' },
};

const CONSOLES_ONLY = 'hitless status --console-a ssh://ops@cs1:3001 --console-b ssh://ops@cs1:3002 --user admin --password-env EXOS_PW';

/** Every command of cli.tsx and what follows it. */
export const COMMANDS: Readonly<Record<string, CommandOptions>> = {
  status: {
    options: statusSpec,
    summary: 'read the chassis: MSMs, images on each partition, sync, slots; changes nothing',
    examples: ['hitless status --host core-1 --user admin --password-env EXOS_PW', 'hitless status --simulate happy --json > status.json', CONSOLES_ONLY],
  },
  plan: {
    options: upgradeSpec,
    summary: 'what an upgrade or rollback would do, step by step, with the commands it would send; changes nothing',
    examples: ['hitless plan --host core-1 --image 10.0.0.5:bd8800-15.3.5.2-patch1-5.xos', 'hitless plan --simulate-from status.json --json'],
  },
  upgrade: {
    options: upgradeSpec,
    summary: 'perform the hitless upgrade, full-screen or --headless; resumable from what the chassis shows',
    examples: [
      'hitless upgrade --host core-1 --user admin --image 10.0.0.5:bd8800-15.3.5.2-patch1-5.xos',
      'hitless upgrade --host core-1 --image https://files/bd8800.xos --headless --yes --json --journal run.jsonl',
      'hitless upgrade --simulate happy',
    ],
  },
  stage: {
    options: upgradeSpec,
    summary: 'before the window: preflight and the install on the backup\'s inactive partition, then stop (exit 0)',
    description:
      'Nothing that touches redundancy: no reboot, no failover. It ends with what the backup holds; in the window the same ' +
      'hitless upgrade command starts at the backup\'s reboot.',
    docs: { stage: { meaning: 'implied: hitless stage is hitless upgrade --stage' } },
    examples: ['hitless stage --host core-1 --image 10.0.0.5:bd8800-15.3.5.2-patch1-5.xos --headless --yes'],
  },
  rollback: {
    options: upgradeSpec,
    summary: 'go back to the release both MSMs hold on their other partition: use image, no download',
    docs: { rollback: { meaning: 'implied: hitless rollback is hitless upgrade --rollback' } },
    examples: ['hitless rollback --host core-1 --to-version 15.3.1.4', 'hitless rollback --simulate upgraded --headless --yes'],
  },
  simulate: {
    options: simulateSpec,
    summary: 'serve the embedded simulated chassis on an SSH port that OpenSSH can log in to',
    description:
      'It prints how to log in (user admin, password admin) and serves until Ctrl-C. Point hitless at it with --host 127.0.0.1 --port P, ' +
      'or let status, plan, upgrade and demo start their own with --simulate SCENARIO.',
    docs: {
      port: { value: 'P', meaning: 'the port to listen on, on 127.0.0.1', default: '0: any free port, printed' },
      speed: { value: 'F', meaning: 'the speed factor of reboots, downloads and syncs (0: no waiting)', default: '1' },
    },
    examples: ['hitless simulate --scenario not-in-sync --port 2222', 'hitless simulate --from status.json', 'hitless simulate --list'],
  },
  demo: {
    options: demoSpec,
    summary: 'a whole upgrade of the simulated chassis, full-screen, each step confirmed by an autopilot',
    docs: { image: { value: 'SRC', meaning: 'the image to install', default: "the scenario's suggested image" } },
    examples: ['hitless demo', 'hitless demo --scenario master-is-b --pace fast --record demo.cast'],
  },
  replay: {
    options: replaySpec,
    fileArgument: true,
    summary: 'play a recording (FILE.cast) in the terminal: n / p next / previous step, space pause, q quit',
    docs: { speed: { value: 'N', meaning: 'play N times faster', default: '1' } },
    examples: ['hitless replay run.cast --speed 4'],
  },
  export: {
    options: exportSpec,
    fileArgument: true,
    summary: 'write a recording (FILE.cast) as one HTML page that plays it, the player inlined',
    docs: { journal: { value: 'FILE', meaning: "add the run's report from this journal to the page" } },
    examples: ['hitless export run.cast --html run.html --journal run.jsonl'],
  },
  report: {
    options: reportSpec,
    fileArgument: 'many',
    summary: 'a change record of each run in a journal (JOURNAL.jsonl): what, who, when, outcome, health, steps',
    description: 'Several journals (a fleet\'s) first get one table, a line per journal: host, outcome, exit, release, duration.',
    examples: ['hitless report run.jsonl --format md > change-record.md', 'hitless report journals/*.jsonl'],
  },
  fleet: {
    options: fleetSpec,
    fileArgument: true,
    summary: 'upgrade every chassis listed in FILE (JSON), a few at a time, in a full-screen fleet view on a terminal',
    description:
      'FILE names each chassis with its connection and image, how many run at a time (concurrency) and what a failure does to ' +
      'the rest (onFailure, or maxFailures), and how many go first as a canary (canary); README.md, "Fleet", describes it. On a terminal the fleet view shows a row per chassis and asks for ' +
      'each confirmation (--yes confirms them all); headless (--headless, --json, or no terminal) the list is printed first ' +
      'and nothing starts without --yes.',
    docs: {
      yes: { meaning: 'confirm every destructive step of every chassis (required headless)' },
      json: { meaning: 'print a chassis-end line per chassis and a fleet-end line (schema/fleet.schema.json); implies --headless' },
      headless: { meaning: 'no full-screen fleet view on a terminal: a line per chassis as it finishes (needs --yes)' },
      record: {
        value: 'FILE.cast',
        meaning: 'record the fleet view as asciicast v2, a marker per chassis outcome (headless: the view is drawn into the recording only)',
      },
    },
    examples: ['hitless fleet fleet.json --record fleet.cast', 'hitless fleet fleet.json --yes --json'],
  },
  completion: {
    options: {},
    wordArguments: SHELLS,
    summary: 'print a shell completion script for bash or zsh',
    examples: ['source <(hitless completion bash)', 'hitless completion zsh > "${fpath[1]}/_hitless"'],
  },
};

/** What --help (-h), which every command takes, does. */
export const HELP_DOC: OptionDoc = { meaning: "print this command's manual page" };

export const optionDoc = (command: CommandOptions, name: string): OptionDoc => command.docs?.[name as OptionName] ?? OPTION_DOCS[name as OptionName];
