// Chassis states built directly as parsed values, shaped as the parser reports them: a patch tag only under the
// booted partition, roles and sync derived from the state text.
import type { ImageVersion, InstalledImage, MsmSlot, NodeStatus, ObservedChassis, Partition, ShowSwitch } from '../../source/exos/chassisState.js';
import type { ImageFile } from '../../source/exos/imageSource.js';
import type { PlatformFacts, UpgradeTarget } from '../../source/procedure/types.js';

export const MASTER = 'MASTER';
export const IN_SYNC = 'BACKUP (In Sync)';
export const NOT_IN_SYNC = 'BACKUP (Not In Sync)';

export const OLD = '12.6.2.10';
export const NEW = '12.6.3.3';
export const NEW_PATCH = '12.6.3.3-patch1-5';

export const FACTS: PlatformFacts = { failoverCommand: 'run msm-failover' };

export interface MsmSpec {
  state: string;
  booted?: Partition;
  /** Defaults to the booted partition. */
  selected?: Partition;
  /** "12.6.3.3" or "12.6.3.3-patch1-5". */
  primary?: string;
  secondary?: string;
  local?: boolean;
}

export function version(text: string): ImageVersion {
  const [, bare, patch] = /^([\d.]+)(?:-(patch\d+-\d+))?$/.exec(text) ?? [];
  if (!bare) throw new Error(`bad version ${text}`);
  return patch ? { version: bare, patch } : { version: bare };
}

function roleOf(state: string): Pick<NodeStatus, 'role' | 'inSync'> {
  if (state === MASTER) return { role: 'master', inSync: false };
  if (state.startsWith('BACKUP')) return { role: 'backup', inSync: /In Sync/.test(state) && !/Not In Sync/i.test(state) };
  return { role: 'not-ready', inSync: false };
}

/** `show switch` prints the patch tag only under the booted partition. */
function shown(text: string | undefined, partition: Partition, booted: Partition | undefined): ImageVersion | undefined {
  if (text === undefined) return undefined;
  const v = version(text);
  return partition === booted ? v : { version: v.version };
}

export function msm(slot: MsmSlot, spec: MsmSpec): NodeStatus {
  const node: NodeStatus = {
    name: `MSM-${slot}`,
    slot,
    local: spec.local ?? spec.state === MASTER,
    stateText: spec.state,
    ...roleOf(spec.state),
  };
  const selected = spec.selected ?? spec.booted;
  if (selected) node.selected = selected;
  if (spec.booted) node.booted = spec.booted;
  const primary = shown(spec.primary, 'primary', spec.booted);
  const secondary = shown(spec.secondary, 'secondary', spec.booted);
  if (primary) node.primary = primary;
  if (secondary) node.secondary = secondary;
  return node;
}

/** A two-column dual-MSM `show switch`; the local node first, as EXOS prints it. */
export function chassis(msms: Partial<Record<MsmSlot, MsmSpec>>, images?: InstalledImage[]): ObservedChassis {
  const nodes = (['A', 'B'] as const).flatMap((slot) => (msms[slot] ? [msm(slot, msms[slot])] : []));
  nodes.sort((a, b) => Number(b.local) - Number(a.local));
  const show: ShowSwitch = { sysName: 'BD-8810', systemType: 'BD-8810', layout: 'two-column', isStack: false, nodes };
  return images ? { show, images } : { show };
}

export function stack(): ObservedChassis {
  const slot = (n: number, state: string): NodeStatus => ({
    name: `Slot-${n}`,
    local: n === 1,
    stateText: state,
    ...roleOf(state),
    selected: 'primary',
    booted: 'primary',
    primary: version(OLD),
  });
  return {
    show: {
      sysName: 'X450-stack',
      systemType: 'X450G2-48p-10G4 (Stack)',
      layout: 'two-column',
      isStack: true,
      nodes: [slot(1, MASTER), slot(2, IN_SYNC)],
    },
  };
}

export function singleSwitch(): ObservedChassis {
  return {
    show: {
      sysName: 'X440',
      systemType: 'X440-24p',
      layout: 'single-node',
      isStack: false,
      nodes: [{ name: '', local: true, stateText: 'OPERATIONAL', role: 'not-ready', inSync: false, booted: 'primary', primary: version(OLD) }],
    },
  };
}

export function coreImage(text: string, prefix = 'bd8800'): ImageFile {
  const v = version(text);
  return { source: { kind: 'host', host: '10.0.0.5', file: `${prefix}-${text}.xos` }, prefix, version: v, kind: 'xos' };
}

export function xmodImage(text: string, module: string, prefix = 'bd8800'): ImageFile {
  const v = version(text);
  return { source: { kind: 'host', host: '10.0.0.5', file: `${prefix}-${text}-${module}.xmod` }, prefix, version: v, kind: 'xmod', module };
}

export interface TargetSpec extends Partial<Omit<UpgradeTarget, 'core' | 'xmods'>> {
  /** Module names (built for the core's version) or ready ImageFiles. */
  xmods?: (string | ImageFile)[];
}

export function target(core: string, spec: TargetSpec = {}): UpgradeTarget {
  const { xmods = [], ...rest } = spec;
  return {
    core: coreImage(core),
    xmods: xmods.map((x) => (typeof x === 'string' ? xmodImage(core, x) : x)),
    vr: 'VR-Mgmt',
    failback: false,
    allowIoReset: false,
    forceFailover: false,
    ...rest,
  };
}

/** One `show version images` row. */
export function row(slot: MsmSlot, partition: Partition, image: ImageFile): InstalledImage {
  return { card: `MSM-${slot}`, slot, partition, version: image.version.version, name: image.source.file };
}

/** The usual starting point: A master and B backup in sync, both booted primary on OLD, secondary holding an older image. */
export function startingChassis(master: MsmSlot = 'A', images?: InstalledImage[]): ObservedChassis {
  const backup = master === 'A' ? 'B' : 'A';
  return chassis(
    {
      [master]: { state: MASTER, booted: 'primary', primary: OLD, secondary: '12.6.1.1' },
      [backup]: { state: IN_SYNC, booted: 'primary', primary: OLD, secondary: '12.6.1.1' },
    },
    images,
  );
}
