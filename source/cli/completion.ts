// hitless completion bash|zsh: a shell completion script, made from the option specs the commands parse with, so a
// new option completes without editing a second list.
import { EXIT, usageError } from '../errors.js';
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

type OptionSpec = Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string; readonly multiple?: boolean }>>;

interface CommandCompletion {
  options: OptionSpec;
  /** The command's one argument is a file (FILE.cast, JOURNAL.jsonl, a fleet file). */
  fileArguments?: boolean;
  /** The command's one argument is one of these words. */
  wordArguments?: readonly string[];
}

export const SHELLS = ['bash', 'zsh'] as const;
type Shell = (typeof SHELLS)[number];

/** Every command of cli.tsx and what follows it. */
export const COMMAND_COMPLETIONS: Readonly<Record<string, CommandCompletion>> = {
  status: { options: statusSpec },
  plan: { options: upgradeSpec },
  upgrade: { options: upgradeSpec },
  rollback: { options: upgradeSpec },
  simulate: { options: simulateSpec },
  demo: { options: demoSpec },
  replay: { options: replaySpec, fileArguments: true },
  export: { options: exportSpec, fileArguments: true },
  report: { options: reportSpec, fileArguments: true },
  fleet: { options: fleetSpec, fileArguments: true },
  completion: { options: {}, wordArguments: SHELLS },
};

/** Options whose value is a file or a folder. */
const FILE_OPTIONS = ['identity', 'known-hosts', 'ssh-config', 'simulate-from', 'from', 'journal', 'record', 'record-console', 'html'];

/** Options whose value is one of a few words. */
const OPTION_WORDS: Readonly<Record<string, readonly string[]>> = {
  simulate: Object.keys(SCENARIOS),
  scenario: Object.keys(SCENARIOS),
  pace: Object.keys(PACES),
  'console-server': Object.keys(SIMULATED_PROFILES),
  format: ['text', 'md'],
};

const TOP_LEVEL = ['--help', '-h', '--version', '-V'];

const optionWords = (options: OptionSpec): string[] => [
  ...Object.entries(options).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]),
  '--help',
];

/** The options of all commands that take a value, long and short: the shell must not complete the word after them as an option. */
function valueOptions(): string[] {
  const all = Object.values(COMMAND_COMPLETIONS).flatMap(({ options }) => Object.entries(options));
  return [...new Set(all.filter(([, option]) => option.type === 'string').flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]))];
}

const shellWords = (words: readonly string[]) => words.join(' ');

function bashScript(): string {
  const takeValue = valueOptions().join('|');
  const commands = Object.keys(COMMAND_COMPLETIONS);
  const commandCases = Object.entries(COMMAND_COMPLETIONS)
    .map(([name, { options, fileArguments, wordArguments }]) => {
      const argument = fileArguments ? 'arguments=file' : wordArguments ? `arguments="${shellWords(wordArguments)}"` : 'arguments=';
      return `    ${name}) options="${shellWords(optionWords(options))}"; ${argument} ;;`;
    })
    .join('\n');
  const wordCases = Object.entries(OPTION_WORDS)
    .map(([name, words]) => `    --${name}) COMPREPLY=($(compgen -W "${shellWords(words)}" -- "$cur")); return ;;`)
    .join('\n');
  return `# hitless completion for bash: \`source <(hitless completion bash)\` in ~/.bashrc, or save it as
# ~/.local/share/bash-completion/completions/hitless
_hitless() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  # --option=value: bash breaks the word at the =.
  if [[ $cur == = ]]; then cur=
  elif [[ $prev == = ]]; then prev="\${COMP_WORDS[COMP_CWORD-2]}"; fi
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "${shellWords([...commands, ...TOP_LEVEL])}" -- "$cur"))
    return
  fi
  local options arguments
  case "\${COMP_WORDS[1]}" in
${commandCases}
    *) return ;;
  esac
  case "$prev" in
${wordCases}
    ${FILE_OPTIONS.map((name) => `--${name}`).join('|')})
      compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
    ${takeValue}) COMPREPLY=(); return ;;
  esac
  # A command takes one argument at most: once it is there, only options follow.
  local i
  for (( i = 2; i < COMP_CWORD; i++ )); do
    case "\${COMP_WORDS[i]}" in
      ${takeValue}) [[ \${COMP_WORDS[i+1]} == = ]] && (( i++ )); (( i++ )) ;;
      -*) ;;
      *) arguments= ;;
    esac
  done
  if [[ $cur == -* || -z $arguments ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  elif [[ $arguments == file ]]; then
    compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$arguments" -- "$cur"))
  fi
}
complete -F _hitless hitless
`;
}

/** One zsh _arguments spec: `--name` (`--name=` when it takes a value: as the next word or after =), its value (a file, a word, or anything) and whether it may repeat. */
function zshOption(name: string, option: OptionSpec[string]): string[] {
  const value =
    option.type === 'boolean' ? '' : FILE_OPTIONS.includes(name) ? ':file:_files' : OPTION_WORDS[name] ? `:${name}:(${OPTION_WORDS[name]!.join(' ')})` : `:${name}: `;
  const repeat = option.multiple ? '*' : '';
  const equals = option.type === 'string' ? '=' : '';
  return [`'${repeat}--${name}${equals}${value}'`, ...(option.short ? [`'${repeat}-${option.short}${value}'`] : [])];
}

function zshScript(): string {
  const commandCases = Object.entries(COMMAND_COMPLETIONS)
    .map(([name, { options, fileArguments, wordArguments }]) => {
      const specs = [...Object.entries(options).flatMap(([option, spec]) => zshOption(option, spec)), "'--help'"];
      if (fileArguments) specs.push("'1:file:_files'");
      if (wordArguments) specs.push(`'1:${name}:(${wordArguments.join(' ')})'`);
      return `    ${name}) _arguments ${specs.join(' ')} ;;`;
    })
    .join('\n');
  return `#compdef hitless
# hitless completion for zsh: \`source <(hitless completion zsh)\` in ~/.zshrc (after compinit), or save it as _hitless
# in a folder of $fpath
_hitless() {
  if (( CURRENT == 2 )); then
    compadd -- ${shellWords([...Object.keys(COMMAND_COMPLETIONS), ...TOP_LEVEL])}
    return
  fi
  local command=$words[2]
  shift words
  (( CURRENT-- ))
  case $command in
${commandCases}
  esac
}
if [[ $funcstack[1] == _hitless ]]; then _hitless "$@"; else compdef _hitless hitless; fi
`;
}

const SCRIPTS: Readonly<Record<Shell, () => string>> = { bash: bashScript, zsh: zshScript };

export async function runCompletionCommand(argv: string[]): Promise<number> {
  const [shell, ...extra] = argv;
  if (!shell || extra.length > 0 || !(SHELLS as readonly string[]).includes(shell)) throw usageError('usage: hitless completion bash|zsh');
  process.stdout.write(SCRIPTS[shell as Shell]());
  return EXIT.ok;
}
