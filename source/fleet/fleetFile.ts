// The fleet file: which chassis to upgrade, with what, how many at once, and what to do when one fails. Each chassis
// entry becomes the same options `hitless upgrade --headless --yes` would get, parsed by the same code.
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileError, HitlessError, usageError } from '../errors.js';
import { parseUpgradeArgs, type UpgradeOptions } from '../run/args.js';
import { rangedNumber } from '../run/optionRanges.js';
import { upgradeTargetOf } from '../run/target.js';
import type { UpgradeTarget } from '../procedure/types.js';

export type OnFailure = 'stop' | 'continue';

export interface FleetChassis {
  /** As the operator named it, or its address. */
  name: string;
  /** host[:port], "simulated SCENARIO", or "twin of FILE". */
  address: string;
  options: UpgradeOptions;
  target: UpgradeTarget;
  /** Absolute path of this chassis' JSONL journal. */
  journal: string;
}

export interface FleetPlan {
  file: string;
  concurrency: number;
  onFailure: OnFailure;
  /** Stop starting new chassis after this many failed or refused ones (onFailure "continue" until then). */
  maxFailures?: number;
  /** The first N chassis run first; the rest wait for all of them to end exit 0 (and for the operator). 0: none. */
  canary: number;
  chassis: FleetChassis[];
}

/** --canary and --max-failures given on the command line: they override the file's keys. */
export interface RolloutOverrides {
  canary?: number;
  maxFailures?: number;
}

type KeyKind = 'string' | 'number' | 'boolean' | 'strings' | 'path';

/** Fleet keys and the `hitless upgrade` flag each one becomes. Outage-accepting flags are deliberately absent. */
const CHASSIS_KEYS: Record<string, { flag: string; kind: KeyKind }> = {
  host: { flag: '--host', kind: 'string' },
  port: { flag: '--port', kind: 'number' },
  user: { flag: '--user', kind: 'string' },
  passwordEnv: { flag: '--password-env', kind: 'string' },
  identity: { flag: '--identity', kind: 'path' },
  knownHosts: { flag: '--known-hosts', kind: 'path' },
  acceptNew: { flag: '--accept-new', kind: 'boolean' },
  sshConfig: { flag: '--ssh-config', kind: 'path' },
  /** ["KexAlgorithms=+diffie-hellman-group14-sha1", ...]: each one as -o. */
  sshOptions: { flag: '--ssh-option', kind: 'strings' },
  jump: { flag: '--jump', kind: 'string' },
  image: { flag: '--image', kind: 'string' },
  /** The environment variable holding the image URL user's password. */
  imagePasswordEnv: { flag: '--image-password-env', kind: 'string' },
  xmods: { flag: '--xmod', kind: 'strings' },
  vr: { flag: '--vr', kind: 'string' },
  blockSize: { flag: '--block-size', kind: 'number' },
  failback: { flag: '--failback', kind: 'boolean' },
  /** `hitless stage` for this chassis: install on the backup, stop before its reboot. */
  stage: { flag: '--stage', kind: 'boolean' },
  saveConfig: { flag: '--save-config', kind: 'boolean' },
  keepImage: { flag: '--keep-image', kind: 'boolean' },
  stepTimeout: { flag: '--step-timeout', kind: 'number' },
  poll: { flag: '--poll', kind: 'number' },
  healthSettle: { flag: '--health-settle', kind: 'number' },
  noHealthCheck: { flag: '--no-health-check', kind: 'boolean' },
  simulate: { flag: '--simulate', kind: 'string' },
  /** A twin (hitless status --json document) to rehearse on. */
  simulateFrom: { flag: '--simulate-from', kind: 'path' },
  speed: { flag: '--speed', kind: 'number' },
};
/** An image on this machine named from the fleet file's folder (`"image": "./bd8800-16.1.2.3.xos"`). */
const isRelativeImagePath = (key: string, value: unknown): boolean => key === 'image' && typeof value === 'string' && /^\.\.?\//.test(value);

const ENTRY_ONLY_KEYS = ['name', 'journal'];
const TOP_KEYS = ['concurrency', 'onFailure', 'maxFailures', 'canary', 'defaults', 'chassis'];

