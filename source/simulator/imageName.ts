// EXOS image file names (docs/exos-cli.md §10): <prefix>-<maj>.<min>.<patch>.<build>[-patchN-M][-<module>].xos|.xmod

export interface ImageName {
  file: string;
  prefix: string;
  /** Bare four-part version, e.g. "15.3.5.2". */
  version: string;
  /** e.g. "patch1-5" */
  patch?: string;
  kind: 'xos' | 'xmod';
  /** Module name of an .xmod, e.g. "ssh". */
  module?: string;
}

const IMAGE_FILE = /^([A-Za-z0-9_]+)-(\d+\.\d+\.\d+\.\d+)(?:-(patch\d+-\d+))?(?:-([A-Za-z][A-Za-z0-9_]*))?\.(xos|xmod)$/;

export function parseImageName(file: string): ImageName | undefined {
  const match = IMAGE_FILE.exec(file);
  if (!match) return undefined;
  const [, prefix, version, patch, module, kind] = match;
  if (kind === 'xos' && module) return undefined;
  if (kind === 'xmod' && !module) return undefined;
  return { file, prefix: prefix!, version: version!, patch, kind: kind as 'xos' | 'xmod', module };
}

export function majorOf(version: string): number {
  return Number(version.split('.')[0]);
}

/** `show version` branch token: v1531b4[-patch1-19] up to 16.x, 30.6.1.11[-patch1-11] from 21.x (docs/exos-cli.md §9). */
export function branchToken(version: string, patch?: string): string {
  const [major, minor, maintenance, build] = version.split('.');
  const base = majorOf(version) <= 16 ? `v${major}${minor}${maintenance}b${build}` : version;
  return patch ? `${base}-${patch}` : base;
}

/** The core image an .xmod belongs to (docs/exos-cli.md §10: "Can run only with the core image named ..."). */
export function coreFileFor(xmod: ImageName): string {
  return `${xmod.prefix}-${xmod.version}${xmod.patch ? `-${xmod.patch}` : ''}.xos`;
}
