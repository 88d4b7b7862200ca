// The upgrade loop: observe the chassis, let the procedure decide, confirm, re-check, act — until done or stopped.
// The procedure is pure; everything here is IO, sequencing and time.
import type { MsmSlot, ObservedChassis } from '../exos/chassisState.js';
import { masterOf, backupOf, formatVersion, msmInSlot, runningVersion, sameVersion } from '../exos/chassisView.js';
import { rollbackUpgradeTarget } from '../procedure/rollbackTarget.js';
import { failoverSpellingOn, otherSpelling, removeFileCommand, type FailoverSpelling } from '../exos/commands.js';
import { downloadProgress } from '../exos/downloadProgress.js';
import { isFileOnSwitch, isPushed, type FileOnSwitchSource, type PushedSource } from '../exos/imageSource.js';
import { parseDownloadResult } from '../exos/parseDownloadResult.js';
import { parseUseImageResult } from '../exos/parseUseImageResult.js';
import { ioResetAnswer, type AnsweredQuestion } from '../exos/platform.js';
import { commandNotKnown } from '../exos/switchErrors.js';
import { EXIT, HitlessError, StopRequest, type ErrorKind, type ExitCode } from '../errors.js';
import { decide, progressStarted } from '../procedure/decide.js';
import { answerPolicyFor, expectedQuestions, removeFilePolicy } from '../procedure/answers.js';
import { checkBeforeSending } from '../procedure/safety.js';
import { stuckBackup } from '../procedure/backupRollback.js';
import { actionTitle } from '../procedure/evidence.js';
import { resumeRollback, rollBackStuckBackup, type RollbackHost } from './rollback.js';
import { FOUND_DONE_DETAIL, StepDriver, type StepChange, type StepOutcome } from '../procedure/stepLedger.js';
import { keepConfigSafe, type ConfigKeeping } from './configKeeping.js';
import { STAGING_STEPS, type Action, type PlatformFacts, type StepId, type StepState, type UpgradeTarget } from '../procedure/types.js';
import { doneAtStagingDetail, stagedLine } from '../procedure/staging.js';
import type { CommandResult } from '../session/exosSession.js';
import { SessionError } from '../session/sessionError.js';
import type { ConfirmAnswer, ConfirmRequest, EngineEventBody, WaitDeadline } from './events.js';
import { DEFAULT_HEALTH_SETTLE_SECONDS, HealthCheck, type HealthCheckOptions } from './healthCheck.js';
import { checkFileOnSwitch, otherImagesIn } from './fileOnSwitch.js';
import { bytesText, listedBytes, listSwitchFiles, noRoomFor, readLocalImage, transferProgressEmitter } from './imagePush.js';
import type { FileListing } from '../exos/parseFileListing.js';
import { readChassis } from './observe.js';
import type { BackupRollbackState, ChassisIdentity, RunStateStore, StagedState } from './runState.js';
import type { OpenSession, SessionLike } from './sessionLike.js';

export interface EngineTiming {
  /** Pause between `show switch` reads while waiting. */
  pollMs: number;
  /** Longest wait for one step (backup back in sync, new master up) and longest silence inside a command. */
  stepTimeoutMs: number;
  /** Longest wait for the backup to be in sync before anything is changed, and for a reboot/failover to show. */
  shortWaitMs: number;
  /** Longest time to get a session back after the link dropped (failover). */
  reconnectTimeoutMs: number;
  /** The option that sets reconnectTimeoutMs (default --reconnect-timeout): what the give-up line names. */
  reconnectSetBy?: '--reconnect-timeout' | '--step-timeout';
}

export type { ConfirmRequest } from './events.js';

export interface UpgradeDeps {
  openSession: OpenSession;
  target: UpgradeTarget;
  emit: (event: EngineEventBody) => void;
  confirm: (request: ConfirmRequest) => Promise<ConfirmAnswer>;
  runState: RunStateStore;
  targetLabel: string;
  /** Where sessions go, for connection events, e.g. "10.0.0.1:22". */
  connectionLabel?: string;
  timing: EngineTiming;
  /** Aborting stops the run at the next safe point (never in the middle of a command), with exit 4. */
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Offer to roll back a backup that did not come up (full-screen, or headless with --rollback-on-failure). */
  offerRollback?: boolean;
  /** The I/O module and link check around each failover; default on, 60 s settle, stop (never ask) on a regression. */
  health?: HealthCheckOptions;
  /** What the MSMs' serial consoles showed of a boot failure of `slot` (evidence for the rollback), when watched. */
  consoleEvidence?: (slot: MsmSlot) => string[];
  /** Told when a failover hitless sent took the link down, with the chassis as read before it (host keys: connect.ts). */
  failoverPerformed?: (before: ChassisIdentity) => void;
  /** The configuration before the first destructive step: unsaved changes and the copy; none for a simulated chassis in tests. */
  configKeeping?: ConfigKeeping;
  /** `hitless stage` ended with the target installed on the backup: the line the operator needs for the window. */
  onStaged?: (line: string) => void;
}

const DEFAULT_HEALTH: HealthCheckOptions = { enabled: true, settleMs: DEFAULT_HEALTH_SETTLE_SECONDS * 1000, canAsk: false, acceptRegression: false };

type Outcome = ExitCode | undefined;

const MAX_LINK_DROPS_PER_STEP = 3;
/** The last look before a stop must not hold the operator's quit for long: the last read stands otherwise. */
const LOOK_AGAIN_TIMEOUT_MS = 10_000;
/** A push that moves no byte for this long (or --step-timeout, if shorter) has lost its link: it fails, a rerun resumes. */
const PUSH_STALL_MS = 30_000;
/** A local image that cannot be read (preflight, or gone by the time it is copied): what the operator can do. */
const UNREADABLE_IMAGE_ADVICE = 'give a readable image file with --image, then run again';
/** A reconnect that gives up this much past its limit says how long it really tried. */
const RECONNECT_OVERRUN_SAID_MS = 2_000;

function abortableSleep(signal: AbortSignal | undefined): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    });
}

export function runUpgrade(deps: UpgradeDeps): Promise<ExitCode> {
  return new UpgradeRun(deps).execute();
}

