// `download image|url`, `install image` (docs/exos-cli.md §4) and `use image` (§11.2): the install question, progress dots,
// partition selection, and the refusals (contract, unreachable host, unknown file, .xmod version, empty partition).
import { coreImage, msmName, otherSlot, xmodImage } from '../chassisModel.js';
import { isYes, QUESTIONS, TEXT } from '../exosText.js';
import type { FileEntry } from '../fileSystem.js';
import { coreFileFor, majorOf, parseImageName } from '../imageName.js';
import { ANY_IMAGE_HOST, IO_IMAGE, type ChassisSpec, type CoreImageSpec, type MsmSlot, type Partition } from '../scenarios.js';
import { TRANSFER } from '../timings.js';
import type { ImageLocation, ParsedCommand, PartitionChoice } from '../cli/commandGrammar.js';
import type { CommandContext } from './commandContext.js';

const KNOWN_VRS = ['VR-Default', 'VR-Mgmt'];
/** From this release on, a core image may not overwrite the running partition (Switch Engine rule, docs/exos-cli.md §4.5). */
const ACTIVE_PARTITION_REFUSED_FROM_MAJOR = 30;

type Fetch = { found: true; file: string } | { found: false; error: string };

/** What the memory card holds under `file`: an image file the chassis knows, or the not-found error [R]. */
function fromMemoryCard(ctx: CommandContext, file: string): Fetch {
  const onCard = ctx.chassis.memoryCard?.some((stored) => stored.name === file) ?? false;
  return onCard && parseImageName(file) !== undefined ? { found: true, file } : { found: false, error: TEXT.fileNotFound };
}

/** What the image host answers for a `download image HOST FILE` or a URL (http://HOST/images/FILE, tftp://HOST/FILE). */
function fetchImage(scenario: ChassisSpec, location: Exclude<ImageLocation, { kind: 'memorycard' }>): Fetch {
  let host: string;
  let file: string;
  if (location.kind === 'host') {
    ({ host, file } = location);
  } else {
    const url = URL.canParse(location.url) ? new URL(location.url) : undefined;
    if (!url || !['http:', 'https:', 'tftp:'].includes(url.protocol)) return { found: false, error: TEXT.fileNotFound };
    host = url.hostname;
    file = url.pathname.split('/').pop() ?? '';
  }
  const anyHost = scenario.imageHost === ANY_IMAGE_HOST;
  if ((!anyHost && host !== scenario.imageHost) || scenario.faults.imageHostUnreachable) {
    return { found: false, error: TEXT.hostUnreachable };
  }
  const offered = anyHost ? parseImageName(file) !== undefined : offeredCore(scenario, file) !== undefined || scenario.images.xmods.includes(file);
  return offered ? { found: true, file } : { found: false, error: TEXT.fileNotFound };
}

/** The core image the image host serves under `file` (any one for a twin, with the I/O image status cannot show). */
function offeredCore(scenario: ChassisSpec, file: string): CoreImageSpec | undefined {
  if (scenario.imageHost === ANY_IMAGE_HOST) return parseImageName(file)?.kind === 'xos' ? { file, ioImageVersion: IO_IMAGE } : undefined;
  return scenario.images.cores.find((core) => core.file === file);
}

function resolvePartition(ctx: CommandContext, slot: MsmSlot, choice: PartitionChoice = 'inactive'): Partition {
  const booted = ctx.chassis.msm[slot].booted;
  if (choice === 'active') return booted;
  if (choice === 'inactive') return booted === 'primary' ? 'secondary' : 'primary';
  return choice;
}

/** The named MSM, or both (master first); every target must be up. */
function targetMsms(ctx: CommandContext, msm: MsmSlot | undefined): MsmSlot[] | undefined {
  const targets = msm ? [msm] : [ctx.msm, otherSlot(ctx.msm)];
  const down = targets.find((slot) => !['MASTER', 'BACKUP'].includes(ctx.chassis.msm[slot].nodeState));
  if (down === undefined) return targets;
  ctx.line(TEXT.msmNotOperational(down));
  return undefined;
}

