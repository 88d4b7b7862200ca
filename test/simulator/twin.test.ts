// A twin of a chassis: `hitless status --json` of a simulated chassis, then the twin started from that document
// (--simulate-from, simulate --from over SSH) is the same chassis to every reader hitless has, and `plan` sends the same
// commands on both. A document hitless cannot rehearse on is refused with one line.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runPlanCommand } from '../../source/cli/planCommand.js';
import { runStatusCommand, statusReport } from '../../source/cli/statusCommand.js';
import { runSimulateCommand } from '../../source/cli/simulateCommand.js';
import { parseUpgradeArgs } from '../../source/run/args.js';
import { parseShowSwitch } from '../../source/exos/parseShowSwitch.js';
import { SCENARIOS, type ScenarioName } from '../../source/simulator/index.js';
import { loadTwin } from '../../source/simulator/twin.js';
import { loadSample, SHOW_SWITCH_SAMPLES } from '../exos/samples.js';
import { CLI_TEST_TIMEOUT_MS } from '../cli/cliRig.js';
import { HITLESS_BIN, ROOT, runCli, tempDir } from '../support/runCli.js';

interface PlanDocument {
  steps: Array<{ step: string; action: { kind: string; command?: string } }>;
}

const commandsOf = (plan: PlanDocument) => plan.steps.map(({ step, action }) => `${step}: ${action.command ?? action.kind}`);

function documentFile(document: unknown): string {
  const file = join(tempDir(), 'chassis.json');
  writeFileSync(file, typeof document === 'string' ? document : JSON.stringify(document));
  return file;
}

const TWINNED: ScenarioName[] = ['master-is-b', 'xmod', 'new-release', 'not-in-sync'];

/** Runs a command in this process (no CLI start-up per run), with what it prints on stdout. */
async function inProcess(command: (argv: string[]) => Promise<number>, argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  try {
    return { code: await command(argv), stdout };
  } finally {
    vi.restoreAllMocks();
  }
}
afterEach(() => vi.restoreAllMocks());