class UpgradeRun {
  private session?: SessionLike;
  private last?: ObservedChassis;
  private currentWait?: { key: string; since: number };
  private readonly steps: StepDriver;
  private readonly linkDrops = new Map<StepId, number>();
  private readonly loggedQuestions = new WeakSet<AnsweredQuestion>();
  /** A command that changes the chassis went out after the last `show switch`. */
  private sentSinceRead = false;
  private lastSent?: string;
  private readonly startedAt: number;
  private spellingOverride?: FailoverSpelling;
  private target: UpgradeTarget;
  private rollbackResolved = false;
  private namedOtherImages = false;
  private localImageGoneSaid = false;
  /** What the operator confirms with the next install besides it: the copy of a local image, when `ls` lacks it. */
  private copyFirst?: string;
  /** Local images this run found or copied on the switch at their size: the switch's copy serves if the local file goes. */
  private readonly checkedCopies = new Map<string, number>();
  private configKept = false;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly health: HealthCheck;

  constructor(private readonly deps: UpgradeDeps) {
    this.target = { ...deps.target };
    this.sleep = deps.sleep ?? abortableSleep(deps.signal);
    this.now = deps.now ?? Date.now;
    this.startedAt = this.now();
    this.steps = new StepDriver(this.now);
    this.health = new HealthCheck({
      options: deps.health ?? DEFAULT_HEALTH,
      emit: deps.emit,
      confirm: (step, action, decision, evidence) =>
        this.ask({ step, action, title: `${decision[0]!.toUpperCase()}${decision.slice(1)}`, command: decision, decision: true, questions: [], evidence, canSkip: false }),
      runState: deps.runState,
      targetLabel: deps.targetLabel,
      pollMs: deps.timing.pollMs,
      readTimeoutMs: deps.timing.stepTimeoutMs,
      stopCode: () => this.stopCode,
      sleep: this.sleep,
      now: this.now,
    });
  }

  async execute(): Promise<ExitCode> {
    try {
      this.enterStep('preflight');
      this.deps.emit({ type: 'connecting', description: this.connectionLabel, attempt: 1 });
      this.session = await this.deps.openSession();
      this.deps.emit({ type: 'connected', description: this.session.via ?? this.connectionLabel });
      this.health.announce();
      for (;;) {
        if (this.deps.signal?.aborted) return await this.aborted();
        const observed = await this.observe();
        const outcome = await this.step(observed);
        if (outcome !== undefined) return outcome;
      }
    } catch (err) {
      if (!(err instanceof HitlessError)) throw err;
      return this.stop(err.kind, err.message, err.exitCode, err.advice ?? this.unconfirmedAdvice(err));
    } finally {
      this.session?.close();
    }
  }

  /** The link went before the effect of the last command could be read: what it may have done is found out first. */
  private unconfirmedAdvice(err: HitlessError): string | undefined {
    if (err.kind !== 'link-lost' || !this.sentSinceRead || !this.lastSent) return undefined;
    return (
      `"${this.lastSent}" was sent and its effect not read since: find out which MSM is MASTER now (hitless status, ` +
      `over ${this.connectionLabel} once it answers or over the MSMs' consoles with --console-a/--console-b), then rerun the same command to resume`
    );
  }

  private get connectionLabel(): string {
    return this.deps.connectionLabel ?? 'the switch';
  }

  /** 3 when nothing of the target is on the chassis yet (nothing changed), 4 once the procedure has started. */
  private get stopCode(): ExitCode {
    return this.last && progressStarted(this.last, this.target) ? EXIT.stoppedSafe : EXIT.precondition;
  }

  /** Why the run was asked to stop when that was not the operator (a file that cannot be written). */
  private get stopRequest(): StopRequest | undefined {
    const reason: unknown = this.deps.signal?.aborted ? this.deps.signal.reason : undefined;
    return reason instanceof StopRequest ? reason : undefined;
  }

  private async aborted(): Promise<ExitCode> {
    await this.lookAgain();
    const request = this.stopRequest;
    if (request) return this.stop(request.kind, request.message, request.exitCode, request.advice);
    return this.stop('stopped', 'stopped by the operator; the chassis is in a safe state (rerun to resume)', EXIT.stoppedSafe);
  }

  /**
   * A quit waits for the command under way, and the switch may have changed the chassis with it (a transfer that
   * installed and selected the new release): one more `show switch`, so the run ends on what is so, not what was.
   */
  private async lookAgain(): Promise<void> {
    const session = this.session;
    if (!this.sentSinceRead || !session || session.closed) return;
    try {
      const timeoutMs = Math.min(this.deps.timing.shortWaitMs, LOOK_AGAIN_TIMEOUT_MS);
      const observed = await readChassis(session, { withImages: this.target.xmods.length > 0, timeoutMs, exitCodeOnFailure: this.stopCode });
      this.deps.emit({ type: 'state', show: observed.show, images: observed.images });
      this.last = observed;
      this.sentSinceRead = false;
    } catch (err) {
      if (!(err instanceof HitlessError) && !(err instanceof SessionError)) throw err;
      // The last read stands; the run-end says what was sent since it.
    }
  }

  private stop(kind: ErrorKind, message: string, exitCode: ExitCode = this.stopCode, advice?: string): ExitCode {
    this.endStep('failed', message);
    this.deps.emit({ type: 'error', kind, message, exitCode, ...(advice && { advice }) });
    return exitCode;
  }

  private facts(observed: ObservedChassis): PlatformFacts {
    return { failoverCommand: this.spellingOverride ?? failoverSpellingOn(observed.show) };
  }

  private async observe(): Promise<ObservedChassis> {
    for (;;) {
      const session = await this.liveSession();
      try {
        const observed = await readChassis(session, {
          withImages: this.target.xmods.length > 0,
          timeoutMs: this.deps.timing.stepTimeoutMs,
          exitCodeOnFailure: this.stopCode,
        });
        this.deps.emit({ type: 'state', show: observed.show, images: observed.images });
        this.sentSinceRead = false;
        this.resolveRollback(observed);
        this.last = observed;
        this.rememberOriginalMaster(observed);
        return observed;
      } catch (err) {
        if (!(err instanceof HitlessError) || err.kind !== 'link-lost') throw err;
        this.deps.emit({ type: 'disconnected', reason: err.message, expected: false });
      }
    }
  }

