// hitless status: read and print the state of both MSMs, over management SSH or (without --host) the MASTER's serial
// console. Sends only `show` commands.
import type { ObservedChassis } from '../exos/chassisState.js';
import { chassisKind, formatVersion, runningVersion } from '../exos/chassisView.js';
import { failoverSpellingOn } from '../exos/commands.js';
import { EXIT } from '../errors.js';
import { SCHEMA_VERSION } from '../engine/events.js';
import { readChassis } from '../engine/observe.js';
import { parseStatusArgs } from '../run/args.js';
import { openRunConnection } from '../run/runConnection.js';
import { runRedactor, withRedactedErrors } from '../run/prepareRun.js';

export function statusReport(observed: ObservedChassis) {
  const { show } = observed;
  const kind = chassisKind(show);
  return {
    schema: SCHEMA_VERSION,
    chassis: kind,
    hitlessApplies: kind === 'dual-msm',
    reason:
      kind === 'dual-msm'
        ? undefined
        : `this is ${kind === 'stack' ? 'a stack' : kind === 'single-node' ? 'a single switch' : 'not a recognised chassis'}: a dual-MSM hitless upgrade does not apply`,
    sysName: show.sysName,
    systemType: show.systemType,
    msms: show.nodes.map((node) => ({
      name: node.name,
      slot: node.slot,
      local: node.local,
      role: node.role,
      state: node.stateText,
      // EXOS shows a sync state only for the backup.
      inSync: node.role === 'backup' ? node.inSync : undefined,
      selected: node.selected,
      booted: node.booted,
      primary: node.primary,
      secondary: node.secondary,
      running: runningVersion(node),
    })),
    platform: { failoverCommand: failoverSpellingOn(show) },
  };
}

export function formatStatus(report: ReturnType<typeof statusReport>): string {
  const lines = [`${report.sysName ?? '?'} (${report.systemType ?? 'unknown type'})`];
  for (const msm of report.msms) {
    lines.push(
      `  ${(msm.name || 'node').padEnd(7)}${msm.local ? '*' : ' '} ${msm.state.padEnd(22)} selected ${msm.selected ?? '?'}, booted ${msm.booted ?? '?'}; ` +
        `primary ${formatVersion(msm.primary)}, secondary ${formatVersion(msm.secondary)}`,
    );
  }
  lines.push(report.hitlessApplies ? `failover command: ${report.platform.failoverCommand}` : report.reason!);
  return lines.join('\n');
}

export async function runStatusCommand(argv: string[]): Promise<number> {
  const options = parseStatusArgs(argv);
  const redactor = runRedactor(options);
  return withRedactedErrors(redactor, async () => {
    const connected = await openRunConnection(options, { redactor });
    try {
      const session = await connected.connection.openSession();
      try {
        const observed = await readChassis(session, { withImages: false, timeoutMs: 60_000, exitCodeOnFailure: EXIT.precondition });
        const report = statusReport(observed);
        process.stdout.write(options.json ? JSON.stringify(report) + '\n' : formatStatus(report) + '\n');
        return EXIT.ok;
      } finally {
        session.close();
      }
    } finally {
      await connected.close();
    }
  });
}
