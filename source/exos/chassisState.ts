// The observed state of a chassis, as parsed from the switch's own output.
// Every layer above exos/ reads these types; nothing here is inferred from memory.

export type MsmSlot = 'A' | 'B';
export type Partition = 'primary' | 'secondary';

/** master / backup come only from the state text; anything else (INIT, DOWN, FAIL, empty...) is not ready. */
export type NodeRole = 'master' | 'backup' | 'not-ready';

export interface ImageVersion {
  /** Bare four-part version as `show switch` prints it, e.g. "15.3.1.4". */
  version: string;
  /** Patch tag from the line under the version, e.g. "patch1-10". */
  patch?: string;
}

export interface NodeStatus {
  /** Column header name: "MSM-A", "MSM-B", "Slot-1", or "" for a single node. */
  name: string;
  /** A or B when the name is MSM-A / MSM-B. */
  slot?: MsmSlot;
  /** The `*` marker: the session is logged in to this node. */
  local: boolean;
  /** Raw `Current State:` text, trimmed, e.g. "BACKUP (In Sync)". */
  stateText: string;
  role: NodeRole;
  /** True only for a backup whose state says In Sync (and not "Not In Sync"). */
  inSync: boolean;
  selected?: Partition;
  booted?: Partition;
  primary?: ImageVersion;
  secondary?: ImageVersion;
}

export type SwitchLayout = 'single-node' | 'two-column';

export interface ShowSwitch {
  sysName?: string;
  systemType?: string;
  systemMac?: string;
  layout: SwitchLayout;
  /** `System Type:` ends with "(Stack)" or node names are Slot-N. */
  isStack: boolean;
  /** Nodes in column order (column 1 = the local node on two-column output). */
  nodes: NodeStatus[];
  configSelected?: string;
  configBooted?: string;
}

/** One row of `show version images`. */
export interface InstalledImage {
  card: string;
  slot?: MsmSlot;
  partition: Partition;
  version: string;
  name: string;
  branch?: string;
}

/** What the procedure sees: the parsed show switch plus, when read, the installed image list. */
export interface ObservedChassis {
  show: ShowSwitch;
  images?: InstalledImage[];
  /** The prompt after `show switch` began with `* `: the running configuration has changes not saved. */
  configUnsaved?: boolean;
}