  private async liveSession(): Promise<SessionLike> {
    if (this.session && !this.session.closed) return this.session;
    this.session = await this.reconnect();
    return this.session;
  }

  private async reconnect(): Promise<SessionLike> {
    const since = this.now();
    const limit = this.deps.timing.reconnectTimeoutMs;
    const deadline: WaitDeadline = { at: new Date(since + limit).toISOString(), setBy: this.reconnectSetBy };
    let pause = Math.min(500, this.deps.timing.pollMs);
    const description = this.connectionLabel;
    this.deps.emit({ type: 'progress', activity: `reconnecting to ${description}`, deadline });
    for (let attempt = 1; ; attempt++) {
      this.deps.emit({ type: 'connecting', description, attempt });
      try {
        const session = await this.deps.openSession({ timeLeftMs: Math.max(0, since + limit - this.now()) });
        this.deps.emit({ type: 'connected', description: session.via ?? description });
        return session;
      } catch (err) {
        const retryable = err instanceof HitlessError && (err.kind === 'connect' || err.kind === 'timeout' || err.kind === 'link-lost');
        if (!retryable) throw err;
        if (this.now() + pause > since + limit) throw this.gaveUpReconnecting(this.now() - since, limit, err.message);
        this.deps.emit({ type: 'progress', activity: `reconnecting (attempt ${attempt}): ${err.message}`, deadline });
        await this.sleep(pause);
        pause = Math.min(pause * 2, 5000);
      }
    }
  }

  /**
   * Each attempt is bounded by the time left, so the run gives up at the limit; an attempt that still ran over it (an
   * operator answering a question, a slow last read) is said as it was.
   */
  private gaveUpReconnecting(triedMs: number, limitMs: number, lastAttempt: string): HitlessError {
    const limit = `${Math.round(limitMs / 1000)} s`;
    const within = triedMs > limitMs + RECONNECT_OVERRUN_SAID_MS ? `after ${Math.round(triedMs / 1000)} s (limit ${limit}, ` : `within ${limit} (`;
    return new HitlessError('link-lost', `could not reconnect ${within}${this.reconnectSetBy}); the last attempt: ${lastAttempt}`, EXIT.stoppedSafe);
  }

  private get reconnectSetBy(): string {
    return this.deps.timing.reconnectSetBy ?? '--reconnect-timeout';
  }

  /** `hitless rollback`: the release to go back to, read off the chassis once (or resumed from the run state). */
  private resolveRollback(observed: ObservedChassis): void {
    if (!this.target.rollback || this.rollbackResolved) return;
    const saved = this.deps.runState.load();
    const resumed = saved?.target === this.deps.targetLabel ? saved.rollbackRelease : undefined;
    const resolved = rollbackUpgradeTarget(this.target, observed, { resumed, upgradedFrom: saved?.lastUpgrade?.from });
    if (!resolved.ok) throw new HitlessError('precondition', resolved.reason, EXIT.precondition, resolved.advice);
    this.target = resolved.target;
    this.rollbackResolved = true;
    if (!resumed) this.deps.runState.save({ ...saved, target: this.deps.targetLabel, rollbackRelease: resolved.release });
    if (resumed) this.deps.emit({ type: 'warning', message: `resuming the rollback to ${formatVersion(resolved.release)} begun by an earlier run` });
  }

  /** Failback needs the MSM that was master before the upgrade; record it while it can still be read off the chassis. */
  private rememberOriginalMaster(observed: ObservedChassis): void {
    const inferred = inferOriginalMaster(observed, this.target);
    const saved = this.deps.runState.load();
    const known = saved?.target === this.deps.targetLabel ? saved.originalMaster : undefined;
    const originalMaster = known ?? inferred;
    if (originalMaster && originalMaster !== saved?.originalMaster) {
      this.deps.runState.save({ ...saved, target: this.deps.targetLabel, originalMaster });
    }
    this.target.originalMaster = originalMaster;
  }

  private async step(observed: ObservedChassis): Promise<Outcome> {
    const rollback = this.savedRollback();
    if (rollback) {
      const outcome = await resumeRollback(this.rollbackHost(), rollback, observed);
      if (outcome !== undefined) return outcome;
    }
    const decision = decide(observed, this.target, this.facts(observed));
    this.deps.emit({ type: 'decision', action: decision.action, evidence: decision.evidence, checklist: decision.checklist });
    const action = decision.action;
    this.copyFirst = undefined;
    // Looked for while the step before it is still current: a file that is not there stops the preflight, not the install.
    if (action.kind === 'download' && isFileOnSwitch(action.image.source)) {
      const source = action.image.source;
      const missing = isPushed(source) ? await this.pushPreflight(source) : await this.fileOnSwitchMissing(source);
      if (missing !== undefined) return missing;
    }
    if (this.target.stage && action.kind !== 'done' && !STAGING_STEPS.has(action.step)) return this.endStaging(action, observed);
    this.enterStep(action.step, decision.checklist, 'command' in action ? action.command : undefined);
    switch (action.kind) {
      case 'done':
        this.clearPendingEffect();
        await this.health.atVerify(await this.liveSession(), action);
        await this.removePushedImages();
        this.endStep('done', action.detail);
        return EXIT.ok;
      case 'stop':
        return this.stop('precondition', action.reason, action.exitCode);
      case 'wait': {
        const key = `${action.step}:${action.until}`;
        const stuck = stuckBackup(observed, this.target, action.step);
        if (stuck && (stuck.failed || this.waitedLongerThan(key, this.waitLimit(action.step)))) {
          return rollBackStuckBackup(this.rollbackHost(), stuck, action.step, decision.evidence);
        }
        return this.waitFor(key, action.detail, this.waitLimit(action.step));
      }
      default:
        return this.destructive(action, decision.evidence);
    }
  }

