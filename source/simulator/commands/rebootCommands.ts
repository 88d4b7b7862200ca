// `reboot`, `reboot msm X` and `run msm-failover | run failover` (docs/exos-cli.md §5, §6), with the safety oracle:
// anything that stops forwarding is recorded as an outage.
import { msmName, otherSlot } from '../chassisModel.js';
import { isYes, QUESTIONS, TEXT } from '../exosText.js';
import { TIMINGS } from '../timings.js';
import type { ParsedCommand } from '../cli/commandGrammar.js';
import type { CommandContext } from './commandContext.js';
import { writeSave } from './sessionCommands.js';

async function rebootChassis(ctx: CommandContext) {
  if (ctx.chassis.configUnsaved) {
    const answer = await ctx.ask(QUESTIONS.saveAndReboot);
    if (isYes(answer)) await writeSave(ctx);
    else if (!/^no?$/i.test(answer)) return;
  } else if (!isYes(await ctx.ask(QUESTIONS.rebootSwitch))) {
    return;
  }
  ctx.recordOutage('bare-reboot', 'both MSMs and every I/O module reboot');
  ctx.chassis.rebootChassis();
}

export async function reboot(ctx: CommandContext, command: Extract<ParsedCommand, { kind: 'reboot' }>) {
  if (command.msm === undefined) return rebootChassis(ctx);
  if (!isYes(await ctx.ask(QUESTIONS.rebootMsm(command.msm)))) return;
  if (ctx.chassis.msm[command.msm].role === 'master') {
    ctx.recordOutage('reboot-master', `${msmName(command.msm)} was the master`);
  }
  ctx.chassis.rebootMsm(command.msm);
}

export async function failover(ctx: CommandContext, command: Extract<ParsedCommand, { kind: 'failover' }>) {
  const master = ctx.chassis.msm[ctx.msm];
  const backup = ctx.chassis.msm[otherSlot(ctx.msm)];
  if (backup.nodeState !== 'BACKUP') {
    ctx.line(TEXT.noBackup);
    return;
  }
  if (!backup.inSync && !command.force) {
    ctx.line(TEXT.backupNotInSync(backup.slot));
    return;
  }
  if (backup.ioImageVersion !== master.ioImageVersion) {
    if (!isYes(await ctx.ask(QUESTIONS.ioMismatchFailover))) return;
    ctx.recordOutage(
      'io-modules-reset',
      `I/O image ${master.ioImageVersion} on ${msmName(master.slot)}, ${backup.ioImageVersion} on ${msmName(backup.slot)}`,
    );
  }
  if (!backup.inSync) {
    ctx.recordOutage('failover-not-in-sync', `forced failover to ${msmName(backup.slot)}, ${ctx.chassis.stateText(backup.slot)}`);
  }
  await ctx.clock.sleep(TIMINGS.failoverDrop);
  ctx.chassis.failover();
}
