import { describe, expect, it } from 'vitest';
import type { NodeStatus, ShowSwitch } from '../../source/exos/chassisState.js';
import { parseShowSwitch } from '../../source/exos/parseShowSwitch.js';
import { loadSample, RECONSTRUCTED, SHOW_SWITCH_SAMPLES } from './samples.js';

function parseOk(text: string): ShowSwitch {
  const result = parseShowSwitch(text);
  if (!result.ok) throw new Error(`expected a parse, got: ${result.reason}`);
  return result.value;
}

function reasonOf(text: string): string {
  const result = parseShowSwitch(text);
  if (result.ok) throw new Error('expected the parse to fail');
  return result.reason;
}

/** Replaces the whole line that starts with `label:` (first match). */
function replaceRow(text: string, label: string, row: string): string {
  return text.replace(new RegExp(`^${label}:.*$`, 'm'), row);
}

const twoColumnRow = (label: string, first: string, second: string) =>
  `${`${label}:`.padEnd(18)}${first.padEnd(29)}${second}`.trimEnd();

const rolesOf = (show: ShowSwitch) => show.nodes.map(({ name, role, inSync, local }) => ({ name, role, inSync, local }));

describe('parseShowSwitch on real captures', () => {
  it('reads the padded single-node X670 capture (echo line with a leading space, 24/12/53 padding)', () => {
    expect(parseOk(loadSample(SHOW_SWITCH_SAMPLES.x670Single))).toEqual({
      sysName: 'swm',
      systemType: 'X670-48x',
      systemMac: '00:04:96:52:D9:8D',
      layout: 'single-node',
      isStack: false,
      nodes: [
        {
          name: '',
          local: true,
          stateText: 'OPERATIONAL',
          role: 'not-ready',
          inSync: false,
          selected: 'primary',
          booted: 'primary',
          primary: { version: '15.3.2.11' },
          secondary: { version: '12.6.2.10' },
        },
      ],
      configSelected: 'primary.cfg',
      configBooted: 'primary.cfg',
    } satisfies ShowSwitch);
  });

  it('reads the single-node X440 capture with a patch line under Primary ver and a Factory Default config', () => {
    expect(parseOk(loadSample(SHOW_SWITCH_SAMPLES.x440Single))).toEqual({
      sysName: 'X440-24t-10G',
      systemType: 'X440-24t-10G',
      systemMac: '00:04:96:98:75:E9',
      layout: 'single-node',
      isStack: false,
      nodes: [
        {
          name: '',
          local: true,
          stateText: 'OPERATIONAL',
          role: 'not-ready',
          inSync: false,
          selected: 'primary',
          booted: 'primary',
          primary: { version: '15.3.1.4', patch: 'patch1-19' },
          secondary: { version: '15.3.1.4' },
        },
      ],
      configSelected: 'primary.cfg',
      configBooted: 'Factory Default',
    } satisfies ShowSwitch);
  });

  const x450aNodes: NodeStatus[] = [
    {
      name: 'Slot-1',
      local: true,
      stateText: 'MASTER',
      role: 'master',
      inSync: false,
      selected: 'secondary',
      booted: 'secondary',
      primary: { version: '15.3.1.4' },
      secondary: { version: '15.3.3.5', patch: 'patch1-10' },
    },
    {
      name: 'Slot-2',
      local: false,
      stateText: 'BACKUP (In Sync)',
      role: 'backup',
      inSync: true,
      selected: 'secondary',
      booted: 'secondary',
      primary: { version: '15.3.1.4' },
      secondary: { version: '15.3.3.5', patch: 'patch1-10' },
    },
  ];

  it('reads the X450a stack capture (two columns, shared patch line, DST continuation lines)', () => {
    expect(parseOk(loadSample(SHOW_SWITCH_SAMPLES.x450aStack))).toEqual({
      sysName: 'CORE-EXT-S450',
      systemType: 'X450a-24t (Stack)',
      systemMac: '02:04:96:34:CB:DB',
      layout: 'two-column',
      isStack: true,
      nodes: x450aNodes,
      configSelected: 'primary.cfg',
      configBooted: 'primary.cfg',
    } satisfies ShowSwitch);
  });

  it('splits the X450a columns where the NG-NetMS `label: rest` parse glued them', () => {
    const naive = JSON.parse(loadSample('show_switch_x450a_stack_15.3.3.5_ngnetms.expected_getSoftware.json')) as Array<{
      sw_name: string;
      sw_ver: string;
    }>;
    const glued = naive.find((item) => item.sw_name === 'Image Selected')!.sw_ver;
    expect(glued).toBe('secondary                    secondary');
    const show = parseOk(loadSample(SHOW_SWITCH_SAMPLES.x450aStack));
    expect(show.nodes.map((node) => node.selected)).toEqual(glued.split(/\s+/));
    expect(show.nodes.map((node) => node.secondary?.version)).toEqual(
      naive.find((item) => item.sw_name === 'Secondary ver')!.sw_ver.split(/\s+/),
    );
  });

  it('reads the stack capture taken on the backup: column 1 is the local BACKUP, column 2 the MASTER', () => {
    const show = parseOk(loadSample(SHOW_SWITCH_SAMPLES.stackOnBackup));
    expect(show).toEqual({
      sysName: 'Stack',
      systemType: 'X450G2-24p-10G4 (Stack)',
      systemMac: '0E:00:00:00:00:83',
      layout: 'two-column',
      isStack: true,
      nodes: [
        {
          name: 'Slot-2',
          local: true,
          stateText: 'BACKUP (In Sync)',
          role: 'backup',
          inSync: true,
          selected: 'primary',
          booted: 'primary',
          primary: { version: '22.1.1.5' },
          secondary: { version: '22.4.0.37' },
        },
        {
          name: 'Slot-1',
          local: false,
          stateText: 'MASTER',
          role: 'master',
          inSync: false,
          selected: 'primary',
          booted: 'primary',
          primary: { version: '22.1.1.5' },
          secondary: { version: '22.4.0.37' },
        },
      ],
      configSelected: 'primary.cfg',
      configBooted: 'primary.cfg',
    } satisfies ShowSwitch);
  });
});

