// The commands the fake chassis understands, parsed EXOS-style: every keyword may be shortened to a
// unique prefix among its siblings (`sh sw`, `dis clip`); a failure names the offset of the failing token.
import type { MsmSlot, Partition } from '../scenarios.js';

export type PartitionChoice = Partition | 'active' | 'inactive';

export type ImageLocation =
  | { kind: 'host'; host: string; file: string; blockSize?: number }
  | { kind: 'url'; url: string }
  | { kind: 'memorycard'; file: string };

export type ParsedCommand =
  | { kind: 'show-switch' }
  | { kind: 'show-version' }
  | { kind: 'show-configuration' }
  | { kind: 'show-version-images' }
  | { kind: 'show-slot' }
  /** `show ports` holds the terminal as a refreshing monitor; `show ports no-refresh` prints once. */
  | { kind: 'show-ports'; monitor: boolean }
  /** `use image {partition} [primary | secondary] {msm <slot>}` (docs/exos-cli.md §11.2). */
  | { kind: 'use-image'; partition: Partition; msm?: MsmSlot }
  | { kind: 'download'; location: ImageLocation; vr?: string; partition?: PartitionChoice; msm?: MsmSlot }
  | { kind: 'install'; file: string; partition?: PartitionChoice; msm?: MsmSlot }
  /** `ls` (the file system) or `ls memorycard`. */
  | { kind: 'ls'; memorycard: boolean }
  /** `rm FILE`: a file of the file system (docs/exos-cli.md §4.8). */
  | { kind: 'rm'; file: string }
  | { kind: 'reboot'; msm?: MsmSlot }
  | { kind: 'failover'; force: boolean }
  | { kind: 'save' }
  | { kind: 'exit' }
  | { kind: 'clipaging'; enabled: boolean }
  | { kind: 'cli-prompting'; enabled: boolean }
  | { kind: 'configure-snmp'; field: 'sysname' | 'syslocation' | 'syscontact'; value: string }
  | { kind: 'configure-cli'; field: 'columns' | 'lines'; value: number };

export type SyntaxProblem = 'invalid' | 'incomplete' | 'ambiguous';

export type ParseResult =
  | { ok: true; command: ParsedCommand }
  | { ok: false; problem: SyntaxProblem; /** 0-based column in the typed line */ offset: number };

export interface GrammarContext {
  /** `msm-failover` up to 16.x, `failover` later (docs/exos-cli.md §6.1): only one spelling exists per release. */
  failoverKeyword: 'msm-failover' | 'failover';
}

interface Token {
  text: string;
  offset: number;
}

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /"([^"]*)"?|[^\s"]+/g;
  for (const match of line.matchAll(pattern)) {
    tokens.push({ text: match[1] ?? match[0], offset: match.index });
  }
  return tokens;
}

class SyntaxFailure extends Error {
  constructor(
    readonly problem: SyntaxProblem,
    readonly offset: number,
  ) {
    super(problem);
  }
}

const PARTITIONS: PartitionChoice[] = ['primary', 'secondary', 'active', 'inactive'];

class TokenCursor {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly lineLength: number,
  ) {}

  /** The next token must be one of the words (or a unique prefix of one). */
  keyword<W extends string>(words: readonly W[]): W {
    const token = this.tokens[this.index];
    if (!token) throw new SyntaxFailure('incomplete', this.lineLength);
    const word = this.match(token, words);
    if (!word) throw new SyntaxFailure('invalid', token.offset);
    this.index += 1;
    return word;
  }

  optionalKeyword<W extends string>(words: readonly W[]): W | undefined {
    const token = this.tokens[this.index];
    const word = token && this.match(token, words);
    if (word) this.index += 1;
    return word;
  }

  value(accept: (text: string) => boolean = () => true): string {
    const token = this.tokens[this.index];
    if (!token) throw new SyntaxFailure('incomplete', this.lineLength);
    if (!accept(token.text)) throw new SyntaxFailure('invalid', token.offset);
    this.index += 1;
    return token.text;
  }

  msmSlot(): MsmSlot {
    return this.value((text) => /^[AaBb]$/.test(text)).toUpperCase() as MsmSlot;
  }

  /** Tokens left over are an error at the first of them. */
  end(): void {
    const token = this.tokens[this.index];
    if (token) throw new SyntaxFailure('invalid', token.offset);
  }

  private match<W extends string>(token: Token, words: readonly W[]): W | undefined {
    const typed = token.text.toLowerCase();
    const exact = words.find((word) => word === typed);
    if (exact) return exact;
    const candidates = words.filter((word) => word.startsWith(typed));
    if (candidates.length > 1) throw new SyntaxFailure('ambiguous', token.offset);
    return candidates[0];
  }
}

/** The partition may come early (`download image inactive ...`) or late, but only once. */
function partitionAndMsm(cursor: TokenCursor, early?: PartitionChoice) {
  const partition = early ?? cursor.optionalKeyword(PARTITIONS);
  const msm = cursor.optionalKeyword(['msm']) ? cursor.msmSlot() : undefined;
  cursor.end();
  return { partition, msm };
}

/** TFTP block sizes the switch takes (docs/exos-cli.md §4.7). */
const isBlockSize = (text: string) => /^\d{1,5}$/.test(text) && Number(text) >= 24 && Number(text) <= 65_000;

