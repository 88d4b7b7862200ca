// The fault matrix: every step of the procedure × every fault (× the scenarios), each cell an upgrade through the
// real CLI that the simulator sabotages once at that step, then reruns. `npm run test:faults` (HITLESS_FAULTS=full)
// runs every scenario for every cell and two more fault variants; the default run gives each cell one scenario,
// rotating so every scenario meets every step and every fault. The health reads and the rollback of a backup that
// did not come up have rows of their own, with the faults that mean something there (READ_FAULTS for reads). The
// ENOSPC columns fill hitless' own disk at the step, under the journal, the console recording or the run state.
import { afterAll, describe, expect, it } from 'vitest';
import type { ScenarioName } from '../../source/simulator/index.js';
import { runCell, STEP_TIMEOUT_SECONDS, type Cell, type CellResult, type MatrixFault } from './faultCell.js';
import { HEALTH_STEPS, isRollbackStep, MATRIX_STEPS, type MatrixStep } from './matrixSteps.js';

const FULL = process.env.HITLESS_FAULTS === 'full';

const FAULTS: MatrixFault[] = [
  { name: 'link drop', rule: { fault: 'drop', at: 'end' }, effectLost: false },
  { name: 'stall', rule: { fault: 'stall', at: 'start' }, effectLost: true },
  { name: 'garbage', rule: { fault: 'garbage' }, effectLost: false },
  { name: 'truncated', rule: { fault: 'truncate' }, effectLost: false },
  { name: 'question', rule: { fault: 'question' }, effectLost: true },
  { name: 'SIGKILL', rule: { fault: 'stall', at: 'end' }, kill: true, effectLost: false },
];
/** The other timing of a drop and a stall: before the command runs / after it took effect. */
const MORE_FAULTS: MatrixFault[] = [
  { name: 'drop first', rule: { fault: 'drop', at: 'start' }, effectLost: true },
  { name: 'stall after', rule: { fault: 'stall', at: 'end' }, effectLost: false },
];
const SCENARIOS: ScenarioName[] = ['happy', 'master-is-b', 'xmod'];
/**
 * One cell of its own: the login on the new master after the failover hangs (banner and prompt never come). The login
 * time follows --step-timeout (STEP_TIMEOUT_SECONDS in the matrix) and the reconnect's time left, so the run gives up
 * on it within that, not a fixed 30.
 */
const LOGIN_HANG: MatrixFault = {
  name: 'login hang',
  rule: { fault: 'stall', on: 'login' },
  effectLost: false,
  mustReport: new RegExp(`no output from the switch within (${STEP_TIMEOUT_SECONDS}|[0-${STEP_TIMEOUT_SECONDS - 1}](\\.\\d)?) s of login`),
};

/** Hitless' own disk fills up at the step, under each file a run writes: it stops at the next safe point (exit 4) naming the file, and a rerun resumes. */
const DISK_FULL: MatrixFault[] = (['journal', 'recording', 'run state'] as const).map((file) => ({
  name: `ENOSPC ${file}`,
  diskFull: file,
  effectLost: false,
  mustReport: new RegExp(`cannot write the ${file} \\S+: no space left on the device \\(ENOSPC\\); stopped at a safe point`),
}));

const faults = [...(FULL ? [...FAULTS, ...MORE_FAULTS] : FAULTS), ...DISK_FULL];
/** The reduced run gives each row one of the files, rotating, so every file meets several steps. */
const diskFullAt = (step: MatrixStep) => (fault: MatrixFault) =>
  !fault.diskFull || FULL || fault === DISK_FULL[MATRIX_STEPS.indexOf(step) % DISK_FULL.length];
/**
 * The faults of a read that is not `show switch` (the health check's tables, the wait after the rollback's reboot):
 * a read never asks a question, and a cut table fails to parse like a garbled one, so those columns prove nothing new.
 */
const READ_FAULTS = new Set(['link drop', 'stall', 'garbage', 'SIGKILL', 'stall after', ...DISK_FULL.map((fault) => fault.name)]);
function faultsFor(step: MatrixStep): MatrixFault[] {
  const here = faults.filter(diskFullAt(step));
  if ((HEALTH_STEPS as readonly MatrixStep[]).includes(step) || step === 'rollback-sync') return here.filter((fault) => READ_FAULTS.has(fault.name));
  // `use image partition` prints nothing when it works: there is no output to cut.
  if (step === 'rollback-select') return here.filter((fault) => fault.name !== 'truncated');
  return here;
}
/** The rollback rows need a backup that does not come up on the new release. */
const scenariosFor = (step: MatrixStep): ScenarioName[] => (isRollbackStep(step) ? ['backup-boot-fails'] : SCENARIOS);

