// Every command hitless sends to the switch is built here, so the exact text is reviewed in one place.
import type { MsmSlot, Partition, ShowSwitch } from './chassisState.js';
import { masterOf, runningVersion } from './chassisView.js';
import type { DownloadSource, FileOnSwitchSource, ImageSource } from './imageSource.js';

export const SHOW_SWITCH = 'show switch';
export const SHOW_VERSION = 'show version';
export const SHOW_VERSION_IMAGES = 'show version images';
export const DISABLE_CLIPAGING = 'disable clipaging';
export const SHOW_SLOT = 'show slot';
/** Plain `show ports` is a refreshing monitor that holds the terminal (docs/exos-cli.md §11.1): never send it. */
export const SHOW_PORTS_NO_REFRESH = 'show ports no-refresh';

export type FailoverSpelling = 'run msm-failover' | 'run failover';

const quoteVr = (vr: string) => `"${vr}"`;

/**
 * Download to an explicit partition of an explicit MSM; the switch then asks whether to install. Keyword order as in
 * the syntax (docs/exos-cli.md §4.1): `HOST FILE {vr VR} {block-size N}`; a memory card takes no VR.
 */
export function downloadCommand(source: DownloadSource, vr: string, partition: Partition, slot: MsmSlot): string {
  const from =
    source.kind === 'host'
      ? `image ${source.host} ${source.file} vr ${quoteVr(vr)}${source.blockSize === undefined ? '' : ` block-size ${source.blockSize}`}`
      : source.kind === 'url'
        ? `url ${source.url} vr ${quoteVr(vr)}`
        : `image memorycard ${source.file}`;
  return `download ${from} ${partition} msm ${slot}`;
}

/** Installs a file already in the switch's file system (downloaded earlier): `install image FILE <partition> msm <slot>`. */
export function installImageCommand(file: string, partition: Partition, slot: MsmSlot): string {
  return `install image ${file} ${partition} msm ${slot}`;
}

/** The command that puts the image from `source` on `partition` of `slot`. */
export function imageToPartitionCommand(source: Exclude<ImageSource, { kind: 'installed' }>, vr: string, partition: Partition, slot: MsmSlot): string {
  return source.kind === 'switch' ? installImageCommand(source.file, partition, slot) : downloadCommand(source, vr, partition, slot);
}

/** Lists the switch's file system, `/usr/local/cfg` (docs/exos-cli.md §4.7): read-only. */
export const LIST_FILES = 'ls';

/** Lists the file system the source's file is in (docs/exos-cli.md §4.7): read-only. */
export const listFilesCommand = (source: FileOnSwitchSource): string => (source.kind === 'memorycard' ? `${LIST_FILES} memorycard` : LIST_FILES);

/** Removes a file from the switch's file system (a pushed image once both MSMs have installed it). */
export const removeFileCommand = (file: string): string => `rm ${file}`;

/** A command that changes the file system, not what `show switch` shows of the MSMs. */
export const leavesMsmsAsTheyWere = (command: string): boolean => command.startsWith('rm ');

/** Selects the partition one MSM boots next. Always with `msm`: without it both MSMs change (docs/exos-cli.md §11.2). */
export function useImagePartitionCommand(partition: Partition, slot: MsmSlot): string {
  return `use image partition ${partition} msm ${slot}`;
}

export function rebootMsmCommand(slot: MsmSlot): string {
  return `reboot msm ${slot}`;
}

export function failoverCommand(spelling: FailoverSpelling, force: boolean): string {
  return force ? `${spelling} force` : spelling;
}

/** `run msm-failover` up to the 16.x releases, `run failover` after (docs/exos-cli.md §6.1). */
export function failoverSpellingFor(version: string | undefined): FailoverSpelling {
  const major = Number(version?.split('.')[0]);
  return Number.isFinite(major) && major >= 21 ? 'run failover' : 'run msm-failover';
}

export const otherSpelling = (spelling: FailoverSpelling): FailoverSpelling =>
  spelling === 'run failover' ? 'run msm-failover' : 'run failover';

/** The failover spelling for the release the current master runs. */
export function failoverSpellingOn(show: ShowSwitch): FailoverSpelling {
  const master = masterOf(show);
  return failoverSpellingFor(master && runningVersion(master)?.version);
}

/** Commands an operator may type into hitless's console: `show ...` in any EXOS abbreviation (sh, sho, show). */
export const isShowCommand = (line: string): boolean => /^\s*sh(?:o|ow)?\s+\S/i.test(line);
export const SAVE_CONFIGURATION = 'save configuration';
export const SHOW_CONFIGURATION = 'show configuration';
