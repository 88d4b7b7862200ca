// The health comparison around a failover: what counts as a regression, and the one line that names it.
import { describe, expect, it } from 'vitest';
import type { PortStatus, SlotStatus } from '../../source/exos/healthState.js';
import { compareHealth, describeRegressions, healthSnapshot, summarizeHealth, type HealthSnapshot } from '../../source/procedure/health.js';

const module = (slotNumber: number, state: string, type = 'G48Te2'): SlotStatus => ({
  name: `Slot-${slotNumber}`,
  slotNumber,
  ...(state === 'Empty' ? {} : { type, configured: type }),
  state,
  ports: state === 'Empty' ? 0 : 48,
});
const msmRow = (slot: 'A' | 'B', state: string): SlotStatus => ({ name: `MSM-${slot}`, msm: slot, type: 'MSM-48c', state, ports: 0 });
const port = (id: string, linkState: PortStatus['linkState'], displayString?: string): PortStatus => ({
  port: id,
  portState: 'E',
  linkState,
  ...(displayString && { displayString }),
  ...(linkState === 'A' && { speed: '1000', duplex: 'FULL' }),
});

const BEFORE = healthSnapshot(
  [module(1, 'Operational'), module(2, 'Operational', '10G4Xc'), module(3, 'Operational'), module(4, 'Empty'), msmRow('A', 'Operational'), msmRow('B', 'Operational')],
  [port('1:1', 'A', 'core-rtr-1'), port('2:3', 'A', 'esx-07-vmnic0'), port('2:4', 'A', 'esx-07-vmnic1'), port('3:1', 'A', 'ipmi-esx-01'), port('3:2', 'A'), port('3:3', 'R')],
);

function after(changes: { modules?: Record<string, string | undefined>; ports?: Record<string, PortStatus['linkState'] | undefined> }): HealthSnapshot {
  const modules = BEFORE.modules.flatMap((m) => {
    if (!(m.name in (changes.modules ?? {}))) return [m];
    const state = changes.modules![m.name];
    return state === undefined ? [] : [{ ...m, state }];
  });
  const ports = BEFORE.ports.flatMap((p) => {
    if (!(p.port in (changes.ports ?? {}))) return [p];
    const linkState = changes.ports![p.port];
    return linkState === undefined ? [] : [{ ...p, linkState }];
  });
  return { modules, ports };
}

describe('healthSnapshot', () => {
  it('keeps the I/O modules and leaves the MSM rows to show switch', () => {
    expect(BEFORE.modules.map((m) => m.name)).toEqual(['Slot-1', 'Slot-2', 'Slot-3', 'Slot-4']);
  });
});

describe('compareHealth', () => {
  it('finds nothing when nothing changed, and nothing when the MSMs rebooted (their rows are not compared)', () => {
    expect(compareHealth(BEFORE, BEFORE)).toEqual([]);
    const msmsBooting = healthSnapshot([...BEFORE.modules, msmRow('A', 'Booting'), msmRow('B', 'Failed')], BEFORE.ports);
    expect(compareHealth(BEFORE, msmsBooting)).toEqual([]);
  });

  it('names a port that was Active and is not, and one no longer listed; a port that was not Active never counts', () => {
    expect(compareHealth(BEFORE, after({ ports: { '2:3': 'R', '2:4': undefined, '3:3': 'NP' } }))).toEqual([
      { kind: 'port', port: '2:3', displayString: 'esx-07-vmnic0', before: 'A', after: 'R' },
      { kind: 'port', port: '2:4', displayString: 'esx-07-vmnic1', before: 'A' },
    ]);
  });

  it('names a module that was Operational and is not (or is gone), modules first; improvements are not regressions', () => {
    const regressions = compareHealth(
      { ...BEFORE, modules: BEFORE.modules.map((m) => (m.name === 'Slot-1' ? { ...m, state: 'Failed' } : m)) },
      after({ modules: { 'Slot-2': undefined, 'Slot-3': 'Failed' }, ports: { '3:1': 'R' } }),
    );
    expect(regressions).toEqual([
      { kind: 'module', name: 'Slot-2', slotNumber: 2, type: '10G4Xc', before: 'Operational' },
      { kind: 'module', name: 'Slot-3', slotNumber: 3, type: 'G48Te2', before: 'Operational', after: 'Failed' },
      { kind: 'port', port: '3:1', displayString: 'ipmi-esx-01', before: 'A', after: 'R' },
    ]);
  });
});

describe('describeRegressions', () => {
  it('names ports with their display strings, as in the issue', () => {
    const regressions = compareHealth(BEFORE, after({ ports: { '2:3': 'R', '2:4': 'R' } }));
    expect(describeRegressions(regressions)).toBe('ports down since the failover: 2:3 (esx-07-vmnic0), 2:4 (esx-07-vmnic1)');
  });

  it('counts the ports of a module that is down with the module; other ports are still listed; "since" is the caller\'s', () => {
    const regressions = compareHealth(BEFORE, after({ modules: { 'Slot-3': 'Failed', 'Slot-2': undefined }, ports: { '3:1': 'R', '3:2': 'R', '1:1': 'R' } }));
    expect(describeRegressions(regressions, 'the start')).toBe(
      'I/O modules not Operational since the start: Slot-2 (not listed), Slot-3 (Failed, 2 active ports down); ports down since the start: 1:1 (core-rtr-1)',
    );
  });

  it('lists ten per group and counts the rest, so the line stays one line', () => {
    const many: HealthSnapshot = { modules: [], ports: Array.from({ length: 14 }, (_, i) => port(`3:${i + 1}`, 'A')) };
    const regressions = compareHealth(many, { modules: [], ports: [] });
    expect(describeRegressions(regressions)).toBe('ports down since the failover: 3:1, 3:2, 3:3, 3:4, 3:5, 3:6, 3:7, 3:8, 3:9, 3:10 and 4 more');
  });

  it('is empty without regressions', () => {
    expect(describeRegressions([])).toBe('');
  });
});

describe('summarizeHealth', () => {
  it('counts present modules and Active ports', () => {
    expect(summarizeHealth(BEFORE)).toBe('3 of 3 I/O modules Operational, 5 of 6 ports Active');
    expect(summarizeHealth(after({ modules: { 'Slot-3': 'Failed' }, ports: { '3:1': 'R' } }))).toBe('2 of 3 I/O modules Operational, 4 of 6 ports Active');
  });
});
