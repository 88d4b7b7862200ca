// The data plane before and after a failover: which I/O modules were Operational and which links were Active, and
// what no longer is. A hitless failover changes neither; anything this finds is named to the operator.
import type { LinkState, PortStatus, SlotStatus } from '../exos/healthState.js';

export interface HealthSnapshot {
  /** `show slot` rows of the I/O modules; MSM rows are left out (`show switch` tracks the MSMs). */
  modules: SlotStatus[];
  /** `show ports no-refresh` rows. */
  ports: PortStatus[];
}

export type HealthRegression =
  /** An I/O module that was Operational and is not; `after` undefined: no longer listed. */
  | { kind: 'module'; name: string; slotNumber?: number; type?: string; before: string; after?: string }
  /** A port that was Active and is not; `after` undefined: no longer listed. */
  | { kind: 'port'; port: string; displayString?: string; before: LinkState; after?: LinkState };

const OPERATIONAL = 'Operational';
const ACTIVE: LinkState = 'A';
/** A one-line description names this many modules or ports per group, then counts the rest. */
const NAMED_PER_GROUP = 10;

export function healthSnapshot(slots: SlotStatus[], ports: PortStatus[]): HealthSnapshot {
  return { modules: slots.filter((slot) => slot.msm === undefined), ports };
}

/** Every module that was Operational and every port that was Active in `before` and is not in `after`, in order. */
export function compareHealth(before: HealthSnapshot, after: HealthSnapshot): HealthRegression[] {
  const modulesAfter = new Map(after.modules.map((module) => [module.name, module]));
  const portsAfter = new Map(after.ports.map((port) => [port.port, port]));
  const modules = before.modules.flatMap((module): HealthRegression[] => {
    const now = modulesAfter.get(module.name);
    if (module.state !== OPERATIONAL || now?.state === OPERATIONAL) return [];
    return [{ kind: 'module', name: module.name, slotNumber: module.slotNumber, type: module.type, before: module.state, after: now?.state }];
  });
  const ports = before.ports.flatMap((port): HealthRegression[] => {
    const now = portsAfter.get(port.port);
    if (port.linkState !== ACTIVE || now?.linkState === ACTIVE) return [];
    return [{ kind: 'port', port: port.port, displayString: port.displayString, before: port.linkState, after: now?.linkState }];
  });
  return [...modules, ...ports];
}

/** The chassis slot a port sits on ("3" of "3:14"); undefined on a standalone switch. */
const slotOfPort = (port: string): number | undefined => (port.includes(':') ? Number(port.split(':')[0]) : undefined);

function listed(names: string[]): string {
  const shown = names.slice(0, NAMED_PER_GROUP).join(', ');
  return names.length > NAMED_PER_GROUP ? `${shown} and ${names.length - NAMED_PER_GROUP} more` : shown;
}

/**
 * One line naming every regression, e.g. `ports down since the failover: 2:3 (esx-07-vmnic0), 2:4 (esx-07-vmnic1)`.
 * Ports on a module that is itself down are counted with the module instead of listed one by one.
 */
export function describeRegressions(regressions: HealthRegression[], since = 'the failover'): string {
  const modules = regressions.filter((r) => r.kind === 'module');
  const ports = regressions.filter((r) => r.kind === 'port');
  const downSlots = new Set(modules.map((module) => module.slotNumber).filter((slot) => slot !== undefined));
  const onDownModule = (port: (typeof ports)[number]) => {
    const slot = slotOfPort(port.port);
    return slot !== undefined && downSlots.has(slot);
  };
  const moduleText = modules.map((module) => {
    const lost = module.slotNumber === undefined ? 0 : ports.filter((port) => slotOfPort(port.port) === module.slotNumber).length;
    const state = module.after ?? 'not listed';
    return `${module.name} (${lost > 0 ? `${state}, ${lost} active ${lost === 1 ? 'port' : 'ports'} down` : state})`;
  });
  const portText = ports.filter((port) => !onDownModule(port)).map((port) => (port.displayString ? `${port.port} (${port.displayString})` : port.port));
  return [
    ...(moduleText.length > 0 ? [`I/O modules not Operational since ${since}: ${listed(moduleText)}`] : []),
    ...(portText.length > 0 ? [`ports down since ${since}: ${listed(portText)}`] : []),
  ].join('; ');
}

/** e.g. `3 of 3 I/O modules Operational, 19 of 100 ports Active`. */
export function summarizeHealth(snapshot: HealthSnapshot): string {
  const present = snapshot.modules.filter((module) => module.state !== 'Empty');
  const operational = present.filter((module) => module.state === OPERATIONAL).length;
  const active = snapshot.ports.filter((port) => port.linkState === ACTIVE).length;
  return `${operational} of ${present.length} I/O modules Operational, ${active} of ${snapshot.ports.length} ports Active`;
}
