// The I/O modules of a simulated chassis and their ports: which slot holds which module, each port's display string,
// VLAN and link; BD8810_HARDWARE is the scenarios' BD-8810. A module's state and its ports' links follow the chassis (chassisModel.ts); `show slot` and
// `show ports` render them. Module type names are real BlackDiamond 8800 modules; the layout is our invention.

/** `Operational` [V]; `Booting` during a module reset and `Failed` [V on stacks] (docs/exos-cli.md §11). */
export type ModuleState = 'Operational' | 'Booting' | 'Failed';

/** A-Active, R-Ready (no link), NP-Port not present (no optic in an SFP cage) (docs/exos-cli.md §11.1). */
export type LinkState = 'A' | 'R' | 'NP';

export interface PortModel {
  /** "slot:port", as a chassis names ports. */
  readonly id: string;
  readonly displayString: string;
  /** A VLAN name, or "(NNNN)" for a port in several VLANs; "" for none. */
  readonly vlan: string;
  readonly enabled: boolean;
  /** The link as it is while the module runs; a module that is not Operational shows every port Ready. */
  link: LinkState;
  /** Mbps, for an Active link. */
  readonly speed: number;
}

export interface IoModule {
  /** Chassis slot number (1-4 and 7-10 on a BD-8810; 5 and 6 hold MSM-A and MSM-B). */
  readonly slot: number;
  readonly type: string;
  state: ModuleState;
  readonly ports: PortModel[];
}

/** The hardware `show slot` and `show ports` describe. */
export interface ChassisHardware {
  /** `show slot` rows in chassis order: an I/O slot number, or the MSM of an MSM row. */
  slots: Array<number | 'A' | 'B'>;
  /** The MSMs' module type. */
  msmType: string;
  /** As they are at start (each chassis works on its own copy). */
  modules: IoModule[];
}

interface ConnectedPort {
  displayString: string;
  vlan: string;
  /** Undefined: cabled and named, but no link (Ready). */
  speed?: number;
}

interface ModuleSpec {
  slot: number;
  type: string;
  portCount: number;
  /** Ports with a cable or a name, by port number. */
  connected: Record<number, ConnectedPort>;
  /** What the other ports show: an empty SFP cage (`NP`, disabled) or an unused copper port (`R`, in Default). */
  unused: 'empty-cage' | 'copper';
}

const esx = (host: string, nic: number): ConnectedPort => ({ displayString: `${host}-vmnic${nic}`, vlan: '(0024)', speed: 10_000 });
const ipmi = (host: number): ConnectedPort => ({ displayString: `ipmi-esx-${String(host).padStart(2, '0')}`, vlan: 'oob-mgmt', speed: 100 });

const MODULES: ModuleSpec[] = [
  {
    slot: 1,
    type: 'G48Xc',
    portCount: 48,
    unused: 'empty-cage',
    connected: {
      1: { displayString: 'core-rtr-1', vlan: '(0012)', speed: 1000 },
      2: { displayString: 'core-rtr-2', vlan: '(0012)', speed: 1000 },
      3: { displayString: 'fw-outside-a', vlan: 'fw-transit', speed: 1000 },
      4: { displayString: 'fw-outside-b', vlan: 'fw-transit', speed: 1000 },
      5: { displayString: 'backup-dc-link', vlan: '(0012)' },
    },
  },
  {
    slot: 2,
    type: '10G4Xc',
    portCount: 4,
    unused: 'empty-cage',
    connected: { 1: esx('esx-05', 0), 2: esx('esx-05', 1), 3: esx('esx-07', 0), 4: esx('esx-07', 1) },
  },
  {
    slot: 3,
    type: 'G48Te2',
    portCount: 48,
    unused: 'copper',
    connected: {
      ...Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8].map((host) => [host, ipmi(host)])),
      10: { displayString: 'ap-2f-east', vlan: '(0003)', speed: 1000 },
      11: { displayString: 'ap-2f-west', vlan: '(0003)', speed: 1000 },
      12: { displayString: 'lab-bench', vlan: 'lab' },
      20: { displayString: 'printer-2f', vlan: 'office', speed: 100 },
    },
  },
];

function portOf(spec: ModuleSpec, number: number): PortModel {
  const id = `${spec.slot}:${number}`;
  const connected = spec.connected[number];
  if (connected) {
    return { id, ...connected, enabled: true, link: connected.speed ? 'A' : 'R', speed: connected.speed ?? 0 };
  }
  return spec.unused === 'empty-cage'
    ? { id, displayString: '', vlan: '', enabled: false, link: 'NP', speed: 0 }
    : { id, displayString: '', vlan: 'Default', enabled: true, link: 'R', speed: 0 };
}

/** A BD-8810: I/O modules in slots 1-4 and 7-10, MSM-A and MSM-B in chassis slots 5 and 6 (docs/exos-cli.md §2.6). */
export const BD8810_HARDWARE: ChassisHardware = {
  slots: [1, 2, 3, 4, 'A', 'B', 7, 8, 9, 10],
  msmType: 'MSM-48c',
  modules: MODULES.map((spec) => ({
    slot: spec.slot,
    type: spec.type,
    state: 'Operational',
    ports: Array.from({ length: spec.portCount }, (_, index) => portOf(spec, index + 1)),
  })),
};

/** A chassis' own copy of the hardware's I/O modules. */
export const buildIoModules = (hardware: ChassisHardware): IoModule[] =>
  hardware.modules.map((module) => ({ ...module, ports: module.ports.map((port) => ({ ...port })) }));

/** The link `show ports` reports: a module that is not Operational carries no link. */
export const shownLink = (module: IoModule, port: PortModel): LinkState =>
  module.state === 'Operational' || port.link === 'NP' ? port.link : 'R';
