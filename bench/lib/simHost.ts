// Simulated chassis in a process of their own, like real switches elsewhere on the network, so the tool's process
// measures only the tool. Run as a script: prints one JSON line {"ports":[...]} and serves until stdin closes.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startSimulator, type RunningSimulator, type ScenarioName } from '../../source/simulator/index.js';

export interface SimHost {
  ports: number[];
  pid: number;
  close(): void;
}

const SCRIPT = new URL(import.meta.url).pathname;

export function startSimHost(count: number, scenario: ScenarioName, speed: number): Promise<SimHost> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, String(count), scenario, String(speed)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`simulator host exited early (${code})`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const { ports } = JSON.parse(line) as { ports: number[] };
      resolve({ ports, pid: child.pid!, close: () => child.stdin!.end() });
    });
  });
}

async function serve(count: number, scenario: ScenarioName, speed: number): Promise<void> {
  const hostKeyFile = join(mkdtempSync(join(tmpdir(), 'hitless-bench-sim-')), 'host_key');
  const simulators: RunningSimulator[] = [];
  for (let i = 0; i < count; i++) simulators.push(await startSimulator({ scenario, speed, hostKeyFile }));
  process.stdout.write(JSON.stringify({ ports: simulators.map((s) => s.port) }) + '\n');
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await Promise.all(simulators.map((s) => s.close()));
    process.exit(0);
  });
}

if (process.argv[1] === SCRIPT) {
  const [count, scenario, speed] = process.argv.slice(2);
  await serve(Number(count), scenario as ScenarioName, Number(speed));
}
