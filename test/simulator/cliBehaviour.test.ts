// How the fake CLI behaves as a terminal peer: banner, prompt counter, unsaved marker, echo and line editing,
// syntax errors, abbreviations, paging, cli prompting, exec requests, authentication.
import ssh2 from 'ssh2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateEd25519KeyPair } from '../../source/simulator/hostKey.js';
import type { RunningSimulator, ScenarioName, SimulatorOptions } from '../../source/simulator/index.js';
import { nodeColumns, PROMPT, ShellClient, startTestSimulator, type ShellOptions } from './helpers.js';

// SSH round trips: generous on a loaded 2-core machine.
vi.setConfig({ testTimeout: 20_000 });

const { Client } = ssh2;

let simulator: RunningSimulator;
let shell: ShellClient;

async function start(scenario: ScenarioName = 'happy', shellOptions: ShellOptions = {}, options: SimulatorOptions = {}) {
  simulator = await startTestSimulator({ scenario, ...options });
  shell = await ShellClient.open(simulator.port, shellOptions);
  return shell.readUntilPrompt();
}

afterEach(async () => {
  shell?.close();
  await simulator?.close();
});

/** The prompt that ended the last read. */
async function promptAfter(command: string): Promise<string> {
  shell.sendLine(command);
  const text = await shell.readUntilPrompt();
  return PROMPT.exec(text)![0].replace(/^\r\n/, '');
}

