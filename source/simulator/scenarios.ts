// The fake chassis' starting points. Each one is data: starting images, what the image host offers,
// which faults are switched on, and the upgrade a user would ask for.

import { BD8810_HARDWARE, type ChassisHardware } from './ioModules.js';

export type MsmSlot = 'A' | 'B';
export type Partition = 'primary' | 'secondary';

export type ScenarioName =
  | 'happy'
  | 'master-is-b'
  | 'not-in-sync'
  | 'contract-expired'
  | 'io-mismatch'
  | 'backup-boot-fails'
  | 'tftp-unreachable'
  | 'xmod'
  | 'version-mismatch-xmod'
  | 'old-release'
  | 'new-release'
  | 'slow-links'
  | 'backup-stuck-init'
  | 'backup-never-syncs'
  | 'upgraded'
  | 'replaced-msm'
  | 'port-loss'
  | 'slot-fail'
  | 'mgmt-lost'
  | 'memorycard'
  | 'no-memorycard-file'
  | 'image-on-switch'
  | 'unsaved-config'
  | 'no-sftp'
  | 'no-space';

export interface ScenarioFaults {
  /** `download` prints the service-contract message and changes nothing. */
  contractExpired: boolean;
  /** Every transfer from the image host fails with tftpPeerSet failed. */
  imageHostUnreachable: boolean;
  /** The backup starts Not In Sync and never gets In Sync, even after a reboot. */
  backupNeverSyncs: boolean;
  /**
   * How a backup MSM comes up on a release other than the one it ran when the simulator started (the new image
   * does not work on it); back on its old release it comes up In Sync as usual.
   */
  backupOnNewRelease: 'boots' | 'fails' | 'stays-init' | 'never-syncs';
  /** What breaks at the first failover and stays broken: the hitless failover was not hitless. */
  firstFailover: FailoverDamage;
}

export interface FailoverDamage {
  /** Ports ("slot:port") whose link goes down and stays down. */
  linksLost: string[];
  /** I/O module slots that end `Failed`. */
  failedModules: number[];
  /** The management address never answers again (TCP accepted, nothing sent); the serial consoles still work. */
  managementLost: boolean;
}

/** A file in the chassis' file system (/usr/local/cfg) or on its memory card, with its size in bytes. */
export interface StoredFile {
  name: string;
  bytes: number;
}

/** A core image (.xos) with the I/O module image that ships inside it (BD8800, docs/exos-cli.md §6.2). */
export interface CoreImageSpec {
  file: string;
  ioImageVersion: string;
}

export interface PartitionSpec {
  /** Undefined: nothing installed there (a replacement MSM). The booted partition always holds one. */
  core?: CoreImageSpec;
  xmods: string[];
}

export interface MsmSpec {
  selected: Partition;
  booted: Partition;
  primary: PartitionSpec;
  secondary: PartitionSpec;
}

/**
 * What the simulated chassis is: its MSMs and their images, its I/O modules and ports, the image host and the faults.
 * A scenario is one of these with a name; a twin (twin.ts) is one read from a `hitless status --json` document.
 */
export interface ChassisSpec {
  sysName: string;
  systemType: string;
  /** `System MAC:` of `show switch` (default DEFAULT_SYSTEM_MAC). */
  systemMac?: string;
  initial: {
    master: MsmSlot;
    msm: Record<MsmSlot, MsmSpec>;
  };
  /** The TFTP/HTTP server reachable from the chassis; ANY_IMAGE_HOST: every host serves every well-formed image name. */
  imageHost: string;
  /** Files the image host serves; .xos entries carry their I/O image version. */
  images: { cores: CoreImageSpec[]; xmods: string[] };
  hardware: ChassisHardware;
  faults: ScenarioFaults;
  /** Multiplies download durations and progress dots (slow links). */
  transferScale: number;
  /** Files besides the configuration: in the file system (`ls`), and on the memory card (`ls memorycard`; none: no card). */
  files?: { internal: StoredFile[]; memorycard?: StoredFile[] };
  /** The running configuration has changes not saved yet (the `* ` prompt marker from the first login). */
  configUnsaved?: boolean;
  /** Capacity of the file system `ls` lists, in bytes (default DEFAULT_FLASH_BYTES, 512 MiB). */
  flashBytes?: number;
  /**
   * The size of the simulated image files an operator pushes over SFTP/SCP: a pushed .xos/.xmod of another size is
   * damaged and `install image` refuses it. Undefined (a twin): any size whose transfer ended normally installs.
   */
  imageBytes?: number;
  /** The SSH server refuses the SFTP subsystem; legacy SCP (`scp -t`) still works. */
  sftpRefused?: boolean;
}

