// npm run bench: builds the bundle, runs every section with its same-run baseline, prints the table and writes
// bench/RESULTS.md with the machine description. No section asserts anything; the table says what was met.
// `npm run bench -- pipeline memory` runs only the sections named and prints their table (RESULTS.md stays as it is).
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { buildBundle } from '../scripts/build.js';
import { cliNodeFlags } from './cliRuns.js';
import { startSimHost, type SimHost } from './lib/simHost.js';
import { Tmux } from './lib/tmux.js';
import { describeMachine, isMet, markdownTable, textTable, type Machine, type Metric } from './report.js';
import { detectionSection, fleetSection, fleetViewSection, memorySection, pipelineSection, redactionSection, startupSection, uiBurstSection, upgradeSection } from './sections.js';
import { FINDINGS, LIMITS, METHOD } from './explanations.js';

const FLEET_SIZE = 50;
const RESULTS = new URL('RESULTS.md', import.meta.url).pathname;
const SECTIONS = ['pipeline', 'redaction', 'ui', 'memory', 'startup', 'upgrade', 'detection', 'fleet', 'fleet-view'] as const;
type SectionName = (typeof SECTIONS)[number];

const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((arg) => !(SECTIONS as readonly string[]).includes(arg));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown section ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}\n`);
    return 2;
  }
  // In-process sections (the pipeline) must run with the V8 flags the CLI runs with.
  const missing = cliNodeFlags().filter((flag) => !process.execArgv.includes(flag));
  if (missing.length > 0) {
    process.stderr.write(`bench: run through \`npm run bench\` (node ${missing.join(' ')}, as bin/hitless.js)\n`);
    return 2;
  }
  const wanted = (name: SectionName) => args.length === 0 || args.includes(name as string);
  const machine = describeMachine();
  const started = Date.now();
  // Also for the in-process sections: the build applies patches/ to node_modules first.
  progress(`building dist/`);
  await buildBundle();
  const tmux = new Tmux();
  const hosts: SimHost[] = [];
  const metrics: Metric[] = [];
  const failures: string[] = [];
  const section = async (name: SectionName, run: () => Promise<Metric[]>) => {
    if (!wanted(name)) return;
    const t = Date.now();
    progress(`${name}...`);
    try {
      metrics.push(...(await run()));
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    progress(`${name} took ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  const simHost = async (count: number) => {
    const host = await startSimHost(count, 'happy', 0);
    hosts.push(host);
    return host;
  };
  try {
    await section('pipeline', () => pipelineSection());
    await section('redaction', () => redactionSection());
    await section('ui', () => uiBurstSection(tmux));
    await section('memory', () => memorySection(tmux));
    await section('startup', async () => startupSection(tmux, await simHost(1)));
    await section('upgrade', () => upgradeSection());
    await section('detection', () => detectionSection());
    await section('fleet', async () => fleetSection(tmux, await simHost(1 + 2 * FLEET_SIZE), FLEET_SIZE));
    await section('fleet-view', async () => fleetViewSection(tmux, await simHost(FLEET_SIZE), FLEET_SIZE));
  } finally {
    for (const host of hosts) host.close();
    tmux.close();
  }
  const elapsed = (Date.now() - started) / 1000;
  process.stdout.write(`\n${textTable(metrics)}\n`);
  for (const failure of failures) process.stdout.write(`FAILED ${failure}\n`);
  const load = `load average at start ${machine.load}, at end ${loadavg().map((n) => n.toFixed(2)).join(' ')}`;
  const notMet = metrics.filter((m) => isMet(m) === false).length;
  if (args.length > 0) {
    for (const metric of metrics.filter((m) => m.note)) process.stdout.write(`\n- ${metric.name}: ${metric.note}`);
    process.stdout.write(`\n\n${notMet} target(s) not met (${elapsed.toFixed(0)} s, ${load}); RESULTS.md is written by a full run only\n`);
  } else {
    writeFileSync(RESULTS, resultsMarkdown(machine, metrics, failures, elapsed));
    process.stdout.write(`\n${notMet} target(s) not met; details in bench/RESULTS.md (${elapsed.toFixed(0)} s, ${load})\n`);
  }
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

process.exitCode = await main(process.argv.slice(2));