describe('parseShowSwitch on chassis reconstructions', () => {
  const msm = (slot: 'A' | 'B', fields: Omit<NodeStatus, 'name' | 'slot'>): NodeStatus => ({ name: `MSM-${slot}`, slot, ...fields });
  const chassis = (nodes: NodeStatus[]): ShowSwitch => ({
    sysName: 'BD-8810',
    systemType: 'BD-8810',
    systemMac: '00:04:96:1F:A2:60',
    layout: 'two-column',
    isStack: false,
    nodes,
    configSelected: 'primary.cfg',
    configBooted: 'primary.cfg',
  });
  const steady = { selected: 'primary', booted: 'primary', primary: { version: '12.6.3.3' }, secondary: { version: '12.6.2.10' } } as const;

  it('dual MSM, A master, B BACKUP (In Sync) (depends on RECONSTRUCTION samples/reconstructed/..._dual_msm_insync)', () => {
    expect(parseOk(loadSample(RECONSTRUCTED.dualMsmInSync))).toEqual(
      chassis([
        msm('A', { local: true, stateText: 'MASTER', role: 'master', inSync: false, ...steady }),
        msm('B', { local: false, stateText: 'BACKUP (In Sync)', role: 'backup', inSync: true, ...steady }),
      ]),
    );
  });

  it('backup booting shows INIT -> not-ready (depends on RECONSTRUCTION samples/reconstructed/..._backup_init)', () => {
    expect(parseOk(loadSample(RECONSTRUCTED.backupInit)).nodes).toEqual([
      msm('A', { local: true, stateText: 'MASTER', role: 'master', inSync: false, ...steady }),
      msm('B', { local: false, stateText: 'INIT', role: 'not-ready', inSync: false, ...steady }),
    ]);
  });

  it('backup on a new image, Not In Sync (depends on RECONSTRUCTION samples/reconstructed/..._backup_notinsync_newimage)', () => {
    expect(parseOk(loadSample(RECONSTRUCTED.backupNotInSyncNewImage)).nodes).toEqual([
      msm('A', { local: true, stateText: 'MASTER', role: 'master', inSync: false, ...steady }),
      msm('B', {
        local: false,
        stateText: 'BACKUP (Not In Sync)',
        role: 'backup',
        inSync: false,
        selected: 'secondary',
        booted: 'secondary',
        primary: { version: '12.6.3.3' },
        secondary: { version: '15.3.1.4' },
      }),
    ]);
  });

  it('after failover the local column is MSM-B, the new master (depends on RECONSTRUCTION samples/reconstructed/..._after_failover)', () => {
    expect(parseOk(loadSample(RECONSTRUCTED.afterFailover)).nodes).toEqual([
      msm('B', {
        local: true,
        stateText: 'MASTER',
        role: 'master',
        inSync: false,
        selected: 'secondary',
        booted: 'secondary',
        primary: { version: '12.6.3.3' },
        secondary: { version: '15.3.1.4' },
      }),
      msm('A', { local: false, stateText: 'INIT', role: 'not-ready', inSync: false, ...steady }),
    ]);
  });
});