export interface Scenario extends ChassisSpec {
  name: ScenarioName;
  /** One line for `hitless simulate --list`. */
  description: string;
  /** What a user would pass to `hitless upgrade --image ... --xmod ...`. */
  suggested: { image: string; xmods: string[] };
}

/** A twin's image host: the real one and the target are not known, so any host serves any well-formed image file. */
export const ANY_IMAGE_HOST = '*';

export const IMAGE_HOST = '10.0.0.5';
/**
 * The size of a simulated image file pushed over SFTP/SCP: small, so that a simulated push takes a moment, unlike the
 * ~70 MB of a real BD8800 image (the sizes `ls` shows for images a scenario stores).
 */
export const SIMULATED_IMAGE_BYTES = 1024 * 1024;
/** The saved configuration's size in `ls` at start. */
export const SAVED_CONFIG_BYTES = 512_345;
/** The I/O module image inside the BD-8800 cores (and what a twin assumes: status does not show it). */
export const IO_IMAGE = '2.4.0.1';
const NEWER_IO_IMAGE = '2.5.0.3';

const core = (file: string, ioImageVersion = IO_IMAGE): CoreImageSpec => ({ file, ioImageVersion });
const onHost = (file: string) => `${IMAGE_HOST}:${file}`;

function bothMsms(primary: PartitionSpec, secondary: PartitionSpec, booted: Partition = 'primary'): Record<MsmSlot, MsmSpec> {
  const msm = (): MsmSpec => ({ selected: booted, booted, primary, secondary });
  return { A: msm(), B: msm() };
}

export const NO_FAULTS: ScenarioFaults = {
  contractExpired: false,
  imageHostUnreachable: false,
  backupNeverSyncs: false,
  backupOnNewRelease: 'boots',
  firstFailover: { linksLost: [], failedModules: [], managementLost: false },
};

const BD8800_RUNNING = bothMsms(
  { core: core('bd8800-15.3.1.4.xos'), xmods: [] },
  { core: core('bd8800-12.6.3.3.xos'), xmods: [] },
);
const BD8800_TARGET = 'bd8800-15.3.5.2-patch1-5.xos';

const happy: Scenario = {
  name: 'happy',
  description: 'BD-8810, MSM-A master, both In Sync on 15.3.1.4; 15.3.5.2-patch1-5 on the TFTP host',
  sysName: 'BD-8810',
  systemType: 'BD-8810',
  initial: { master: 'A', msm: BD8800_RUNNING },
  imageHost: IMAGE_HOST,
  images: { cores: [core(BD8800_TARGET), core('bd8800-15.3.1.4.xos')], xmods: [] },
  suggested: { image: onHost(BD8800_TARGET), xmods: [] },
  hardware: BD8810_HARDWARE,
  faults: NO_FAULTS,
  transferScale: 1,
  imageBytes: SIMULATED_IMAGE_BYTES,
};

function variant(
  name: ScenarioName,
  description: string,
  changes: Partial<Omit<Scenario, 'name' | 'description' | 'faults'>> & {
    faults?: Partial<Omit<ScenarioFaults, 'firstFailover'>> & { firstFailover?: Partial<FailoverDamage> };
  },
): Scenario {
  const firstFailover = { ...NO_FAULTS.firstFailover, ...changes.faults?.firstFailover };
  return { ...happy, ...changes, name, description, faults: { ...NO_FAULTS, ...changes.faults, firstFailover } };
}

/** Sizes for the simulated listings [R]: a BD8800 core image is some 70 MB. */
const stored = (name: string): StoredFile => ({ name, bytes: name.endsWith('.xos') ? 71_458_816 : 1_180_672 });

