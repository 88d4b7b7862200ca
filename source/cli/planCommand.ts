// hitless plan: read the chassis and print every command the upgrade would send, the questions the switch will ask
// with the answers hitless will give, and the evidence for each step. Sends only `show` commands.
import { EXIT } from '../errors.js';
import { SCHEMA_VERSION } from '../engine/events.js';
import { readChassis } from '../engine/observe.js';
import { inferOriginalMaster } from '../engine/upgrade.js';
import { failoverSpellingOn } from '../exos/commands.js';
import { planFrom, type PlannedStep } from '../procedure/plan.js';
import { parseUpgradeArgs } from '../run/args.js';
import { prepareConnection } from '../run/connect.js';
import { withPreparedRun } from '../run/prepareRun.js';

export function formatPlan(steps: PlannedStep[]): string {
  const lines: string[] = [];
  steps.forEach((planned, index) => {
    const head = planned.command ? `${planned.step}: ${planned.command}` : `${planned.step}: ${describe(planned)}`;
    lines.push(`${String(index + 1).padStart(2)}. ${head}`);
    // "if": some questions come only in some cases (the I/O-module-reset warning), so the plan must not promise them.
    for (const q of planned.questions) lines.push(`      if the switch asks: "${q.text}" -> answer "${q.answer}"`);
    for (const e of planned.evidence) lines.push(`      because: ${e}`);
  });
  return lines.join('\n');
}

function describe(planned: PlannedStep): string {
  const action = planned.action;
  if (action.kind === 'wait') return `wait — ${action.detail}`;
  if (action.kind === 'stop') return `STOP (exit ${action.exitCode}) — ${action.reason}`;
  if (action.kind === 'done') return `done — ${action.detail}`;
  return action.command;
}

export async function runPlanCommand(argv: string[]): Promise<number> {
  return withPreparedRun(parseUpgradeArgs(argv), async ({ options, target, redactor }) => {
    const connection = await prepareConnection(options, { redactor });
    try {
      const session = await connection.openSession();
      try {
        const observed = await readChassis(session, { withImages: target.xmods.length > 0, timeoutMs: 60_000, exitCodeOnFailure: EXIT.precondition });
        target.originalMaster = inferOriginalMaster(observed, target);
        const steps = planFrom(observed, target, { failoverCommand: failoverSpellingOn(observed.show) });
        process.stdout.write(options.json ? JSON.stringify({ schema: SCHEMA_VERSION, steps }) + '\n' : formatPlan(steps) + '\n');
        const last = steps.at(-1)?.action;
        return last?.kind === 'stop' ? last.exitCode : EXIT.ok;
      } finally {
        session.close();
      }
    } finally {
      await connection.close();
    }
  });
}
