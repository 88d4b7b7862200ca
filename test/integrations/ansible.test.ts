// The hitless.exos Ansible collection in a real play: ansible-playbook (forks 3) against three simulated chassis, one
// of them never in sync. Check mode sends nothing; the upgrade upgrades two and reports the third failed with the
// reason; a second run changes nothing; the password appears in no output.
import { spawn } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type ScenarioName } from '../../source/simulator/index.js';
import { HITLESS_BIN, ROOT, tempDir } from '../support/runCli.js';
import { destructiveCommands, runningOn } from '../support/simulatedUpgrade.js';

const COLLECTIONS = join(ROOT, 'integrations', 'ansible');
const PLAYBOOK = join(COLLECTIONS, 'example', 'upgrade.yml');
const PASSWORD = 'Ans-9w!Qe#hitless-VAULT-71p';
const CHASSIS: [string, ScenarioName][] = [['c1', 'happy'], ['c2', 'master-is-b'], ['c3', 'not-in-sync']];
const TARGET = '15.3.5.2-patch1-5';

type Sim = Awaited<ReturnType<typeof startSimulator>>;
const dir = tempDir('hitless-ansible-');
const sims = new Map<string, Sim>();

function playbook(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn('ansible-playbook', ['-f', '3', '-i', join(dir, 'inventory.yml'), '-e', `@${join(dir, 'vault.yml')}`, PLAYBOOK, ...args], {
    cwd: dir,
    env: {
      ...process.env,
      ANSIBLE_COLLECTIONS_PATH: COLLECTIONS,
      ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'),
      ANSIBLE_HOME: join(dir, 'ansible-home'),
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_FORCE_COLOR: '0',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
      LC_ALL: 'C.UTF-8',
      HITLESS_BIN: join(dir, 'hitless'),
      XDG_STATE_HOME: join(dir, 'state'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  // Kept next to the inventory, so a failing or hanging play can be read afterwards.
  child.stdout.on('data', () => writeFileSync(join(dir, 'play.log'), output));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

/** PLAY RECAP counters per host. */
function recap(output: string): Record<string, Record<string, number>> {
  const rows = [...output.matchAll(/^(c\d)\s+:\s+(.*)$/gm)];
  return Object.fromEntries(rows.map(([, host, counts]) => [host, Object.fromEntries([...counts!.matchAll(/(\w+)=(\d+)/g)].map(([, k, v]) => [k, Number(v)]))]));
}

beforeAll(async () => {
  for (const [name, scenario] of CHASSIS) {
    sims.set(name, await startSimulator({ scenario, speed: 0, hostKeyFile: join(dir, `${name}_host_key`), users: [{ username: 'ops', password: PASSWORD }] }));
  }
  writeFileSync(join(dir, 'hitless'), `#!/bin/sh\nexec "${process.execPath}" "${HITLESS_BIN}" "$@"\n`);
  chmodSync(join(dir, 'hitless'), 0o755);
  const hosts = CHASSIS.map(([name]) => `        ${name}: { exos_host: 127.0.0.1, exos_port: ${sims.get(name)!.port}, exos_journal: "${join(dir, `${name}.jsonl`)}" }`);
  writeFileSync(
    join(dir, 'inventory.yml'),
    ['all:', '  children:', '    exos_chassis:', '      hosts:', ...hosts, '      vars:', '        ansible_python_interpreter: /usr/bin/python3',
      '        exos_user: ops', `        exos_known_hosts: "${join(dir, 'known_hosts')}"`, '        exos_accept_new: true',
      '        exos_image: 10.0.0.5:bd8800-15.3.5.2-patch1-5.xos', '        exos_poll: 0.05', '        exos_step_timeout: 3', ''].join('\n'),
  );
  writeFileSync(join(dir, 'vault.yml'), `exos_password: "${PASSWORD}"\n`);
}, 30_000);

afterAll(async () => {
  for (const sim of sims.values()) await sim.close();
});

describe('the hitless.exos collection with ansible-playbook', () => {
  it('check mode, the upgrade, a second run: two upgraded, the third failed with its reason, then nothing changes', async () => {
    const check = await playbook(['--check']);
    // hitless plan only reads; for c3 it reports the precondition that fails now (exit 3), so check mode fails c3.
    expect(check.code, check.output).not.toBe(0);
    expect(recap(check.output)).toMatchObject({ c1: { changed: 1, failed: 0 }, c2: { changed: 1, failed: 0 }, c3: { failed: 1 } });
    expect(check.output).toMatch(/fatal: \[c3\]: FAILED! => .*"msg": "preconditions fail now: [^"]*In Sync/s);
    for (const sim of sims.values()) expect(destructiveCommands(sim)).toEqual([]);

    const upgrade = await playbook([]);
    expect(upgrade.code, upgrade.output).not.toBe(0);
    expect(recap(upgrade.output)).toMatchObject({ c1: { changed: 1, failed: 0 }, c2: { changed: 1, failed: 0 }, c3: { changed: 0, failed: 1 } });
    expect(upgrade.output).toMatch(/fatal: \[c3\]: FAILED! => .*"exit_code": 3.*"msg": "[^"]*[Nn]ot [Ii]n [Ss]ync/s);
    expect(upgrade.output).toMatch(/fatal: \[c3\]: FAILED! => .*"journal": "\/[^"]+\.jsonl".*"next": "[^"]+"/s);
    for (const name of ['c1', 'c2']) expect([runningOn(sims.get(name)!, 'A'), runningOn(sims.get(name)!, 'B')]).toEqual([TARGET, TARGET]);
    expect(destructiveCommands(sims.get('c3')!)).toEqual([]);

    const again = await playbook([]);
    expect(recap(again.output)).toMatchObject({ c1: { changed: 0, failed: 0 }, c2: { changed: 0, failed: 0 }, c3: { failed: 1 } });

    const journals = readdirSync(dir).filter((file) => file.endsWith('.jsonl')).map((file) => readFileSync(join(dir, file), 'utf8'));
    expect(journals.length).toBeGreaterThan(0);
    for (const text of [check.output, upgrade.output, again.output, ...journals]) expect(text.includes(PASSWORD)).toBe(false);
    // Generous: about a minute alone, but three plays of three CLI runs each share the machine with other suites.
  }, 300_000);
});