/** Old images that fill the flash of `no-space` but for half a simulated image. */
const FILLING_IMAGES = [stored('bd8800-15.3.1.4.xos'), stored('bd8800-12.6.3.3.xos')];
const NO_SPACE_FREE_BYTES = SIMULATED_IMAGE_BYTES / 2;

const XMOD_TARGET = 'bd8800-15.3.5.2-patch1-5-ssh.xmod';
const OLD_XMOD = 'bd8800-15.3.1.4-ssh.xmod';
const OLD_RELEASE_TARGET = 'bd8800-15.3.1.4.xos';
const NEW_RELEASE_TARGET = 'bdx8-30.7.1.1.xos';

export const SCENARIOS: Record<ScenarioName, Scenario> = {
  happy,
  'master-is-b': variant('master-is-b', 'like happy, but MSM-B is the master', {
    initial: { master: 'B', msm: BD8800_RUNNING },
  }),
  'not-in-sync': variant('not-in-sync', 'the backup MSM is BACKUP (Not In Sync) and never syncs', {
    faults: { backupNeverSyncs: true },
  }),
  'contract-expired': variant('contract-expired', 'every download is refused: service contract expired', {
    faults: { contractExpired: true },
  }),
  'io-mismatch': variant(
    'io-mismatch',
    'the target image carries a different I/O module image: failover warns that all I/O modules will reset',
    { images: { cores: [core(BD8800_TARGET, NEWER_IO_IMAGE)], xmods: [] } },
  ),
  'backup-boot-fails': variant(
    'backup-boot-fails',
    'a backup rebooted onto the new release ends in FAIL; selected back to its old partition (use image) it boots In Sync',
    { faults: { backupOnNewRelease: 'fails' } },
  ),
  'backup-stuck-init': variant(
    'backup-stuck-init',
    'a backup rebooted onto the new release stays INIT for good; back on its old partition it boots In Sync',
    { faults: { backupOnNewRelease: 'stays-init' } },
  ),
  'backup-never-syncs': variant(
    'backup-never-syncs',
    'a backup rebooted onto the new release stays BACKUP (Not In Sync); back on its old partition it syncs',
    { faults: { backupOnNewRelease: 'never-syncs' } },
  ),
  'tftp-unreachable': variant('tftp-unreachable', `the image host ${IMAGE_HOST} does not answer: downloads fail`, {
    faults: { imageHostUnreachable: true },
  }),
  xmod: variant('xmod', 'the running image has the ssh .xmod; a matching ssh .xmod of the target is offered', {
    initial: {
      master: 'A',
      msm: bothMsms(
        { core: core('bd8800-15.3.1.4.xos'), xmods: [OLD_XMOD] },
        { core: core('bd8800-12.6.3.3.xos'), xmods: [] },
      ),
    },
    images: { cores: [core(BD8800_TARGET)], xmods: [XMOD_TARGET, OLD_XMOD] },
    suggested: { image: onHost(BD8800_TARGET), xmods: [onHost(XMOD_TARGET)] },
  }),
  'version-mismatch-xmod': variant(
    'version-mismatch-xmod',
    'the offered ssh .xmod is for 15.3.1.4, not for the 15.3.5.2 target: its install is refused',
    {
      images: { cores: [core(BD8800_TARGET)], xmods: [OLD_XMOD] },
      suggested: { image: onHost(BD8800_TARGET), xmods: [onHost(OLD_XMOD)] },
    },
  ),
  'old-release': variant('old-release', 'BD-8810 on 12.6.3.3 upgraded to 15.3.1.4 (only "run msm-failover" exists)', {
    initial: {
      master: 'A',
      msm: bothMsms(
        { core: core('bd8800-12.6.3.3.xos'), xmods: [] },
        { core: core('bd8800-12.6.2.10.xos'), xmods: [] },
      ),
    },
    images: { cores: [core(OLD_RELEASE_TARGET)], xmods: [] },
    suggested: { image: onHost(OLD_RELEASE_TARGET), xmods: [] },
  }),
  'new-release': variant('new-release', 'BD-X8 on 22.6.1.4 upgraded to 30.7.1.1 by URL (only "run failover" exists)', {
    sysName: 'BD-X8',
    systemType: 'BD-X8',
    initial: {
      master: 'A',
      msm: bothMsms(
        { core: core('bdx8-22.6.1.4.xos'), xmods: [] },
        { core: core('bdx8-21.1.5.2.xos'), xmods: [] },
      ),
    },
    images: { cores: [core(NEW_RELEASE_TARGET)], xmods: [] },
    suggested: { image: `http://${IMAGE_HOST}/images/${NEW_RELEASE_TARGET}`, xmods: [] },
  }),
  'slow-links': variant('slow-links', 'like happy, but every download takes twelve times longer', {
    transferScale: 12,
  }),
  upgraded: variant(
    'upgraded',
    'happy after the upgrade: both MSMs run 15.3.5.2-patch1-5 from secondary, 15.3.1.4 still on primary (rollback)',
    {
      initial: {
        master: 'A',
        msm: bothMsms({ core: core('bd8800-15.3.1.4.xos'), xmods: [] }, { core: core(BD8800_TARGET), xmods: [] }, 'secondary'),
      },
    },
  ),
  'replaced-msm': variant(
    'replaced-msm',
    'MSM-B is a replacement module with nothing on its secondary partition (no release to roll back to)',
    {
      initial: {
        master: 'A',
        msm: { ...BD8800_RUNNING, B: { ...BD8800_RUNNING.B, secondary: { xmods: [] } } },
      },
    },
  ),
  'port-loss': variant('port-loss', 'after the first failover ports 2:3 and 2:4 (esx-07-vmnic0/1) stay down', {
    faults: { firstFailover: { linksLost: ['2:3', '2:4'] } },
  }),
  'slot-fail': variant('slot-fail', 'after the first failover the I/O module in slot 3 stays Failed', {
    faults: { firstFailover: { failedModules: [3] } },
  }),
  'mgmt-lost': variant(
    'mgmt-lost',
    'after the first failover the management address never answers again; the serial consoles keep working',
    { faults: { firstFailover: { managementLost: true } } },
  ),
  memorycard: variant('memorycard', 'like happy, but the image comes from the memory card (a USB stick): download image memorycard', {
    files: { internal: [], memorycard: [stored(BD8800_TARGET), stored('bd8800-15.3.1.4.xos')] },
    suggested: { image: `memorycard:${BD8800_TARGET}`, xmods: [] },
  }),
  'no-memorycard-file': variant('no-memorycard-file', `the memory card holds an older image but not ${BD8800_TARGET}: preflight stops`, {
    files: { internal: [], memorycard: [stored('bd8800-15.3.1.4.xos')] },
    suggested: { image: `memorycard:${BD8800_TARGET}`, xmods: [] },
  }),
  'image-on-switch': variant(
    'image-on-switch',
    `${BD8800_TARGET} was downloaded to the switch earlier and not installed (an older .xos beside it): install image`,
    {
      files: { internal: [stored(BD8800_TARGET), stored('bd8800-15.3.1.4.xos')] },
      suggested: { image: `switch:${BD8800_TARGET}`, xmods: [] },
    },
  ),
  'unsaved-config': variant('unsaved-config', 'the running configuration has unsaved changes (prompt "* BD-8810.1 # ")', {
    configUnsaved: true,
  }),
  'no-sftp': variant('no-sftp', 'the SSH server refuses the SFTP subsystem; legacy SCP (scp -O, scp -t) still writes files', {
    sftpRefused: true,
  }),
  'no-space': variant(
    'no-space',
    'two old images fill the flash: 512 KiB free, less than the 1 MiB simulated image, so a push is refused; rm one to make room',
    {
      files: { internal: FILLING_IMAGES },
      flashBytes: SAVED_CONFIG_BYTES + FILLING_IMAGES.reduce((sum, file) => sum + file.bytes, 0) + NO_SPACE_FREE_BYTES,
    },
  ),
};

export function isScenarioName(name: string): name is ScenarioName {
  return Object.hasOwn(SCENARIOS, name);
}
