// One run per chassis. A run holds the chassis' lock (runs/HOST_PORT.lock, created with O_EXCL: process, host name,
// start time, journal) from before its first command to its end, and only the holder reads and writes the chassis'
// run state (runs/HOST_PORT.json: one versioned record, checked against schema/runstate.schema.json, replaced
// atomically through a temporary file of a unique name). A second hitless on the same chassis (another terminal, an
// Ansible play) stops at once, naming the run that holds it; a lock whose process is gone is taken over with a warning.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import commonSchema from '../../schema/common.schema.json' with { type: 'json' };
import runStateSchema from '../../schema/runstate.schema.json' with { type: 'json' };
import type { RunState, RunStateStore } from '../engine/runState.js';
import { usageError, writeStop } from '../errors.js';
import { privateStateFolder, stateDir } from '../stateDir.js';

const RECORD_VERSION = 1;

interface RunStateRecord {
  version: typeof RECORD_VERSION;
  chassis: string;
  state: RunState;
}

/** What the lock file says about the run that holds it. */
interface LockHolder {
  pid: number;
  hostname: string;
  /** ISO time the run took the lock. */
  since: string;
  journal?: string;
}

export interface ChassisRun {
  store: RunStateStore;
  /** Ends the claim: the lock file is removed if it is still this run's. */
  release(): void;
}

export interface ChassisClaim {
  host: string;
  port: number;
  journal?: string;
  /** Said when a dead run's lock is taken over. */
  warn: (message: string) => void;
}

const fileStem = (host: string, port: number) => `${host}_${port}`.replace(/[^A-Za-z0-9._-]/g, '_');
const runsDir = () => join(stateDir(), 'runs');