  /**
   * A step runs from when it becomes current (its decision) until another one does (or it fails), so the confirmation
   * and the waits after a command (a backup rebooting, a new master settling) belong to the step the checklist shows,
   * and steps never overlap. The steps passed without becoming current get their pair as the checklist shows them.
   */
  private enterStep(step: StepId, checklist?: Record<StepId, StepState>, command?: string): void {
    this.announce(this.steps.moveTo(step, checklist, command));
  }

  private endStep(outcome: StepOutcome, detail?: string): void {
    this.announce(this.steps.endOpen(outcome, detail));
  }

  private announce(changes: StepChange[]): void {
    const staged = this.stagedEarlier();
    for (const change of changes) {
      const doneAtStaging = staged && change.type === 'step-end' && change.detail === FOUND_DONE_DETAIL && STAGING_STEPS.has(change.step);
      this.deps.emit(doneAtStaging ? { ...change, detail: doneAtStagingDetail(staged.at) } : change);
    }
  }

  /** What `hitless stage` installed for this target, when an earlier run staged it. */
  private stagedEarlier(): StagedState | undefined {
    const saved = this.deps.runState.load();
    const staged = saved?.target === this.deps.targetLabel ? saved.staged : undefined;
    return staged && !this.target.stage && staged.version === formatVersion(this.target.core.version) ? staged : undefined;
  }

  /** `hitless stage` stops before the first step that touches redundancy: at the backup's reboot it is staged (exit 0). */
  private endStaging(action: Action, observed: ObservedChassis): ExitCode {
    if (action.kind !== 'reboot-backup' || action.step !== 'reboot-first-backup') {
      return this.stop('precondition', `the upgrade is already past staging (next step: ${action.step}): run hitless upgrade to finish it`, EXIT.precondition);
    }
    const partition = msmInSlot(observed.show, action.slot)?.selected ?? 'its selected partition';
    const version = formatVersion(this.target.core.version);
    const line = stagedLine(`MSM-${action.slot} holds ${version} on ${partition}; in the window "hitless upgrade" with the same options starts at the backup's reboot ("${action.command}")`);
    const saved = this.deps.runState.load();
    const earlier = saved?.target === this.deps.targetLabel ? saved.staged : undefined;
    const sameAsEarlier = earlier?.slot === action.slot && earlier.partition === partition && earlier.version === version;
    // A second stage run changes nothing: the staging time stays the time the install was done.
    if (!sameAsEarlier && (partition === 'primary' || partition === 'secondary')) {
      const staged: StagedState = { slot: action.slot, partition, version, at: new Date(this.now()).toISOString() };
      this.deps.runState.save({ ...saved, target: this.deps.targetLabel, staged });
    }
    this.endStep('done', line);
    this.deps.onStaged?.(line);
    return EXIT.ok;
  }

  private waitLimit(step: StepId): number {
    return waitLimitMs(step, this.deps.timing);
  }

  private waitedLongerThan(key: string, limit: number): boolean {
    return this.currentWait?.key === key && this.now() - this.currentWait.since > limit;
  }

  /** A rollback of a backup that an earlier run of this target began and did not finish. */
  private savedRollback(): BackupRollbackState | undefined {
    const saved = this.deps.runState.load();
    return saved?.target === this.deps.targetLabel ? saved.backupRollback : undefined;
  }

  private rollbackHost(): RollbackHost {
    const { deps } = this;
    return {
      target: this.target,
      offered: deps.offerRollback ?? false,
      timing: deps.timing,
      emit: deps.emit,
      enterStep: (step) => this.enterStep(step),
      endStep: (detail) => this.endStep('failed', detail),
      confirm: (request) => this.operatorDecides(request),
      observe: () => this.observe(),
      send: (action) => this.send(action),
      remember: (backupRollback) => {
        const saved = deps.runState.load();
        if (backupRollback || saved?.backupRollback) deps.runState.save({ ...saved, target: deps.targetLabel, backupRollback });
      },
      consoleEvidence: deps.consoleEvidence ?? (() => []),
      sleep: this.sleep,
      now: this.now,
    };
  }

  /** Waits one poll interval; gives up (stop) once the same wait has lasted longer than `limit`. */
  private async waitFor(key: string, detail: string, limit: number): Promise<Outcome> {
    if (this.currentWait?.key !== key) this.currentWait = { key, since: this.now() };
    const waited = this.now() - this.currentWait.since;
    if (waited > limit) {
      return this.stop('timeout', `gave up after ${Math.round(waited / 1000)} s: ${detail}`);
    }
    this.deps.emit({ type: 'progress', activity: `${detail} (${Math.round(waited / 1000)} s)`, deadline: this.deadline(this.currentWait.since, limit) });
    await this.sleep(this.deps.timing.pollMs);
    return undefined;
  }

  private deadline(since: number, limit: number): WaitDeadline {
    return { at: new Date(since + limit).toISOString(), setBy: limitSetBy(limit, this.deps.timing) };
  }

  /**
   * A reboot or failover shows its effect only after a while, so the same one is never sent twice in a row by itself.
   * When it shows no effect within the short wait, this run stops; only a new run (the operator's decision) may send
   * it again, after confirmation.
   */
  private pendingEffect(command: string): { sentAt: number } | undefined {
    const saved = this.deps.runState.load();
    const last = saved?.target === this.deps.targetLabel ? saved.lastDestructive : undefined;
    if (last?.command !== command) {
      if (saved?.lastDestructive) this.clearPendingEffect();
      return undefined;
    }
    const expired = this.now() - last.sentAt > this.deps.timing.shortWaitMs;
    if (expired && last.sentAt < this.startedAt) {
      this.deps.emit({ type: 'warning', message: `"${command}" was sent by an earlier run and showed no effect; it needs confirmation again` });
      this.clearPendingEffect();
      return undefined;
    }
    return last;
  }

  private recordPendingEffect(command: string, failoverFrom?: ChassisIdentity): void {
    const saved = this.deps.runState.load();
    const lastDestructive = { command, sentAt: this.now(), ...(failoverFrom && { failoverFrom }) };
    this.deps.runState.save({ ...saved, target: this.deps.targetLabel, lastDestructive });
  }

  private clearPendingEffect(): void {
    const saved = this.deps.runState.load();
    if (saved?.lastDestructive) this.deps.runState.save({ ...saved, lastDestructive: undefined });
  }

