// Fuzzing the parsers against output whose truth is known: the simulator renders `show switch` and
// `show version images` for random chassis states, so every claim a parse makes can be checked against the model.
// Adds what test/exos does not cover: every node state and both login sides, escape sequences inside lines, noise
// characters replacing or inserted between characters, and simulator garbage of a download.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { NodeRole } from '../../source/exos/chassisState.js';
import { parseDownloadResult } from '../../source/exos/parseDownloadResult.js';
import { parseShowSwitch } from '../../source/exos/parseShowSwitch.js';
import { parseShowVersion } from '../../source/exos/parseShowVersion.js';
import { parseShowVersionImages } from '../../source/exos/parseShowVersionImages.js';
import { stripTerminalNoise } from '../../source/exos/outputLines.js';
import { ChassisModel, SCENARIOS, SimClock, type MsmSlot, type NodeState, type Partition, type ScenarioName } from '../../source/simulator/index.js';
import { coreImage, xmodImage } from '../../source/simulator/chassisModel.js';
import { renderShowSwitch } from '../../source/simulator/render/showSwitch.js';
import { renderShowVersion, renderShowVersionImages } from '../../source/simulator/render/showVersion.js';
import { anyHarm, harmKeepingValues, harmlessMutationChain, inlineNoise } from '../exos/mutations.js';

vi.setConfig({ testTimeout: 60_000 });

const NOW = new Date(Date.UTC(2024, 2, 4, 10, 15, 2));
const STATES: NodeState[] = ['MASTER', 'BACKUP', 'DOWN', 'INIT', 'FAIL'];
const CORES = ['bd8800-15.3.1.4.xos', 'bd8800-12.6.3.3.xos', 'bd8800-15.3.5.2-patch1-5.xos'];
const XMODS = ['bd8800-15.3.1.4-ssh.xmod', 'bd8800-15.3.5.2-patch1-5-ssh.xmod'];

const msmState = fc.record({
  state: fc.constantFrom(...STATES),
  inSync: fc.boolean(),
  booted: fc.constantFrom<Partition>('primary', 'secondary'),
  selected: fc.constantFrom<Partition>('primary', 'secondary'),
  primary: fc.constantFrom(...CORES),
  secondary: fc.constantFrom(...CORES),
  xmods: fc.subarray(XMODS),
});
const chassisState = fc.record({
  scenario: fc.constantFrom<ScenarioName>('happy', 'master-is-b', 'xmod'),
  A: msmState,
  B: msmState,
  local: fc.constantFrom<MsmSlot>('A', 'B'),
});
type ChassisState = typeof chassisState extends fc.Arbitrary<infer T> ? T : never;

function chassisOf(state: ChassisState): ChassisModel {
  const chassis = new ChassisModel(SCENARIOS[state.scenario], new SimClock(0, NOW));
  for (const slot of ['A', 'B'] as const) {
    const spec = state[slot];
    const msm = chassis.msm[slot];
    msm.nodeState = spec.state;
    msm.inSync = spec.state === 'BACKUP' && spec.inSync;
    msm.booted = spec.booted;
    msm.selected = spec.selected;
    for (const partition of ['primary', 'secondary'] as const) {
      const core = coreImage({ file: spec[partition], ioImageVersion: '2.4.0.1' }, NOW);
      const xmods = spec.xmods.filter((file) => file.startsWith(spec[partition].replace(/\.xos$/, '')));
      msm.partitions[partition] = { core, xmods: xmods.map((file) => xmodImage(file, NOW)) };
    }
  }
  return chassis;
}

const ROLE: Record<NodeState, NodeRole> = { MASTER: 'master', BACKUP: 'backup', DOWN: 'not-ready', INIT: 'not-ready', FAIL: 'not-ready' };
const other = (slot: MsmSlot): MsmSlot => (slot === 'A' ? 'B' : 'A');
const showSwitchOf = (state: ChassisState) => renderShowSwitch(chassisOf(state), state.local, NOW).join('\r\n');

/** Column order of `show switch`: the MSM logged in to first. */
const truthOf = (state: ChassisState) =>
  [state.local, other(state.local)].map((slot) => ({
    slot,
    role: ROLE[state[slot].state],
    inSync: state[slot].state === 'BACKUP' && state[slot].inSync,
    local: slot === state.local,
  }));

