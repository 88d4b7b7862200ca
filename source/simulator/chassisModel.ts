// The live state of the fake dual-MSM chassis, shared by every connection, and its state machine
// (reboots, failover, installs). Commands change it; `show` commands render it.
import { EventEmitter } from 'node:events';
import { ChassisFileSystem, DEFAULT_FLASH_BYTES } from './fileSystem.js';
import { parseImageName, type ImageName } from './imageName.js';
import { buildIoModules, type ChassisHardware, type IoModule } from './ioModules.js';
import { SAVED_CONFIG_BYTES, type ChassisSpec, type ScenarioFaults, type MsmSlot, type Partition, type CoreImageSpec, type PartitionSpec, type StoredFile } from './scenarios.js';
import type { SimClock } from './simClock.js';

/** The part of the clock the state machine uses (tests drive it by hand). */
export type ChassisClock = Pick<SimClock, 'sleep' | 'sleepReal' | 'now' | 'speed'>;
import { TIMINGS } from './timings.js';

export type NodeState = 'MASTER' | 'BACKUP' | 'DOWN' | 'INIT' | 'FAIL';

export interface CoreImage {
  file: string;
  version: string;
  patch?: string;
  ioImageVersion: string;
  installedAt: Date;
}

export interface XmodImage {
  file: string;
  module: string;
  version: string;
  patch?: string;
  installedAt: Date;
}

export interface PartitionContents {
  /** Undefined: the partition holds no image (a replacement MSM). */
  core?: CoreImage;
  xmods: XmodImage[];
}

export interface MsmModel {
  readonly slot: MsmSlot;
  /** The role it holds or boots into; the node state says whether it is there yet. */
  role: 'master' | 'backup';
  nodeState: NodeState;
  /** Meaningful for a BACKUP only. */
  inSync: boolean;
  selected: Partition;
  booted: Partition;
  partitions: Record<Partition, PartitionContents>;
  /** The I/O module image loaded at the last boot. */
  ioImageVersion: string;
  /** Files downloaded without install, usable by `install image`. */
  downloaded: string[];
  /** The release it ran when the simulator started ("15.3.1.4", "15.3.5.2-patch1-5"): its known-good release. */
  readonly startRelease: string;
}

export interface StateChange {
  slot: MsmSlot;
  state: string;
  at: number;
}

export interface SavedConfig {
  file: string;
  version: string;
  bytes: number;
  at: Date;
}

export const otherSlot = (slot: MsmSlot): MsmSlot => (slot === 'A' ? 'B' : 'A');
export const msmName = (slot: MsmSlot) => `MSM-${slot}`;

const DAY_MS = 86_400_000;

function imageName(file: string, kind: 'xos' | 'xmod'): ImageName {
  const name = parseImageName(file);
  if (!name || name.kind !== kind) throw new Error(`scenario names an invalid ${kind} file: ${file}`);
  return name;
}

export function coreImage(spec: CoreImageSpec, installedAt: Date): CoreImage {
  const { version, patch } = imageName(spec.file, 'xos');
  return { file: spec.file, version, patch, ioImageVersion: spec.ioImageVersion, installedAt };
}

export function xmodImage(file: string, installedAt: Date): XmodImage {
  const { version, patch, module } = imageName(file, 'xmod');
  return { file, module: module!, version, patch, installedAt };
}

function partitionContents(spec: PartitionSpec, installedAt: Date): PartitionContents {
  const xmods = spec.xmods.map((file) => xmodImage(file, installedAt));
  return spec.core ? { core: coreImage(spec.core, installedAt), xmods } : { xmods };
}

/** "15.3.1.4", "15.3.5.2-patch1-5". */
export const releaseOf = (core: CoreImage) => (core.patch ? `${core.version}-${core.patch}` : core.version);

/** The core image of a partition an MSM boots from; a scenario or command that boots an empty one is a bug. */
function bootableCore(m: Pick<MsmModel, 'slot' | 'partitions'>, partition: Partition): CoreImage {
  const core = m.partitions[partition].core;
  if (!core) throw new Error(`MSM-${m.slot} boots its ${partition} partition, which holds no image`);
  return core;
}

export const DEFAULT_SYSTEM_MAC = '00:04:96:1F:A2:60';

export class ChassisModel extends EventEmitter {
  readonly msm: Record<MsmSlot, MsmModel>;
  readonly systemType: string;
  /** Writable so a test can put another chassis behind the same address (an impostor at failover). */
  systemMac: string;
  readonly snmp: { sysname: string; syslocation: string; syscontact: string };
  configUnsaved = false;
  savedConfig: SavedConfig;
  /** /usr/local/cfg, the configuration included: one file system for the chassis [R]. */
  readonly fileSystem: ChassisFileSystem;
  /** Undefined: no memory card inserted. */
  readonly memoryCard?: StoredFile[];
  bootTime: Date;
  bootCount = 12;
  /** False while nobody answers on the management IP (failover gap, whole-chassis reboot). */
  managementReachable = true;
  /** Set for good by the scenario's first-failover damage: connections are accepted and never answered. */
  managementLost = false;
  /** Failovers so far; the scenario's failover damage strikes at the first. */
  failovers = 0;
  readonly hardware: ChassisHardware;
  readonly ioModules: IoModule[];
  readonly stateHistory: StateChange[] = [];
  private readonly bootGeneration: Record<MsmSlot, number> = { A: 0, B: 0 };
  private ioResetGeneration = 0;