  private async destructive(action: Exclude<Action, { kind: 'wait' | 'done' | 'stop' }>, evidence: string[]): Promise<Outcome> {
    if (action.kind === 'reboot-backup' || action.kind === 'failover') {
      const pending = this.pendingEffect(action.command);
      if (pending) {
        const ago = Math.round((this.now() - pending.sentAt) / 1000);
        return this.waitFor(
          `effect:${action.command}`,
          `waiting for "${action.command}" (sent ${ago} s ago) to take effect`,
          this.deps.timing.shortWaitMs,
        );
      }
    }
    const kept = await this.keepConfig(action);
    // After a save the decision's evidence (unsaved changes) is out of date: read the chassis and decide again.
    if (kept === 'saved') return undefined;
    if (kept !== undefined) return this.stop('stopped', `stopped by the operator before "save configuration"`, kept);
    await this.health.beforeDestructive(await this.liveSession(), action, this.failoverHappened());
    const answer = await this.ask({
      step: action.step,
      action,
      title: actionTitle(action),
      command: action.command,
      questions: expectedQuestions(action, this.target, this.last?.show),
      evidence: action.kind === 'download' && this.copyFirst ? [...evidence, this.copyFirst] : evidence,
      canSkip: action.step === 'failback',
    });
    if (answer === 'skip' && action.step === 'failback') {
      this.target.failback = false;
      this.endStep('skipped');
      return undefined;
    }
    if (answer !== 'confirm') return this.stopRequest ? await this.aborted() : this.stop('stopped', `stopped by the operator before "${action.command}"`, EXIT.stoppedSafe);
    if (this.deps.signal?.aborted) return await this.aborted();

    this.currentWait = undefined;
    try {
      // A copy can take minutes: the chassis is read again after it, before the install is sent.
      if (action.kind === 'download' && isPushed(action.image.source)) {
        const notCopied = await this.pushImage(action.image.source);
        if (notCopied !== undefined) return notCopied;
      }
      const fresh = await this.observe();
      const check = checkBeforeSending(action, fresh, this.target);
      if (!check.ok) return this.stop('precondition', `not sending "${action.command}": ${check.reason}`, this.stopCode);

      this.recordUpgrade(fresh);
      switch (action.kind) {
        case 'download':
          return await this.download(action);
        case 'select-partition':
          return await this.selectPartition(action);
        case 'reboot-backup':
          return await this.rebootBackup(action);
        case 'failover':
          return await this.failover(action);
      }
    } catch (err) {
      if (!(err instanceof SessionError) || err.kind !== 'link-lost') throw err;
      // The outcome is unknown: log what was answered, then reconnect and decide again from what the chassis shows.
      this.logQuestions(action.step, err.questions);
      this.endStep('failed', err.command === undefined ? 'the link dropped while the image was copied' : 'the link dropped while the command ran');
      this.deps.emit({ type: 'disconnected', reason: err.message, expected: false });
      const drops = (this.linkDrops.get(action.step) ?? 0) + 1;
      this.linkDrops.set(action.step, drops);
      return drops < MAX_LINK_DROPS_PER_STEP ? undefined : this.stop('link-lost', `the link dropped ${drops} times during ${action.step}; check the path to the switch, then rerun`, EXIT.stoppedSafe);
    }
  }

  /** The memory card's or the switch's file is listed where the command will look; a second .xos there is named once. */
  private async fileOnSwitchMissing(source: FileOnSwitchSource): Promise<Outcome> {
    const check = await checkFileOnSwitch(await this.liveSession(), source, this.deps.timing.stepTimeoutMs);
    if (check.notListed !== undefined) {
      const message = `${source.file} is not on ${check.place} (${check.notListed}): nothing was sent to install it`;
      return this.stop('precondition', message, this.stopCode, `put ${source.file} there (or name where it is with --image), then run again`);
    }
    this.steps.noteDetail(`${source.file} is on ${check.place} (${bytesText(check.bytes)})`);
    this.nameOtherImages(check.otherImages, source.file);
    return undefined;
  }

  /** The otherImages warning of a switch file, once per run. */
  private nameOtherImages(others: string[], file: string): void {
    if (others.length === 0 || this.namedOtherImages) return;
    this.namedOtherImages = true;
    this.deps.emit({ type: 'warning', message: `the switch also holds ${others.join(', ')}: EXOS keeps one image at a time for installation; ${file} is the one installed` });
  }

  /** A local image: readable here, and either on the switch at its size already or with room for it there (`ls`). */
  private async pushPreflight(source: PushedSource): Promise<Outcome> {
    const local = await readLocalImage(source);
    const listing = await listSwitchFiles(await this.liveSession(), this.deps.timing.stepTimeoutMs);
    if ('problem' in local) {
      if (this.checkedCopyServes(source.file, local.problem, listing)) return undefined;
      return this.stop('precondition', `the image to copy to the switch: ${local.problem}; nothing was sent`, this.stopCode, UNREADABLE_IMAGE_ADVICE);
    }
    this.nameOtherImages(otherImagesIn(listing, source.file), source.file);
    const noRoom = noRoomFor(local, source.file, listing);
    if (noRoom !== undefined) {
      return this.stop('precondition', `${noRoom}: nothing was sent`, this.stopCode, 'free space on the switch ("ls", then "rm" a file that is not needed), then run again');
    }
    const there = listedBytes(listing, source.file) === local.bytes;
    this.copyFirst = there ? undefined : `${local.path} (${bytesText(local.bytes)}) is copied to the switch over the SSH login first`;
    this.steps.noteDetail(`${source.file} (${bytesText(local.bytes)}) ${there ? 'is on the switch already: not copied again' : 'is copied to the switch, then installed'}`);
    return undefined;
  }

