// Fuzzing the health parsers against output whose truth is known: the simulator renders `show slot` and
// `show ports no-refresh` for random module states and links, so every claim a parse makes can be checked against
// the model. Undamaged, they read exactly the model; damaged, they fail or claim only what is true: never an
// Operational module or an Active link that is not (that would hide a failover that was not hitless).
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { parseShowPortsNoRefresh } from '../../source/exos/parseShowPorts.js';
import { parseShowSlot } from '../../source/exos/parseShowSlot.js';
import { compareHealth, healthSnapshot } from '../../source/procedure/health.js';
import { ChassisModel, SCENARIOS, SimClock, type NodeState } from '../../source/simulator/index.js';
import { shownLink, type LinkState, type ModuleState } from '../../source/simulator/ioModules.js';
import { renderShowPortsNoRefresh } from '../../source/simulator/render/showPorts.js';
import { renderShowSlot } from '../../source/simulator/render/showSlot.js';
import { anyHarm, harmlessMutationChain, inlineNoise, lineDamageChain, truncations } from '../exos/mutations.js';
import { loadSample } from '../exos/samples.js';

vi.setConfig({ testTimeout: 60_000 });

const NOW = new Date(Date.UTC(2024, 2, 4, 10, 15, 2));
const PORT_COUNT = new ChassisModel(SCENARIOS.happy, new SimClock(0, NOW)).ioModules.reduce((sum, m) => sum + m.ports.length, 0);

const healthState = fc.record({
  modules: fc.array(fc.constantFrom<ModuleState>('Operational', 'Booting', 'Failed'), { minLength: 3, maxLength: 3 }),
  links: fc.array(fc.constantFrom<LinkState>('A', 'R', 'NP'), { minLength: PORT_COUNT, maxLength: PORT_COUNT }),
  msms: fc.array(fc.constantFrom<NodeState>('MASTER', 'BACKUP', 'DOWN', 'INIT', 'FAIL'), { minLength: 2, maxLength: 2 }),
});
type HealthState = typeof healthState extends fc.Arbitrary<infer T> ? T : never;

function chassisOf(state: HealthState): ChassisModel {
  const chassis = new ChassisModel(SCENARIOS.happy, new SimClock(0, NOW));
  chassis.ioModules.forEach((module, index) => (module.state = state.modules[index]!));
  chassis.ioModules.flatMap((module) => module.ports).forEach((port, index) => (port.link = state.links[index]!));
  chassis.msm.A.nodeState = state.msms[0]!;
  chassis.msm.B.nodeState = state.msms[1]!;
  return chassis;
}

const slotsText = (chassis: ChassisModel) => ['show slot', ...renderShowSlot(chassis), 'BD-8810.3 # '].join('\r\n');
const portsText = (chassis: ChassisModel) => ['show ports no-refresh', ...renderShowPortsNoRefresh(chassis), 'BD-8810.4 # '].join('\r\n');

/** Module state by row name, as the model has it ("Slot-4" is empty). */
const moduleTruth = (chassis: ChassisModel) => new Map(chassis.ioModules.map((module) => [`Slot-${module.slot}`, module.state as string]));
/** The link each port shows, as the model has it. */
const linkTruth = (chassis: ChassisModel) =>
  new Map(chassis.ioModules.flatMap((module) => module.ports.map((port) => [port.id, shownLink(module, port)] as const)));

interface TableCase {
  command: string;
  text: (chassis: ChassisModel) => string;
  /** Parsed rows as [name, state] pairs, limited to what the model has a truth for. */
  read: (text: string) => { ok: true; pairs: [string, string][] } | { ok: false };
  truth: (chassis: ChassisModel) => Map<string, string>;
  /** The state that says "nothing wrong here". */
  healthy: string;
}

const asPairs = <T>(result: { ok: true; value: T[] } | { ok: false }, pair: (row: T) => [string, string] | undefined) =>
  result.ok ? { ok: true as const, pairs: result.value.map(pair).filter((entry) => entry !== undefined) } : { ok: false as const };