  constructor(
    private readonly scenario: ChassisSpec,
    private readonly clock: ChassisClock,
  ) {
    super();
    const now = clock.now().getTime();
    const installedAt = new Date(now - 40 * DAY_MS);
    this.bootTime = new Date(now - 29 * DAY_MS - 2 * 3_600_000 - 13 * 60_000 - 18_000);
    this.snmp = { sysname: scenario.sysName, syslocation: '', syscontact: 'support@extremenetworks.com, +1 888 257 3000' };
    this.systemType = scenario.systemType;
    if (scenario.files?.memorycard) this.memoryCard = scenario.files.memorycard.map((file) => ({ ...file }));
    this.configUnsaved = scenario.configUnsaved ?? false;
    this.systemMac = scenario.systemMac ?? DEFAULT_SYSTEM_MAC;
    this.hardware = scenario.hardware;
    this.ioModules = buildIoModules(scenario.hardware);
    const build = (slot: MsmSlot): MsmModel => {
      const spec = scenario.initial.msm[slot];
      const partitions = {
        primary: partitionContents(spec.primary, installedAt),
        secondary: partitionContents(spec.secondary, installedAt),
      };
      const isMaster = scenario.initial.master === slot;
      const running = bootableCore({ slot, partitions }, spec.booted);
      return {
        slot,
        role: isMaster ? 'master' : 'backup',
        nodeState: isMaster ? 'MASTER' : 'BACKUP',
        inSync: !isMaster && !scenario.faults.backupNeverSyncs,
        selected: spec.selected,
        booted: spec.booted,
        partitions,
        ioImageVersion: running.ioImageVersion,
        downloaded: [],
        startRelease: releaseOf(running),
      };
    };
    this.msm = { A: build('A'), B: build('B') };
    const master = this.msm[scenario.initial.master];
    this.savedConfig = {
      file: 'primary.cfg',
      version: this.runningCore(master.slot).version,
      bytes: SAVED_CONFIG_BYTES,
      at: new Date(this.bootTime.getTime() - 6 * 60_000),
    };
    this.fileSystem = new ChassisFileSystem(scenario.files?.internal ?? [], scenario.flashBytes ?? DEFAULT_FLASH_BYTES, () => [
      { name: this.savedConfig.file, bytes: this.savedConfig.bytes },
    ]);
  }

  /** The MSM that is MASTER right now, if any. */
  master(): MsmModel | undefined {
    return Object.values(this.msm).find((m) => m.nodeState === 'MASTER');
  }

  stateText(slot: MsmSlot): string {
    const m = this.msm[slot];
    if (m.nodeState === 'BACKUP') return m.inSync ? 'BACKUP (In Sync)' : 'BACKUP (Not In Sync)';
    return m.nodeState;
  }

  acceptsConnections(): boolean {
    return this.managementReachable && !this.managementLost && this.master() !== undefined;
  }

  runningCore(slot: MsmSlot): CoreImage {
    const m = this.msm[slot];
    return bootableCore(m, m.booted);
  }

  /** `use image`: the partition the MSM boots next (the caller refuses an empty one). */
  selectPartition(slot: MsmSlot, partition: Partition): void {
    this.msm[slot].selected = partition;
    this.changed();
  }

  /** Writes a core image and selects its partition (docs/exos-cli.md §4.2: installing selects the partition). */
  installCore(slot: MsmSlot, partition: Partition, image: CoreImage): void {
    const m = this.msm[slot];
    m.partitions[partition] = { core: image, xmods: [] };
    m.selected = partition;
    this.changed();
  }

  installXmod(slot: MsmSlot, partition: Partition, xmod: XmodImage): void {
    const contents = this.msm[slot].partitions[partition];
    contents.xmods = [...contents.xmods.filter((x) => x.module !== xmod.module), xmod];
    this.changed();
  }

  rememberDownload(slot: MsmSlot, file: string): void {
    const m = this.msm[slot];
    if (!m.downloaded.includes(file)) m.downloaded.push(file);
  }

  markConfigChanged(): void {
    this.configUnsaved = true;
    this.changed();
  }

  saveConfig(file: string): void {
    const master = this.master();
    this.savedConfig = {
      file,
      version: master ? this.runningCore(master.slot).version : this.savedConfig.version,
      bytes: this.savedConfig.bytes + 1_024,
      at: this.clock.now(),
    };
    this.configUnsaved = false;
    this.changed();
  }