  /**
   * Copies a local image to the switch unless `ls` lists it at its size already, and checks the size `ls` shows after.
   * A dropped or stalled copy throws a link-lost SessionError: the run reconnects and comes back here.
   */
  private async pushImage(source: PushedSource): Promise<Outcome> {
    const timeoutMs = this.deps.timing.stepTimeoutMs;
    const local = await readLocalImage(source);
    const session = await this.liveSession();
    const listing = await listSwitchFiles(session, timeoutMs);
    if ('problem' in local) {
      if (this.checkedCopyServes(source.file, local.problem, listing)) return undefined;
      return this.stop('precondition', `the image to copy to the switch: ${local.problem}`, this.stopCode, UNREADABLE_IMAGE_ADVICE);
    }
    if (listedBytes(listing, source.file) === local.bytes) {
      this.checkedCopies.set(source.file, local.bytes);
      return undefined;
    }
    if (!session.pushFile) {
      return this.stop('precondition', `${session.via ?? this.connectionLabel} cannot copy files to the switch`, this.stopCode, `copy ${source.file} to the switch over SSH first, or name it switch:${source.file}`);
    }
    const { file } = source;
    const progress = transferProgressEmitter(this.deps.emit, this.now);
    let started = false;
    let sent = 0;
    try {
      const result = await session.pushFile(local.path, file, {
        stallTimeoutMs: Math.min(PUSH_STALL_MS, timeoutMs),
        onStart: (via, bytesTotal) => {
          started = true;
          this.deps.emit({ type: 'transfer-start', file, bytesTotal, via });
        },
        onProgress: (bytesSent, bytesTotal) => progress((sent = bytesSent), bytesTotal),
      });
      this.deps.emit({ type: 'transfer-end', file, bytesSent: result.bytesSent, outcome: 'done' });
    } catch (err) {
      if (started) this.deps.emit({ type: 'transfer-end', file, bytesSent: sent, outcome: 'failed' });
      throw err;
    }
    const listed = listedBytes(await listSwitchFiles(await this.liveSession(), timeoutMs), file);
    if (listed === local.bytes) {
      this.checkedCopies.set(file, local.bytes);
      return undefined;
    }
    const found = listed === undefined ? '"ls" does not list it' : `"ls" shows ${bytesText(listed)}`;
    return this.stop('switch-error', `${file} was copied (${bytesText(local.bytes)}) but ${found}: not installed`, EXIT.stoppedSafe, 'run again to copy it again');
  }

  /**
   * The local file cannot be read any more, but this run saw the switch's copy at the local file's size, and `ls` still
   * shows that size: the second MSM installs from it rather than the upgrade stopping half-way (said once).
   */
  private checkedCopyServes(file: string, problem: string, listing: FileListing): boolean {
    const bytes = this.checkedCopies.get(file);
    if (bytes === undefined || listedBytes(listing, file) !== bytes) return false;
    if (!this.localImageGoneSaid) {
      this.localImageGoneSaid = true;
      this.deps.emit({ type: 'warning', message: `${problem}: ${file} is installed from the switch's copy (${bytesText(bytes)}, the local file's size when this run checked it)` });
    }
    return true;
  }

  /**
   * Once both MSMs run the target: the images hitless copied to the switch are removed, unless --keep-image. The
   * upgrade is done either way: a removal that fails (or a link that drops meanwhile) is a warning.
   */
  private async removePushedImages(): Promise<void> {
    const pushed = [this.target.core, ...this.target.xmods].map(({ source }) => source).filter(isPushed);
    if (pushed.length === 0 || this.target.keepImage) return;
    try {
      const session = await this.liveSession();
      const listing = await listSwitchFiles(session, this.deps.timing.stepTimeoutMs);
      for (const { file } of pushed.filter(({ file }) => listedBytes(listing, file) !== undefined)) {
        const problem = await this.removeFile(session, file);
        if (problem !== undefined) this.deps.emit({ type: 'warning', message: `${file} stays on the switch: ${problem}` });
      }
    } catch (err) {
      if (!(err instanceof HitlessError)) throw err;
      this.deps.emit({ type: 'warning', message: `the copied image may stay on the switch: ${err.message}` });
    }
  }

  /** `rm FILE`, its question (if any) matched and answered; what went wrong, if anything. */
  private async removeFile(session: SessionLike, file: string): Promise<string | undefined> {
    const command = removeFileCommand(file);
    this.deps.emit({ type: 'command', command, step: 'verify' });
    const result = await session.run(command, {
      answer: removeFilePolicy(file),
      idleTimeoutMs: this.deps.timing.stepTimeoutMs,
      onAnswer: (question) => this.logQuestions('verify', [question]),
    });
    this.logQuestions('verify', result.questions);
    const problem = this.unexpected(result) ?? result.errors[0];
    return problem && `"${command}": ${problem}`;
  }

  /** Once per run, before its first destructive step (engine/configKeeping.ts). */
  private async keepConfig(action: Action): Promise<ExitCode | 'saved' | undefined> {
    const keeping = this.deps.configKeeping;
    if (!keeping || this.configKept) return undefined;
    this.configKept = true;
    return keepConfigSafe(
      {
        keeping,
        session: () => this.liveSession(),
        emit: this.deps.emit,
        ask: (request) => this.ask(request),
        logQuestions: (step, questions) => this.logQuestions(step, questions),
        runState: this.deps.runState,
        targetLabel: this.deps.targetLabel,
        idleTimeoutMs: this.deps.timing.stepTimeoutMs,
        now: this.now,
      },
      action,
      this.last?.configUnsaved ?? false,
      this.stopCode,
    );
  }

  /** Before the first change of an upgrade: the release it began from, the one `hitless rollback` may go back to unnamed. */
  private recordUpgrade(observed: ObservedChassis): void {
    if (this.target.rollback) return;
    const saved = this.deps.runState.load();
    const to = this.target.core.version;
    if (saved?.lastUpgrade && sameVersion(saved.lastUpgrade.to, to)) return;
    const original = this.target.originalMaster ?? masterOf(observed.show)?.slot;
    const from = original && runningVersion(msmInSlot(observed.show, original)!);
    if (from && !sameVersion(from, to)) this.deps.runState.save({ ...saved, target: saved?.target ?? this.deps.targetLabel, lastUpgrade: { from, to } });
  }