describe('parseShowSwitch on session noise', () => {
  const plain = loadSample(SHOW_SWITCH_SAMPLES.x450aStack);
  const expected = parseOk(plain);

  it('gives the same result with CRLF, stray CRs, an echoed command and a trailing prompt', () => {
    const noisy = `Slot-1 CORE-EXT-S450.4 # show switch\r\n\r\n${plain.replace(/\n/g, '\r\r\n')}\r\nSlot-1 CORE-EXT-S450.5 # `;
    expect(parseOk(noisy)).toEqual(expected);
  });

  it('gives the same result with pager prompts and their clearing sequence inside the node block', () => {
    const pager = 'Press <SPACE> to continue or <Q> to quit:\x1b[m\x1b[60;D\x1b[K';
    const noisy = plain
      .replace('Slot:   ', `${pager}Slot:   `)
      .replace('Image Booted:', `${pager}Image Booted:`)
      .replace('                  patch1-10', `${pager}                  patch1-10`);
    expect(parseOk(noisy)).toEqual(expected);
  });

  it('gives the same result on the padded reconstruction with padding stripped (depends on RECONSTRUCTION ..._dual_msm_insync)', () => {
    const padded = loadSample(RECONSTRUCTED.dualMsmInSync);
    expect(parseOk(padded.replace(/ +$/gm, ''))).toEqual(parseOk(padded));
  });

  it('ignores unknown labels such as the 22.x/30.x Config Automatic and LAA MAC lines', () => {
    const newer = plain.replace(
      /^Config Booted:.*$/m,
      (line) => `${line}\nConfig Automatic: NONE (disabled)\nLAA MAC:          Locally administered MAC addresses not configured`,
    );
    expect(parseOk(newer)).toEqual(expected);
  });
});

describe('parseShowSwitch column rules', () => {
  const stack = loadSample(SHOW_SWITCH_SAMPLES.x450aStack);
  const withState = (first: string, second: string) => replaceRow(stack, 'Current State', twoColumnRow('Current State', first, second));

  it.each([
    ['MASTER', 'master', false],
    ['BACKUP (In Sync)', 'backup', true],
    ['BACKUP (InSync)', 'backup', true],
    ['BACKUP (in sync)', 'backup', true],
    ['BACKUP (Not In Sync)', 'backup', false],
    ['BACKUP (Not in Sync)', 'backup', false],
    ['BACKUP (NotInSync)', 'backup', false],
    ['BACKUP', 'backup', false],
    ['BACKUP ot In Sync)', 'backup', false],
    ['BACKUP (In Sync) (Not In Sync)', 'backup', false],
    ['BACKUP (In Sync, degraded)', 'backup', false],
    ['INIT', 'not-ready', false],
    ['DOWN', 'not-ready', false],
    ['FAIL', 'not-ready', false],
    ['FAILED', 'not-ready', false],
    ['STANDBY', 'not-ready', false],
    ['Master', 'not-ready', false],
    ['MASTER (something)', 'not-ready', false],
    ['In Sync', 'not-ready', false],
    ['Empty', 'not-ready', false],
    ['Not Present', 'not-ready', false],
  ] as const)('classifies column-2 state %j as %s (inSync %s), keeping the raw text', (state, role, inSync) => {
    const node = parseOk(withState('MASTER', state)).nodes[1]!;
    expect({ stateText: node.stateText, role: node.role, inSync: node.inSync }).toEqual({ stateText: state, role, inSync });
  });

  it('keeps a blank column-2 state as not-ready with empty text', () => {
    const node = parseOk(withState('MASTER', '')).nodes[1]!;
    expect({ name: node.name, stateText: node.stateText, role: node.role }).toEqual({ name: 'Slot-2', stateText: '', role: 'not-ready' });
  });

  it('returns one node when the header has no second column and every row has only column 1', () => {
    const onlyColumn1 = stack
      .split('\n')
      .map((line) => (/^(Slot|Current State|Image Selected|Image Booted|Primary ver|Secondary ver):/.test(line) || /^ +patch/.test(line) ? line.slice(0, 47).trimEnd() : line))
      .join('\n');
    expect(rolesOf(parseOk(onlyColumn1))).toEqual([{ name: 'Slot-1', role: 'master', inSync: false, local: true }]);
  });

  it('assigns a lone patch tag at offset 47 to column 2 only', () => {
    const text = stack.replace('                  patch1-10                    patch1-10', `${' '.repeat(47)}patch1-10`);
    const show = parseOk(text);
    expect(show.nodes.map((node) => node.secondary)).toEqual([
      { version: '15.3.3.5' },
      { version: '15.3.3.5', patch: 'patch1-10' },
    ]);
  });

  it('assigns a lone patch tag at offset 18 to column 1 only', () => {
    const text = stack.replace('                  patch1-10                    patch1-10', `${' '.repeat(18)}patch1-10`);
    expect(parseOk(text).nodes.map((node) => node.secondary?.patch)).toEqual(['patch1-10', undefined]);
  });

  it('reads MSM names, the * marker and slots from the header in either order', () => {
    const header = twoColumnRow('Slot', 'MSM-B *', 'MSM-A');
    const show = parseOk(replaceRow(withState('BACKUP (In Sync)', 'MASTER'), 'Slot', header).replace(/\(Stack\)/, ''));
    expect(show.isStack).toBe(false);
    expect(show.nodes.map(({ name, slot, local, role, inSync }) => ({ name, slot, local, role, inSync }))).toEqual([
      { name: 'MSM-B', slot: 'B', local: true, role: 'backup', inSync: true },
      { name: 'MSM-A', slot: 'A', local: false, role: 'master', inSync: false },
    ]);
  });

  it('accepts a * glued to the node name', () => {
    const show = parseOk(replaceRow(stack, 'Slot', twoColumnRow('Slot', 'MSM-A*', 'MSM-B')));
    expect(show.nodes.map(({ name, local }) => ({ name, local }))).toEqual([
      { name: 'MSM-A', local: true },
      { name: 'MSM-B', local: false },
    ]);
  });

  it('reports a single node as not-ready even if its state text says MASTER', () => {
    const single = loadSample(SHOW_SWITCH_SAMPLES.x670Single).replace('OPERATIONAL', 'MASTER     ');
    expect(parseOk(single).nodes.map(({ role, stateText }) => ({ role, stateText }))).toEqual([{ role: 'not-ready', stateText: 'MASTER' }]);
  });
});

