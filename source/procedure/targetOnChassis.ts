// Where the upgrade target already is on the chassis: which MSM runs it, which partition holds it, which .xmod
// packages sit next to it. Read from `show switch` and, when read, `show version images`.
import type { InstalledImage, NodeStatus, ObservedChassis, Partition } from '../exos/chassisState.js';
import { runningVersion, sameVersion, versionIn } from '../exos/chassisView.js';
import { xmodMatchesCore } from '../exos/imageFile.js';
import type { ImageFile, UpgradeTarget } from './types.js';

const PARTITIONS: readonly Partition[] = ['primary', 'secondary'];

/** The file name `show version images` lists (the source path may carry directories). */
export const imageFileName = (image: ImageFile): string => image.source.file.split('/').pop() ?? image.source.file;

export const runsTarget = (node: NodeStatus, target: UpgradeTarget): boolean =>
  sameVersion(runningVersion(node), target.core.version);

/** The `show version images` rows of one partition of one MSM. */
export const imageRows = (images: InstalledImage[] | undefined, node: NodeStatus, partition: Partition): InstalledImage[] =>
  (images ?? []).filter((row) => row.partition === partition && (row.slot ? row.slot === node.slot : row.card === node.name));

const PATCH_TAG = /patch\d+-\d+/;

/** The patch tag a `show version images` row carries in its file name, branch or version, if any. */
export const patchOfRow = (row: InstalledImage): string | undefined =>
  [row.name, row.branch ?? '', row.version].map((field) => PATCH_TAG.exec(field)?.[0]).find(Boolean);

/** A core row names the target by file name, or by version plus the same patch tag (or none) in name/branch. */
function rowIsCore(row: InstalledImage, target: UpgradeTarget): boolean {
  if (row.name === imageFileName(target.core)) return true;
  const { version, patch } = target.core.version;
  if (!row.name.endsWith('.xos') || (row.version !== version && !row.version.startsWith(`${version}-`))) return false;
  return patchOfRow(row) === patch;
}

/**
 * Whether `partition` of `node` holds the target core image. `show switch` prints the patch tag only under the
 * booted partition (docs/exos-cli.md §2.4), so a freshly installed patch build shows as its bare version; when
 * `show version images` lists that partition, its rows settle which build it is.
 */
export function partitionHoldsCore(
  node: NodeStatus,
  partition: Partition,
  target: UpgradeTarget,
  images: InstalledImage[] | undefined,
): boolean {
  const shown = versionIn(node, partition);
  if (partition === node.booted || shown?.patch !== undefined) return sameVersion(shown, target.core.version);
  if (shown?.version !== target.core.version.version) return false;
  const rows = imageRows(images, node, partition);
  return rows.length === 0 || rows.some((row) => rowIsCore(row, target));
}

export const holdsCoreAnywhere = (node: NodeStatus, target: UpgradeTarget, images: InstalledImage[] | undefined): boolean =>
  PARTITIONS.some((partition) => partitionHoldsCore(node, partition, target, images));

export const xmodInstalled = (
  node: NodeStatus,
  partition: Partition,
  xmod: ImageFile,
  images: InstalledImage[] | undefined,
): boolean => imageRows(images, node, partition).some((row) => row.name === imageFileName(xmod));

/** The target's .xmod packages that cannot run with its core image. */
export const mismatchedXmods = (target: UpgradeTarget): ImageFile[] =>
  target.xmods.filter((xmod) => xmod.kind !== 'xmod' || !xmodMatchesCore(target.core.version, xmod.version));

/**
 * True once anything of the target is on the chassis (any partition of any MSM, or any of its .xmod files).
 * Decides the exit code of a stop: 3 (nothing changed) before, 4 (stopped mid-procedure) after.
 */
export function progressStarted(observed: ObservedChassis, target: UpgradeTarget): boolean {
  const xmodNames = new Set(target.xmods.map(imageFileName));
  return (
    observed.show.nodes.some((node) => holdsCoreAnywhere(node, target, observed.images)) ||
    (observed.images ?? []).some((row) => xmodNames.has(row.name))
  );
}

export const stopCode = (observed: ObservedChassis, target: UpgradeTarget): 3 | 4 => (progressStarted(observed, target) ? 4 : 3);