describe('login and prompt', () => {
  it('prints the 2020 banner, two blank lines, then <sysname>.1 # ', async () => {
    const banner = await start();
    expect(banner).toBe(
      [
        'ExtremeXOS',
        'Copyright (C) 1996-2020 Extreme Networks. All rights reserved.',
        'This product is protected by one or more US patents listed at https://www.extremenetworks.com/company/legal/patents/ along with their foreign counterparts.',
        '='.repeat(78),
        '',
        "Press the <tab> or '?' key at any time for completions.",
        'Remember to save your configuration changes.',
        '',
        '',
        'BD-8810.1 # ',
      ].join('\r\n'),
    );
  });

  it('counts every command line, failed ones too, but not empty lines or Ctrl-C; a new session starts at 1', async () => {
    await start();
    expect(await promptAfter('show slot')).toBe('BD-8810.2 # ');
    expect(await promptAfter('no such command')).toBe('BD-8810.3 # ');
    expect(await promptAfter('')).toBe('BD-8810.3 # ');
    shell.send('show swi\x03');
    expect(await shell.readUntilPrompt()).toBe('show swi\r\nBD-8810.3 # ');
    const second = await ShellClient.open(simulator.port);
    expect(await second.readUntilPrompt()).toMatch(/\r\nBD-8810\.1 # $/);
    second.close();
  });

  it('a config change adds "* " to every session until save (overwrite dialog)', async () => {
    await start();
    expect(await promptAfter('configure snmp sysname core-1')).toBe('* core-1.2 # ');
    shell.sendLine('save');
    const question = 'Do you want to save configuration to primary.cfg and overwrite it? (y/N) ';
    expect(await shell.readUntil(question)).toBe(`save\r\nThe configuration file primary.cfg already exists.\r\n${question}`);
    shell.sendLine('Yes');
    expect(await shell.readUntilPrompt()).toBe(
      'Yes\r\nSaving configuration primary.cfg  on master ........ done!\r\n' +
        'Configuration saved to primary.cfg successfully.\r\ncore-1.3 # ',
    );
    expect(simulator.chassis.configUnsaved).toBe(false);
  });

  it('scenario unsaved-config logs in with "* "; show configuration holds the secrets a copy must redact; save configuration clears the marker', async () => {
    expect(await start('unsaved-config')).toMatch(/\r\n\* BD-8810\.1 # $/);
    await promptAfter('disable clipaging');
    shell.sendLine('show configuration');
    const config = await shell.readUntilPrompt();
    expect(config).toContain('configure snmp sysName "BD-8810"');
    expect(config).toMatch(/configure account admin encrypted "\$5\$\S+"/);
    expect(config).toMatch(/configure snmpv3 add community "[^"]+" name/);
    shell.sendLine('save configuration');
    await shell.readUntil('Do you want to save configuration to primary.cfg and overwrite it? (y/N) ');
    shell.sendLine('y');
    expect(await shell.readUntilPrompt()).toMatch(/Configuration saved to primary\.cfg successfully\.\r\nBD-8810\.4 # $/);
    expect(simulator.chassis.configUnsaved).toBe(false);
  });

  it('exit with unsaved changes asks (y or n), then ends the session', async () => {
    await start();
    await promptAfter('configure snmp syslocation lab');
    shell.sendLine('exit');
    const question = 'Do you want to save configuration changes to currently selected configuration file (primary.cfg)? (y or n) ';
    expect(await shell.readUntil(question)).toBe(`exit\r\n${question}`);
    shell.sendLine('n');
    expect(await shell.rest()).toBe('n\r\n');
    expect(simulator.chassis.configUnsaved).toBe(true);
  });
});

describe('echo and line editing', () => {
  it('echoes typed characters, erases with DEL and BS, ignores arrow keys, accepts \\r, \\n and \\r\\n', async () => {
    await start();
    shell.send('shx\x7fow sl\x1b[Dot\bt\r');
    const first = await shell.readUntilPrompt();
    expect(first.startsWith('shx\b \bow slot\b \bt\r\n\r\nSlots    Type')).toBe(true);
    shell.send('show slot\r\nshow slot\n');
    expect(await shell.readUntil('\r\nBD-8810.3 # ')).toMatch(/^show slot\r\n\r\nSlots/);
    expect(await shell.readUntil('\r\nBD-8810.4 # ')).toMatch(/^show slot\r\n\r\nSlots/);
  });
});

describe('syntax errors and abbreviations', () => {
  it('puts the caret under the failing token, counted from the start of the prompt', async () => {
    await start();
    expect(await shell.run('disable clipaging session')).toBe(
      `disable clipaging session\r\n${' '.repeat('BD-8810.1 # disable clipaging '.length)}^\r\n%% Invalid input detected at '^' marker.`,
    );
    await promptAfter('configure snmp sysname X');
    expect(await shell.run('show swatch')).toBe(`show swatch\r\n${' '.repeat('* X.3 # show '.length)}^\r\n%% Invalid input detected at '^' marker.`);
  });

  it('reports incomplete and ambiguous commands', async () => {
    await start();
    expect(await shell.runLines('show')).toEqual([`${' '.repeat(16)}^`, "%% Incomplete command at '^' marker."]);
    expect(await shell.runLines('s switch')).toEqual([`${' '.repeat(12)}^`, "%% Ambiguous command at '^' marker."]);
  });

  it('accepts a unique prefix of every keyword', async () => {
    await start();
    const full = nodeColumns(await shell.runLines('show switch'));
    expect(nodeColumns(await shell.runLines('sh sw'))).toEqual(full);
    expect((await shell.runLines('sh ver')).some((line) => line.startsWith('Image   : ExtremeXOS version 15.3.1.4 v1531b4 by'))).toBe(true);
    const images = await shell.runLines('sh vers im');
    expect(images.slice(0, 3)).toEqual([
      '',
      'Card  Partition     Installation Date        Version     Name      Branch',
      '-'.repeat(78),
    ]);
    expect(images.filter((line) => line.startsWith('MSM-')).map((line) => line.split(/\s+/).slice(0, 2).concat(line.split(/\s+/).slice(-2)))).toEqual([
      ['MSM-A', 'primary', 'bd8800-15.3.1.4.xos', 'v1531b4'],
      ['MSM-A', 'secondary', 'bd8800-12.6.3.3.xos', 'v1263b3'],
      ['MSM-B', 'primary', 'bd8800-15.3.1.4.xos', 'v1531b4'],
      ['MSM-B', 'secondary', 'bd8800-12.6.3.3.xos', 'v1263b3'],
    ]);
    expect(await shell.runLines('dis clip')).toEqual([]);
  });

  it('offers only the failover spelling of the running release', async () => {
    await start('happy');
    expect(await shell.runLines('run failover')).toEqual([`${' '.repeat(16)}^`, "%% Invalid input detected at '^' marker."]);
    shell.close();
    await simulator.close();
    await start('new-release');
    expect(await shell.runLines('run msm-failover')).toEqual([`${' '.repeat(14)}^`, "%% Invalid input detected at '^' marker."]);
  });
});

describe('paging', () => {
  const PAGER = 'Press <SPACE> to continue or <Q> to quit:';
  const CLEAR = '\x1b[m\x1b[60;D\x1b[K';

  it('pages output longer than the terminal: space = next page, q = stop; disable clipaging turns it off', async () => {
    await start('happy', { rows: 12 });
    shell.sendLine('show switch');
    const firstPage = await shell.readUntil(PAGER);
    expect(firstPage.split('\r\n')).toHaveLength(1 + 11 + 1);
    shell.send(' ');
    const secondPage = await shell.readUntil(PAGER);
    expect(secondPage.startsWith(CLEAR)).toBe(true);
    expect(secondPage.split('\r\n')).toHaveLength(12);
    shell.send('q');
    expect(await shell.readUntilPrompt()).toBe(`${CLEAR}BD-8810.2 # `);

    await promptAfter('disable clipaging');
    const full = await shell.run('show switch');
    expect(full).not.toContain(PAGER);
    expect(full.split('\r\n').at(-1)).toMatch(/bytes saved on/);
  });

  it('follows window-change', async () => {
    await start('happy', { rows: 100 });
    expect(await shell.run('show switch')).not.toContain(PAGER);
    shell.resize(8, 80);
    shell.sendLine('show slot');
    expect((await shell.readUntil(PAGER)).split('\r\n')).toHaveLength(1 + 7 + 1);
  });
});

describe('disable cli prompting', () => {
  it('skips the questions and takes the defaults', async () => {
    await start();
    await promptAfter('disable cli prompting');
    const output = await shell.run('download image 10.0.0.5 bd8800-15.3.5.2-patch1-5.xos vr VR-Default secondary msm B');
    expect(output).not.toContain('Do you want');
    expect(output).toMatch(/Image installed successfully/);
    expect(await shell.run('reboot msm B')).toBe('reboot msm B');
    await simulator.chassis.waitFor((chassis) => chassis.stateText('B') === 'BACKUP (In Sync)');
    expect(simulator.chassis.msm.B.booted).toBe('secondary');
  });
});

describe('exec requests and authentication', () => {
  function connect(config: Partial<ssh2.ConnectConfig>): Promise<InstanceType<typeof Client>> {
    const client = new Client();
    return new Promise((resolve, reject) => {
      client.once('ready', () => resolve(client));
      client.on('error', reject);
      client.connect({ host: '127.0.0.1', port: simulator.port, username: 'admin', ...config });
    });
  }

  it('runs one command for an exec request and exits 0', async () => {
    simulator = await startTestSimulator();
    const client = await connect({ password: 'admin' });
    const { output, code } = await new Promise<{ output: string; code: number }>((resolve, reject) =>
      client.exec('show switch', (err, stream) => {
        if (err) return reject(err);
        let output = '';
        let code = -1;
        stream.on('data', (data: Buffer) => (output += data.toString()));
        stream.on('exit', (exitCode: number) => (code = exitCode));
        stream.on('close', () => resolve({ output, code }));
      }),
    );
    client.end();
    expect(code).toBe(0);
    expect(output.startsWith('\r\nSysName:          BD-8810\r\n')).toBe(true);
    expect(nodeColumns(output.split('\r\n'))['Slot:']).toEqual(['MSM-A *', 'MSM-B']);
    expect(output).not.toMatch(/ # /);
  });

  it('rejects a wrong password', async () => {
    simulator = await startTestSimulator();
    await expect(connect({ password: 'wrong' })).rejects.toThrow(/authentication methods failed/);
  });

  it('accepts a listed public key and refuses another one', async () => {
    const listed = generateEd25519KeyPair();
    const other = generateEd25519KeyPair();
    simulator = await startTestSimulator({ users: [{ username: 'ops', publicKeys: [listed.public] }] });
    const client = await connect({ username: 'ops', privateKey: listed.private });
    client.end();
    await expect(connect({ username: 'ops', privateKey: other.private })).rejects.toThrow(/authentication methods failed/);
    await expect(connect({ username: 'admin', password: 'admin' })).rejects.toThrow(/authentication methods failed/);
  });
});
