// hitless status: read and print the state of both MSMs, over management SSH or (without --host) the MASTER's serial
// console. Sends only `show` commands. On a dual-MSM chassis --json also lists the images on every partition, the
// slots and the ports: everything `hitless simulate --from` needs to start a twin of the chassis.
import type { ImageVersion, InstalledImage, ObservedChassis } from '../exos/chassisState.js';
import { chassisKind, formatVersion, runningVersion } from '../exos/chassisView.js';
import { failoverSpellingOn, SHOW_PORTS_NO_REFRESH, SHOW_SLOT, SHOW_VERSION_IMAGES } from '../exos/commands.js';
import type { PortStatus, SlotStatus } from '../exos/healthState.js';
import { parseShowPortsNoRefresh } from '../exos/parseShowPorts.js';
import { parseShowSlot } from '../exos/parseShowSlot.js';
import { parseShowVersionImages } from '../exos/parseShowVersionImages.js';
import type { ParseResult } from '../exos/parseResult.js';
import type { SessionLike } from '../engine/sessionLike.js';
import { EXIT } from '../errors.js';
import { SCHEMA_VERSION } from '../engine/events.js';
import { HITLESS_VERSION } from '../version.js';
import { readChassis } from '../engine/observe.js';
import { parseStatusArgs } from '../run/args.js';
import { warnOnStderr } from '../run/connect.js';
import { openRunConnection } from '../run/runConnection.js';
import { runRedactor, withRedactedErrors } from '../run/prepareRun.js';

/** What a twin of the chassis needs besides show switch: the images, the slots and the ports. */
export interface ChassisInventory {
  images?: InstalledImage[];
  slots?: SlotStatus[];
  ports?: PortStatus[];
}

const READ_TIMEOUT_MS = 60_000;

/**
 * The inventory only serves a twin: a part the switch does not answer in a form hitless reads (an older release, a
 * command it does not know) is left out with a warning, and the status itself still stands.
 */
async function readPart<T>(session: SessionLike, command: string, parse: (text: string) => ParseResult<T>): Promise<T | undefined> {
  const result = parse((await session.run(command, { idleTimeoutMs: READ_TIMEOUT_MS })).output);
  if (result.ok) return result.value;
  warnOnStderr(`cannot read "${command}" (${result.reason}); the document leaves it out, so no twin can be built from it`);
  return undefined;
}

async function readInventory(session: SessionLike): Promise<ChassisInventory> {
  const images = await readPart(session, SHOW_VERSION_IMAGES, parseShowVersionImages);
  const slots = await readPart(session, SHOW_SLOT, parseShowSlot);
  const ports = await readPart(session, SHOW_PORTS_NO_REFRESH, parseShowPortsNoRefresh);
  return { images, slots, ports };
}

export function statusReport(observed: ObservedChassis, inventory?: ChassisInventory) {
  const { show } = observed;
  const kind = chassisKind(show);
  return {
    schema: SCHEMA_VERSION,
    hitless: HITLESS_VERSION,
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
    ...inventory,
  };
}

/** A partition `show switch` names no release for (a replacement MSM's empty secondary) is not an unknown. */
const partitionText = (version: ImageVersion | undefined): string => (version ? formatVersion(version) : 'empty (no release shown)');

export function formatStatus(report: ReturnType<typeof statusReport>): string {
  const lines = [`${report.sysName ?? '?'} (${report.systemType ?? 'unknown type'})`];
  for (const msm of report.msms) {
    lines.push(
      `  ${(msm.name || 'node').padEnd(7)}${msm.local ? '*' : ' '} ${msm.state.padEnd(22)} selected ${msm.selected ?? '?'}, booted ${msm.booted ?? '?'}; ` +
        `primary ${partitionText(msm.primary)}, secondary ${partitionText(msm.secondary)}`,
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
        const observed = await readChassis(session, { withImages: false, timeoutMs: READ_TIMEOUT_MS, exitCodeOnFailure: EXIT.precondition });
        const twinnable = options.json && chassisKind(observed.show) === 'dual-msm';
        const report = statusReport(observed, twinnable ? await readInventory(session) : undefined);
        // Every string printable (per string: a rule that masks to the end of a line must not reach past a JSON string).
        process.stdout.write((options.json ? JSON.stringify(redactor.deep(report)) : redactor.printable(formatStatus(report))) + '\n');
        return EXIT.ok;
      } finally {
        session.close();
      }
    } finally {
      await connected.close();
    }
  });
}
