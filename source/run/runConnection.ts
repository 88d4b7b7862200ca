// The connections of one upgrade run: management SSH (or the embedded simulator), plus the MSMs' serial consoles when
// --console-a / --console-b are given. Without --host the run is controlled through the current MASTER's console.
import type { MsmSlot } from '../exos/chassisState.js';
import { openConsoleControl } from '../console/consoleControl.js';
import { prepareConsoles } from '../console/consoleOptions.js';
import type { MsmConsole } from '../console/msmConsole.js';
import type { UpgradeOptions } from './args.js';
import { consoleServerSsh, plainHostKeyPolicy, prepareConnection, type Connection, type ConnectionIo } from './connect.js';
import { askSecret, canPrompt } from './ttyPrompt.js';

export type Consoles = Partial<Record<MsmSlot, MsmConsole>>;

export interface RunConnection {
  connection: Connection;
  consoles: Consoles;
  close(): Promise<void>;
}

export async function openRunConnection(options: UpgradeOptions, io: ConnectionIo): Promise<RunConnection> {
  const consoles = await prepareConsoles(options, {
    hostKeys: plainHostKeyPolicy(options),
    sshFor: consoleServerSsh(options),
    ...(canPrompt() && { askHidden: askSecret(io.redactor) }),
  });
  const closeConsoles = () => Object.values(consoles).forEach((console) => console.close());
  try {
    const connection = options.host || options.simulate ? await prepareConnection(options, io) : consoleConnection(options, consoles, io);
    return {
      connection,
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
function consoleConnection(options: UpgradeOptions, consoles: Consoles, io: ConnectionIo): Connection {
  const spec = options.consoleA!;
  return {
    target: { host: spec.host, port: spec.port, username: options.user ?? spec.user },
    openSession: openConsoleControl({ A: consoles.A!, B: consoles.B! }, { onOutput: io.onOutput }),
    close: async () => {},
  };
}
