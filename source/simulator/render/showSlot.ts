// `show slot` of a BD-8810: the verified stack layout (docs/exos-cli.md §11) with I/O modules in slots 1-4 and 7-10 and
// MSM-A/MSM-B rows in chassis slots 5/6 [R: no chassis capture exists].
import type { ChassisModel, NodeState } from '../chassisModel.js';
import { CHASSIS_SLOT_COUNT, MSM_CHASSIS_SLOTS } from '../ioModules.js';
import type { MsmSlot } from '../scenarios.js';

const MSM_TYPE = 'MSM-48c';

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

function slotRow(chassis: ChassisModel, slot: number): SlotRow {
  const msm = (Object.keys(MSM_CHASSIS_SLOTS) as MsmSlot[]).find((letter) => MSM_CHASSIS_SLOTS[letter] === slot);
  if (msm) return { name: `MSM-${msm}`, type: MSM_TYPE, state: MSM_SLOT_STATE[chassis.msm[msm].nodeState], ports: 0 };
  const module = chassis.ioModules.find((candidate) => candidate.slot === slot);
  if (!module) return { name: `Slot-${slot}`, type: '', state: 'Empty', ports: 0 };
  return { name: `Slot-${slot}`, type: module.type, state: module.state, ports: module.ports.length };
}

export function renderShowSlot(chassis: ChassisModel): string[] {
  const rows = Array.from({ length: CHASSIS_SLOT_COUNT }, (_, index) => row(slotRow(chassis, index + 1)));
  return ['', 'Slots    Type                 Configured           State       Ports', '-'.repeat(68), ...rows];
}
