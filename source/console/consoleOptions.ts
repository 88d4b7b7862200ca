// From --console-a / --console-b to MsmConsoles: the console server's password (--console-password-env, else one
// prompt for both consoles) and the switch's own login on the console (--user and --password-env, else a prompt).
// Secrets are read here and kept in memory only.
import { usageError } from '../errors.js';
import type { MsmSlot } from '../exos/chassisState.js';
import type { HostKeyPolicy, SshOptions } from '../transport/sshTransport.js';
import type { ConsoleSpec } from './consoleSpec.js';
import { MsmConsole } from './msmConsole.js';

export interface ConsoleSettings {
  consoleA?: ConsoleSpec;
  consoleB?: ConsoleSpec;
  consolePasswordEnv?: string;
  /** The management user and its password variable: the switch login on the console uses the same. */
  user?: string;
  passwordEnv?: string;
}

export interface ConsoleEnvironment {
  hostKeys: HostKeyPolicy;
  env?: NodeJS.ProcessEnv;
  /** Asks for a secret without echo; leave out when there is no terminal. */
  askHidden?: (prompt: string) => Promise<string>;
  /** The switch password when it is already known (typed once for management SSH). */
  switchPassword?: string;
  /** SSH settings per console server (its ssh config entry and -o: algorithms, keepalive, ConnectTimeout). */
  sshFor?: (spec: ConsoleSpec) => SshOptions;
  /** Said when a console server negotiates a weak algorithm (SHA-1, CBC); default: nothing is said. */
  onWarning?: (message: string) => void;
  loginTimeoutMs?: number;
}

/** The consoles given, by MSM; empty when neither option was used (nothing is asked then). */
export async function prepareConsoles(settings: ConsoleSettings, environment: ConsoleEnvironment): Promise<Partial<Record<MsmSlot, MsmConsole>>> {
  const specs = ([['A', settings.consoleA], ['B', settings.consoleB]] as const).filter((entry): entry is readonly [MsmSlot, ConsoleSpec] => entry[1] !== undefined);
  if (specs.length === 0) return {};
  const env = environment.env ?? process.env;
  const first = specs[0]![1];
  const consolePassword = await secret(
    env,
    settings.consolePasswordEnv,
    '--console-password-env',
    environment.askHidden,
    `Console server password for ${first.user}@${first.host}: `,
  );
  if (!settings.user) throw usageError('--user is required: the switch login on the console uses the management user');
  const switchPassword =
    environment.switchPassword ??
    (await secret(env, settings.passwordEnv, '--password-env', environment.askHidden, `Switch password for ${settings.user} (console login): `));
  const consoles: Partial<Record<MsmSlot, MsmConsole>> = {};
  for (const [slot, spec] of specs) {
    consoles[slot] = new MsmConsole({
      spec,
      server: {
        auth: { password: consolePassword },
        hostKeys: environment.hostKeys,
        ...(environment.sshFor && { ssh: environment.sshFor(spec) }),
        ...(environment.onWarning && { onWarning: environment.onWarning }),
      },
      switchLogin: { username: settings.user, password: switchPassword },
      ...(environment.loginTimeoutMs !== undefined && { loginTimeoutMs: environment.loginTimeoutMs }),
    });
  }
  return consoles;
}

async function secret(
  env: NodeJS.ProcessEnv,
  variable: string | undefined,
  option: string,
  askHidden: ConsoleEnvironment['askHidden'],
  prompt: string,
): Promise<string> {
  if (variable !== undefined) {
    const value = env[variable];
    if (value === undefined) throw usageError(`environment variable ${variable} (from ${option}) is not set`);
    return value;
  }
  if (!askHidden) throw usageError(`no terminal to ask for a password: use ${option} VAR`);
  return askHidden(prompt);
}
