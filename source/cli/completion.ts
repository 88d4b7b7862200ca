// hitless completion bash|zsh: a shell completion script, made from the option specs the commands parse with
// (commandOptions.ts, as --help is), so a new option completes without editing a second list.
import { EXIT, usageError } from '../errors.js';
import { COMMANDS, FILE_OPTIONS, HELP_DOC, OPTION_WORDS, optionDoc, SHELLS, type CommandOptions, type OptionSpec } from './commandOptions.js';

type Shell = (typeof SHELLS)[number];

const TOP_LEVEL = ['--help', '-h', '--version', '-V'];

const optionWords = (options: OptionSpec): string[] => [
  ...Object.entries(options).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]),
  '--help',
];

/** The options of all commands that take a value, long and short: the shell must not complete the word after them as an option. */
function valueOptions(): string[] {
  const all = Object.values(COMMANDS).flatMap(({ options }) => Object.entries(options));
  return [...new Set(all.filter(([, option]) => option.type === 'string').flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]))];
}

const shellWords = (words: readonly string[]) => words.join(' ');

function bashScript(): string {
  const takeValue = valueOptions().join('|');
  const commands = Object.keys(COMMANDS);
  const commandCases = Object.entries(COMMANDS)
    .map(([name, { options, fileArgument, wordArguments }]) => {
      const argument = fileArgument === 'many' ? 'arguments=files' : fileArgument ? 'arguments=file' : wordArguments ? `arguments="${shellWords(wordArguments)}"` : 'arguments=';
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
  # A command takes one argument at most (files: any number): once it is there, only options follow.
  local i
  for (( i = 2; i < COMP_CWORD; i++ )); do
    case "\${COMP_WORDS[i]}" in
      ${takeValue}) [[ \${COMP_WORDS[i+1]} == = ]] && (( i++ )); (( i++ )) ;;
      -*) ;;
      *) [[ $arguments == files ]] || arguments= ;;
    esac
  done
  if [[ $cur == -* || -z $arguments ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  elif [[ $arguments == file* ]]; then
    compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$arguments" -- "$cur"))
  fi
}
complete -F _hitless hitless
`;
}

/** Text inside a single-quoted _arguments spec's [description]. */
const zshDescription = (text: string) => text.replace(/[[\]\\]/g, (character) => `\\${character}`).replace(/'/g, `'\\''`);

/**
 * One zsh _arguments spec: `--name` (`--name=` when it takes a value: as the next word or after =), what it means (as
 * --help says), its value (a file, a word, or anything) and whether it may repeat.
 */
function zshOption(command: CommandOptions, name: string, option: OptionSpec[string]): string[] {
  const value =
    option.type === 'boolean' ? '' : FILE_OPTIONS.includes(name) ? ':file:_files' : OPTION_WORDS[name] ? `:${name}:(${OPTION_WORDS[name]!.join(' ')})` : `:${name}: `;
  const repeat = option.multiple ? '*' : '';
  const equals = option.type === 'string' ? '=' : '';
  const description = `[${zshDescription(optionDoc(command, name).meaning)}]`;
  return [`'${repeat}--${name}${equals}${description}${value}'`, ...(option.short ? [`'${repeat}-${option.short}${description}${value}'`] : [])];
}

function zshScript(): string {
  const commandCases = Object.entries(COMMANDS)
    .map(([name, command]) => {
      const { options, fileArgument, wordArguments } = command;
      const specs = [...Object.entries(options).flatMap(([option, spec]) => zshOption(command, option, spec)), `'--help[${zshDescription(HELP_DOC.meaning)}]'`];
      if (fileArgument) specs.push(fileArgument === 'many' ? "'*:file:_files'" : "'1:file:_files'");
      if (wordArguments) specs.push(`'1:${name}:(${wordArguments.join(' ')})'`);
      return `    ${name}) _arguments ${specs.join(' ')} ;;`;
    })
    .join('\n');
  return `#compdef hitless
# hitless completion for zsh: \`source <(hitless completion zsh)\` in ~/.zshrc (after compinit), or save it as _hitless
# in a folder of $fpath
_hitless() {
  if (( CURRENT == 2 )); then
    compadd -- ${shellWords([...Object.keys(COMMANDS), ...TOP_LEVEL])}
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
