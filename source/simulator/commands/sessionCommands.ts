// `save`, `exit`, session settings and the config commands that set the unsaved marker (docs/exos-cli.md §8).
import { isYes, QUESTIONS, TEXT } from '../exosText.js';
import { TIMINGS } from '../timings.js';
import type { ParsedCommand } from '../cli/commandGrammar.js';
import type { CommandContext } from './commandContext.js';

const SAVE_DOTS = 8;

export async function writeSave(ctx: CommandContext) {
  ctx.write(TEXT.savingConfig);
  await ctx.progress(SAVE_DOTS, TIMINGS.save);
  ctx.line(' done!');
  ctx.line(TEXT.savedConfig);
  ctx.chassis.saveConfig('primary.cfg');
}

export async function save(ctx: CommandContext) {
  ctx.line(TEXT.configExists);
  if (!isYes(await ctx.ask(QUESTIONS.saveOverwrite))) {
    ctx.line(TEXT.saveCancelled);
    return;
  }
  await writeSave(ctx);
}

export async function exit(ctx: CommandContext) {
  const onMaster = ctx.chassis.msm[ctx.msm].nodeState === 'MASTER';
  if (onMaster && ctx.chassis.configUnsaved && isYes(await ctx.ask(QUESTIONS.saveOnExit))) await writeSave(ctx);
  ctx.endSession();
}

export function clipaging(ctx: CommandContext, command: Extract<ParsedCommand, { kind: 'clipaging' }>) {
  ctx.settings.paging = command.enabled;
}

export function cliPrompting(ctx: CommandContext, command: Extract<ParsedCommand, { kind: 'cli-prompting' }>) {
  ctx.settings.prompting = command.enabled;
}

export function configureSnmp(ctx: CommandContext, command: Extract<ParsedCommand, { kind: 'configure-snmp' }>) {
  ctx.chassis.snmp[command.field] = command.value;
  ctx.chassis.markConfigChanged();
}

/** `configure cli lines` sets the page height; `columns` is accepted and has no visible effect here. */
export function configureCli(ctx: CommandContext, command: Extract<ParsedCommand, { kind: 'configure-cli' }>) {
  if (command.field === 'lines') ctx.settings.pageLines = command.value;
}
