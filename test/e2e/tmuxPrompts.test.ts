// The plain terminal's questions (headless, no --password-env, no --yes) in a real terminal (tmux): Ctrl-C answers them
// the way ssh's prompts take it — the run ends with one line and its exit code, nothing sent, instead of waiting for ever
// (the prompt reads keys in raw mode, where Ctrl-C is a key, not a signal).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SCENARIOS, startSimulator, type RunningSimulator } from '../../source/simulator/index.js';
import { HITLESS_COMMAND, tempDir } from '../support/runCli.js';
import { destructiveCommands } from '../support/simulatedUpgrade.js';
import { tmuxServers, waitForScreen as waitForScreenOf } from '../support/tmuxServers.js';

const servers = tmuxServers('hitless-prompts-e2e');
const capture = () => servers.tmux('capture-pane', '-p', '-J', '-t', 'prompts');
const press = (...keys: string[]) => servers.tmux('send-keys', '-t', 'prompts', ...keys);
const waitForScreen = (predicate: (screen: string) => boolean) => waitForScreenOf(capture, predicate);

let sim: RunningSimulator | undefined;
const others: RunningSimulator[] = [];
afterEach(async () => {
  servers.kill();
  await Promise.all([sim, ...others.splice(0)].map((one) => one?.close()));
  sim = undefined;
});

/** `hitless upgrade --headless` against the simulator, with `extra` options; returns the file its exit code goes to. */
async function startUpgrade(dir: string, extra: string, env = ''): Promise<string> {
  sim = await startSimulator({ scenario: 'happy', speed: 0, hostKeyFile: join(dir, 'sim_host_key') });
  const exitFile = join(dir, 'exit-code');
  const args = `--host 127.0.0.1 --port ${sim.port} --user admin --known-hosts ${join(dir, 'known_hosts')} --image ${SCENARIOS.happy.suggested.image}`;
  servers.start('prompts', 100, 30, `env XDG_STATE_HOME=${dir} ${env} ${HITLESS_COMMAND} upgrade ${args} --headless ${extra}; echo $? > ${exitFile}; sleep 600`);
  return exitFile;
}

const exitCodeIn = async (file: string) => {
  await waitForScreen(() => existsSync(file) && readFileSync(file, 'utf8').trim() !== '');
  return readFileSync(file, 'utf8').trim();
};

describe('Ctrl-C at a question on the plain terminal', () => {
  it('at the password prompt: one line, no answer given, exit 2, nothing sent', async () => {
    const dir = tempDir();
    const exitFile = await startUpgrade(dir, '--accept-new');
    await waitForScreen((s) => s.includes("admin@127.0.0.1's password:"));
    press('C-c');
    const screen = await waitForScreen((s) => /finished \(exit 2\)/.test(s));
    expect(screen).toContain(`error: no answer to "admin@127.0.0.1's password" (Ctrl-C)`);
    expect(screen).not.toContain('authentication failed');
    expect(await exitCodeIn(exitFile)).toBe('2');
    expect(sim!.authAttempts.filter((attempt) => attempt.method === 'password')).toEqual([]);
  });

  it('at an unknown host key: refused, exit 2', async () => {
    const dir = tempDir();
    const exitFile = await startUpgrade(dir, '');
    await waitForScreen((s) => s.includes('continue connecting (yes/no)?'));
    press('C-c');
    const screen = await waitForScreen((s) => /finished \(exit 2\)/.test(s));
    expect(screen).toMatch(/the key was not accepted/);
    expect(await exitCodeIn(exitFile)).toBe('2');
    expect(readFileSync(join(dir, 'known_hosts'), { encoding: 'utf8', flag: 'a+' })).toBe('');
  });

  it('at a step to confirm: the step is not sent, the journal says Ctrl-C answered it, exit 4', async () => {
    const dir = tempDir();
    const exitFile = await startUpgrade(dir, `--accept-new --password-env TEST_PW --journal ${join(dir, 'run.jsonl')}`, 'TEST_PW=admin');
    await waitForScreen((s) => s.includes('Type "yes" to send it'));
    press('C-c');
    await waitForScreen((s) => /finished \(exit 4\)/.test(s));
    expect(await exitCodeIn(exitFile)).toBe('4');
    expect(destructiveCommands(sim!)).toEqual([]);
    const answers = readFileSync(join(dir, 'run.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; answer?: string; by?: string })
      .filter((event) => event.type === 'confirm-response');
    expect(answers).toEqual([expect.objectContaining({ answer: 'abort', by: 'terminal: Ctrl-C' })]);
  });

  it('in a fleet: Ctrl-C at the first chassis\' password refuses the other chassis\' waiting prompt too, and the fleet ends exit 2', async () => {
    const dir = tempDir();
    const chassis = [];
    for (const name of ['core-1', 'core-2']) {
      const one = await startSimulator({ scenario: 'happy', speed: 0, hostKeyFile: join(dir, `${name}_host_key`) });
      others.push(one);
      chassis.push({ name, host: '127.0.0.1', port: one.port, journal: `${name}.jsonl` });
    }
    const file = join(dir, 'fleet.json');
    const defaults = { user: 'admin', knownHosts: 'known_hosts', acceptNew: true, poll: 0.05, stepTimeout: 4, image: SCENARIOS.happy.suggested.image };
    writeFileSync(file, JSON.stringify({ concurrency: 2, defaults, chassis }));
    const exitFile = join(dir, 'exit-code');
    servers.start('prompts', 100, 30, `cd ${dir} && env XDG_STATE_HOME=${dir} ${HITLESS_COMMAND} fleet ${file} --yes --headless; echo $? > ${exitFile}; sleep 600`);
    await waitForScreen((s) => s.includes("admin@127.0.0.1's password:"));
    press('C-c');
    const screen = await waitForScreen((s) => /^fleet: .*exit 2/m.test(s));
    expect(screen.match(/admin@127\.0\.0\.1's password:/g)).toHaveLength(1);
    for (const name of ['core-1', 'core-2']) expect(screen).toMatch(new RegExp(`${name} \\(127\\.0\\.0\\.1:\\d+\\) failed, exit 2 .*no answer to "admin@127\\.0\\.0\\.1's password" \\(Ctrl-C\\)`));
    expect(await exitCodeIn(exitFile)).toBe('2');
  });
});
