// Where the release to go back to is on the chassis: which partition of an MSM holds the release it ran before,
// and the release both MSMs hold for a whole-chassis rollback. A rollback is `use image partition P msm X` and then
// `reboot msm X` (docs/exos-cli.md §11.2), one MSM at a time, the backup first, as in an upgrade.
import type { ImageVersion, InstalledImage, MsmSlot, NodeStatus, ObservedChassis, Partition, ShowSwitch } from '../exos/chassisState.js';
import { formatVersion, mayBeVersion, msmInSlot, otherPartition, runningVersion, sameVersion, versionIn } from '../exos/chassisView.js';
import { rebootMsmCommand, useImagePartitionCommand } from '../exos/commands.js';
import { imageRows, patchOfRow } from './targetOnChassis.js';
import type { ImageFile, UpgradeTarget } from './types.js';

const PARTITIONS: readonly Partition[] = ['primary', 'secondary'];

/**
 * Whether `partition` of `node` may hold `release`: exactly on the booted partition, whose patch line `show switch`
 * prints; by the bare version on the other one, whose patch tag it never prints (docs/exos-cli.md §2.4).
 */
export function partitionMayHold(node: NodeStatus, partition: Partition, release: ImageVersion): boolean {
  const shown = versionIn(node, partition);
  return partition === node.booted ? sameVersion(shown, release) : mayBeVersion(shown, release);
}

/** The partition that holds `previous` (the release the MSM ran before); the one it did not boot when both do. */
export function rollbackPartitionFor(node: NodeStatus, previous: ImageVersion): Partition | undefined {
  const holding = PARTITIONS.filter((partition) => partitionMayHold(node, partition, previous));
  if (holding.length < 2) return holding[0];
  return node.booted ? otherPartition(node.booted) : holding[0];
}

/** The exact commands that take one MSM back: select the partition, reboot that MSM (never the chassis). */
export const rollbackCommands = (slot: MsmSlot, partition: Partition): string[] => [
  useImagePartitionCommand(partition, slot),
  rebootMsmCommand(slot),
];

export type ChassisRollbackTarget =
  | { ok: true; release: ImageVersion; partitions: Record<MsmSlot, Partition> }
  | { ok: false; reason: string };

const refused = (reason: string): ChassisRollbackTarget => ({ ok: false, reason });

/** The other partition's version, with the patch tag `show version images` names for it when it was read. */
function otherRelease(node: NodeStatus & { booted: Partition }, images: InstalledImage[] | undefined): ImageVersion | undefined {
  const shown = versionIn(node, otherPartition(node.booted));
  if (!shown || shown.patch) return shown;
  const core = imageRows(images, node, otherPartition(node.booted)).find((row) => row.name.endsWith('.xos'));
  const patch = core && patchOfRow(core);
  return patch ? { ...shown, patch } : shown;
}

const hasBooted = (node: NodeStatus | undefined): node is NodeStatus & { booted: Partition } => node?.booted !== undefined;

/**
 * The release a whole-chassis rollback goes to: `toVersion`, or else the release both MSMs hold on the partition
 * they did not boot (they must run the same release and hold the same one there). Refused, with the reason, when
 * the MSMs do not both hold it.
 */