  private async ask(request: ConfirmRequest): Promise<ConfirmAnswer> {
    const { step, title, command, decision, questions, evidence } = request;
    this.deps.emit({ type: 'confirm-request', step, title, command, ...(decision && { decision }), questions, evidence });
    const answer = await this.operatorDecides(request);
    this.deps.emit({ type: 'confirm-response', step, answer, by: 'operator' });
    return answer;
  }

  /** Nothing is sent while the operator decides; the session may check the link less often meanwhile. */
  private operatorDecides(request: ConfirmRequest): Promise<ConfirmAnswer> {
    const decision = () => this.deps.confirm(request);
    return this.session?.whileOperatorDecides?.(decision) ?? decision();
  }

  /** The chassis has a master other than the one the upgrade began with. */
  private failoverHappened(): boolean {
    const master = this.last && masterOf(this.last.show);
    return this.target.originalMaster !== undefined && master !== undefined && master.slot !== this.target.originalMaster;
  }

  /** Who the chassis is, as last read: what the reconnect after a failover must find again. */
  private chassisIdentity(): ChassisIdentity {
    const systemMac = this.last?.show.systemMac;
    return systemMac === undefined ? {} : { systemMac };
  }

  private async send(action: Action & { command: string }, onProgress?: (chunk: string) => void): Promise<CommandResult> {
    const session = await this.liveSession();
    this.deps.emit({ type: 'command', command: action.command, step: action.step });
    this.sentSinceRead = true;
    this.lastSent = action.command;
    const result = await session.run(action.command, {
      answer: answerPolicyFor(action, this.target),
      idleTimeoutMs: this.deps.timing.stepTimeoutMs,
      onProgress,
      // Journaled when answered, not when the command ends (a download answers its question before the transfer).
      onAnswer: (question) => this.logQuestions(action.step, [question]),
    });
    this.logQuestions(action.step, result.questions);
    return result;
  }

  /** Each answered question once, whether the session announced it as answered or only with the result. */
  private logQuestions(step: StepId, questions: readonly AnsweredQuestion[]): void {
    for (const question of questions) {
      if (this.loggedQuestions.has(question)) continue;
      this.loggedQuestions.add(question);
      this.deps.emit({ type: 'question', step, question });
    }
  }

  private warnIfIoResetAccepted(questions: readonly AnsweredQuestion[]): void {
    if (ioResetAnswer(questions) === 'accepted') {
      this.deps.emit({ type: 'warning', message: 'the operator accepted an I/O module reset (outage) at failover (--allow-io-reset)' });
    }
  }

  /** A command failed or was refused: the run ends on a read taken after it, where the session still allows one. */
  private async failStep(message: string, exitCode: ExitCode = this.stopCode, advice?: string): Promise<ExitCode> {
    await this.lookAgain();
    this.endStep('failed', message);
    return this.stop('switch-error', message, exitCode, advice);
  }

  private unexpected(result: CommandResult): string | undefined {
    const q = result.unexpectedQuestion;
    return q && `the switch asked "${q.text.trim()}", which hitless did not expect; answered "${q.reply || '<Enter>'}" (${q.reason})`;
  }

  private async download(action: Extract<Action, { kind: 'download' }>): Promise<Outcome> {
    const progress = downloadProgress(action.slot, (activity) => this.deps.emit({ type: 'progress', slot: action.slot, activity }));
    const result = await this.send(action, progress);
    const problem = this.downloadProblem(action, result);
    if (problem === undefined) {
      this.steps.noteDetail(`${action.image.source.file} installed to ${action.partition} on MSM-${action.slot}`);
      return undefined;
    }
    // Whether the chassis changed decides between exit 3 and 4, so read it again rather than trust garbled output.
    await this.observe().catch(() => undefined);
    return this.failStep(problem.message, this.stopCode, problem.advice);
  }

  private downloadProblem(action: Extract<Action, { kind: 'download' }>, result: CommandResult): { message: string; advice?: string } | undefined {
    const surprise = this.unexpected(result);
    if (surprise) return { message: surprise };
    const outcome = parseDownloadResult(result.output);
    if (outcome.contractExpired) {
      return {
        message: `MSM-${action.slot}: service contract expired; the switch refused to download ${action.image.source.file}`,
        advice: 'the switch refuses every download while its service contract is expired: renew it with Extreme, then run again',
      };
    }
    const [error] = new Set([...result.errors, ...outcome.errors]);
    const what = action.image.source.kind === 'switch' ? `install on MSM-${action.slot}` : `download to MSM-${action.slot}`;
    if (error !== undefined) return { message: `${what} failed: ${error}`, advice: this.downloadPathAdvice(action) };
    if (!outcome.installed) return { message: `${what} ended without "Image installed successfully"` };
    if (outcome.partition && outcome.partition !== action.partition) {
      return { message: `the switch installed to ${outcome.partition}, not to the ${action.partition} partition hitless asked for` };
    }
    return undefined;
  }

  /** Where the switch fetched the image from, so a failed transfer names what to check. */
  private downloadPathAdvice(action: Extract<Action, { kind: 'download' }>): string {
    const { source } = action.image;
    if (source.kind === 'memorycard') return `check the memory card and ${source.file} on it ("ls memorycard"), then run again`;
    if (isPushed(source)) {
      return `check that ${source.pushedFrom} is the EXOS image for this chassis; the copy stays on the switch ("rm ${source.file}" removes it), then run again`;
    }
    if (source.kind === 'switch') return `check ${source.file} on the switch ("ls"), then run again`;
    const from = source.kind === 'host' ? `the TFTP host ${source.host} (does it answer, and hold ${source.file}?)` : `${source.file} at its URL`;
    return `check ${from} as the switch reaches it from the VR ${this.target.vr} (--vr), then run again`;
  }

  /** `use image partition P msm X`: the switch prints nothing when it took it; the next `show switch` shows it selected. */
  private async selectPartition(action: Extract<Action, { kind: 'select-partition' }>): Promise<Outcome> {
    const result = await this.send(action);
    const outcome = parseUseImageResult(result.output);
    const problem = this.unexpected(result) ?? [...result.errors, ...outcome.errors][0];
    if (problem !== undefined) return this.failStep(`the switch refused "${action.command}": ${problem}`);
    this.steps.noteDetail(`${action.partition} selected for the next boot of MSM-${action.slot}`);
    return undefined;
  }

