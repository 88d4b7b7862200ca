// What `show slot` and `show ports no-refresh` say about the chassis' data plane: the I/O modules and the links.
// The procedure compares two of these to prove a failover was hitless.
import type { MsmSlot } from './chassisState.js';

/** One row of `show slot` (docs/exos-cli.md §11). */
export interface SlotStatus {
  /** As printed: "Slot-3", "MSM-A". */
  name: string;
  /** N of "Slot-N". */
  slotNumber?: number;
  /** A or B for an MSM row ("MSM-A", or "MM-A" on a BD-X8). */
  msm?: MsmSlot;
  /** Module type; absent for an empty slot. */
  type?: string;
  /** Configured module type, when one is configured. */
  configured?: string;
  /** Raw state text: "Operational", "Empty", "Failed", "Booting", "Power Off/Disabled"... */
  state: string;
  /** The port count column. */
  ports: number;
}

/** Port State column: E-Enabled, D-Disabled, F-Disabled by link-flap detection, L-Disabled due to licensing. */
export type PortState = 'E' | 'D' | 'F' | 'L';
/** Link State column: A-Active, R-Ready, NP-not present, L-Loopback, D-ELSM not up, d-OAM not up, B-MACsec blocked. */
export type LinkState = 'A' | 'R' | 'NP' | 'L' | 'D' | 'd' | 'B';

/** One row of `show ports no-refresh` (docs/exos-cli.md §11.1). */
export interface PortStatus {
  /** "2:3" on a chassis or stack, "7" on a standalone switch. */
  port: string;
  displayString?: string;
  /** A VLAN name, or "(0004)": the number of VLANs. */
  vlan?: string;
  portState: PortState;
  linkState: LinkState;
  /** Mbps as printed ("1000", "10000"), on an Active link. */
  speed?: string;
  duplex?: string;
}