export function chassisRollbackTarget(
  show: ShowSwitch,
  options: { toVersion?: ImageVersion; images?: InstalledImage[] } = {},
): ChassisRollbackTarget {
  const nodes = { A: msmInSlot(show, 'A'), B: msmInSlot(show, 'B') };
  if (!hasBooted(nodes.A) || !hasBooted(nodes.B)) return refused('"show switch" does not show the booted partition of both MSM-A and MSM-B');
  const [a, b] = [nodes.A, nodes.B];
  let release = options.toVersion;
  if (!release) {
    const [runningA, runningB] = [runningVersion(a), runningVersion(b)];
    if (!sameVersion(runningA, runningB)) {
      return refused(`the MSMs run different releases (MSM-A ${formatVersion(runningA)}, MSM-B ${formatVersion(runningB)}); name the release to go back to with --to-version`);
    }
    const [otherA, otherB] = [otherRelease(a, options.images), otherRelease(b, options.images)];
    if (!otherA || !otherB || otherA.version !== otherB.version || (otherA.patch ?? '') !== (otherB.patch ?? '')) {
      return refused(
        `the MSMs do not hold the same release on their other partition (MSM-A ${otherA ? formatVersion(otherA) : 'none'}, ` +
          `MSM-B ${otherB ? formatVersion(otherB) : 'none'}): nothing to roll back to`,
      );
    }
    if (mayBeVersion(otherA, runningA!)) return refused(`both partitions of both MSMs hold ${formatVersion(runningA)}: nothing to roll back to`);
    release = otherA;
  }
  const [partitionA, partitionB] = [rollbackPartitionFor(a, release), rollbackPartitionFor(b, release)];
  const missing = !partitionA ? 'A' : !partitionB ? 'B' : undefined;
  if (missing) return refused(`MSM-${missing} does not hold ${formatVersion(release)} on either partition`);
  return { ok: true, release, partitions: { A: partitionA!, B: partitionB! } };
}

/** A release already on the chassis as a target core: nothing to download, `use image` selects it. */
export const installedRelease = (release: ImageVersion): ImageFile => ({
  source: { kind: 'installed', file: formatVersion(release) },
  prefix: '',
  version: release,
  kind: 'xos',
});

/**
 * The rollback as an upgrade to an installed release: `resumed` is the release an earlier run of the same rollback
 * chose (kept in the run state, because a half-done rollback no longer shows one release on both other partitions).
 */
export function rollbackUpgradeTarget(
  target: UpgradeTarget,
  observed: ObservedChassis,
  known: { resumed?: ImageVersion; upgradedFrom?: ImageVersion } = {},
): { ok: true; target: UpgradeTarget; release: ImageVersion } | { ok: false; reason: string; advice?: string } {
  const release = known.resumed ?? resolved(target, observed, known.upgradedFrom);
  if (!('version' in release)) return { ok: false, ...release };
  return { ok: true, target: { ...target, core: installedRelease(release), xmods: [] }, release };
}

const majorOf = (release: ImageVersion): string => release.version.split('.')[0]!;

function resolved(target: UpgradeTarget, observed: ObservedChassis, upgradedFrom: ImageVersion | undefined): ImageVersion | { reason: string; advice?: string } {
  const toVersion = target.rollback?.toVersion;
  const found = chassisRollbackTarget(observed.show, { toVersion, images: observed.images });
  if (!found.ok) {
    const nothing = found.reason.endsWith('nothing to roll back to');
    return {
      reason: `cannot roll back: ${found.reason}`,
      advice: nothing
        ? 'nothing to roll back to: hitless rollback needs the older release on both MSMs; hitless upgrade --image installs a release'
        : 'hitless status shows what each partition holds; name a release both MSMs hold with --to-version',
    };
  }
  if (toVersion) return found.release;
  return unnamedDowngrade(found.release, runningVersion(msmInSlot(observed.show, 'A')!), upgradedFrom) ?? found.release;
}

/**
 * A rollback to a release hitless did not upgrade this chassis from, or across a major release, is never taken from
 * the partitions alone: the operator names it (--to-version), so a chassis is never silently downgraded.
 */
function unnamedDowngrade(release: ImageVersion, running: ImageVersion | undefined, upgradedFrom: ImageVersion | undefined): { reason: string; advice: string } | undefined {
  const why = [
    ...(upgradedFrom && mayBeVersion(release, upgradedFrom) ? [] : [`hitless has no record of upgrading this chassis from ${formatVersion(release)}`]),
    ...(running && majorOf(running) !== majorOf(release) ? [`${formatVersion(release)} is a major release back from ${formatVersion(running)}`] : []),
  ];
  if (why.length === 0) return undefined;
  return {
    reason: `not rolling back to ${formatVersion(release)} without it named: ${why.join(', and ')}`,
    advice: `if ${formatVersion(release)} is the release to go back to, rerun with --to-version ${formatVersion(release)}`,
  };
}