const describe = (value: unknown) => (Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKind(where: string, key: string, value: unknown, kind: KeyKind): void {
  const ok =
    kind === 'strings'
      ? Array.isArray(value) && value.every((item) => typeof item === 'string')
      : typeof value === (kind === 'path' ? 'string' : kind);
  if (!ok) throw usageError(`${where}: "${key}" must be ${kind === 'strings' ? 'a list of strings' : `a ${kind === 'path' ? 'string' : kind}`}, got ${describe(value)}`);
}

/** The argv `hitless upgrade` would get for this entry (defaults merged, paths relative to the fleet file). */
function argvFor(where: string, entry: Record<string, unknown>, baseDir: string): string[] {
  const argv: string[] = [];
  for (const [key, value] of Object.entries(entry)) {
    const spec = CHASSIS_KEYS[key];
    if (!spec) continue;
    checkKind(where, key, value, spec.kind);
    if (spec.kind === 'boolean') {
      if (value) argv.push(spec.flag);
    } else if (spec.kind === 'strings') {
      for (const item of value as string[]) argv.push(spec.flag, item);
    } else {
      argv.push(spec.flag, spec.kind === 'path' || isRelativeImagePath(key, value) ? resolve(baseDir, value as string) : String(value));
    }
  }
  return [...argv, '--headless', '--yes'];
}

function rejectUnknownKeys(where: string, object: Record<string, unknown>, allowed: string[]): void {
  const unknown = Object.keys(object).find((key) => !allowed.includes(key));
  if (unknown !== undefined) throw usageError(`${where}: unknown key "${unknown}" (known: ${allowed.join(', ')})`);
}

const safeFileName = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');

function chassisFrom(where: string, entry: Record<string, unknown>, baseDir: string): FleetChassis {
  if (entry.name !== undefined) checkKind(where, 'name', entry.name, 'string');
  if (entry.journal !== undefined) checkKind(where, 'journal', entry.journal, 'path');
  let options: UpgradeOptions;
  let target: UpgradeTarget;
  try {
    options = parseUpgradeArgs(argvFor(where, entry, baseDir));
    target = upgradeTargetOf(options);
  } catch (err) {
    if (!(err instanceof HitlessError)) throw err;
    throw usageError(`${where}: ${err.message}`);
  }
  const address = options.host
    ? `${options.host}${options.port === undefined ? '' : `:${options.port}`}`
    : options.simulateFrom
      ? `twin of ${options.simulateFrom}`
      : `simulated ${options.simulate}`;
  const name = (entry.name as string | undefined) ?? address;
  const journal = resolve(baseDir, (entry.journal as string | undefined) ?? `${safeFileName(name)}.jsonl`);
  return { name, address, options: { ...options, journal }, target, journal };
}

function rangedKey(where: string, key: string, option: 'concurrency' | 'canary' | 'max-failures', value: unknown): number {
  try {
    if (typeof value !== 'number') throw usageError(`"${key}" must be a number, got ${describe(value)}`);
    return rangedNumber(option, String(value));
  } catch (err) {
    throw usageError(`${where}: ${(err as Error).message}`);
  }
}

/** onFailure "stop" already stops at the first failure: a failure limit beside it contradicts it. */
function rolloutOf(where: string, data: Record<string, unknown>, chassisCount: number, overrides: RolloutOverrides) {
  const maxFailures = overrides.maxFailures ?? (data.maxFailures === undefined ? undefined : rangedKey(where, 'maxFailures', 'max-failures', data.maxFailures));
  const canary = overrides.canary ?? (data.canary === undefined ? 0 : rangedKey(where, 'canary', 'canary', data.canary));
  if (maxFailures !== undefined && data.onFailure === 'stop') {
    throw usageError(`${where}: "onFailure": "stop" stops at the first failure; max-failures ${maxFailures} contradicts it (use one of them)`);
  }
  if (canary >= chassisCount) throw usageError(`${where}: canary ${canary} leaves no chassis for the rest (the fleet has ${chassisCount})`);
  const onFailure: OnFailure = maxFailures === undefined ? ((data.onFailure as OnFailure | undefined) ?? 'stop') : 'continue';
  return { onFailure, canary, ...(maxFailures !== undefined && { maxFailures }) };
}

function rejectDuplicates(where: string, chassis: FleetChassis[]): void {
  const seen = new Map<string, string>();
  const claim = (key: string, what: string, name: string) => {
    const other = seen.get(key);
    if (other !== undefined) throw usageError(`${where}: "${name}" and "${other}" ${what}; one run per chassis and journal`);
    seen.set(key, name);
  };
  for (const entry of chassis) {
    if (entry.options.host) claim(`host ${entry.options.host}:${entry.options.port ?? ''}`, `are the same chassis (${entry.options.host})`, entry.name);
    claim(`journal ${entry.journal}`, `share the journal ${entry.journal}`, entry.name);
    claim(`name ${entry.name}`, 'have the same name', entry.name);
  }
}

/** Validates a fleet file's text; `path` names it in messages and anchors relative paths. */
export function parseFleetFile(path: string, text: string, overrides: RolloutOverrides = {}): FleetPlan {
  const where = basename(path);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw usageError(`${where}: not valid JSON (${(err as Error).message})`);
  }
  if (!isRecord(data)) throw usageError(`${where}: expected a JSON object with "chassis": [...]`);
  rejectUnknownKeys(where, data, TOP_KEYS);
  const onFailure = data.onFailure;
  if (onFailure !== undefined && onFailure !== 'stop' && onFailure !== 'continue') throw usageError(`${where}: "onFailure" must be "stop" or "continue", got ${JSON.stringify(onFailure)}`);
  const defaults = data.defaults ?? {};
  if (!isRecord(defaults)) throw usageError(`${where}: "defaults" must be an object`);
  rejectUnknownKeys(`${where} defaults`, defaults, Object.keys(CHASSIS_KEYS));
  if (!Array.isArray(data.chassis) || data.chassis.length === 0) throw usageError(`${where}: "chassis" must be a non-empty list`);

  const baseDir = dirname(resolve(path));
  const chassis = data.chassis.map((entry: unknown, index: number) => {
    const label = `${where} chassis ${index + 1}${isRecord(entry) && typeof entry.name === 'string' ? ` (${entry.name})` : ''}`;
    if (!isRecord(entry)) throw usageError(`${label}: expected an object, got ${describe(entry)}`);
    rejectUnknownKeys(label, entry, [...Object.keys(CHASSIS_KEYS), ...ENTRY_ONLY_KEYS]);
    return chassisFrom(label, { ...defaults, ...entry }, baseDir);
  });
  rejectDuplicates(where, chassis);
  const concurrency = data.concurrency === undefined ? 1 : rangedKey(where, 'concurrency', 'concurrency', data.concurrency);
  return { file: resolve(path), concurrency, ...rolloutOf(where, data, chassis.length, overrides), chassis };
}

export function loadFleetFile(path: string, overrides: RolloutOverrides = {}): FleetPlan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw fileError('read fleet file', path, err);
  }
  return parseFleetFile(path, text, overrides);
}
