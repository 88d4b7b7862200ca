// The hitless/1 JSON contract: every JSON line the CLI prints (all simulator scenarios headless with --json and
// --journal, status and plan of each, a fleet, refused input and unreachable hosts) conforms to the schemas in
// schema/, and --json output ends with exactly one run-end, which carries the health and rollback when they happened.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIOS, type ScenarioName } from '../../source/simulator/index.js';
import { HITLESS_VERSION } from '../../source/version.js';
import { closedPort } from '../cli/cliRig.js';
import { contractErrors, EVENT_TYPES } from '../support/jsonContract.js';
import { runCli, tempDir } from '../support/runCli.js';
import { expectStepPairs } from '../support/stepPairs.js';

const FAST = ['--speed', '0', '--poll', '0.05', '--step-timeout', '3', '--health-settle', '1'];

const ALL_STEPS = ['preflight', 'install-first-backup', 'reboot-first-backup', 'sync-first-backup', 'failover', 'reconnect-new-master',
  'install-second-backup', 'reboot-second-backup', 'sync-second-backup', 'failback', 'verify'] as const;
/** The steps up to `last` done, then `last` with its outcome. */
const stepsUpTo = (last: (typeof ALL_STEPS)[number], outcome: string) =>
  [...ALL_STEPS.slice(0, ALL_STEPS.indexOf(last)).map((step) => `${step}:done`), `${last}:${outcome}`];
/** A whole upgrade: every step done, failback skipped when not asked for (its pair says so). */
const UPGRADED = stepsUpTo('verify', 'done').map((step) => (step === 'failback:done' ? 'failback:skipped' : step));

/** Each scenario's steps as its run's start/end pairs (and run-end `steps`) tell them, in order. */
const STEPS_OF: Record<ScenarioName, string[]> = {
  happy: UPGRADED,
  'master-is-b': UPGRADED,
  'not-in-sync': ['preflight:failed'],
  'contract-expired': stepsUpTo('install-first-backup', 'failed'),
  'io-mismatch': stepsUpTo('failover', 'failed'),
  'backup-boot-fails': stepsUpTo('sync-first-backup', 'failed'),
  'backup-stuck-init': stepsUpTo('sync-first-backup', 'failed'),
  'backup-never-syncs': stepsUpTo('sync-first-backup', 'failed'),
  'tftp-unreachable': stepsUpTo('install-first-backup', 'failed'),
  xmod: UPGRADED,
  'version-mismatch-xmod': stepsUpTo('install-first-backup', 'failed'),
  'old-release': UPGRADED,
  'new-release': UPGRADED,
  'slow-links': UPGRADED,
  upgraded: UPGRADED,
  'replaced-msm': UPGRADED,
  'port-loss': stepsUpTo('reconnect-new-master', 'failed'),
  'slot-fail': stepsUpTo('reconnect-new-master', 'failed'),
  'mgmt-lost': stepsUpTo('reconnect-new-master', 'failed'),
  memorycard: UPGRADED,
  'no-memorycard-file': ['preflight:failed'],
  'image-on-switch': UPGRADED,
  'unsaved-config': UPGRADED,
  'no-sftp': UPGRADED,
  'no-space': UPGRADED,
};

function jsonLines(text: string): unknown[] {
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
}

function expectConforming(kind: 'event' | 'status' | 'plan' | 'fleet', values: unknown[], where: string) {
  for (const value of values) expect(contractErrors(kind, value), `${where}: ${JSON.stringify(value).slice(0, 300)}`).toEqual([]);
}

function expectRunEndLast(events: unknown[], code: number | null, where: string) {
  const ends = events.filter((event) => (event as { type: string }).type === 'run-end');
  expect(ends, where).toHaveLength(1);
  expect(events.at(-1), where).toMatchObject({ type: 'run-end', exitCode: code, schema: 'hitless/1' });
}

