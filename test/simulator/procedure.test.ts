// Every scenario that allows it, upgraded by hand over ssh2 exactly as docs/exos-cli.md §12 describes.
import { afterEach, describe, expect, it } from 'vitest';
import { parseImageName } from '../../source/simulator/imageName.js';
import type { RunningSimulator, ScenarioName } from '../../source/simulator/index.js';
import { startTestSimulator } from './helpers.js';
import { fileOf, other, runFullProcedure } from './procedure.js';

let simulator: RunningSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

const CLEAN_SCENARIOS: ScenarioName[] = ['happy', 'master-is-b', 'xmod', 'old-release', 'new-release', 'slow-links', 'replaced-msm'];

describe('full manual hitless upgrade', () => {
  it.each(CLEAN_SCENARIOS)('%s: both MSMs end on the target image, no outage', async (scenario) => {
    simulator = await startTestSimulator({ scenario });
    const shell = await runFullProcedure(simulator);

    const target = parseImageName(fileOf(simulator.scenario.suggested.image))!;
    for (const slot of ['A', 'B'] as const) {
      const msm = simulator.chassis.msm[slot];
      expect(msm.booted).toBe(msm.selected);
      expect(msm.partitions[msm.booted].core).toMatchObject({ version: target.version, patch: target.patch });
      expect(msm.partitions[msm.booted].xmods.map((xmod) => xmod.file)).toEqual(
        simulator.scenario.suggested.xmods.map(fileOf),
      );
    }
    const newMaster = other(simulator.scenario.initial.master);
    expect(simulator.chassis.master()?.slot).toBe(newMaster);
    expect(simulator.chassis.stateText(simulator.scenario.initial.master)).toBe('BACKUP (In Sync)');
    expect(simulator.outages).toEqual([]);

    const connections = [...new Set(simulator.commandLog.map((record) => `${record.connection}:${record.msm}`))];
    expect(connections).toEqual([`1:${simulator.scenario.initial.master}`, `2:${newMaster}`]);
    shell.close();
  }, 30_000);
});