describe('parseShowSwitch on simulator output for every chassis state', () => {
  it('reads each MSM exactly as the model has it, on either login side', () => {
    fc.assert(
      fc.property(chassisState, (state) => {
        const parsed = parseShowSwitch(showSwitchOf(state));
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.value.nodes.map(({ slot, role, inSync, local }) => ({ slot, role, inSync, local }))).toEqual(truthOf(state));
        const localSpec = state[state.local];
        expect(parsed.value.nodes[0]).toMatchObject({ selected: localSpec.selected, booted: localSpec.booted });
      }),
      { numRuns: 300 },
    );
  });

  it('reads the same with escape sequences inside lines, other line endings and padding', () => {
    fc.assert(
      fc.property(chassisState, inlineNoise, harmlessMutationChain, (state, noise, harmless) => {
        const text = showSwitchOf(state);
        expect(parseShowSwitch(harmless(noise(text)))).toEqual(parseShowSwitch(text));
      }),
      { numRuns: 300 },
    );
  });

  it('damaged, it fails or makes only true claims: never a swapped MASTER/BACKUP, never a false In Sync or slot', () => {
    fc.assert(
      fc.property(chassisState, anyHarm, (state, harm) => {
        const parsed = parseShowSwitch(harm(showSwitchOf(state)));
        if (!parsed.ok) return;
        const truth = truthOf(state);
        parsed.value.nodes.forEach((node, column) => {
          const real = truth[column];
          if (node.role !== 'not-ready') expect({ column, role: real?.role }).toEqual({ column, role: node.role });
          if (node.inSync) expect({ column, inSync: real?.inSync }).toEqual({ column, inSync: true });
          if (node.slot) expect({ column, slot: real?.slot }).toEqual({ column, slot: node.slot });
          if (node.local) expect({ column, local: real?.local }).toEqual({ column, local: true });
        });
      }),
      { numRuns: 600 },
    );
  });
});

describe('parseShowVersionImages on simulator output for every partition content', () => {
  const listingOf = (state: ChassisState) => renderShowVersionImages(chassisOf(state)).join('\r\n');
  const rowsOf = (state: ChassisState) => {
    const parsed = parseShowVersionImages(listingOf(state));
    if (!parsed.ok) throw new Error(`undamaged listing must parse: ${parsed.reason}`);
    return parsed.value;
  };

  it('lists every installed core and .xmod with its MSM and partition', () => {
    fc.assert(
      fc.property(chassisState, (state) => {
        const rows = rowsOf(state);
        for (const slot of ['A', 'B'] as const) {
          for (const partition of ['primary', 'secondary'] as const) {
            const names = rows.filter((row) => row.slot === slot && row.partition === partition).map((row) => row.name);
            const xmods = state[slot].xmods.filter((file) => file.startsWith(state[slot][partition].replace(/\.xos$/, '')));
            expect(names).toEqual([state[slot][partition], ...xmods]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('damaged, it never invents an image on an MSM: every row it gives an MSM is installed there, as read', () => {
    fc.assert(
      fc.property(chassisState, harmKeepingValues, (state, harm) => {
        const truth = rowsOf(state);
        const parsed = parseShowVersionImages(harm(listingOf(state)));
        if (!parsed.ok) return;
        for (const row of parsed.value.filter((r) => r.slot !== undefined)) {
          const same = truth.find((t) => t.slot === row.slot && t.partition === row.partition && t.name === row.name && t.version === row.version);
          expect({ row, installed: same !== undefined }).toEqual({ row, installed: true });
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('parseShowVersion on simulator output', () => {
  const versionOf = (state: ChassisState) => {
    const chassis = chassisOf(state);
    const { version, patch } = chassis.runningCore(state.local);
    const units = new Map((['A', 'B'] as const).map((slot) => [`MSM-${slot}`, ['MASTER', 'BACKUP'].includes(state[slot].state) ? chassis.runningCore(slot).version : undefined]));
    return { text: renderShowVersion(chassis, state.local).join('\r\n'), image: patch ? { version, patch } : { version }, units };
  };

  it('reads the running image and each MSM\'s image; damaged, it fails or reads the same', () => {
    fc.assert(
      fc.property(chassisState, fc.option(harmKeepingValues, { nil: undefined }), (state, harm) => {
        const truth = versionOf(state);
        const parsed = parseShowVersion(harm ? harm(truth.text) : truth.text);
        if (!parsed.ok) {
          expect(harm).toBeDefined();
          return;
        }
        expect(parsed.value.image).toEqual(truth.image);
        for (const unit of parsed.value.units.filter((u) => u.slot !== undefined && u.image !== undefined)) {
          expect({ unit: unit.name, image: unit.image }).toEqual({ unit: unit.name, image: truth.units.get(unit.name) });
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('parseDownloadResult on damaged simulator transcripts', () => {
  const transcript = [
    'y',
    '',
    `Downloading to MSM-B${'.'.repeat(160)}`,
    'Installing to secondary partition!',
    '',
    `Installing to MSM-B${'.'.repeat(450)}`,
    'Image installed successfully',
    'This image will be used only after rebooting the switch!',
  ].join('\r\n');

  it('claims "installed" only while "Image installed successfully" is still there to read', () => {
    fc.assert(
      fc.property(anyHarm, (harm) => {
        const damaged = harm(transcript);
        const result = parseDownloadResult(damaged);
        if (result.installed) expect(stripTerminalNoise(damaged)).toContain('Image installed successfully');
      }),
      { numRuns: 400 },
    );
  });
});
