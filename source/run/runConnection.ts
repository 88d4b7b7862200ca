// The connections of one run: management SSH (or the embedded simulator), plus the MSMs' serial consoles when
// --console-a / --console-b are given. Without --host the run is controlled through the current MASTER's console;
// with --host and both consoles, through management SSH until it cannot be re-established (consoleFallback.ts).
import type { MsmSlot } from '../exos/chassisState.js';
import { BootFailureEvidence, BootLineFilter, type BootLine } from '../console/consoleBootLines.js';
import { openConsoleControl } from '../console/consoleControl.js';
import { proveConsoles } from '../console/consoleProof.js';
import { prepareConsoles } from '../console/consoleOptions.js';
import type { MsmConsole } from '../console/msmConsole.js';
import { isSimulated, type StatusOptions, type UpgradeOptions } from './args.js';
import { withConsoleFallback } from './consoleFallback.js';
import { consoleFallbackApplies, managementReconnectMs, type RunConnectionOptions } from './reconnectTime.js';
import { consoleServerSsh, onceEach, plainHostKeyPolicy, prepareConnection, questionsOf, warnOnStderr, type Connection, type ConnectionIo } from './connect.js';

export type Consoles = Partial<Record<MsmSlot, MsmConsole>>;

export interface RunConnection {
  connection: Connection;
  consoles: Consoles;
  close(): Promise<void>;
}


export interface RunConnectionIo extends ConnectionIo {
  /** Watch the consoles from the start (every mode of an upgrade): each boot line and boot failure seen on them. */
  onConsoleLine?: (line: BootLine & { slot: MsmSlot }) => void;
}

export async function openRunConnection(options: RunConnectionOptions, io: RunConnectionIo): Promise<RunConnection> {
  const warn = io.onWarning ?? warnOnStderr;
  // The console servers' host-key policy is only worked out (and its notes given) when there are console servers.
  const questions = options.consoleA || options.consoleB ? questionsOf(io) : undefined;
  const consoles =
    options.consoleA || options.consoleB
      ? await prepareConsoles(options, {
          hostKeys: plainHostKeyPolicy(options, questions, undefined, warn),
          sshFor: consoleServerSsh(options),
          onWarning: onceEach(warn),
          ...(questions && { askHidden: questions.secret }),
        })
      : {};
  const closeConsoles = () => Object.values(consoles).forEach((console) => console.close());
  const evidence = new BootFailureEvidence();
  const { onConsoleLine } = io;
  if (onConsoleLine) {
    const onLine = (line: BootLine & { slot: MsmSlot }) => {
      evidence.note(line);
      onConsoleLine(line);
    };
    watchBootLines(consoles, onLine, warn);
  }
  try {
    const prepared = options.host || isSimulated(options) ? await prepareConnection(options, io) : consoleConnection(options, consoles, io);
    const watched = onConsoleLine ? { ...prepared, consoleEvidence: evidence.about } : prepared;
    const connection: Connection = Object.keys(consoles).length > 0 ? { ...watched, proveConsoles: (onReady) => proveConsoles(consoles, onReady) } : watched;
    return {
      connection: consoleFallbackApplies(options) ? withFallback(connection, options, consoles, io) : connection,
      consoles,
      close: async () => {
        await connection.close();
        closeConsoles();
      },
    };
  } catch (err) {
    closeConsoles();
    throw err;
  }
}

/** Sessions always on the console of whichever MSM is MASTER now (args.ts guarantees both consoles are given). */
function consoleConnection(options: StatusOptions, consoles: Consoles, io: ConnectionIo): Connection {
  const spec = options.consoleA!;
  return {
    target: { host: spec.host, port: spec.port, username: options.user ?? spec.user },
    openSession: openConsoleControl({ A: consoles.A!, B: consoles.B! }, { onOutput: io.onOutput }),
    close: async () => {},
  };
}

function withFallback(
  connection: Connection,
  options: RunConnectionOptions & Pick<UpgradeOptions, 'stepTimeoutSeconds'>, consoles: Consoles, io: ConnectionIo): Connection {
  let masterConsole: MsmSlot | undefined;
  const console = openConsoleControl({ A: consoles.A!, B: consoles.B! }, { onOutput: io.onOutput, onMaster: (slot) => (masterConsole = slot) });
  const warn = io.onWarning ?? warnOnStderr;
  return {
    ...connection,
    openSession: withConsoleFallback({
      management: connection.openSession,
      console,
      reconnectTimeoutMs: managementReconnectMs(options),
      tell: warn,
      masterConsole: () => masterConsole,
      consoleLabel: (slot) => `MSM-${slot} console (via ${consoles[slot]!.route})`,
    }),
  };
}

/** Connects to each console now and keeps its boot lines; a console that cannot be reached is a warning, not a stop. */
function watchBootLines(consoles: Consoles, onLine: NonNullable<RunConnectionIo['onConsoleLine']>, warn: (message: string) => void): void {
  for (const slot of ['A', 'B'] as const) {
    const console = consoles[slot];
    if (!console) continue;
    const filter = new BootLineFilter();
    console.onOutput((chunk) => filter.push(chunk).forEach((line) => onLine({ slot, ...line })));
    console.connect().catch((err: unknown) => warn(`MSM-${slot}'s console (${console.description}) not reachable: ${err instanceof Error ? err.message : String(err)}`));
  }
}
