// What the chassis is expected to show once an action has taken effect, rendered as the parser would report it.
// Used only to predict the remaining plan; the upgrade itself always re-reads the chassis.
import type { ImageVersion, InstalledImage, NodeStatus, ObservedChassis } from '../exos/chassisState.js';
import { masterOf, msmInSlot, otherPartition, otherSlot, versionIn } from '../exos/chassisView.js';
import { imageFileName, partitionHoldsCore } from './targetOnChassis.js';
import type { Action, UpgradeTarget } from './types.js';

const MASTER = { stateText: 'MASTER', role: 'master', inSync: false } as const;
const BACKUP_IN_SYNC = { stateText: 'BACKUP (In Sync)', role: 'backup', inSync: true } as const;
const BACKUP_NOT_IN_SYNC = { stateText: 'BACKUP (Not In Sync)', role: 'backup', inSync: false } as const;

type NodeChange = (node: NodeStatus) => Partial<NodeStatus>;

/** `show switch` prints the patch tag only under the booted partition (docs/exos-cli.md §2.4). */
const bare = (version: ImageVersion | undefined): ImageVersion | undefined => version && { version: version.version };

export function predictEffect(action: Action, observed: ObservedChassis, target: UpgradeTarget): ObservedChassis {
  // A rebooting MSM comes back on the partition selected for the next boot; the patch tag moves with the boot.
  const boot: NodeChange = (node) => {
    const booted = node.selected ?? node.booted;
    if (!booted) return {};
    const change: Partial<NodeStatus> = { booted };
    const running = partitionHoldsCore(node, booted, target, observed.images) ? target.core.version : versionIn(node, booted);
    const notRunning = bare(versionIn(node, otherPartition(booted)));
    if (running) change[booted] = running;
    if (notRunning) change[otherPartition(booted)] = notRunning;
    return change;
  };
  switch (action.kind) {
    case 'download':
      return predictDownload(action, observed);
    case 'select-partition':
      return withNodes(observed, (node) => (node.slot === action.slot ? { selected: action.partition } : {}));
    case 'reboot-backup':
      return withNodes(observed, (node) => (node.slot === action.slot ? { ...boot(node), ...BACKUP_NOT_IN_SYNC } : {}));
    case 'failover':
      return masterFirst(
        withNodes(observed, (node) => {
          if (node.slot === action.toSlot) return MASTER;
          if (node.slot === action.fromSlot) return { ...boot(node), ...BACKUP_NOT_IN_SYNC };
          return {};
        }),
      );
    case 'wait':
      return predictWaitOver(action.until, observed, boot);
    case 'done':
    case 'stop':
      return observed;
  }
}

function predictDownload(action: Extract<Action, { kind: 'download' }>, observed: ObservedChassis): ObservedChassis {
  const { slot, partition, image } = action;
  const row: InstalledImage = {
    card: msmInSlot(observed.show, slot)?.name ?? `MSM-${slot}`,
    slot,
    partition,
    version: image.version.version,
    name: imageFileName(image),
  };
  if (image.kind === 'xmod') return { ...observed, images: [...(observed.images ?? []), row] };
  // Installing a core image writes and selects the partition; what was in it before is gone.
  const installed = withNodes(observed, (node) =>
    node.slot === slot ? { [partition]: partition === node.booted ? image.version : bare(image.version), selected: partition } : {},
  );
  if (!observed.images) return installed;
  const elsewhere = (existing: InstalledImage) => existing.slot !== slot || existing.partition !== partition;
  return { ...installed, images: [...observed.images.filter(elsewhere), row] };
}

function predictWaitOver(until: Extract<Action, { kind: 'wait' }>['until'], observed: ObservedChassis, boot: NodeChange): ObservedChassis {
  const master = masterOf(observed.show);
  if (!master?.slot) {
    const next = newMasterCandidate(observed.show.nodes);
    return next ? masterFirst(withNodes(observed, (node) => (node === next ? MASTER : {}))) : observed;
  }
  const away = otherSlot(master.slot);
  const comesBack: NodeChange =
    until === 'backup-present' ? (node) => (node.role === 'backup' ? {} : { ...boot(node), ...BACKUP_IN_SYNC }) : () => BACKUP_IN_SYNC;
  return withNodes(observed, (node) => (node.slot === away ? comesBack(node) : {}));
}

/** During a failover the backup takes over; otherwise the MSM this session reached is the likeliest master. */
const newMasterCandidate = (nodes: NodeStatus[]): NodeStatus | undefined =>
  nodes.find((node) => node.slot && node.role === 'backup') ?? nodes.find((node) => node.slot && node.local) ?? nodes.find((node) => node.slot);

function withNodes(observed: ObservedChassis, change: NodeChange): ObservedChassis {
  const nodes = observed.show.nodes.map((node) => ({ ...node, ...change(node) }));
  return { ...observed, show: { ...observed.show, nodes } };
}

/** After a failover the session reaches the new master, which `show switch` prints in column 1, marked local. */
function masterFirst(observed: ObservedChassis): ObservedChassis {
  const rank = (node: NodeStatus) => (node.role === 'master' ? 0 : 1);
  const nodes = [...observed.show.nodes].sort((a, b) => rank(a) - rank(b)).map((node) => ({ ...node, local: node.role === 'master' }));
  return { ...observed, show: { ...observed.show, nodes } };
}
