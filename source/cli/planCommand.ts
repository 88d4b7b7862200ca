// hitless plan: read the chassis, say which preconditions fail now, and print every command the upgrade would send,
// the questions the switch will ask with the answers hitless will give, and the evidence for each step. Sends only
// `show` commands.
import { EXIT, HitlessError } from '../errors.js';
import { rollbackUpgradeTarget } from '../procedure/rollbackTarget.js';
import { SCHEMA_VERSION } from '../engine/events.js';
import { HITLESS_VERSION } from '../version.js';
import { checkFiles } from '../engine/fileOnSwitch.js';
import { bytesText } from '../engine/imagePush.js';
import { readChassis } from '../engine/observe.js';
import { inferOriginalMaster, limitSetBy, waitLimitMs, type EngineTiming } from '../engine/upgrade.js';
import { failoverSpellingOn } from '../exos/commands.js';
import { isPushed } from '../exos/imageSource.js';
import { planFrom, type PlannedStep } from '../procedure/plan.js';
import { preconditionsNow, type Precondition } from '../procedure/preconditions.js';
import type { UpgradeTarget } from '../procedure/types.js';
import { stopCode } from '../procedure/targetOnChassis.js';
import { isSimulated, parseUpgradeArgs } from '../run/args.js';
import { timingFrom } from '../run/performUpgrade.js';
import { readRunState } from '../run/chassisRun.js';
import { openRunConnection } from '../run/runConnection.js';
import { withPreparedRun } from '../run/prepareRun.js';
import { formatDuration } from '../ui/format.js';

/** What the upgrade would do about a failing precondition: wait for it (how long, then which exit), or stop. */
function whatTheRunWouldDo(first: PlannedStep | undefined, timing: EngineTiming, stopExit: number): string {
  const action = first?.action;
  if (action?.kind !== 'wait') return 'the upgrade would stop at once (see the plan below).';
  const limit = waitLimitMs(action.step, timing);
  const nothingChanged = stopExit === EXIT.precondition ? ' before changing anything' : '';
  return `the upgrade would wait at most ${formatDuration(limit)} (${limitSetBy(limit, timing)}) for it, then stop with exit ${stopExit}${nothingChanged}.`;
}

export function formatPreconditions(preconditions: Precondition[], steps: PlannedStep[], timing: EngineTiming, stopExit: number): string {
  const lines = ['Preconditions now:'];
  for (const p of preconditions) lines.push(`  ${p.holds ? 'ok  ' : 'FAIL'}  ${p.need}${p.actually ? `: ${p.actually}` : ''}`);
  if (preconditions.some((p) => !p.holds)) {
    lines.push(`Not ready now: ${whatTheRunWouldDo(steps[0], timing, stopExit)}`, 'The steps below assume the preconditions come to hold.');
  }
  return lines.join('\n');
}

/** Local images: `copies` to be copied to the switch first (file → bytes), `removals` removed at the end (no --keep-image). */
export interface PlannedCopies {
  copies: ReadonlyMap<string, number>;
  removals: readonly string[];
}

export function formatPlan(steps: PlannedStep[], timing: EngineTiming, { copies, removals }: PlannedCopies = { copies: new Map(), removals: [] }): string {
  const lines: string[] = [];
  const copied = new Set<string>();
  steps.forEach((planned, index) => {
    const head = planned.command ? `${planned.step}: ${planned.command}` : `${planned.step}: ${describe(planned, timing)}`;
    lines.push(`${String(index + 1).padStart(2)}. ${head}`);
    const { action } = planned;
    const bytes = action.kind === 'download' ? copies.get(action.image.source.file) : undefined;
    if (action.kind === 'download' && bytes !== undefined && !copied.has(action.image.source.file)) {
      copied.add(action.image.source.file);
      lines.push(`      first: copies ${action.image.source.file} (${bytesText(bytes)}) to the switch over the SSH login (SFTP, else SCP), then installs it`);
    }
    if (action.kind === 'done') for (const file of removals) lines.push(`      then: rm ${file}, the copy on the switch (--keep-image keeps it)`);
    // "if": some questions come only in some cases (the I/O-module-reset warning), so the plan must not promise them.
    for (const q of planned.questions) lines.push(`      if the switch asks: "${q.text}" -> answer "${q.answer}"`);
    for (const e of planned.evidence) lines.push(`      because: ${e}`);
  });
  return lines.join('\n');
}

function describe(planned: PlannedStep, timing: EngineTiming): string {
  const action = planned.action;
  if (action.kind === 'wait') {
    const limit = waitLimitMs(action.step, timing);
    return `wait — ${action.detail}; gives up after ${formatDuration(limit)} (${limitSetBy(limit, timing)})`;
  }
  if (action.kind === 'stop') return `STOP (exit ${action.exitCode}) — ${action.reason}`;
  if (action.kind === 'done') return `done — ${action.detail}`;
  return action.command;
}

/** The local images the run removes from the switch once both MSMs have them. */
const pushedRemovals = (target: UpgradeTarget): string[] =>
  target.keepImage ? [] : [target.core, ...target.xmods].map(({ source }) => source).filter(isPushed).map(({ file }) => file);

export async function runPlanCommand(argv: string[]): Promise<number> {
  return withPreparedRun(parseUpgradeArgs(argv), async ({ options, target, redactor }) => {
    const connected = await openRunConnection(options, { redactor });
    try {
      const session = await connected.connection.openSession();
      try {
        const observed = await readChassis(session, { withImages: target.xmods.length > 0, timeoutMs: 60_000, exitCodeOnFailure: EXIT.precondition });
        const { host, port } = connected.connection.target;
        const upgradedFrom = target.rollback && !isSimulated(options) ? (await readRunState(host, port))?.lastUpgrade?.from : undefined;
        const resolved = target.rollback ? rollbackUpgradeTarget(target, observed, { upgradedFrom }) : { ok: true as const, target };
        if (!resolved.ok) throw new HitlessError('precondition', resolved.reason, EXIT.precondition, resolved.advice);
        const planned = resolved.target;
        planned.originalMaster = inferOriginalMaster(observed, planned);
        const steps = planFrom(observed, planned, { failoverCommand: failoverSpellingOn(observed.show) });
        const files = await checkFiles(session, steps.map((step) => step.action), 60_000);
        const preconditions = [...preconditionsNow(observed, planned), ...files.preconditions];
        const timing = timingFrom(options);
        process.stdout.write(
          (options.json
            ? JSON.stringify(redactor.deep({ schema: SCHEMA_VERSION, hitless: HITLESS_VERSION, preconditions, steps }))
            : redactor.printable(`${formatPreconditions(preconditions, steps, timing, stopCode(observed, planned))}\n\n${formatPlan(steps, timing, { copies: files.copies, removals: pushedRemovals(planned) })}`)) + '\n',
        );
        const last = steps.at(-1)?.action;
        if (last?.kind === 'stop') return last.exitCode;
        return preconditions.every((p) => p.holds) ? EXIT.ok : EXIT.precondition;
      } finally {
        session.close();
      }
    } finally {
      await connected.close();
    }
  });
}
