// Small pure questions asked of a parsed `show switch`: who is master, who is backup, what runs where.
import type { ImageVersion, MsmSlot, NodeStatus, Partition, ShowSwitch } from './chassisState.js';

export type ChassisKind = 'dual-msm' | 'single-node' | 'stack' | 'unknown';

export function chassisKind(show: ShowSwitch): ChassisKind {
  if (show.layout === 'single-node') return 'single-node';
  if (show.isStack) return 'stack';
  if (show.nodes.some((node) => node.slot !== undefined)) return 'dual-msm';
  return 'unknown';
}

export const msmInSlot = (show: ShowSwitch, slot: MsmSlot): NodeStatus | undefined =>
  show.nodes.find((node) => node.slot === slot);

export const masterOf = (show: ShowSwitch): NodeStatus | undefined => {
  const masters = show.nodes.filter((node) => node.role === 'master');
  return masters.length === 1 ? masters[0] : undefined;
};

export const backupOf = (show: ShowSwitch): NodeStatus | undefined => {
  const backups = show.nodes.filter((node) => node.role === 'backup');
  return backups.length === 1 ? backups[0] : undefined;
};

export const otherSlot = (slot: MsmSlot): MsmSlot => (slot === 'A' ? 'B' : 'A');
export const otherPartition = (partition: Partition): Partition => (partition === 'primary' ? 'secondary' : 'primary');

export const versionIn = (node: NodeStatus, partition: Partition): ImageVersion | undefined =>
  partition === 'primary' ? node.primary : node.secondary;

/** The version the node is running now: the one in its booted partition. */
export const runningVersion = (node: NodeStatus): ImageVersion | undefined =>
  node.booted ? versionIn(node, node.booted) : undefined;

/** The partition a new image must go to: the one the node did not boot from. */
export const inactivePartition = (node: NodeStatus): Partition | undefined =>
  node.booted ? otherPartition(node.booted) : undefined;

export const sameVersion = (a: ImageVersion | undefined, b: ImageVersion | undefined): boolean =>
  a !== undefined && b !== undefined && a.version === b.version && (a.patch ?? '') === (b.patch ?? '');

export const formatVersion = (v: ImageVersion | undefined): string =>
  v ? (v.patch ? `${v.version}-${v.patch}` : v.version) : '?';

/**
 * Whether a partition's `show switch` version can be `target`: show switch prints the patch tag only under the booted
 * partition (docs/exos-cli.md §2.4), so a bare version on the other partition may be the patch build.
 */
export const mayBeVersion = (shown: ImageVersion | undefined, target: ImageVersion): boolean =>
  shown !== undefined && shown.version === target.version && (shown.patch === undefined || shown.patch === target.patch);
