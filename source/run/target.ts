// The upgrade target from --image / --xmod / flags (with --simulate and no --image, the scenario's suggested image).
// Image names are checked here, before anything connects.
import { parseImageSource, urlCarriesPassword, urlWithPassword } from '../exos/imageFile.js';
import type { ImageFile } from '../exos/imageSource.js';
import { usageError } from '../errors.js';
import { warnOnStderr } from '../privateFiles.js';
import type { UpgradeTarget } from '../procedure/types.js';
import { formatVersion } from '../exos/chassisView.js';
import { SCENARIOS } from '../simulator/scenarios.js';
import { installedRelease } from '../procedure/rollbackTarget.js';
import type { UpgradeOptions } from './args.js';

function imageFrom(flag: string, spec: string, kind: ImageFile['kind']): ImageFile {
  const parsed = parseImageSource(spec);
  if (!parsed.ok) throw usageError(`${flag} ${spec}: ${parsed.reason}`);
  if (parsed.value.kind !== kind) throw usageError(`${flag} ${spec}: expected a .${kind} file`);
  return parsed.value;
}

/** --image-password-env VAR: the value of VAR, a secret (runRedactor registers it). */
export function imagePassword(variable: string | undefined): string | undefined {
  if (variable === undefined) return undefined;
  const password = process.env[variable];
  if (password === undefined || password === '') throw usageError(`environment variable ${variable} (from --image-password-env) is not set`);
  return password;
}

/** The image with the password given to the user its URL names; unchanged when it is no URL or names no user. */
function withImagePassword(flag: string, image: ImageFile, password: string): { image: ImageFile; given: boolean } {
  if (image.source.kind !== 'url') return { image, given: false };
  const url = urlWithPassword(image.source.url, password);
  if (!url.ok) throw usageError(`${flag}: ${url.reason}`);
  if (url.value === undefined) return { image, given: false };
  return { image: { ...image, source: { ...image.source, url: url.value } }, given: true };
}

/** --block-size goes to every TFTP (HOST:FILE) source; `download url` and a memory card take none (docs/exos-cli.md §4.1). */
function withBlockSize(sources: { flag: string; image: ImageFile }[], blockSize: number | undefined): { flag: string; image: ImageFile }[] {
  if (blockSize === undefined) return sources;
  if (!sources.some(({ image }) => image.source.kind === 'host')) {
    throw usageError('--block-size applies to a TFTP source (HOST:FILE); no --image or --xmod here is one');
  }
  return sources.map((entry) => (entry.image.source.kind === 'host' ? { ...entry, image: { ...entry.image, source: { ...entry.image.source, blockSize } } } : entry));
}

function targetFrom(options: UpgradeOptions, image: string | undefined): UpgradeTarget {
  if (!image) throw usageError('--image SRC is required (HOST:FILE, a URL, memorycard:FILE or switch:FILE)');
  const sources = withBlockSize(
    [
      { flag: '--image', image: imageFrom('--image', image, 'xos') },
      ...options.xmods.map((spec) => ({ flag: '--xmod', image: imageFrom('--xmod', spec, 'xmod') })),
    ],
    options.blockSize,
  );
  if (options.imagePasswordEnv === undefined && sources.some(({ image }) => image.source.kind === 'url' && urlCarriesPassword(image.source.url))) {
    warnOnStderr('an image URL carries its password on the command line, where every user of this machine can read it (ps): name only the user and give --image-password-env VAR');
  }
  const password = imagePassword(options.imagePasswordEnv);
  const images = sources.map(({ flag, image }) => (password === undefined ? { image, given: false } : withImagePassword(flag, image, password)));
  if (password !== undefined && !images.some(({ given }) => given)) {
    throw usageError('--image-password-env: no image URL names a user to give the password to (write scheme://USER@host/file)');
  }
  const [core, ...xmods] = images.map(({ image }) => image);
  return {
    core: core!,
    xmods,
    vr: options.vr,
    failback: options.failback,
    allowIoReset: options.allowIoReset,
    forceFailover: options.forceFailover,
    ...(options.keepImage && { keepImage: true }),
  };
}

/** `hitless rollback`: the release is read off the chassis at the first observation (rollbackUpgradeTarget). */
function rollbackTargetFrom(options: UpgradeOptions, rollback: NonNullable<UpgradeOptions['rollback']>): UpgradeTarget {
  return {
    core: installedRelease(rollback.toVersion ?? { version: '?' }),
    xmods: [],
    vr: options.vr,
    failback: options.failback,
    allowIoReset: options.allowIoReset,
    forceFailover: options.forceFailover,
    rollback,
  };
}

/** The target of `hitless upgrade` / `rollback` / `plan` / `demo` and of each fleet chassis. */
export function upgradeTargetOf(options: UpgradeOptions): UpgradeTarget {
  if (options.rollback) return rollbackTargetFrom(options, options.rollback);
  const scenario = options.simulate ? SCENARIOS[options.simulate as keyof typeof SCENARIOS] : undefined;
  const target = options.image || !scenario ? targetFrom(options, options.image) : targetFrom({ ...options, xmods: scenario.suggested.xmods }, scenario.suggested.image);
  return options.stage ? { ...target, stage: true } : target;
}

/** Stable across the runs of one procedure: the run state is kept under it. */
export const targetLabel = (target: UpgradeTarget): string =>
  target.rollback
    ? `rollback to ${target.rollback.toVersion ? formatVersion(target.rollback.toVersion) : 'the release on the other partitions'}`
    : `${target.core.source.file} (${formatVersion(target.core.version)})`;
