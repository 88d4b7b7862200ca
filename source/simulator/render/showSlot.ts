// `show slot` of a BD-8810: stack layout (docs/exos-cli.md §11) with MSM-A/MSM-B rows in chassis slots 5/6 [R].
import type { ChassisModel, NodeState } from '../chassisModel.js';
import type { MsmSlot } from '../scenarios.js';

interface SlotRow {
  name: string;
  type?: string;
  ports: number;
  msm?: MsmSlot;
}

const SLOTS: SlotRow[] = [
  { name: 'Slot-1', type: 'G48Xc', ports: 48 },
  { name: 'Slot-2', type: '10G4Xc', ports: 4 },
  { name: 'Slot-3', type: 'G48Te2', ports: 48 },
  { name: 'Slot-4', ports: 0 },
  { name: 'MSM-A', type: 'MSM-48c', ports: 0, msm: 'A' },
  { name: 'MSM-B', type: 'MSM-48c', ports: 0, msm: 'B' },
  { name: 'Slot-7', ports: 0 },
  { name: 'Slot-8', ports: 0 },
  { name: 'Slot-9', ports: 0 },
  { name: 'Slot-10', ports: 0 },
];

const MSM_SLOT_STATE: Record<NodeState, string> = {
  MASTER: 'Operational',
  BACKUP: 'Operational',
  INIT: 'Booting',
  DOWN: 'Down',
  FAIL: 'Failed',
};

export function renderShowSlot(chassis: ChassisModel): string[] {
  const rows = SLOTS.map(({ name, type, ports, msm }) => {
    const state = !type ? 'Empty' : msm ? MSM_SLOT_STATE[chassis.msm[msm].nodeState] : 'Operational';
    return `${name.padEnd(9)}${(type ?? '').padEnd(21)}${(type ?? '').padEnd(21)}${state.padEnd(12)}${String(ports).padStart(4)}`;
  });
  return ['', 'Slots    Type                 Configured           State       Ports', '-'.repeat(68), ...rows];
}
