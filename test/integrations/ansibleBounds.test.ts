// The Ansible modules check their numbers the way the CLI does, by passing them on: a parameter out of its range
// fails the task with the CLI's own one line (rc 2, outcome bad-input), before anything connects.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/runCli.js';
import { closedPort } from '../cli/cliRig.js';

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