/** Takes the chassis for this run, or stops (exit 2) naming the run that has it; then checks its run state is readable. */
export async function claimChassis(claim: ChassisClaim): Promise<ChassisRun> {
  const chassis = `${claim.host}:${claim.port}`;
  const stem = join(runsDir(), fileStem(claim.host, claim.port));
  const validate = await runStateValidator();
  try {
    privateStateFolder('runs', claim.warn);
  } catch (error) {
    throw usageError(`cannot create the run-state folder ${runsDir()}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const lockFile = `${stem}.lock`;
  const me: LockHolder = { pid: process.pid, hostname: hostname(), since: new Date().toISOString(), ...(claim.journal && { journal: resolve(claim.journal) }) };
  takeLock(lockFile, me, chassis, claim.warn);
  const release = () => {
    heldLocks.delete(release);
    if (sameHolder(readHolder(lockFile), me)) unlinkQuietly(lockFile);
  };
  holdUntilExit(release);
  try {
    const store = fileRunStateStore(`${stem}.json`, chassis, validate);
    store.load();
    return { store, release };
  } catch (error) {
    release();
    throw error;
  }
}

/** The run state of a chassis as it is on disk, read through its schema without claiming the chassis (`hitless plan`). */
export async function readRunState(host: string, port: number): Promise<RunState | undefined> {
  const chassis = `${host}:${port}`;
  return fileRunStateStore(`${join(runsDir(), fileStem(host, port))}.json`, chassis, await runStateValidator()).load();
}

/** The locks this process holds (a fleet holds several), released also by an exit that skips release() (process.exit). */
const heldLocks = new Set<() => void>();
let releasedAtExit = false;
function holdUntilExit(release: () => void): void {
  if (!releasedAtExit) process.once('exit', () => [...heldLocks].forEach((held) => held()));
  releasedAtExit = true;
  heldLocks.add(release);
}

function takeLock(lockFile: string, me: LockHolder, chassis: string, warn: (message: string) => void): void {
  if (createLock(lockFile, me)) return;
  const holder = readHolder(lockFile);
  if (holder && holder.hostname === me.hostname && !processAlive(holder.pid) && moveAside(lockFile, holder)) {
    warn(`took over the lock of ${chassis} from a run that is gone (${describeHolder(holder)})`);
    if (createLock(lockFile, me)) return;
  }
  const current = readHolder(lockFile) ?? holder;
  throw usageError(
    current
      ? `${chassis} is being upgraded by another hitless run (${describeHolder(current)}): let it finish or stop it, then run again (lock ${lockFile})`
      : `${chassis} is locked by another hitless run that is just starting (lock ${lockFile}): let it finish or stop it, then run again`,
  );
}

const describeHolder = (holder: LockHolder) =>
  `process ${holder.pid} on ${holder.hostname}, since ${holder.since}, journal ${holder.journal ?? 'none'}`;

/** O_EXCL: exactly one of two runs starting together creates the file. */
function createLock(lockFile: string, me: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw usageError(`cannot create the lock ${lockFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    writeSync(fd, JSON.stringify(me) + '\n');
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(lockFile: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(lockFile, 'utf8')) as Partial<LockHolder>;
    return typeof holder.pid === 'number' && typeof holder.hostname === 'string' && typeof holder.since === 'string' ? (holder as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

const sameHolder = (a: LockHolder | undefined, b: LockHolder) => a?.pid === b.pid && a.hostname === b.hostname && a.since === b.since;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves a dead run's lock out of the way, unless another run took it over first: only the lock that was judged dead
 * is removed (two runs taking over together: one moves it, the other finds it gone or new and stops).
 */
function moveAside(lockFile: string, dead: LockHolder): boolean {
  const aside = `${lockFile}.${process.pid}-${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(lockFile, aside);
  } catch {
    return false;
  }
  const moved = readHolder(aside);
  if (moved && sameHolder(moved, dead)) {
    unlinkQuietly(aside);
    return true;
  }
  // Another run's fresh lock: put it back, unless yet another run made one meanwhile.
  if (moved && createLock(lockFile, moved)) unlinkQuietly(aside);
  return false;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

type Validate = (document: unknown) => string | undefined;

let compiled: Promise<Validate> | undefined;
const runStateValidator = (): Promise<Validate> => (compiled ??= compileRunStateSchema());

async function compileRunStateSchema(): Promise<Validate> {
  // Loaded on demand: only a run against a real chassis keeps a run state. Through the default export (ajv's
  // module.exports, which carries Ajv): the bundle's ajv chunk exports nothing else.
  const { default: ajv } = await import('ajv');
  const { Ajv } = ajv;
  const validate = new Ajv({ allErrors: false, strict: false, validateFormats: false }).addSchema(commonSchema).compile(runStateSchema);
  return (document) => {
    if (validate(document)) return undefined;
    const [error] = validate.errors ?? [];
    return error ? `${error.instancePath || 'the record'} ${error.message}` : 'it does not match schema/runstate.schema.json';
  };
}

/** The run state file, read through its schema (one line naming the file when it is not readable) and replaced whole. */
function fileRunStateStore(path: string, chassis: string, validate: Validate): RunStateStore {
  const unreadable = (reason: string) =>
    usageError(`${path} is not a readable hitless run state (${reason}): check the chassis with hitless status, then move the file away`);
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw unreadable((error as NodeJS.ErrnoException).code ?? String(error));
      }
      let document: unknown;
      try {
        document = JSON.parse(text);
      } catch {
        throw unreadable('not JSON');
      }
      const complaint = validate(document);
      if (complaint) throw unreadable(complaint);
      const record = document as RunStateRecord | RunState;
      return 'version' in record ? record.state : record;
    },
    // Written aside and renamed over the old file: a full disk leaves the previous state whole, and the run stops
    // before the command whose effect the state was to remember.
    save(state) {
      const record: RunStateRecord = { version: RECORD_VERSION, chassis, state };
      const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
      try {
        const fd = openSync(temp, 'wx', 0o600);
        try {
          writeSync(fd, JSON.stringify(record, null, 2) + '\n');
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        renameSync(temp, path);
      } catch (err) {
        rmSync(temp, { force: true });
        throw writeStop('run state', path, err);
      }
    },
  };
}
