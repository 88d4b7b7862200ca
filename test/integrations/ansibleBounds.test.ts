// The Ansible modules check their numbers the way the CLI does, by passing them on: a parameter out of its range
// fails the task with the CLI's own one line (rc 2, outcome bad-input), before anything connects. The image sources
// and the TFTP block size reach the CLI as given.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/runCli.js';
import { closedPort } from '../cli/cliRig.js';
import { startSimulator, type ScenarioName } from '../../source/simulator/index.js';

const PYTHON = '/usr/bin/python3';

async function runModule(module: 'upgrade' | 'rollback', args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const file = join(tempDir('hitless-ansible-args-'), 'args.json');
  writeFileSync(file, JSON.stringify({ ANSIBLE_MODULE_ARGS: { ...args, hitless_bin: `${process.execPath} --import tsx ${join(ROOT, 'cli.tsx')}` } }));
  const child = spawn(PYTHON, ['-m', `ansible_collections.hitless.exos.plugins.modules.${module}`, file], {
    cwd: ROOT,
    env: { ...process.env, PYTHONPATH: join(ROOT, 'integrations', 'ansible'), XDG_STATE_HOME: tempDir('hitless-state-') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  await new Promise((resolve) => child.on('close', resolve));
  return JSON.parse(output.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

describe.concurrent('hitless.exos parameters out of range', { timeout: 60_000 }, () => {
  const CASES: ['upgrade' | 'rollback', Record<string, unknown>, RegExp][] = [
    ['upgrade', { step_timeout: 3_000_000 }, /^--step-timeout must be a number from 1 to 86400 \(seconds\), got "3000000"$/],
    ['upgrade', { poll: 1e-9 }, /^--poll must be a number from 0\.05 to 600 \(seconds\), got "1e-09"$/],
    ['rollback', { health_settle: 99_999 }, /^--health-settle must be a number from 0 to 3600 \(seconds\), got "99999"$/],
    ['rollback', { port: 0 }, /^--port must be a whole number from 1 to 65535, got "0"$/],
    ['upgrade', { block_size: 23 }, /^--block-size must be a whole number from 24 to 65000, got "23"$/],
    ['upgrade', { block_size: 512, image: 'memorycard:bd8800-15.3.5.2-patch1-5.xos' }, /^--block-size applies to a TFTP source \(HOST:FILE\)/],
  ];
  for (const [module, params, message] of CASES) {
    it(`${module} ${JSON.stringify(params)}: the task fails with the CLI's line`, async () => {
      const port = await closedPort();
      const result = await runModule(module, {
        host: '127.0.0.1',
        port,
        password: 'a-long-password',
        ...(module === 'upgrade' && { image: '10.0.0.5:bd8800-15.3.5.2-patch1-5.xos' }),
        ...params,
      });
      expect(result).toMatchObject({ failed: true, rc: 2, outcome: 'bad-input', msg: expect.stringMatching(message) });
    });
  }
});

describe.concurrent('hitless.exos.upgrade image sources', { timeout: 90_000 }, () => {
  const CASES: [ScenarioName, Record<string, unknown>, RegExp][] = [
    ['image-on-switch', { image: 'switch:bd8800-15.3.5.2-patch1-5.xos' }, /^install image bd8800-15\.3\.5\.2-patch1-5\.xos secondary msm [AB]$/],
    ['happy', { image: '10.0.0.5:bd8800-15.3.5.2-patch1-5.xos', block_size: 8192 }, / vr "VR-Mgmt" block-size 8192 secondary msm [AB]$/],
  ];
  for (const [scenario, params, command] of CASES) {
    it(`${scenario} ${JSON.stringify(params)}: upgraded, each backup sent ${command}`, async () => {
      const dir = tempDir();
      const sim = await startSimulator({ scenario, speed: 0, hostKeyFile: join(dir, 'sim_host_key') });
      try {
        const result = await runModule('upgrade', {
          host: '127.0.0.1', port: sim.port, password: 'admin', known_hosts: join(dir, 'known_hosts'), accept_new: true,
          poll: 0.05, step_timeout: 4, ...params,
        });
        expect(result, JSON.stringify(result).slice(0, 400)).toMatchObject({ changed: true, outcome: 'done' });
        const installs = sim.commandLog.map((record) => record.command.trim()).filter((line) => /^(download|install) /.test(line));
        expect(installs).toHaveLength(2);
        for (const line of installs) expect(line).toMatch(command);
      } finally {
        await sim.close();
      }
    });
  }
});
