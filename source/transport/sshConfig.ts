// What OpenSSH's client configuration (~/.ssh/config) says about one host, evaluated the way ssh does: the options
// given first (command line), then the file top to bottom, first value winning; `Host` patterns and `Match` criteria
// (host, originalhost, user, localuser, all, final) decide which lines apply; `Include` reads further files (globs,
// relative paths under ~/.ssh) in place, also inside a Host or Match block. The ssh-config package reads the lines.
// Not evaluated: `Match exec` (hitless runs no commands from a config file), options hitless does not use.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import SSHConfig, { type Line } from 'ssh-config';
import { usageError } from '../errors.js';
import { ALGORITHM_CATEGORIES, CATEGORY_OF_KEYWORD, resolveAlgorithms, type AlgorithmLists } from './sshAlgorithms.js';
import type { ClientSettings } from './sshClient.js';
import {
  directiveValues,
  parseCount,
  parseDuration,
  parseStrictHostKeyChecking,
  parseYesNo,
  sshOptionKeyword,
  SshOptionValues,
  type SshOption,
  type SshOptionKeyword,
  type StrictHostKeyChecking,
} from './sshOptions.js';
import { hasWildcard, matchesPattern, matchesPatternList } from './sshPatterns.js';

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
  /** ServerAliveInterval (0: no keepalive) and ServerAliveCountMax. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** ConnectTimeout: the longest wait from connecting to the server's host key. */
  connectTimeoutMs?: number;
  strictHostKeyChecking?: StrictHostKeyChecking;
  /** The first UserKnownHostsFile (where new keys are written), `~` and `%` tokens expanded. */
  knownHostsFile?: string;
  /** HashKnownHosts: new known_hosts lines get hashed names. */
  hashKnownHosts?: boolean;
  /** Explicit lists for the algorithm categories configured; the others keep ssh2's defaults. */
  algorithms: AlgorithmLists;
  /** Worth a warning: algorithm names in the file that hitless does not implement (left out, as ssh leaves out its unknowns). */
  notes: string[];
}

type ConfigNode =
  | { kind: 'option'; option: SshOption }
  | { kind: 'host'; patterns: string[]; body: ConfigNode[] }
  | { kind: 'match'; criteria: MatchCriterion[]; body: ConfigNode[] }
  | { kind: 'include'; files: ConfigNode[][] };

interface MatchCriterion {
  name: string;
  negated: boolean;
  patterns: string[];
}

/** A config file read with everything it includes. */
export interface SshConfig {
  file: string;
  nodes: ConfigNode[];
}

/** OpenSSH's limit on nested Include. */
const MAX_INCLUDE_DEPTH = 16;

/** Reads `file` and what it includes; a missing file is an empty config unless the operator named it (`ssh -F` refuses one too). */
export function readSshConfig(file: string, options: { required: boolean }): SshConfig {
  const text = readConfigText(file, options.required);
  return parseSshConfig(text ?? '', file);
}

export function parseSshConfig(text: string, file = 'ssh config'): SshConfig {
  return { file, nodes: nodesOf(text, file, 0) };
}

function readConfigText(file: string, required: boolean): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return undefined;
    throw usageError(`cannot read ssh config ${file}: ${code ?? String(error)}`);
  }
}

function nodesOf(text: string, file: string, depth: number): ConfigNode[] {
  let lines: Line[];
  try {
    lines = SSHConfig.parse(text);
  } catch (error) {
    throw usageError(`cannot parse ${file}: ${(error as Error).message}`);
  }
  return convert(lines, file, depth);
}

function convert(lines: readonly Line[], file: string, depth: number): ConfigNode[] {
  const nodes: ConfigNode[] = [];
  for (const line of lines) {
    if (line.type !== SSHConfig.DIRECTIVE) continue;
    const values = directiveValues(line.value);
    const name = line.param.toLowerCase();
    const body = 'config' in line ? convert(line.config, file, depth) : [];
    if (name === 'host') nodes.push({ kind: 'host', patterns: values, body });
    else if (name === 'match') nodes.push({ kind: 'match', criteria: criteriaOf('criteria' in line ? line.criteria : {}), body });
    else if (name === 'include') nodes.push({ kind: 'include', files: values.flatMap((pattern) => included(pattern, file, depth)) });
    else {
      const keyword = sshOptionKeyword(line.param);
      if (keyword && values.length > 0) nodes.push({ kind: 'option', option: { keyword, values, origin: file } });
    }
  }
  return nodes;
}

