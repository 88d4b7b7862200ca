// --console-a / --console-b SPEC: how to reach one MSM's serial console through a console server.
//   ssh://USER@HOST:PORT                          the SSH port is the serial line (e.g. Opengear 3000 + N)
//   ssh://USER@HOST:PORT?port=N&profile=NAME      the profile turns N into its username syntax (consoleProfiles.ts)
//   ssh://USER@HOST:PORT?menu=N|LABEL             pick entry N, or the entry labelled LABEL, from the port menu
// `profile` may also go with the other two forms (it tells how to send a BREAK and how the menu looks).
import { usageError } from '../errors.js';
import { CONSOLE_PROFILES, isConsoleProfileName, menuUsername, portUsername, type ConsoleProfile } from './consoleProfiles.js';

export type PortSelection =
  | { kind: 'dedicated' }
  | { kind: 'username'; port: number }
  /** A number picks the entry with that number, a string the entry with that label. */
  | { kind: 'menu'; entry: number | string };

export interface ConsoleSpec {
  host: string;
  port: number;
  /** The console-server account, as written in the SPEC. */
  user: string;
  profile: ConsoleProfile;
  selection: PortSelection;
  /** The SSH username actually sent (e.g. "admin:port05"). */
  loginName: string;
  /** For messages and logs, e.g. "console admin:port05@cs1:22". Never holds a secret. */
  description: string;
}

const KNOWN_PARAMETERS = new Set(['port', 'profile', 'menu']);
const MAX_SERIAL_PORT = 999;
const PROFILE_NAMES = Object.keys(CONSOLE_PROFILES).join('|');

export function parseConsoleSpec(text: string, option = 'console SPEC'): ConsoleSpec {
  const fail = (reason: string) => usageError(`${option} ${redacted(text)}: ${reason}`);
  if (!/^ssh:\/\//i.test(text)) throw fail('must start with ssh:// (ssh://USER@HOST:PORT[?port=N&profile=NAME | ?menu=N])');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail('not a valid ssh:// URL');
  }
  if (url.password !== '') {
    throw fail('passwords are never taken from the command line: use --console-password-env VAR (for a port number in the username, use ?port=N&profile=NAME)');
  }
  const user = decodeURIComponent(url.username);
  if (user === '') throw fail('the console-server user is missing (ssh://USER@HOST:PORT)');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw fail('the console-server host is missing');
  if (url.pathname !== '' && url.pathname !== '/') throw fail(`unexpected path "${url.pathname}"`);
  if (url.hash !== '') throw fail('unexpected "#" part');

  const parameters = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    if (!KNOWN_PARAMETERS.has(name)) throw fail(`unknown parameter "${name}" (known: port, profile, menu)`);
    if (parameters.has(name)) throw fail(`parameter "${name}" given twice`);
    parameters.set(name, value);
  }
  const profileName = parameters.get('profile');
  if (profileName !== undefined && !isConsoleProfileName(profileName)) throw fail(`unknown profile "${profileName}" (${PROFILE_NAMES})`);
  const profile = CONSOLE_PROFILES[profileName ?? 'generic'];
  const selection = selectionFrom(parameters, profileName !== undefined, fail);
  const loginName =
    selection.kind === 'username' ? portUsername(profile, user, selection.port) : selection.kind === 'menu' ? menuUsername(profile, user) : user;
  const port = url.port === '' ? 22 : Number(url.port);
  if (port < 1) throw fail('the SSH port must be 1-65535');
  return { host, port, user, profile, selection, loginName, description: `console ${loginName}@${host}:${port}` };
}

function selectionFrom(parameters: Map<string, string>, hasProfile: boolean, fail: (reason: string) => Error): PortSelection {
  const serialPort = parameters.get('port');
  const menu = parameters.get('menu');
  if (serialPort !== undefined && menu !== undefined) throw fail('use either port=N or menu=..., not both');
  if (serialPort !== undefined) {
    if (!hasProfile) throw fail(`port=N needs profile=${PROFILE_NAMES} to know the console server's username syntax`);
    const port = Number(serialPort);
    if (!/^\d+$/.test(serialPort) || port < 1 || port > MAX_SERIAL_PORT) throw fail(`port must be a serial port number 1-${MAX_SERIAL_PORT}, got "${serialPort}"`);
    return { kind: 'username', port };
  }
  if (menu !== undefined) {
    const label = menu.trim();
    if (label === '') throw fail('menu needs an entry number or a label');
    if (/^\d+$/.test(label)) {
      if (Number(label) < 1) throw fail('menu entry numbers start at 1');
      return { kind: 'menu', entry: Number(label) };
    }
    return { kind: 'menu', entry: label };
  }
  return { kind: 'dedicated' };
}

/** The SPEC as typed, with anything in a password position masked. */
function redacted(text: string): string {
  return text.replace(/^(ssh:\/\/[^/@:?#]*):[^/@?#]*@/i, '$1:***@');
}
