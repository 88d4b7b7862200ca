// I/O modules and port links of the fake chassis over SSH: `show slot`, `show ports no-refresh` in the layout of
// the real captures, plain `show ports` holding the terminal, and what each failover does to them: nothing when
// hitless, a reset with the io-mismatch warning accepted, lasting damage in port-loss, slot-fail and mgmt-lost.
// The chassis rows (MSM-A/MSM-B in slots 5/6, module names) depend on RECONSTRUCTION (docs/exos-cli.md §11).
import ssh2 from 'ssh2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startConsoleServer, type RunningConsoleServer, type RunningSimulator, type ScenarioName } from '../../source/simulator/index.js';
import { loadSample } from '../exos/samples.js';
import { PROMPT, ShellClient, startWithShell } from './helpers.js';
import { failoverAndReconnect, showSwitch, upgradeBackup } from './procedure.js';

// SSH round trips: generous on a loaded 2-core machine.
vi.setConfig({ testTimeout: 30_000 });

let simulator: RunningSimulator;
let shell: ShellClient;
let consoles: RunningConsoleServer | undefined;

async function start(scenario: ScenarioName, rows?: number) {
  ({ simulator, shell } = await startWithShell({ scenario }, rows === undefined ? {} : { rows }));
}

afterEach(async () => {
  shell?.close();
  await consoles?.close();
  consoles = undefined;
  await simulator?.close();
});

const slotRows = async () => (await shell.runLines('show slot')).filter((line) => /^(Slot|MSM)-/.test(line));
const portRows = async () => (await shell.runLines('show ports no-refresh')).filter((line) => /^\d+:\d+ /.test(line));
/** "2:3 A" per port row: the port and its link state (column 56). */
const links = (rows: string[]) => rows.map((row) => `${row.slice(0, 9).trim()} ${row.slice(56, 63).trim()}`);
const linkOf = (rows: string[], port: string) => links(rows).find((entry) => entry.startsWith(`${port} `))?.split(' ')[1];

/** Upgrades the first backup and fails over; returns the shell on the new master. */
async function firstHalf() {
  await upgradeBackup(shell, simulator, 'B');
  shell = await failoverAndReconnect(shell, simulator);
}

describe('show slot', () => {
  it('lists the I/O modules and both MSMs in the layout of the real stack captures', async () => {
    await start('happy');
    expect(await shell.runLines('show slot')).toEqual([
      '',
      'Slots    Type                 Configured           State       Ports',
      '-'.repeat(68),
      'Slot-1   G48Xc                G48Xc                Operational   48',
      'Slot-2   10G4Xc               10G4Xc               Operational    4',
      'Slot-3   G48Te2               G48Te2               Operational   48',
      'Slot-4                                             Empty          0',
      'MSM-A    MSM-48c              MSM-48c              Operational    0',
      'MSM-B    MSM-48c              MSM-48c              Operational    0',
      'Slot-7                                             Empty          0',
      'Slot-8                                             Empty          0',
      'Slot-9                                             Empty          0',
      'Slot-10                                            Empty          0',
    ]);
  });
});

describe('show ports no-refresh', () => {
  it('has the header, rules and legend of the real capture, and rows at its column offsets and widths', async () => {
    await start('happy');
    const lines = await shell.runLines('show ports no-refresh');
    const real = loadSample('show_ports_no-refresh_stack_ntc.raw').split('\n');
    expect(lines.slice(0, 4)).toEqual(real.slice(0, 4));
    expect(lines.slice(-7)).toEqual(real.slice(-8, -1));
    const rows = lines.slice(4, -7);
    expect(rows).toHaveLength(100);
    expect(rows.find((row) => row.startsWith('2:3 '))).toBe('2:3      esx-07-vmnic0        (0024)              E     A      10000  FULL ');
    expect(rows.find((row) => row.startsWith('3:12 '))).toBe('3:12     lab-bench            lab                 E     R'.padEnd(88));
    expect(rows.find((row) => row.startsWith('1:48 '))).toBe('1:48                                              D     NP'.padEnd(88));
    for (const row of rows) expect([75, 88]).toContain(row.length);
    expect(links(rows).filter((entry) => entry.endsWith(' A'))).toEqual([
      '1:1 A', '1:2 A', '1:3 A', '1:4 A', '2:1 A', '2:2 A', '2:3 A', '2:4 A',
      '3:1 A', '3:2 A', '3:3 A', '3:4 A', '3:5 A', '3:6 A', '3:7 A', '3:8 A', '3:10 A', '3:11 A', '3:20 A',
    ]);
  });

});

