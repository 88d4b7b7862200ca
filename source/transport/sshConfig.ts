// What OpenSSH's client configuration (~/.ssh/config) says about one host: HostName, Port, User, IdentityFile and
// ProxyJump, computed by the ssh-config library (first value wins, `Host` patterns, `Match host/user`).
// Not evaluated: `Include`, `Match exec` (hitless runs no commands from a config file), a jump host's own ProxyJump.
import { readFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import SSHConfig from 'ssh-config';
import { usageError } from '../errors.js';

export interface JumpSpec {
  host: string;
  port?: number;
  user?: string;
}

export interface HostConfig {
  /** HostName, else the name asked about. */
  hostName: string;
  port?: number;
  user?: string;
  /** IdentityFile paths in order, `~` and `%` tokens expanded. */
  identityFiles: string[];
  /** ProxyJump hops in order; empty when absent or `none`. */
  proxyJump: JumpSpec[];
}

/** The config file's text; '' when it does not exist, unless the operator named it (`ssh -F` refuses a missing file too). */
export async function readSshConfig(file: string, options: { required: boolean }): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !options.required) return '';
    throw usageError(`cannot read ssh config ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** `user` (the one given on the command line, if any) takes part in `Match user` like OpenSSH's final user. */
export function hostConfigFrom(text: string, name: string, options: { user?: string; file?: string } = {}): HostConfig {
  const where = options.file ?? 'ssh config';
  let computed: Record<string, string | string[]>;
  try {
    computed = SSHConfig.parse(text).compute(options.user === undefined ? { Host: name } : { Host: name, User: options.user }, {
      ignoreCase: true,
      matchExec: false,
    });
  } catch (error) {
    throw usageError(`cannot parse ${where}: ${(error as Error).message}`);
  }
  const single = (key: string): string | undefined => {
    const value = computed[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const user = single('user');
  const hostName = expandTokens(single('hostname') ?? name, { h: name });
  const port = single('port');
  const tokens = { h: hostName, r: user ?? localUser(), u: localUser(), d: homedir() };
  const identities = computed['identityfile'];
  const identityFiles = (Array.isArray(identities) ? identities : identities === undefined ? [] : [identities]).map((file) =>
    expandHome(expandTokens(file, tokens)),
  );
  const jump = single('proxyjump');
  return {
    hostName,
    ...(port !== undefined && { port: portFrom(port, `Port in ${where} for ${name}`) }),
    ...(user !== undefined && { user }),
    identityFiles,
    proxyJump: jump === undefined || jump.toLowerCase() === 'none' ? [] : parseJumpList(jump, `ProxyJump in ${where} for ${name}`),
  };
}

/** `[user@]host[:port]` hops separated by commas (also `ssh://user@host:port` and `[v6addr]:port`), as `ssh -J` takes them. */
export function parseJumpList(value: string, what = '--jump'): JumpSpec[] {
  return value.split(',').map((hop) => {
    const match = /^(?:ssh:\/\/)?(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s[\]]+)(?::([^:\s]*))?$/.exec(hop.trim());
    if (!match) throw usageError(`${what}: "${hop}" is not [user@]host[:port]`);
    const [, user, host, port] = match;
    return {
      host: host!.replace(/^\[(.*)\]$/, '$1'),
      ...(port !== undefined && { port: portFrom(port, what) }),
      ...(user !== undefined && { user }),
    };
  });
}

function portFrom(text: string, what: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw usageError(`${what}: "${text}" is not a port number (1-65535)`);
  return port;
}

/** The `%` tokens OpenSSH expands in HostName and IdentityFile (the subset that means something here). */
const TOKEN = /%([%hrud])/g;

function expandTokens(text: string, values: Partial<Record<'h' | 'r' | 'u' | 'd', string>>): string {
  return text.replace(TOKEN, (whole, token: string) => (token === '%' ? '%' : (values[token as keyof typeof values] ?? whole)));
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

export function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.LOGNAME ?? 'root';
  }
}
