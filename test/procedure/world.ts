// A small model of a real chassis for walking the procedure: it keeps the true image in every partition and
// passes through the states a real MSM shows while it reboots or fails over (DOWN, INIT, Not In Sync, no master).
import type { InstalledImage, MsmSlot, ObservedChassis } from '../../source/exos/chassisState.js';
import { formatVersion } from '../../source/exos/chassisView.js';
import type { DestructiveAction } from '../../source/procedure/safety.js';
import { chassis, IN_SYNC, MASTER, NOT_IN_SYNC, row, type MsmSpec } from './fixtures.js';

export interface World {
  msms: Record<MsmSlot, MsmSpec>;
  images?: InstalledImage[];
}

export const render = (world: World): ObservedChassis => chassis(world.msms, world.images);

const withMsm = (world: World, slot: MsmSlot, change: Partial<MsmSpec>): World => ({
  ...world,
  msms: { ...world.msms, [slot]: { ...world.msms[slot], ...change } },
});

const bootSelected = (spec: MsmSpec): Partial<MsmSpec> => ({ booted: spec.selected ?? spec.booted });

/** Every state the chassis passes through after `action`, the settled one last. */
export function transitions(world: World, action: DestructiveAction): World[] {
  switch (action.kind) {
    case 'download': {
      const { slot, partition, image } = action;
      const images = world.images && [
        ...world.images.filter((r) => image.kind === 'xmod' || r.slot !== slot || r.partition !== partition),
        row(slot, partition, image),
      ];
      const installed = image.kind === 'xos' ? withMsm(world, slot, { [partition]: formatVersion(image.version), selected: partition }) : world;
      return [{ ...installed, ...(images && { images }) }];
    }
    case 'select-partition':
      return [withMsm(world, action.slot, { selected: action.partition })];
    case 'reboot-backup': {
      const { slot } = action;
      const down = withMsm(world, slot, { state: 'DOWN' });
      const init = withMsm(down, slot, { state: 'INIT', ...bootSelected(world.msms[slot]) });
      const notInSync = withMsm(init, slot, { state: NOT_IN_SYNC });
      return [down, init, notInSync, withMsm(notInSync, slot, { state: IN_SYNC })];
    }
    case 'failover': {
      const { fromSlot, toSlot } = action;
      const electing = withMsm(withMsm(world, fromSlot, { state: 'DOWN', local: false }), toSlot, { state: 'STANDBY', local: true });
      const newMaster = withMsm(electing, toSlot, { state: MASTER });
      const init = withMsm(newMaster, fromSlot, { state: 'INIT', ...bootSelected(world.msms[fromSlot]) });
      const notInSync = withMsm(init, fromSlot, { state: NOT_IN_SYNC });
      return [electing, newMaster, init, notInSync, withMsm(notInSync, fromSlot, { state: IN_SYNC })];
    }
  }
}
