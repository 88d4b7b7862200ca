// `rm FILE` (docs/exos-cli.md §4.8): removes a file of the file system, silently and without a question [R].
import { TEXT } from '../exosText.js';
import { nameInCfg } from '../fileSystem.js';
import type { ParsedCommand } from '../cli/commandGrammar.js';
import type { CommandContext } from './commandContext.js';

export function removeFile(ctx: CommandContext, command: Extract<ParsedCommand, { kind: 'rm' }>) {
  const name = nameInCfg(command.file);
  if (name === ctx.chassis.savedConfig.file) {
    ctx.line(TEXT.configInUse(name));
    return;
  }
  if (name === undefined || !ctx.chassis.fileSystem.remove(name)) ctx.line(TEXT.noSuchFile(command.file));
}