const TABLES: TableCase[] = [
  {
    command: 'show slot',
    text: slotsText,
    read: (text) => asPairs(parseShowSlot(text), (slot) => (slot.slotNumber === undefined || slot.state === 'Empty' ? undefined : [slot.name, slot.state])),
    truth: moduleTruth,
    healthy: 'Operational',
  },
  {
    command: 'show ports no-refresh',
    text: portsText,
    read: (text) => asPairs(parseShowPortsNoRefresh(text), (port) => [port.port, port.linkState]),
    truth: linkTruth,
    healthy: 'A',
  },
];

describe.each(TABLES)('$command on simulator output', ({ text, read, truth, healthy }) => {
  it(`reads every row exactly; damaged, it fails or never calls one ${healthy} that is not`, () => {
    fc.assert(
      fc.property(healthState, fc.option(anyHarm, { nil: undefined }), (state, harm) => {
        const chassis = chassisOf(state);
        const parsed = read(harm ? harm(text(chassis)) : text(chassis));
        const real = truth(chassis);
        if (!harm) {
          expect(parsed).toEqual({ ok: true, pairs: [...real] });
          return;
        }
        if (!parsed.ok) return;
        for (const [name, value] of parsed.pairs.filter(([, value]) => value === healthy)) {
          expect({ name, value: real.get(name) }).toEqual({ name, value });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads the same with escape sequences inside lines, other line endings and padding', () => {
    fc.assert(
      fc.property(healthState, inlineNoise, harmlessMutationChain, (state, noise, harmless) => {
        const original = text(chassisOf(state));
        expect(read(harmless(noise(original)))).toEqual(read(original));
      }),
      { numRuns: 150 },
    );
  });
});

describe('the health comparison on damaged output after a failover', () => {
  it('never hides a regression: whatever the "after" output parses to, every module and link that went down is named', () => {
    fc.assert(
      fc.property(healthState, healthState, anyHarm, (beforeState, afterState, harm) => {
        const [before, after] = [chassisOf(beforeState), chassisOf(afterState)];
        const slotsAfter = parseShowSlot(harm(slotsText(after)));
        const portsAfter = parseShowPortsNoRefresh(harm(portsText(after)));
        if (!slotsAfter.ok || !portsAfter.ok) return;
        const parse = <T>(result: { ok: true; value: T } | { ok: false; reason: string }) => (result.ok ? result.value : []);
        const snapshotBefore = healthSnapshot(parse(parseShowSlot(slotsText(before))), parse(parseShowPortsNoRefresh(portsText(before))));
        const named = new Set(compareHealth(snapshotBefore, healthSnapshot(slotsAfter.value, portsAfter.value)).map((r) => (r.kind === 'module' ? r.name : r.port)));
        const [modulesBefore, modulesAfter] = [moduleTruth(before), moduleTruth(after)];
        for (const [name, state] of modulesBefore) if (state === 'Operational' && modulesAfter.get(name) !== 'Operational') expect(named).toContain(name);
        const [linksBefore, linksAfter] = [linkTruth(before), linkTruth(after)];
        for (const [port, link] of linksBefore) if (link === 'A' && linksAfter.get(port) !== 'A') expect(named).toContain(port);
      }),
      { numRuns: 300 },
    );
  });
});

describe.each([
  ['show_slot_stack_failed_members_exos_apps_clone.raw', parseShowSlot, (row: { name: string; state: string }) => `${row.name} ${row.state}`],
  ['show_ports_no-refresh_stack_ntc.raw', parseShowPortsNoRefresh, (row: { port: string; linkState: string }) => `${row.port} ${row.linkState}`],
] as const)('%s damaged', (name, parse, claim) => {
  const text = loadSample(name);
  const original = parse(text);
  if (!original.ok) throw new Error(`${name} must parse`);
  const claims = new Set((original.value as never[]).map((row) => claim(row)));

  it('fails or claims only what the capture says, truncated anywhere or damaged line by line', () => {
    const check = (damaged: string) => {
      const result = parse(damaged);
      if (result.ok) for (const row of result.value as never[]) expect(claims).toContain(claim(row));
    };
    for (const prefix of truncations(text)) check(prefix);
    fc.assert(fc.property(lineDamageChain, (mutate) => check(mutate(text))), { numRuns: 200 });
  });
});