describe.concurrent('the hitless/1 JSON contract', () => {
  for (const scenario of Object.keys(SCENARIOS) as ScenarioName[]) {
    it(`${scenario}: upgrade --json and its journal, status --json and plan --json conform`, async () => {
      const status = await runCli(['status', '--simulate', scenario, '--json']);
      expect(status.code, status.stderr).toBe(0);
      expectConforming('status', jsonLines(status.stdout), 'status');

      const plan = await runCli(['plan', '--simulate', scenario, '--json']);
      expect([0, 3, 4], plan.stderr).toContain(plan.code);
      expectConforming('plan', jsonLines(plan.stdout), 'plan');

      const journal = join(tempDir(), 'run.jsonl');
      const upgrade = await runCli(['upgrade', '--simulate', scenario, ...FAST, '--headless', '--yes', '--json', '--journal', journal]);
      const events = jsonLines(upgrade.stdout);
      expectConforming('event', events, 'upgrade --json');
      expectRunEndLast(events, upgrade.code, 'upgrade --json');
      // `changed` says whether a command that changes the chassis was sent (none on a chassis already at the target),
      // and not refused: exit 3 means nothing was changed (contract-expired sends the download the switch refuses).
      const sentChange = events.some((event) => (event as { type?: string }).type === 'command');
      expect(events.at(-1)).toMatchObject({ journal, outcome: expect.any(String), changed: sentChange && upgrade.code !== 3 });
      expect(jsonLines(readFileSync(journal, 'utf8'))).toEqual(events);
      expect(expectStepPairs(events, scenario)).toEqual(STEPS_OF[scenario]);
    }, 90_000);
  }

  it('rollback, upgrade --failback, and the rollback of one backup: the same sequential pairs, each step once', async () => {
    const [rollback, failback, backupRollback] = await Promise.all([
      runCli(['rollback', '--simulate', 'upgraded', '--to-version', '15.3.1.4', ...FAST, '--headless', '--yes', '--json']),
      runCli(['upgrade', '--simulate', 'happy', ...FAST, '--failback', '--headless', '--yes', '--json']),
      runCli(['upgrade', '--simulate', 'backup-boot-fails', ...FAST, '--headless', '--yes', '--rollback-on-failure', '--json']),
    ]);
    expect([rollback.code, failback.code, backupRollback.code]).toEqual([0, 0, 4]);
    expect(expectStepPairs(jsonLines(rollback.stdout), 'rollback')).toEqual(UPGRADED);
    expect(expectStepPairs(jsonLines(failback.stdout), '--failback')).toEqual(stepsUpTo('verify', 'done'));
    expect(expectStepPairs(jsonLines(backupRollback.stdout), 'rollback of one backup')).toEqual(stepsUpTo('sync-first-backup', 'failed'));
  }, 90_000);

  it('port-loss: the run-end carries the health before and after and what was lost', async () => {
    const run = await runCli(['upgrade', '--simulate', 'port-loss', ...FAST, '--headless', '--yes', '--json']);
    const events = jsonLines(run.stdout);
    expectConforming('event', events, 'upgrade --json');
    expect(run.code).toBe(4);
    expect(events.at(-1)).toMatchObject({
      type: 'run-end',
      health: {
        before: { summary: expect.stringMatching(/Operational/), at: expect.any(String) },
        after: { phase: 'after-failover', summary: expect.any(String), at: expect.any(String) },
        regressions: [
          { kind: 'port', port: '2:3', before: 'A', after: 'R' },
          { kind: 'port', port: '2:4', before: 'A', after: 'R' },
        ],
        description: expect.stringContaining('2:3 (esx-07-vmnic0)'),
      },
    });
    expect(events.at(-1)).not.toHaveProperty('rollback');
  }, 90_000);

  it('happy: the run-end carries the health at the final verify, nothing lost', async () => {
    const run = await runCli(['upgrade', '--simulate', 'happy', ...FAST, '--headless', '--yes', '--json']);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).at(-1)).toMatchObject({ health: { before: { summary: expect.any(String) }, after: { phase: 'verify' }, regressions: [] } });
  }, 90_000);

  it('upgrade and rollback --json and their journals: run-start and run-end name the version of hitless that ran', async () => {
    const dir = tempDir();
    const runs = await Promise.all(
      [['upgrade', '--simulate', 'happy'], ['rollback', '--simulate', 'upgraded', '--to-version', '15.3.1.4']].map(async (command) => {
        const journal = join(dir, `${command[0]}.jsonl`);
        const run = await runCli([...command, ...FAST, '--headless', '--yes', '--json', '--journal', journal]);
        return { run, journal, mode: command[0] };
      }),
    );
    for (const { run, journal, mode } of runs) {
      expect(run.code, run.stderr).toBe(0);
      const events = jsonLines(run.stdout);
      expectConforming('event', events, `${mode} --json`);
      expect(events[0]).toMatchObject({ type: 'run-start', mode, hitless: HITLESS_VERSION });
      expect(events.at(-1)).toMatchObject({ type: 'run-end', outcome: 'done', hitless: HITLESS_VERSION });
      expect(jsonLines(readFileSync(journal, 'utf8'))).toEqual(events);
    }
    // The version is a string: a number in its place does not conform.
    expect(contractErrors('event', { ...(jsonLines(runs[0]!.run.stdout)[0] as object), hitless: 1 })).not.toEqual([]);
  }, 90_000);

  it('backup-boot-fails --rollback-on-failure: the run-end carries the rollback', async () => {
    const run = await runCli(['upgrade', '--simulate', 'backup-boot-fails', ...FAST, '--headless', '--yes', '--rollback-on-failure', '--json']);
    const events = jsonLines(run.stdout);
    expectConforming('event', events, 'upgrade --json');
    expect(run.code).toBe(4);
    expect(events.at(-1)).toMatchObject({
      type: 'run-end',
      rollback: { slot: 'B', failedOn: '15.3.5.2-patch1-5', state: 'FAIL', to: '15.3.1.4', outcome: 'done', message: expect.any(String) },
      health: { before: { summary: expect.any(String) } },
    });
  }, 90_000);

  it('fleet --json: a chassis-end per chassis wrapping its run-end, then a fleet-end, all conforming', async () => {
    const dir = tempDir();
    const fleetFile = join(dir, 'fleet.json');
    const simulated = (scenario: string) => ({ name: scenario, simulate: scenario, speed: 0, poll: 0.05, stepTimeout: 3, healthSettle: 1 });
    writeFileSync(fleetFile, JSON.stringify({ concurrency: 2, onFailure: 'continue', chassis: [simulated('happy'), simulated('not-in-sync')] }));
    const run = await runCli(['fleet', fleetFile, '--yes', '--json']);
    const lines = jsonLines(run.stdout);
    expectConforming('fleet', lines, 'fleet --json');
    expect(lines.map((line) => (line as { type: string }).type).sort()).toEqual(['chassis-end', 'chassis-end', 'fleet-end']);
    expect(lines.at(-1)).toMatchObject({ schema: 'hitless/1', type: 'fleet-end', exitCode: run.code, counts: { done: 1, failed: 1 } });
    const byName = Object.fromEntries(lines.slice(0, 2).map((line) => [(line as { name: string }).name, line]));
    expect(byName.happy).toMatchObject({ schema: 'hitless/1', state: 'done', exitCode: 0, runEnd: { type: 'run-end', exitCode: 0, outcome: 'done' } });
    expect(byName['not-in-sync']).toMatchObject({ state: 'failed', exitCode: 3, runEnd: { type: 'run-end', outcome: 'precondition-failed' } });
    expect(contractErrors('fleet', { ...(lines.at(-1) as object), counts: { done: 1 } })).not.toEqual([]);
  }, 90_000);

  it('refused input and an unreachable host: an error event and one run-end, both conforming', async () => {
    const port = await closedPort();
    const dir = tempDir();
    const runs = await Promise.all([
      runCli(['upgrade', '--simulate', 'no-such-scenario', '--json', '--yes']),
      runCli(['upgrade', '--simulate', 'happy', '--json', '--no-such-option']),
      runCli(
        ['upgrade', '--host', '127.0.0.1', '--port', String(port), '--user', 'ops', '--password-env', 'HITLESS_TEST_PW',
          '--known-hosts', join(dir, 'known_hosts'), '--image', '10.0.0.5:bd8800-15.3.5.2-patch1-5.xos', '--headless', '--yes', '--json'],
        { env: { HITLESS_TEST_PW: 'not-used-here' } },
      ),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(2);
      const events = jsonLines(run.stdout);
      expectConforming('event', events, run.stdout);
      expect(events.slice(-2).map((event) => (event as { type: string }).type)).toEqual(['error', 'run-end']);
      expectRunEndLast(events, 2, run.stdout);
      expect(events.at(-1)).toMatchObject({ outcome: 'bad-input', changed: false, hitless: HITLESS_VERSION });
    }
  }, 60_000);

  it('the schemas catch a misspelt field, a wrong version and an unknown event type', () => {
    const progress = { schema: 'hitless/1', type: 'progress', activity: 'rebooting', at: '2026-01-01T00:00:00.000Z' };
    expect(contractErrors('event', progress)).toEqual([]);
    expect(contractErrors('event', { ...progress, activty: 'x' })).not.toEqual([]);
    expect(contractErrors('event', { ...progress, schema: 'hitless/2' })).not.toEqual([]);
    expect(contractErrors('event', { ...progress, type: 'no-such-event' })).not.toEqual([]);
    expect(EVENT_TYPES).toContain('run-end');
  });
});