  /** A backup reboots alone; rebooting the master hands over to a present backup, else the whole chassis reboots. */
  rebootMsm(slot: MsmSlot): void {
    const m = this.msm[slot];
    if (m.role === 'backup') {
      void this.bootSequence(m);
    } else if (this.msm[otherSlot(slot)].nodeState === 'BACKUP') {
      this.failover();
    } else {
      this.rebootChassis();
    }
  }

  rebootChassis(): void {
    this.managementReachable = false;
    this.bootCount += 1;
    this.bootTime = this.clock.now();
    const first: MsmSlot = this.msm.A.role === 'master' ? 'A' : 'B';
    for (const slot of [first, otherSlot(first)]) void this.bootSequence(this.msm[slot]);
    void this.resetIoModules();
  }

  /** The backup becomes master at once; the old master reboots as the new backup; the management IP is silent for a gap. */
  failover(): void {
    const oldMaster = this.master();
    if (!oldMaster) return;
    const newMaster = this.msm[otherSlot(oldMaster.slot)];
    this.managementReachable = false;
    this.failovers += 1;
    oldMaster.role = 'backup';
    newMaster.role = 'master';
    this.setState(newMaster, 'MASTER', false);
    // BD8800: a new master with another I/O module image resets every module (docs/exos-cli.md §6.2).
    if (newMaster.ioImageVersion !== oldMaster.ioImageVersion) void this.resetIoModules();
    if (this.failovers === 1) this.breakAtFirstFailover();
    void this.bootSequence(oldMaster);
    void this.clock.sleepReal(TIMINGS.failoverGapRealMs(this.clock.speed)).then(() => {
      this.managementReachable = true;
      this.changed();
    });
  }

  /** Resolves once the predicate holds (checked now and after every change). */
  waitFor(predicate: (chassis: ChassisModel) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!predicate(this)) return;
        this.off('change', check);
        resolve();
      };
      this.on('change', check);
      check();
    });
  }

  /**
   * Every module that still runs goes Booting (links down) and, once a master is up to load it, comes back
   * Operational with its links as they were.
   */
  private async resetIoModules(): Promise<void> {
    const generation = ++this.ioResetGeneration;
    const resetting = this.ioModules.filter((module) => module.state !== 'Failed');
    for (const module of resetting) module.state = 'Booting';
    this.changed();
    await this.waitFor((chassis) => chassis.master() !== undefined);
    await this.clock.sleep(TIMINGS.ioModuleBoot);
    if (generation !== this.ioResetGeneration) return;
    for (const module of resetting) if (module.state === 'Booting') module.state = 'Operational';
    this.changed();
  }

  private breakAtFirstFailover(): void {
    const { linksLost, failedModules, managementLost } = this.scenario.faults.firstFailover;
    for (const module of this.ioModules) {
      if (failedModules.includes(module.slot)) module.state = 'Failed';
      for (const port of module.ports) if (linksLost.includes(port.id)) port.link = 'R';
    }
    if (managementLost) this.managementLost = true;
  }

  /** A backup that boots another release than its known-good one behaves as the scenario says. */
  private newReleaseOutcome(m: MsmModel): ScenarioFaults['backupOnNewRelease'] {
    return releaseOf(this.runningCore(m.slot)) === m.startRelease ? 'boots' : this.scenario.faults.backupOnNewRelease;
  }

  private async bootSequence(m: MsmModel): Promise<void> {
    const generation = ++this.bootGeneration[m.slot];
    const stillCurrent = () => this.bootGeneration[m.slot] === generation;
    this.setState(m, 'DOWN', false);
    this.emit('msm-down', m.slot);
    await this.clock.sleep(TIMINGS.nodeDown);
    if (!stillCurrent()) return;
    m.booted = m.selected;
    m.ioImageVersion = this.runningCore(m.slot).ioImageVersion;
    this.setState(m, 'INIT', false);
    const outcome = m.role === 'backup' ? this.newReleaseOutcome(m) : 'boots';
    if (outcome === 'stays-init') return;
    await this.clock.sleep(TIMINGS.nodeInit);
    if (!stillCurrent()) return;
    if (m.role === 'master') {
      this.managementReachable = true;
      this.setState(m, 'MASTER', false);
      return;
    }
    if (outcome === 'fails') {
      this.setState(m, 'FAIL', false);
      return;
    }
    this.setState(m, 'BACKUP', false);
    if (this.scenario.faults.backupNeverSyncs || outcome === 'never-syncs') return;
    await this.clock.sleep(TIMINGS.bulkSync);
    if (!stillCurrent()) return;
    this.setState(m, 'BACKUP', true);
  }

  private setState(m: MsmModel, state: NodeState, inSync: boolean): void {
    m.nodeState = state;
    m.inSync = inSync;
    this.stateHistory.push({ slot: m.slot, state: this.stateText(m.slot), at: Date.now() });
    this.changed();
  }

  private changed(): void {
    this.emit('change');
  }
}
