// npm run bench: builds the bundle, runs every section with its same-run baseline, prints the table and writes
// bench/RESULTS.md with the machine description. No section asserts anything; the table says what was met.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { buildBundle } from '../scripts/build.js';
import { startSimHost, type SimHost } from './lib/simHost.js';
import { Tmux } from './lib/tmux.js';
import { describeMachine, isMet, markdownTable, textTable, type Machine, type Metric } from './report.js';
import { detectionSection, fleetSection, memorySection, pipelineSection, startupSection, uiBurstSection, upgradeSection } from './sections.js';
import { FINDINGS, LIMITS, METHOD } from './explanations.js';

const FLEET_SIZE = 50;
const RESULTS = new URL('RESULTS.md', import.meta.url).pathname;

const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

async function main(): Promise<number> {
  const machine = describeMachine();
  const started = Date.now();
  progress(`building dist/hitless.js`);
  await buildBundle();
  const tmux = new Tmux();
  const hosts: SimHost[] = [];
  const metrics: Metric[] = [];
  const failures: string[] = [];
  const section = async (name: string, run: () => Promise<Metric[]>) => {
    const t = Date.now();
    progress(`${name}...`);
    try {
      metrics.push(...(await run()));
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    progress(`${name} took ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  try {
    await section('console pipeline', () => pipelineSection());
    await section('UI under a burst', () => uiBurstSection(tmux));
    await section('memory after 100 MB', () => memorySection(tmux));
    const uiSims = await startSimHost(1, 'happy', 0);
    hosts.push(uiSims);
    await section('start-up and idle CPU', () => startupSection(tmux, uiSims));
    await section('happy upgrade', () => upgradeSection());
    await section('detection latency', () => detectionSection());
    const fleetSims = await startSimHost(FLEET_SIZE + 1, 'happy', 0);
    hosts.push(fleetSims);
    await section(`fleet of ${FLEET_SIZE}`, () => fleetSection(fleetSims, FLEET_SIZE));
  } finally {
    for (const host of hosts) host.close();
    tmux.close();
  }
  const elapsed = (Date.now() - started) / 1000;
  process.stdout.write(`\n${textTable(metrics)}\n`);
  for (const failure of failures) process.stdout.write(`FAILED ${failure}\n`);
  writeFileSync(RESULTS, resultsMarkdown(machine, metrics, failures, elapsed));
  process.stdout.write(`\n${metrics.filter((m) => isMet(m) === false).length} target(s) not met; details in bench/RESULTS.md (${elapsed.toFixed(0)} s)\n`);
  return failures.length > 0 ? 1 : 0;
}

function resultsMarkdown(machine: Machine, metrics: Metric[], failures: string[], elapsed: number): string {
  const notMet = metrics.filter((m) => isMet(m) === false);
  return [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString()} (${elapsed.toFixed(0)} s). Every ratio compares with a baseline measured in the`,
    'same run on the same machine; the numbers move with the load on the machine (see load averages).',
    '',
    '## Machine',
    '',
    `- \`nproc\`: ${machine.cores}; CPU: ${machine.cpuModel}`,
    `- memory: ${machine.memory}`,
    `- Node.js ${machine.node}; ${machine.os}`,
    `- load average (1/5/15 min) at start: ${machine.load}; at end: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`,
    '',
    '## Results',
    '',
    markdownTable(metrics),
    '',
    ...(failures.length > 0 ? ['**Sections that failed to run:**', '', ...failures.map((f) => `- ${f}`), ''] : []),
    '## Notes per metric',
    '',
    ...metrics.filter((m) => m.note).map((m) => `- **${m.name}**: ${m.note}`),
    '',
    '## Targets not met in this run',
    '',
    ...(notMet.length === 0 ? ['None.'] : notMet.map((m) => `- **${m.name}**: ${LIMITS[m.id] ?? 'no explanation recorded yet.'}`)),
    '',
    '## What limits each figure (also when met: several sit close to their bound and move with the load)',
    '',
    ...metrics.filter((m) => LIMITS[m.id] && isMet(m) !== false).map((m) => `- **${m.name}**: ${LIMITS[m.id]}`),
    '',
    FINDINGS,
    METHOD,
  ].join('\n');
}

process.exitCode = await main();
