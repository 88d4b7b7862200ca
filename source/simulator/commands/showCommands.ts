import { monitorWindow, portCount, renderPortMonitor, renderShowPortsNoRefresh } from '../render/showPorts.js';
import { renderFileListing } from '../render/listFiles.js';
import { renderShowSlot } from '../render/showSlot.js';
import { TEXT } from '../exosText.js';
import { renderShowSwitch } from '../render/showSwitch.js';
import { renderShowVersion, renderShowVersionImages } from '../render/showVersion.js';
import { renderShowConfiguration } from '../render/showConfiguration.js';
import type { ParsedCommand } from '../cli/commandGrammar.js';
import { MONITOR_MIN_REDRAW_REAL_MS, TIMINGS } from '../timings.js';
import type { CommandContext } from './commandContext.js';

export const showSwitch = (ctx: CommandContext) => ctx.page(renderShowSwitch(ctx.chassis, ctx.msm, ctx.clock.now()));

export const showVersion = (ctx: CommandContext) =>
  ctx.page(renderShowVersion(ctx.chassis, ctx.chassis.master()?.slot ?? ctx.msm));

export const showVersionImages = (ctx: CommandContext) => ctx.page(renderShowVersionImages(ctx.chassis));

/** Capacity of the simulated memory card [R]. */
const MEMORY_CARD_BYTES = 2 * 1024 * 1024 * 1024;

/** `ls`: the configuration and the files beside it; `ls memorycard`: the card, or the missing path when there is none. */
export function listFiles(ctx: CommandContext, command: Extract<ParsedCommand, { kind: 'ls' }>) {
  const now = ctx.clock.now();
  if (!command.memorycard) {
    const { fileSystem } = ctx.chassis;
    return ctx.page(renderFileListing(fileSystem.list(), fileSystem.capacityBytes, now));
  }
  const card = ctx.chassis.memoryCard;
  return card ? ctx.page(renderFileListing(card, MEMORY_CARD_BYTES, now)) : ctx.line(TEXT.noMemoryCard);
}

export const showSlot = (ctx: CommandContext) => ctx.page(renderShowSlot(ctx.chassis));

const MONITOR_EXIT_KEYS = new Set(['\x1b', 'q', 'Q', '\x03']);
/** Pages moved by a key (U up, D down). */
const MONITOR_PAGE_KEYS: Record<string, number> = { u: -1, d: 1 };

/**
 * Plain `show ports`: redraws the port table in place until Esc, q or Ctrl-C (docs/exos-cli.md §11.1), holding the
 * terminal meanwhile; U and D page. A tool that sends it waits for a prompt that does not come.
 */
async function portMonitor(ctx: CommandContext): Promise<void> {
  const window = monitorWindow(ctx.screenRows);
  const lastTop = Math.max(0, portCount(ctx.chassis) - window);
  const redrawDelay = Math.max(MONITOR_MIN_REDRAW_REAL_MS, ctx.clock.scale(TIMINGS.portMonitorRedraw));
  let top = 0;
  let nextKey = ctx.key();
  for (;;) {
    ctx.write(renderPortMonitor(ctx.chassis, ctx.clock.now(), top, ctx.screenRows));
    const key = await Promise.race([nextKey, ctx.clock.sleepReal(redrawDelay)]);
    if (key === undefined) continue;
    if (MONITOR_EXIT_KEYS.has(key)) break;
    nextKey = ctx.key();
    const page = MONITOR_PAGE_KEYS[key.toLowerCase()];
    if (page !== undefined) top = Math.min(lastTop, Math.max(0, top + page * window));
  }
  ctx.line();
}

export const showPorts = (ctx: CommandContext, command: Extract<ParsedCommand, { kind: 'show-ports' }>) =>
  command.monitor ? portMonitor(ctx) : ctx.page(renderShowPortsNoRefresh(ctx.chassis));

export const showConfiguration = (ctx: CommandContext) => ctx.page(renderShowConfiguration(ctx.chassis));