const cells: Cell[] = [
  ...MATRIX_STEPS.flatMap((step, stepIndex) =>
    faultsFor(step).flatMap((fault, faultIndex) => {
      const choices = scenariosFor(step);
      const scenarios = FULL ? choices : [choices[(stepIndex + faultIndex) % choices.length]!];
      return scenarios.map((scenario) => ({ scenario, step, fault, seed: 1 + stepIndex * 100 + faultIndex }));
    }),
  ),
  { scenario: 'happy', step: 'reconnect-new-master', fault: LOGIN_HANG, seed: 1 },
];
const columns = [...faults, LOGIN_HANG];

/** Cells in flight at once, across rows: most of a cell's time is spent waiting on SSH round trips and timeouts. */
const CONCURRENCY = Number(process.env.HITLESS_FAULTS_CONCURRENCY) || 8;
const inFlight = limiter(CONCURRENCY);
const results: CellResult[] = [];

afterAll(() => {
  console.log(resultTable(results));
});

const rows = MATRIX_STEPS.flatMap((step) =>
  FULL
    ? scenariosFor(step).map((scenario) => ({ label: `${step} (${scenario})`, cells: cells.filter((c) => c.step === step && c.scenario === scenario) }))
    : [{ label: step, cells: cells.filter((c) => c.step === step) }],
);

describe.concurrent(`fault matrix (${FULL ? 'full' : 'reduced'}: ${cells.length} cells)`, () => {
  for (const row of rows) {
    it(`${row.label} × every fault: reruns finish, nothing happens twice, no outage, journal intact`, async () => {
      const rowResults = await Promise.all(row.cells.map((cell) => inFlight(() => runCell(cell))));
      results.push(...rowResults);
      const failures = rowResults
        .filter((r) => r.problems.length > 0)
        .map((r) => `${r.cell.fault.name} (${r.cell.scenario}, exits ${r.exits.join(' → ')}): ${r.problems.join('; ')}`);
      expect(failures).toEqual([]);
    }, 600_000);
  }
});

/** Runs at most `limit` tasks at a time, in the order they were asked for. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

function resultTable(all: CellResult[]): string {
  const width = Math.max(...MATRIX_STEPS.map((step) => step.length)) + (FULL ? 19 : 1);
  const column = Math.max(...columns.map((fault) => fault.name.length)) + 2;
  const passed = all.filter((result) => result.problems.length === 0).length;
  const rows = [
    `Fault matrix: ${MATRIX_STEPS.length} steps × up to ${faults.length} faults × ${FULL ? 'each scenario' : '1 scenario (rotating)'} + ${LOGIN_HANG.name} = ${cells.length} cells; ${all.length} ran, ${passed} passed, ${all.length - passed} failed`,
    ['step'.padEnd(width), ...columns.map((fault) => fault.name.padEnd(column))].join(''),
  ];
  const rowKeys = FULL
    ? MATRIX_STEPS.flatMap((step) => scenariosFor(step).map((scenario) => ({ step, scenario })))
    : MATRIX_STEPS.map((step) => ({ step, scenario: undefined }));
  for (const { step, scenario } of rowKeys) {
    const label = scenario ? `${step} ${scenario}` : step;
    const marks = columns.map((fault) => {
      const result = all.find((r) => r.cell.step === step && r.cell.fault === fault && (scenario === undefined || r.cell.scenario === scenario));
      const mark = !result ? '-' : result.problems.length === 0 ? `ok ${result.exits.join('>')}` : 'FAIL';
      return mark.padEnd(column);
    });
    rows.push([label.padEnd(width), ...marks].join(''));
  }
  for (const result of all.filter((r) => r.problems.length > 0)) {
    rows.push(`FAIL ${result.cell.step} × ${result.cell.fault.name} (${result.cell.scenario}), exits ${result.exits.join(' → ')}:`);
    rows.push(...result.problems.map((problem) => `  - ${problem}`));
  }
  return rows.join('\n');
}
