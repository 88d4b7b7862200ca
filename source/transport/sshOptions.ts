// The OpenSSH client options hitless honours, whether from `-o Key=Value` or an ssh config file, and what each one's
// value means. Keywords are case-insensitive; a value may follow a blank or `=` and may be quoted; the first value
// given for an option wins (command line first), except IdentityFile, which accumulates.
import SSHConfig from 'ssh-config';
import { usageError } from '../errors.js';

export const SSH_OPTION_KEYWORDS = [
  'HostName',
  'Port',
  'User',
  'IdentityFile',
  'ProxyJump',
  'ServerAliveInterval',
  'ServerAliveCountMax',
  'ConnectTimeout',
  'StrictHostKeyChecking',
  'UserKnownHostsFile',
  'HashKnownHosts',
  'KexAlgorithms',
  'HostKeyAlgorithms',
  'Ciphers',
  'MACs',
] as const;
export type SshOptionKeyword = (typeof SSH_OPTION_KEYWORDS)[number];

/** Options that say who and where the server is; the others say how to speak SSH with it. */
export const IDENTITY_KEYWORDS: readonly SshOptionKeyword[] = ['HostName', 'Port', 'User', 'IdentityFile', 'ProxyJump'];

export interface SshOption {
  keyword: SshOptionKeyword;
  /** One value, or several for UserKnownHostsFile. */
  values: string[];
  /** Where it was given, for messages: "-o", "--port", or a file. */
  origin: string;
}

const KEYWORD_BY_LOWER = new Map(SSH_OPTION_KEYWORDS.map((keyword) => [keyword.toLowerCase(), keyword]));

/** The keyword's canonical spelling if hitless honours it. */
export const sshOptionKeyword = (name: string): SshOptionKeyword | undefined => KEYWORD_BY_LOWER.get(name.toLowerCase());

/** The values of one parsed ssh-config directive (ssh-config gives a string, or a list for multi-value keywords). */
export function directiveValues(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map((item: { val: string }) => item.val);
  return [];
}

/** `-o Key=Value` (or `Key Value`, quoted values too), read with the same rules as a line of the config file. */
export function parseSshOption(text: string): SshOption {
  const fail = (reason: string) => usageError(`-o ${text}: ${reason}`);
  let lines;
  try {
    lines = SSHConfig.parse(text).filter((line) => line.type === SSHConfig.DIRECTIVE);
  } catch (error) {
    throw fail((error as Error).message);
  }
  const line = lines[0];
  if (lines.length !== 1 || !line || !('param' in line) || ('config' in line && line.config.length > 0)) throw fail('expected Key=Value');
  const keyword = sshOptionKeyword(line.param);
  if (!keyword) throw fail(`hitless does not use "${line.param}" (it honours ${SSH_OPTION_KEYWORDS.join(', ')})`);
  const values = directiveValues(line.value);
  if (values.length === 0 || values.some((value) => value === '')) throw fail('the value is missing');
  return { keyword, values, origin: '-o' };
}

/** A flag that stands for an option (--port for Port, ...), as a list of none or one to spread into the given options. */
export const flagOption = (keyword: SshOptionKeyword, value: string | number | undefined, origin: string): SshOption[] =>
  value === undefined ? [] : [{ keyword, values: [String(value)], origin }];

/** The options given for one server, first value of each winning (IdentityFile: all of them, in order). */
export class SshOptionValues {
  private readonly first = new Map<SshOptionKeyword, SshOption>();
  private readonly identityFiles: SshOption[] = [];

  add(option: SshOption): void {
    if (option.keyword === 'IdentityFile') this.identityFiles.push(option);
    else if (!this.first.has(option.keyword)) this.first.set(option.keyword, option);
  }

  get(keyword: SshOptionKeyword): SshOption | undefined {
    return keyword === 'IdentityFile' ? this.identityFiles[0] : this.first.get(keyword);
  }

  value(keyword: SshOptionKeyword): string | undefined {
    return this.get(keyword)?.values[0];
  }

  get identities(): readonly SshOption[] {
    return this.identityFiles;
  }
}

/** The longest ConnectTimeout or ServerAliveInterval taken: a day, far below what a timer holds (about 24.8 days). */
export const MAX_SSH_DURATION_S = 86_400;

/** OpenSSH's time format: seconds, or runs like 1m30s (s, m, h, d, w), at most MAX_SSH_DURATION_S. */
export function parseDuration(text: string, what: string): number {
  const units: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
  if (text.length > 40 || !/^\d+(?:[smhdw]\d+)*[smhdw]?$/i.test(text)) throw usageError(`${what}: "${text}" is not a time (seconds, or e.g. 1m30s)`);
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([smhdw]?)/gi)) seconds += Number(amount) * units[unit!.toLowerCase()]!;
  if (seconds > MAX_SSH_DURATION_S) throw usageError(`${what}: "${text}" is longer than ${MAX_SSH_DURATION_S} seconds (a day)`);
  return seconds;
}

export function parseCount(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw usageError(`${what}: "${text}" is not a whole number`);
  return Number(text);
}

export type StrictHostKeyChecking = 'yes' | 'ask' | 'accept-new' | 'no';

const STRICT_VALUES: Record<string, StrictHostKeyChecking> = {
  yes: 'yes',
  true: 'yes',
  ask: 'ask',
  'accept-new': 'accept-new',
  no: 'no',
  false: 'no',
  off: 'no',
};

export function parseStrictHostKeyChecking(text: string, what: string): StrictHostKeyChecking {
  const value = STRICT_VALUES[text.toLowerCase()];
  if (!value) throw usageError(`${what}: "${text}" is not yes, ask, accept-new or no`);
  return value;
}

/** A yes/no option such as HashKnownHosts. */
export function parseYesNo(text: string, what: string): boolean {
  const value = { yes: true, true: true, no: false, false: false }[text.toLowerCase()];
  if (value === undefined) throw usageError(`${what}: "${text}" is not yes or no`);
  return value;
}
