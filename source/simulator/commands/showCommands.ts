import { renderShowSlot } from '../render/showSlot.js';
import { renderShowSwitch } from '../render/showSwitch.js';
import { renderShowVersion, renderShowVersionImages } from '../render/showVersion.js';
import type { CommandContext } from './commandContext.js';

export const showSwitch = (ctx: CommandContext) => ctx.page(renderShowSwitch(ctx.chassis, ctx.msm, ctx.clock.now()));

export const showVersion = (ctx: CommandContext) =>
  ctx.page(renderShowVersion(ctx.chassis, ctx.chassis.master()?.slot ?? ctx.msm));

export const showVersionImages = (ctx: CommandContext) => ctx.page(renderShowVersionImages(ctx.chassis));

export const showSlot = (ctx: CommandContext) => ctx.page(renderShowSlot(ctx.chassis));