describe('parseShowSwitch refusals', () => {
  const stack = loadSample(SHOW_SWITCH_SAMPLES.x450aStack);

  it('fails without a Current State row', () => {
    expect(reasonOf(stack.replace(/^Current State:.*\n/m, ''))).toMatch(/no "Current State:" row/);
  });

  it('fails when the output is cut off before the Config Selected line that follows the node block', () => {
    const cut = stack.slice(0, stack.indexOf('                  patch1-10') + 26);
    expect(cut.endsWith('patch1-1')).toBe(true);
    expect(reasonOf(cut)).toMatch(/ends before the "Config Selected:" line.*cut off/);
    expect(reasonOf(stack.replace(/^Config Selected:.*\n/m, ''))).toMatch(/cut off/);
  });

  it('fails on empty output and on unrelated output', () => {
    expect(reasonOf('')).toMatch(/no "Current State:" row/);
    expect(reasonOf(loadSample('show_version_x440_15.3.1.4_ngnetms.raw'))).toMatch(/no "Current State:" row/);
  });

  it("quotes the switch's own error when the command was refused", () => {
    expect(reasonOf(loadSample('unsaved_prompt_invalid_command_oxidized_issue2113.session'))).toMatch(
      /the switch said: %% Invalid input detected at '\^' marker\./,
    );
    expect(reasonOf('show switch\nError: This command can only be executed on Master.\nSlot-2 Stack.1 > ')).toMatch(
      /the switch said: Error: This command can only be executed on Master\./,
    );
  });

  it('fails when a two-valued Current State has no Slot: header to name the nodes', () => {
    expect(reasonOf(stack.replace(/^Slot:.*\n/m, ''))).toMatch(/two values but there is no "Slot:" header/);
  });

  it('fails when the node block appears twice', () => {
    expect(reasonOf(`${stack}\n${stack}`)).toMatch(/appears 2 times/);
  });

  it('fails when a node-block row is not aligned to the columns', () => {
    expect(reasonOf(replaceRow(stack, 'Current State', 'Current State: MASTER BACKUP (In Sync)'))).toMatch(/not aligned/);
    expect(reasonOf(replaceRow(stack, 'Current State', `Current State:    ${'MASTER'.padEnd(29, 'X')}BACKUP`))).toMatch(/not aligned/);
  });

  it('fails when the header marks both nodes local, names one node twice, or has no column 1', () => {
    expect(reasonOf(replaceRow(stack, 'Slot', twoColumnRow('Slot', 'Slot-1 *', 'Slot-2 *')))).toMatch(/both nodes/);
    expect(reasonOf(replaceRow(stack, 'Slot', twoColumnRow('Slot', 'Slot-1', 'Slot-1')))).toMatch(/twice/);
    expect(reasonOf(replaceRow(stack, 'Slot', twoColumnRow('Slot', '', 'Slot-2')))).toMatch(/no node in column 1/);
    expect(reasonOf(replaceRow(stack, 'Slot', twoColumnRow('Slot', 'Slot 1 * x', 'Slot-2')))).toMatch(/cannot read the node name/);
  });

  it('fails when Current State has a second column the header does not name', () => {
    expect(reasonOf(replaceRow(stack, 'Slot', 'Slot:             Slot-1 *'))).toMatch(/names only one node/);
  });
});