  private async rebootBackup(action: Extract<Action, { kind: 'reboot-backup' }>): Promise<Outcome> {
    this.recordPendingEffect(action.command);
    const result = await this.send(action);
    const surprise = this.unexpected(result);
    const refused = result.questions.find((q) => q.id === 'reboot-msm' && q.refused);
    if (surprise || refused || result.errors.length > 0) {
      this.clearPendingEffect();
      return this.failStep(surprise ?? result.errors[0] ?? `reboot of MSM-${action.slot} was not confirmed`);
    }
    this.deps.emit({ type: 'progress', slot: action.slot, activity: 'rebooting' });
    return undefined;
  }

  private async failover(action: Extract<Action, { kind: 'failover' }>): Promise<Outcome> {
    this.recordPendingEffect(action.command, this.chassisIdentity());
    let result: CommandResult;
    try {
      result = await this.send(action);
    } catch (err) {
      if (!(err instanceof SessionError) || err.kind !== 'link-lost') throw err;
      this.logQuestions(action.step, err.questions);
      this.warnIfIoResetAccepted(err.questions);
      return this.afterFailoverDrop(action);
    }
    if (commandNotKnown(result.output) && !this.spellingOverride) {
      this.clearPendingEffect();
      this.spellingOverride = otherSpelling(action.spelling);
      this.deps.emit({ type: 'warning', message: `"${action.command}" is not known on this release; using "${this.spellingOverride}"` });
      this.endStep('failed', 'command spelling not known on this release');
      return undefined;
    }
    if (ioResetAnswer(result.questions) === 'declined') {
      this.clearPendingEffect();
      return this.failStep(
        'failover would reset all I/O modules (the I/O module images differ): not hitless; answered "n"',
        EXIT.stoppedSafe,
        this.ioMismatchAdvice(action),
      );
    }
    const surprise = this.unexpected(result);
    if (surprise || result.errors.length > 0) {
      this.clearPendingEffect();
      return this.failStep(surprise ?? `failover refused: ${result.errors[0]}`, EXIT.stoppedSafe);
    }
    this.warnIfIoResetAccepted(result.questions);
    await this.waitForClose(this.session);
    return this.afterFailoverDrop(action);
  }

  /** After the first failover was refused the backup already runs the new release: rolling it back is the way out. */
  private ioMismatchAdvice(action: Extract<Action, { kind: 'failover' }>): string {
    const rest = 'make the I/O module images match, or rerun with --allow-io-reset only if an outage is acceptable';
    const [master, backup] = [action.fromSlot, action.toSlot].map((slot) => this.last && msmInSlot(this.last.show, slot));
    const [old, upgraded] = [master, backup].map((node) => node && runningVersion(node));
    if (action.step !== 'failover' || !old || !upgraded) return `rerunning alone repeats this refusal: ${rest}`;
    return (
      `MSM-${action.toSlot} now runs ${formatVersion(upgraded)} while the MASTER MSM-${action.fromSlot} runs ${formatVersion(old)}: ` +
      `roll MSM-${action.toSlot} back with "hitless rollback --to-version ${formatVersion(old)}" (same connection options); or ${rest}`
    );
  }

  private async waitForClose(session: SessionLike | undefined): Promise<void> {
    if (!session || session.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.deps.timing.reconnectTimeoutMs);
      const unsubscribe = session.onClose(done);
      function done() {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      }
    });
  }

  private async afterFailoverDrop(action: Extract<Action, { kind: 'failover' }>): Promise<Outcome> {
    this.deps.emit({ type: 'disconnected', reason: 'the old master rebooted (failover)', expected: true });
    if (this.last) this.deps.failoverPerformed?.(this.chassisIdentity());
    const reconnectStep: StepId = action.step === 'failover' ? 'reconnect-new-master' : action.step;
    this.enterStep(reconnectStep);
    const since = this.now();
    for (;;) {
      const observed = await this.observe();
      const master = masterOf(observed.show);
      if (master?.slot === action.toSlot) break;
      const stillOld = master?.slot === action.fromSlot;
      const limit = stillOld ? this.deps.timing.shortWaitMs : this.deps.timing.stepTimeoutMs;
      if (this.now() - since > limit) {
        const what = stillOld ? `MSM-${action.fromSlot} is still MASTER` : 'no MSM became MASTER';
        return this.failStep(`after "${action.command}" ${what}; check the chassis, then rerun`, EXIT.stoppedSafe);
      }
      const activity = stillOld ? `MSM-${action.fromSlot} is still MASTER` : 'waiting for the new master';
      this.deps.emit({ type: 'progress', activity, deadline: this.deadline(since, limit) });
      await this.sleep(this.deps.timing.pollMs);
    }
    this.clearPendingEffect();
    this.steps.noteDetail(`MSM-${action.toSlot} is MASTER`);
    await this.health.afterFailover(await this.liveSession(), reconnectStep, action);
    return undefined;
  }
}

/** How long a wait at `step` may last before the run gives up: short before anything changed, else --step-timeout. */
export const waitLimitMs = (step: StepId, timing: EngineTiming): number => (step === 'preflight' ? timing.shortWaitMs : timing.stepTimeoutMs);

/** What the operator can change to move a limit: --step-timeout, or nothing (the fixed limit before any change). */
export const limitSetBy = (limitMs: number, timing: EngineTiming): string =>
  limitMs === timing.stepTimeoutMs ? '--step-timeout' : `fixed ${Math.round(limitMs / 1000)} s limit`;

/** The MSM that was master before the upgrade, when the chassis still shows it; undefined once both run the target. */
export function inferOriginalMaster(observed: ObservedChassis, target: UpgradeTarget): MsmSlot | undefined {
  const master = masterOf(observed.show);
  const backup = backupOf(observed.show);
  if (!master) return undefined;
  const masterUpgraded = sameVersion(runningVersion(master), target.core.version);
  if (!masterUpgraded) return master.slot;
  const backupUpgraded = backup ? sameVersion(runningVersion(backup), target.core.version) : true;
  return backupUpgraded ? undefined : backup?.slot;
}