function criteriaOf(criteria: Record<string, string | Array<{ val: string }>>): MatchCriterion[] {
  return Object.entries(criteria).map(([keyword, value]) => ({
    name: keyword.replace(/^!/, '').toLowerCase(),
    negated: keyword.startsWith('!'),
    patterns: directiveValues(value),
  }));
}

/** The files an Include names, in glob order, each read with its own includes. */
function included(pattern: string, from: string, depth: number): ConfigNode[][] {
  if (depth + 1 > MAX_INCLUDE_DEPTH) throw usageError(`${from}: Include nested more than ${MAX_INCLUDE_DEPTH} deep`);
  const expanded = expandHome(pattern);
  const path = isAbsolute(expanded) ? expanded : join(homedir(), '.ssh', expanded);
  return globFiles(path).flatMap((file) => {
    const text = readConfigText(file, false);
    return text === undefined ? [] : [nodesOf(text, file, depth + 1)];
  });
}

/**
 * glob(3) as OpenSSH uses it for Include: `*` and `?` in any path segment, sorted matches, a leading dot only matched
 * by a pattern that starts with one, directories left out; a pattern without wildcards names a file whether or not it
 * exists.
 */
function globFiles(path: string): string[] {
  if (!hasWildcard(path)) return [path];
  return globPaths(path).filter((candidate) => {
    try {
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}

function globPaths(path: string): string[] {
  const segments = path.split('/');
  let candidates = [segments[0] === '' ? '/' : segments[0]!];
  for (const segment of segments.slice(1)) {
    if (segment === '') continue;
    candidates = candidates.flatMap((directory) => {
      if (!hasWildcard(segment)) return [join(directory, segment)];
      let entries: string[];
      try {
        entries = readdirSync(directory);
      } catch {
        return [];
      }
      return entries
        .filter((entry) => (!entry.startsWith('.') || segment.startsWith('.')) && matchesPattern(segment, entry))
        .sort()
        .map((entry) => join(directory, entry));
    });
  }
  return candidates;
}

// ------------------------------------------------------------------------------------------------------ evaluation

/** Every option that applies to `name`: `given` first (command line, in order), then the config's, first value winning. */
export function optionsFor(config: SshConfig, name: string, given: readonly SshOption[] = []): SshOptionValues {
  const values = new SshOptionValues();
  given.forEach((option) => values.add(option));
  const context = { name, values, finalPass: false, wantsFinalPass: false };
  walk(config.nodes, true, context);
  if (context.wantsFinalPass) walk(config.nodes, true, { ...context, finalPass: true });
  return values;
}

interface EvaluationContext {
  name: string;
  values: SshOptionValues;
  finalPass: boolean;
  wantsFinalPass: boolean;
}

/** `active`: the lines apply (the enclosing Host/Match matched); an Include inside an inactive block applies nothing. */
function walk(nodes: readonly ConfigNode[], active: boolean, context: EvaluationContext): void {
  for (const node of nodes) {
    switch (node.kind) {
      case 'option':
        if (active) context.values.add(node.option);
        break;
      case 'host':
        walk(node.body, active && matchesPatternList(node.patterns, context.name, { ignoreCase: true }), context);
        break;
      case 'match':
        walk(node.body, active && node.criteria.every((criterion) => criterionHolds(criterion, context)), context);
        break;
      case 'include':
        node.files.forEach((file) => walk(file, active, context));
        break;
    }
  }
}

function criterionHolds(criterion: MatchCriterion, context: EvaluationContext): boolean {
  const { values } = context;
  const hostName = values.value('HostName');
  const subject: Record<string, string | undefined> = {
    host: hostName === undefined ? context.name : expandTokens(hostName, { h: context.name }),
    originalhost: context.name,
    user: values.value('User') ?? localUser(),
    localuser: localUser(),
  };
  let holds: boolean;
  if (criterion.name === 'all') holds = true;
  else if (criterion.name === 'final' || criterion.name === 'canonical') {
    context.wantsFinalPass = true;
    holds = context.finalPass;
  } else if (criterion.name in subject) {
    const entries = criterion.patterns.flatMap((pattern) => pattern.split(','));
    holds = matchesPatternList(entries, subject[criterion.name]!, { ignoreCase: criterion.name.endsWith('host') });
  } else holds = false; // exec (never run), and criteria hitless cannot judge
  return criterion.negated ? !holds : holds;
}

// -------------------------------------------------------------------------------------------------- interpretation

/**
 * What the options for `name` mean. `given` come first and win (the command line: `-o`, and flags such as --port as
 * Port). An algorithm hitless does not implement is an error in `-o` and a note from a file.
 */
export function hostConfigFrom(config: SshConfig, name: string, given: readonly SshOption[] = []): HostConfig {
  const values = optionsFor(config, name, given);
  const what = (keyword: SshOptionKeyword) => {
    const origin = values.get(keyword)!.origin;
    return origin === '-o' ? `-o ${keyword}` : origin.startsWith('--') ? origin : `${keyword} in ${origin} for ${name}`;
  };
  const read = <T>(keyword: SshOptionKeyword, parse: (text: string, what: string) => T): T | undefined => {
    const text = values.value(keyword);
    return text === undefined ? undefined : parse(text, what(keyword));
  };
  const user = values.value('User');
  const hostName = expandTokens(values.value('HostName') ?? name, { h: name });
  const tokens = { h: hostName, r: user ?? localUser(), u: localUser(), d: homedir() };
  const port = read('Port', portFrom);
  const jump = values.value('ProxyJump');
  const keepaliveSeconds = read('ServerAliveInterval', parseDuration);
  const keepaliveCountMax = read('ServerAliveCountMax', parseCount);
  const connectSeconds = read('ConnectTimeout', parseDuration);
  const strictHostKeyChecking = read('StrictHostKeyChecking', parseStrictHostKeyChecking);
  const knownHostsFile = values.value('UserKnownHostsFile');
  const hashKnownHosts = read('HashKnownHosts', parseYesNo);
  const notes: string[] = [];
  const algorithms: AlgorithmLists = {};
  for (const [keyword, category] of Object.entries(CATEGORY_OF_KEYWORD)) {
    const option = values.get(keyword as SshOptionKeyword);
    if (!option) continue;
    const resolved = resolveAlgorithms(category, option.values[0]!, what(option.keyword));
    if (resolved.unsupported.length > 0) {
      const message = `${what(option.keyword)}: hitless does not implement ${resolved.unsupported.join(', ')}`;
      if (option.origin === '-o') throw usageError(`${message} (it knows ${ALGORITHM_CATEGORIES[category].supported.join(', ')})`);
      notes.push(`${message}; left out`);
    }
    algorithms[category] = resolved.algorithms;
  }
  return {
    hostName,
    ...(port !== undefined && { port }),
    ...(user !== undefined && { user }),
    identityFiles: values.identities.map((option) => expandHome(expandTokens(option.values[0]!, tokens))),
    proxyJump: jump === undefined || jump.toLowerCase() === 'none' ? [] : parseJumpList(jump, what('ProxyJump')),
    ...(keepaliveSeconds !== undefined && { keepaliveIntervalMs: keepaliveSeconds * 1000 }),
    ...(keepaliveCountMax !== undefined && { keepaliveCountMax }),
    ...(connectSeconds !== undefined && connectSeconds > 0 && { connectTimeoutMs: connectSeconds * 1000 }),
    ...(strictHostKeyChecking !== undefined && { strictHostKeyChecking }),
    ...(knownHostsFile !== undefined && { knownHostsFile: expandHome(expandTokens(knownHostsFile, tokens)) }),
    ...(hashKnownHosts !== undefined && { hashKnownHosts }),
    algorithms,
    notes,
  };
}

/** How to speak SSH with the server: what its options set among algorithms, keepalive and ConnectTimeout. */
export function clientSettingsOf(host: HostConfig): Partial<ClientSettings> {
  return {
    ...(host.connectTimeoutMs !== undefined && { connectTimeoutMs: host.connectTimeoutMs }),
    ...(host.keepaliveIntervalMs !== undefined && { keepaliveIntervalMs: host.keepaliveIntervalMs }),
    ...(host.keepaliveCountMax !== undefined && { keepaliveCountMax: host.keepaliveCountMax }),
    ...(Object.keys(host.algorithms).length > 0 && { algorithms: host.algorithms }),
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

/** The `%` tokens OpenSSH expands in HostName, IdentityFile and UserKnownHostsFile (the subset that means something here). */
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