// In order, not concurrently: each test captures this process' stdout.
describe('a twin from hitless status --json', () => {
  for (const scenario of TWINNED) {
    it(`${scenario}: the twin reads back as the same chassis, and plan gives the same commands on both`, async () => {
      const original = await inProcess(runStatusCommand, ['--simulate', scenario, '--json']);
      expect(original.code).toBe(0);
      const document = JSON.parse(original.stdout) as { slots: unknown[]; ports: unknown[]; images: unknown[] };
      expect(document.slots.length).toBeGreaterThan(0);
      expect(document.ports.length).toBeGreaterThan(0);
      expect(document.images.length).toBeGreaterThan(0);
      const file = documentFile(document);

      const twin = await inProcess(runStatusCommand, ['--simulate-from', file, '--json']);
      expect(twin.code).toBe(0);
      expect(JSON.parse(twin.stdout)).toEqual(document);

      const { image, xmods } = SCENARIOS[scenario].suggested;
      const target = ['--image', image, ...xmods.flatMap((xmod) => ['--xmod', xmod]), '--json'];
      const onOriginal = await inProcess(runPlanCommand, ['--simulate', scenario, ...target]);
      const onTwin = await inProcess(runPlanCommand, ['--simulate-from', file, ...target]);
      expect(onTwin.code).toBe(onOriginal.code);
      const [planned, rehearsed] = [onOriginal, onTwin].map((run) => JSON.parse(run.stdout) as PlanDocument);
      expect(commandsOf(rehearsed!)).toEqual(commandsOf(planned!));
      expect(rehearsed).toEqual(planned);
    }, CLI_TEST_TIMEOUT_MS);
  }

  it('hitless simulate --from serves the twin over SSH until SIGTERM: hitless status reads back the same document', async () => {
    const status = await inProcess(runStatusCommand, ['--simulate', 'new-release', '--json']);
    const file = documentFile(status.stdout);
    const state = tempDir();
    const child = spawn(
      process.execPath,
      [HITLESS_BIN, 'simulate', '--port', '0', '--speed', '0', '--from', file],
      { cwd: ROOT, env: { ...process.env, XDG_STATE_HOME: state }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let stdout = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (data: Buffer) => {
        stdout += data.toString();
        if (stdout.includes('Press Ctrl-C to stop.')) resolve();
      });
      void exit.then(() => reject(new Error(`exited early: ${stdout}`)));
    });
    expect(stdout).toContain(`Simulated BD-X8 chassis "BD-X8", twin of ${file}, speed 0`);
    const port = /ssh -p (\d+) admin@127\.0\.0\.1/.exec(stdout)![1]!;
    expect(stdout).toContain(`upgrade:  hitless upgrade --host 127.0.0.1 --port ${port} --user admin --image HOST:FILE`);
    process.env.HITLESS_TWIN_TEST_PW = 'admin';
    try {
      const login = ['--host', '127.0.0.1', '--port', port, '--user', 'admin', '--password-env', 'HITLESS_TWIN_TEST_PW'];
      const hostKeys = ['--known-hosts', join(state, 'known_hosts'), '--accept-new'];
      const read = await inProcess(runStatusCommand, [...login, ...hostKeys, '--json']);
      expect(JSON.parse(read.stdout)).toEqual(JSON.parse(status.stdout));
    } finally {
      delete process.env.HITLESS_TWIN_TEST_PW;
      child.kill('SIGTERM');
    }
    expect(await exit).toBe(0);
  }, CLI_TEST_TIMEOUT_MS);

  it('upgrade --simulate-from rehearses the whole upgrade on the twin, headless', async () => {
    const status = await inProcess(runStatusCommand, ['--simulate', 'master-is-b', '--json']);
    const file = documentFile(status.stdout);
    const run = await runCli([
      'upgrade', '--simulate-from', file, '--image', SCENARIOS['master-is-b'].suggested.image,
      '--speed', '0', '--poll', '0.05', '--step-timeout', '5', '--health-settle', '1', '--headless', '--yes', '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const end = JSON.parse(run.stdout.trimEnd().split('\n').at(-1)!) as { type: string; outcome: string; changed: boolean };
    expect(end).toMatchObject({ type: 'run-end', outcome: 'done', changed: true });
  }, CLI_TEST_TIMEOUT_MS);

  it('refuses a stack, an unsupported schema and a document that does not conform, with one line each', async () => {
    const stack = statusReport({ show: (parseShowSwitch(loadSample(SHOW_SWITCH_SAMPLES.x450aStack)) as { ok: true; value: never }).value });
    const stackFile = documentFile(stack);
    await expect(loadTwin(stackFile)).rejects.toMatchObject({
      exitCode: 3,
      message: `no twin from ${stackFile}: this is a stack: a dual-MSM hitless upgrade does not apply`,
    });
    const newer = documentFile({ ...stack, schema: 'hitless/2' });
    await expect(loadTwin(newer)).rejects.toMatchObject({
      exitCode: 2,
      message: `${newer} is not a hitless/1 status document (schema "hitless/2"): expected the output of hitless status --json`,
    });
    const misspelt = documentFile({ ...stack, msms: [{ name: 'MSM-A', role: 'leader' }] });
    await expect(loadTwin(misspelt)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/is not a valid hitless\/1 status document: \/msms\/0 /) });
    const notJson = documentFile('MSM-A MASTER');
    await expect(loadTwin(notJson)).rejects.toMatchObject({ exitCode: 2, message: `${notJson} is not JSON: expected the output of hitless status --json` });

    const plan = await runCli(['plan', '--simulate-from', stackFile, '--image', SCENARIOS.happy.suggested.image]);
    expect(plan.code).toBe(3);
    expect(plan.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(plan.stderr).toContain('this is a stack');
    await expect(runSimulateCommand(['--from', stackFile])).rejects.toMatchObject({ exitCode: 3 });
    expect(() => parseUpgradeArgs(['--host', 'core1', '--simulate-from', stackFile])).toThrow('use one of --host, --simulate and --simulate-from');
    await expect(runSimulateCommand(['--from', stackFile, '--scenario', 'happy'])).rejects.toMatchObject({
      exitCode: 2,
      message: '--from takes the chassis from the status document: not with --scenario or --sys-name',
    });
  }, CLI_TEST_TIMEOUT_MS);
});