describe('plain show ports: the monitor', () => {
  const KEYS = 'U->page up  D->page down ESC->exit';

  it('redraws in place and holds the terminal (no prompt) until q; U and D page; Esc and Ctrl-C end it too', async () => {
    await start('happy', 20);
    shell.sendLine('show ports');
    const first = await shell.readUntil(KEYS);
    expect(first).toMatch(/^show ports\r\n\x1b\[H\x1b\[JPort Summary Monitor +\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\r\n/);
    const screen = first.split('\x1b[H\x1b[J')[1]!.split('\r\n');
    expect(screen).toHaveLength(20);
    expect(screen[4]).toMatch(/^1:1 +core-rtr-1 /);
    const redrawn = await shell.readUntil(KEYS);
    expect(redrawn.startsWith('\x1b[H\x1b[JPort Summary Monitor')).toBe(true);
    expect(PROMPT.test(redrawn)).toBe(false);

    shell.send('d');
    const nextPage = (await shell.readUntil(KEYS)).split('\r\n');
    expect(nextPage[4]).toMatch(/^1:15 /);
    shell.send('u');
    expect((await shell.readUntil(KEYS)).split('\r\n')[4]).toMatch(/^1:1 /);

    shell.send('q');
    expect(await shell.readUntilPrompt()).toMatch(/\r\nBD-8810\.2 # $/);
    for (const [key, counter] of [['\x1b', 3], ['\x03', 4]] as const) {
      shell.sendLine('show ports');
      await shell.readUntil(KEYS);
      shell.send(key);
      expect(await shell.readUntilPrompt()).toMatch(new RegExp(`\\r\\nBD-8810\\.${counter} # $`));
    }
  });
});

describe('I/O modules and links across failovers', () => {
  it('happy: a hitless failover leaves every module and link as it was', async () => {
    await start('happy');
    const slots = await slotRows();
    const ports = await portRows();
    await firstHalf();
    expect((await slotRows()).filter((row) => row.startsWith('Slot-'))).toEqual(slots.filter((row) => row.startsWith('Slot-')));
    expect(await portRows()).toEqual(ports);
  });

  it('port-loss: 2:3 and 2:4 go down at the first failover and stay down; nothing else changes', async () => {
    await start('port-loss');
    const before = links(await portRows());
    await firstHalf();
    const after = await portRows();
    expect(links(after).filter((entry, index) => entry !== before[index])).toEqual(['2:3 R', '2:4 R']);
    expect(after.find((row) => row.startsWith('2:3 '))).toBe('2:3      esx-07-vmnic0        (0024)              E     R'.padEnd(88));
    await simulator.chassis.waitFor((chassis) => chassis.stateText('A') === 'BACKUP (In Sync)');
    await upgradeBackup(shell, simulator, 'A');
    shell = await failoverAndReconnect(shell, simulator);
    expect(links(await portRows()).filter((entry, index) => entry !== before[index])).toEqual(['2:3 R', '2:4 R']);
    expect(simulator.outages).toEqual([]);
  });

  it('slot-fail: the module in slot 3 is Failed after the first failover and its links are down', async () => {
    await start('slot-fail');
    await firstHalf();
    expect((await slotRows())[2]).toBe('Slot-3   G48Te2               G48Te2               Failed        48');
    const rows = await portRows();
    expect(rows.filter((row) => row.startsWith('3:')).map((row) => row.slice(56, 63).trim())).toEqual(Array(48).fill('R'));
    expect(linkOf(rows, '2:3')).toBe('A');
    expect(linkOf(rows, '1:1')).toBe('A');
  });

  it('io-mismatch, reset accepted: every module goes Booting with its links down, then Operational with them back', async () => {
    await start('io-mismatch');
    const before = await portRows();
    const statesNow = () => simulator.chassis.ioModules.map((module) => module.state).join(' ');
    const moduleStates = [statesNow()];
    simulator.chassis.on('change', () => {
      if (moduleStates.at(-1) !== statesNow()) moduleStates.push(statesNow());
    });
    await upgradeBackup(shell, simulator, 'B');
    shell.sendLine('run msm-failover');
    await shell.readUntil('(y/n) ');
    shell.sendLine('y');
    await shell.closed;
    await simulator.chassis.waitFor((chassis) => chassis.ioModules.every((module) => module.state === 'Operational'));
    expect(moduleStates).toEqual(['Operational Operational Operational', 'Booting Booting Booting', 'Operational Operational Operational']);
    shell = await ShellClient.openWhenReachable(simulator.port);
    await shell.readUntilPrompt();
    expect(await portRows()).toEqual(before);
    expect(simulator.outages.map(({ kind }) => kind)).toEqual(['io-modules-reset']);
  });

  it('io-mismatch: while the modules boot, show slot says Booting and show ports shows no link', async () => {
    ({ simulator, shell } = await startWithShell({ scenario: 'io-mismatch', speed: 0.05 }));
    // As if MSM-B had booted the target: another I/O module image than the master's (the upgrade itself is slow at this speed).
    simulator.chassis.msm.B.ioImageVersion = '2.5.0.3';
    shell.sendLine('run msm-failover');
    await shell.readUntil('(y/n) ');
    shell.sendLine('y');
    await shell.closed;
    shell = await ShellClient.openWhenReachable(simulator.port);
    await shell.readUntilPrompt();
    expect((await slotRows()).filter((row) => row.startsWith('Slot-') && !row.includes('Empty'))).toEqual([
      'Slot-1   G48Xc                G48Xc                Booting       48',
      'Slot-2   10G4Xc               10G4Xc               Booting        4',
      'Slot-3   G48Te2               G48Te2               Booting       48',
    ]);
    expect(links(await portRows()).filter((entry) => entry.endsWith(' A'))).toEqual([]);
  });
});

describe('mgmt-lost', () => {
  /** An SSH login to the management address; resolves with the error it ends in, or undefined once logged in. */
  function tryLogin(readyTimeout: number): Promise<string | undefined> {
    const client = new ssh2.Client();
    return new Promise((resolve) => {
      client.once('ready', () => {
        client.end();
        resolve(undefined);
      });
      client.on('error', (error) => resolve(error.message));
      client.connect({ host: '127.0.0.1', port: simulator.port, username: 'admin', password: 'admin', readyTimeout });
    });
  }

  it('after the first failover the management address never answers; MSM-B\'s serial console still works', async () => {
    await start('mgmt-lost');
    consoles = await startConsoleServer({ simulator, profile: 'generic' });
    await upgradeBackup(shell, simulator, 'B');
    shell.sendLine('run msm-failover');
    await shell.closed;
    await simulator.chassis.waitFor((chassis) => chassis.stateText('A') === 'BACKUP (In Sync)');
    expect(await tryLogin(1_500)).toMatch(/Timed out while waiting for handshake/);

    const consoleB = await ShellClient.open(consoles.dedicatedPorts.B, { username: 'console', password: 'serial-lab' });
    consoleB.send('\r');
    await consoleB.readUntil('login: ');
    consoleB.sendLine('admin');
    await consoleB.readUntil('password: ');
    consoleB.sendLine('admin');
    await consoleB.readUntilPrompt();
    await consoleB.run('disable clipaging');
    const columns = await showSwitch(consoleB);
    expect(columns['Slot:']).toEqual(['MSM-B *', 'MSM-A']);
    expect(columns['Current State:']).toEqual(['MASTER', 'BACKUP (In Sync)']);
    consoleB.close();
  });

  it('before any failover the management address answers as usual', async () => {
    await start('mgmt-lost');
    expect(await tryLogin(5_000)).toBeUndefined();
  });
});
