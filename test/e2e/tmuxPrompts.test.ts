// The plain terminal's questions (headless, no --password-env, no --yes) in a real terminal (tmux): Ctrl-C answers them
// the way ssh's prompts take it — the run ends with one line and its exit code, nothing sent, instead of waiting for ever
// (the prompt reads keys in raw mode, where Ctrl-C is a key, not a signal).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SCENARIOS, startSimulator, type RunningSimulator } from '../../source/simulator/index.js';
import { HITLESS_COMMAND, tempDir } from '../support/runCli.js';
import { destructiveCommands } from '../support/simulatedUpgrade.js';
import { sleep, tmuxServers, waitForScreen as waitForScreenOf } from '../support/tmuxServers.js';

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
  servers.start('prompts', 100, 30, `cd ${dir} && env XDG_STATE_HOME=${dir} ${env} ${HITLESS_COMMAND} upgrade ${args} --headless ${extra}; echo $? > ${exitFile}; sleep 600`);
  return exitFile;
}

const exitCodeIn = async (file: string) => {
  await waitForScreen(() => existsSync(file) && readFileSync(file, 'utf8').trim() !== '');
  return readFileSync(file, 'utf8').trim();
};

/** Starts the upgrade, presses Ctrl-C once `prompt` shows, waits for the run to finish with `exit`; its folder and screen. */
async function ctrlCAt(prompt: string, extra: string, exit: number, env = ''): Promise<{ dir: string; screen: string }> {
  const dir = tempDir();
  const exitFile = await startUpgrade(dir, extra, env);
  await waitForScreen((s) => s.includes(prompt));
  press('C-c');
  const screen = await waitForScreen((s) => s.includes(`finished (exit ${exit})`));
  expect(await exitCodeIn(exitFile)).toBe(String(exit));
  return { dir, screen };
}

describe('Ctrl-C at a question on the plain terminal', () => {
  it('at the password prompt: one line, no answer given, exit 2, nothing sent', async () => {
    const { screen } = await ctrlCAt("admin@127.0.0.1's password:", '--accept-new', 2);
    expect(screen).toContain(`error: no answer to "admin@127.0.0.1's password" (Ctrl-C)`);
    expect(screen).not.toContain('authentication failed');
    expect(sim!.authAttempts.filter((attempt) => attempt.method === 'password')).toEqual([]);
  });

  it('at an unknown host key: refused, exit 2', async () => {
    const { dir, screen } = await ctrlCAt('continue connecting (yes/no)?', '', 2);
    expect(screen).toMatch(/the key was not accepted/);
    expect(readFileSync(join(dir, 'known_hosts'), { encoding: 'utf8', flag: 'a+' })).toBe('');
  });

  it('at a step to confirm: the step is not sent, the journal says Ctrl-C answered it, exit 4', async () => {
    const { dir } = await ctrlCAt('Type "yes" to send it', '--accept-new --password-env TEST_PW --journal run.jsonl', 4, 'TEST_PW=admin');
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
    // The other chassis' question waits behind the first once its handshake is done (its key pinned, accept-new) and
    // its login has begun, a moment later.
    for (const sim of others) {
      await expect.poll(() => readFileSync(join(dir, 'known_hosts'), { encoding: 'utf8', flag: 'a+' }), { timeout: 15_000 }).toContain(`[127.0.0.1]:${sim.port} `);
    }
    await sleep(1_000);
    press('C-c');
    const screen = await waitForScreen((s) => /^fleet: .*exit 2/m.test(s));
    expect(screen.match(/admin@127\.0\.0\.1's password:/g)).toHaveLength(1);
    for (const name of ['core-1', 'core-2']) expect(screen).toMatch(new RegExp(`${name} \\(127\\.0\\.0\\.1:\\d+\\) failed, exit 2 .*no answer to "admin@127\\.0\\.0\\.1's password" \\(Ctrl-C\\)`));
    expect(await exitCodeIn(exitFile)).toBe('2');
  });
});
