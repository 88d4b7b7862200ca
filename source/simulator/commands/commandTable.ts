// Which handler runs each parsed command, and which commands a session on the backup MSM may use.
import type { ParsedCommand } from '../cli/commandGrammar.js';
import type { CommandContext } from './commandContext.js';
import { removeFile } from './fileCommands.js';
import { download, install, useImage } from './imageCommands.js';
import { failover, reboot } from './rebootCommands.js';
import { clipaging, cliPrompting, configureCli, configureSnmp, exit, save } from './sessionCommands.js';
import { listFiles, showConfiguration, showPorts, showSlot, showSwitch, showVersion, showVersionImages } from './showCommands.js';

type Kind = ParsedCommand['kind'];
type Handler<K extends Kind> = (ctx: CommandContext, command: Extract<ParsedCommand, { kind: K }>) => unknown;

const HANDLERS: { [K in Kind]: Handler<K> } = {
  'show-switch': showSwitch,
  'show-version': showVersion,
  'show-version-images': showVersionImages,
  'show-slot': showSlot,
  'show-ports': showPorts,
  ls: listFiles,
  rm: removeFile,
  'show-configuration': showConfiguration,
  download,
  install,
  'use-image': useImage,
  reboot,
  failover,
  save,
  exit,
  clipaging,
  'cli-prompting': cliPrompting,
  'configure-snmp': configureSnmp,
  'configure-cli': configureCli,
};

/** Show commands and session settings; everything else is master-only (docs/exos-cli.md §8.2). */
export const ALLOWED_ON_BACKUP: ReadonlySet<Kind> = new Set<Kind>([
  'show-switch',
  'show-version',
  'show-version-images',
  'show-slot',
  'show-ports',
  'ls',
  'show-configuration',
  'exit',
  'clipaging',
  'cli-prompting',
  'configure-cli',
]);

export async function runCommand(ctx: CommandContext, command: ParsedCommand): Promise<void> {
  const handler = HANDLERS[command.kind] as Handler<Kind>;
  await handler(ctx, command);
}
