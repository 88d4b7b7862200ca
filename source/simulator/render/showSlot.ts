// `show slot` of a chassis: the verified stack layout (docs/exos-cli.md §11) with the rows in the order of the chassis'
// hardware, on a BD-8810 I/O modules in slots 1-4 and 7-10 and MSM-A/MSM-B rows in chassis slots 5/6 [R: no chassis
// capture exists].
import type { ChassisModel, NodeState } from '../chassisModel.js';

const MSM_SLOT_STATE: Record<NodeState, string> = {
  MASTER: 'Operational',
  BACKUP: 'Operational',
  INIT: 'Booting',
  DOWN: 'Down',
  FAIL: 'Failed',
};

interface SlotRow {
  name: string;
  type: string;
  state: string;
  ports: number;
}

const row = ({ name, type, state, ports }: SlotRow) =>
  `${name.padEnd(9)}${type.padEnd(21)}${type.padEnd(21)}${state.padEnd(12)}${String(ports).padStart(4)}`;

function slotRow(chassis: ChassisModel, slot: number | 'A' | 'B'): SlotRow {
  if (typeof slot === 'string') {
    return { name: `MSM-${slot}`, type: chassis.hardware.msmType, state: MSM_SLOT_STATE[chassis.msm[slot].nodeState], ports: 0 };
  }
  const module = chassis.ioModules.find((candidate) => candidate.slot === slot);
  if (!module) return { name: `Slot-${slot}`, type: '', state: 'Empty', ports: 0 };
  return { name: `Slot-${slot}`, type: module.type, state: module.state, ports: module.ports.length };
}

export function renderShowSlot(chassis: ChassisModel): string[] {
  const rows = chassis.hardware.slots.map((slot) => row(slotRow(chassis, slot)));
  return ['', 'Slots    Type                 Configured           State       Ports', '-'.repeat(68), ...rows];
}