/** Installs a file already on the MSM; prints the §4.2 lines. False when refused. */
async function installOnto(ctx: CommandContext, slot: MsmSlot, partition: Partition, file: string): Promise<boolean> {
  const name = parseImageName(file);
  const coreSpec = offeredCore(ctx.scenario, file);
  if (!name || (name.kind === 'xos' && !coreSpec)) {
    ctx.line(TEXT.notAnImage(file));
    return false;
  }
  const m = ctx.chassis.msm[slot];
  const overwritesRunning = name.kind === 'xos' && partition === m.booted;
  if (overwritesRunning && majorOf(ctx.chassis.runningCore(slot).version) >= ACTIVE_PARTITION_REFUSED_FROM_MAJOR) {
    ctx.line(TEXT.activePartitionOnly);
    return false;
  }
  if (name.kind === 'xmod' && m.partitions[partition].core?.version !== name.version) {
    ctx.line(TEXT.xmodNeedsCore(file, coreFileFor(name)));
    return false;
  }
  if (overwritesRunning && m.nodeState === 'MASTER') {
    ctx.recordOutage('install-active-partition', `${file} written over the running ${partition} partition of master ${msmName(slot)}`);
  }
  const timing = TRANSFER[name.kind];
  ctx.line(TEXT.installingToPartition(partition));
  ctx.line('');
  ctx.write(TEXT.installingTo(slot));
  await ctx.progress(timing.installDots, timing.installMs);
  ctx.line('');
  const installedAt = ctx.clock.now();
  if (coreSpec) ctx.chassis.installCore(slot, partition, coreImage(coreSpec, installedAt));
  else ctx.chassis.installXmod(slot, partition, xmodImage(file, installedAt));
  ctx.line(TEXT.imageInstalled);
  if (coreSpec) ctx.line(TEXT.usedAfterReboot);
  return true;
}

export async function download(ctx: CommandContext, command: Extract<ParsedCommand, { kind: 'download' }>) {
  if (ctx.scenario.faults.contractExpired) {
    ctx.line(TEXT.contractExpired);
    return;
  }
  if (command.vr !== undefined && !KNOWN_VRS.includes(command.vr)) {
    ctx.line(TEXT.unknownVr(command.vr));
    return;
  }
  const targets = targetMsms(ctx, command.msm);
  if (!targets) return;
  const answer = await ctx.ask(QUESTIONS.installAfterDownload);
  if (answer === '') return;
  ctx.line('');
  const { location } = command;
  const fetched = location.kind === 'memorycard' ? fromMemoryCard(ctx, location.file) : fetchImage(ctx.scenario, location);
  for (const slot of targets) {
    ctx.write(TEXT.downloadingTo(slot));
    if (!fetched.found) {
      ctx.line(fetched.error);
      return;
    }
    const kind = parseImageName(fetched.file)?.kind ?? 'xos';
    const timing = TRANSFER[kind];
    const scale = ctx.scenario.transferScale;
    await ctx.progress(Math.round(timing.downloadDots * scale), timing.downloadMs * scale);
    ctx.line('');
    ctx.chassis.rememberDownload(slot, fetched.file);
    if (!isYes(answer)) {
      ctx.line(TEXT.downloadOnly);
    } else if (!(await installOnto(ctx, slot, resolvePartition(ctx, slot, command.partition), fetched.file))) {
      return;
    }
  }
}

/**
 * A file pushed over SFTP/SCP installs when its transfer ended normally and it has the size of the chassis' images
 * (ChassisSpec.imageBytes; any size when unknown); EXOS checks an image before installing it [R].
 */
const isWhole = (file: FileEntry, imageBytes: number | undefined) =>
  file.state === 'complete' && (!file.pushed || imageBytes === undefined || file.bytes === imageBytes);

export async function install(ctx: CommandContext, command: Extract<ParsedCommand, { kind: 'install' }>) {
  const targets = targetMsms(ctx, command.msm);
  if (!targets) return;
  const stored = ctx.chassis.fileSystem.find(command.file);
  if (stored && !isWhole(stored, ctx.scenario.imageBytes)) {
    ctx.line(TEXT.damagedImage(command.file));
    return;
  }
  for (const slot of targets) {
    // A file in the chassis' file system (put there or downloaded earlier) installs on either MSM [R].
    if (!stored && !ctx.chassis.msm[slot].downloaded.includes(command.file)) {
      ctx.line(TEXT.notDownloaded(command.file));
      return;
    }
    if (!(await installOnto(ctx, slot, resolvePartition(ctx, slot, command.partition), command.file))) return;
  }
}

/**
 * `use image [partition] primary|secondary [msm X]`: the partition the MSM boots next; without `msm`, both MSMs
 * [D]. Silent on success [R]. Works on an MSM that is down or in FAIL: that is how one is rolled back. A partition
 * without an image is refused and nothing changes.
 */
export function useImage(ctx: CommandContext, command: Extract<ParsedCommand, { kind: 'use-image' }>) {
  const targets = command.msm ? [command.msm] : [ctx.msm, otherSlot(ctx.msm)];
  const empty = targets.find((slot) => ctx.chassis.msm[slot].partitions[command.partition].core === undefined);
  if (empty) {
    ctx.line(TEXT.noImageInPartition(command.partition, empty));
    return;
  }
  for (const slot of targets) ctx.chassis.selectPartition(slot, command.partition);
}
