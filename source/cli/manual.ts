// `hitless COMMAND --help`: the command's manual page, made from the option specs it parses with and their meanings
// (commandOptions.ts, which the shell completion reads too), so the page lists exactly what the command accepts.
import { COMMANDS, HELP_DOC, optionDoc, type OptionDoc, type OptionSpec } from './commandOptions.js';
import { exitCodeLines, indent, SYNOPSIS } from './usage.js';

const MEANING_INDENT = '        ';
const WIDTH = 112;

/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The command's lines of SYNOPSIS: those starting with `hitless NAME`, with their continuation lines. */
function synopsisOf(name: string): string {
  let ours = false;
  return SYNOPSIS.split('\n')
    .filter((line) => {
      if (!line.startsWith(' ')) ours = new RegExp(`^hitless ${name}\\b`).test(line);
      return ours;
    })
    .join('\n');
}

function optionEntry(doc: OptionDoc, name: string, option: OptionSpec[string]): string {
  const flags = [...(option.short ? [`-${option.short}`] : []), `--${name}`].join(', ');
  const meaning = `${doc.meaning[0]!.toUpperCase()}${doc.meaning.slice(1)}.${doc.default ? ` Default: ${doc.default}.` : ''}`;
  return [`  ${flags}${doc.value ? ` ${doc.value}` : ''}`, ...wrap(meaning, WIDTH - MEANING_INDENT.length).map((line) => MEANING_INDENT + line)].join('\n');
}

export function commandManual(name: string): string {
  const command = COMMANDS[name]!;
  const options = Object.entries(command.options).map(([option, spec]) => optionEntry(optionDoc(command, option), option, spec));
  options.push(optionEntry(HELP_DOC, 'help', { type: 'boolean', short: 'h' }));
  const connects = 'host' in command.options;
  const description = [
    ...(command.description ? [command.description] : []),
    ...(connects ? ['How hitless logs in, verifies host keys, reaches serial consoles, keeps the chassis safe and checks its health: hitless --help.'] : []),
  ];
  return `NAME
  hitless ${name} — ${command.summary}

SYNOPSIS
${indent(synopsisOf(name), '  ')}

${description.length > 0 ? `DESCRIPTION\n${description.map((paragraph) => wrap(paragraph, WIDTH - 2).map((line) => `  ${line}`).join('\n')).join('\n\n')}\n\n` : ''}OPTIONS
${options.join('\n')}

EXIT STATUS
${exitCodeLines()}

EXAMPLES
${command.examples.map((example) => `  ${example}`).join('\n')}

SEE ALSO
  hitless --help (every command, FILES, ENVIRONMENT), README.md
`;
}