/** `download [url URL {vr VR} | image [active|inactive] [HOST FILE {vr VR} {block-size N} | memorycard FILE]] {partition} {msm X}` (§4.1). */
function parseDownload(cursor: TokenCursor): ParsedCommand {
  const from = cursor.keyword(['image', 'url']);
  if (from === 'url') {
    const location: ImageLocation = { kind: 'url', url: cursor.value() };
    const vr = cursor.optionalKeyword(['vr']) ? cursor.value() : undefined;
    return { kind: 'download', location, vr, ...partitionAndMsm(cursor) };
  }
  const early = cursor.optionalKeyword(PARTITIONS);
  if (cursor.optionalKeyword(['memorycard'])) {
    return { kind: 'download', location: { kind: 'memorycard', file: cursor.value() }, ...partitionAndMsm(cursor, early) };
  }
  const host = cursor.value();
  const file = cursor.value();
  const vr = cursor.optionalKeyword(['vr']) ? cursor.value() : undefined;
  const blockSize = cursor.optionalKeyword(['block-size']) ? Number(cursor.value(isBlockSize)) : undefined;
  const location: ImageLocation = blockSize === undefined ? { kind: 'host', host, file } : { kind: 'host', host, file, blockSize };
  return { kind: 'download', location, vr, ...partitionAndMsm(cursor, early) };
}

function parseShow(cursor: TokenCursor): ParsedCommand {
  const what = cursor.keyword(['switch', 'version', 'slot', 'ports', 'configuration']);
  if (what === 'configuration') {
    cursor.end();
    return { kind: 'show-configuration' };
  }
  if (what === 'version' && cursor.optionalKeyword(['images'])) {
    cursor.end();
    return { kind: 'show-version-images' };
  }
  if (what === 'ports') {
    const monitor = cursor.optionalKeyword(['no-refresh']) === undefined;
    cursor.end();
    return { kind: 'show-ports', monitor };
  }
  cursor.end();
  return { kind: what === 'switch' ? 'show-switch' : what === 'slot' ? 'show-slot' : 'show-version' };
}

function parseUse(cursor: TokenCursor): ParsedCommand {
  cursor.keyword(['image']);
  const first = cursor.keyword(['partition', 'primary', 'secondary']);
  const partition = first === 'partition' ? cursor.keyword(['primary', 'secondary']) : first;
  const msm = cursor.optionalKeyword(['msm']) ? cursor.msmSlot() : undefined;
  cursor.end();
  return { kind: 'use-image', partition, msm };
}

function parseEnableDisable(cursor: TokenCursor, enabled: boolean): ParsedCommand {
  const what = cursor.keyword(['clipaging', 'cli']);
  if (what === 'cli') cursor.keyword(['prompting']);
  cursor.end();
  return what === 'cli' ? { kind: 'cli-prompting', enabled } : { kind: 'clipaging', enabled };
}

function parseConfigure(cursor: TokenCursor): ParsedCommand {
  if (cursor.keyword(['snmp', 'cli']) === 'snmp') {
    const field = cursor.keyword(['sysname', 'syslocation', 'syscontact']);
    const value = cursor.value();
    cursor.end();
    return { kind: 'configure-snmp', field, value };
  }
  const field = cursor.keyword(['columns', 'lines']);
  const value = Number(cursor.value((text) => /^\d+$/.test(text)));
  cursor.end();
  return { kind: 'configure-cli', field, value };
}

const TOP_LEVEL = [
  'show',
  'download',
  'install',
  'reboot',
  'run',
  'save',
  'exit',
  'logout',
  'quit',
  'disable',
  'enable',
  'configure',
  'use',
  'ls',
  'rm',
] as const;

function parseTokens(cursor: TokenCursor, context: GrammarContext): ParsedCommand {
  switch (cursor.keyword(TOP_LEVEL)) {
    case 'show':
      return parseShow(cursor);
    case 'download':
      return parseDownload(cursor);
    case 'install': {
      cursor.keyword(['image']);
      const file = cursor.value();
      return { kind: 'install', file, ...partitionAndMsm(cursor) };
    }
    case 'ls': {
      const memorycard = cursor.optionalKeyword(['memorycard']) !== undefined;
      cursor.end();
      return { kind: 'ls', memorycard };
    }
    case 'rm': {
      const file = cursor.value();
      cursor.end();
      return { kind: 'rm', file };
    }
    case 'reboot': {
      const msm = cursor.optionalKeyword(['msm']) ? cursor.msmSlot() : undefined;
      cursor.end();
      return { kind: 'reboot', msm };
    }
    case 'run': {
      cursor.keyword([context.failoverKeyword]);
      const force = cursor.optionalKeyword(['force']) !== undefined;
      cursor.end();
      return { kind: 'failover', force };
    }
    case 'save':
      if (cursor.optionalKeyword(['configuration'])) cursor.optionalKeyword(['primary']);
      cursor.end();
      return { kind: 'save' };
    case 'exit':
    case 'logout':
    case 'quit':
      cursor.end();
      return { kind: 'exit' };
    case 'disable':
      return parseEnableDisable(cursor, false);
    case 'enable':
      return parseEnableDisable(cursor, true);
    case 'configure':
      return parseConfigure(cursor);
    case 'use':
      return parseUse(cursor);
  }
}

export function parseCommand(line: string, context: GrammarContext): ParseResult {
  try {
    return { ok: true, command: parseTokens(new TokenCursor(tokenize(line), line.length), context) };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, problem: error.problem, offset: error.offset };
    throw error;
  }
}
