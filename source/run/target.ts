// The upgrade target from --image / --xmod / flags. Image names are checked here, before anything connects.
import { parseImageSource } from '../exos/imageFile.js';
import type { ImageFile } from '../exos/imageSource.js';
import { usageError } from '../errors.js';
import type { UpgradeTarget } from '../procedure/types.js';
import { formatVersion } from '../exos/chassisView.js';
import type { UpgradeOptions } from './args.js';

function imageFrom(flag: string, spec: string, kind: ImageFile['kind']): ImageFile {
  const parsed = parseImageSource(spec);
  if (!parsed.ok) throw usageError(`${flag} ${spec}: ${parsed.reason}`);
  if (parsed.value.kind !== kind) throw usageError(`${flag} ${spec}: expected a .${kind} file`);
  return parsed.value;
}

export function targetFrom(options: UpgradeOptions, image: string | undefined): UpgradeTarget {
  if (!image) throw usageError('--image SRC is required (HOST:FILE or a URL)');
  return {
    core: imageFrom('--image', image, 'xos'),
    xmods: options.xmods.map((spec) => imageFrom('--xmod', spec, 'xmod')),
    vr: options.vr,
    failback: options.failback,
    allowIoReset: options.allowIoReset,
    forceFailover: options.forceFailover,
  };
}

export const targetLabel = (target: UpgradeTarget): string => `${target.core.source.file} (${formatVersion(target.core.version)})`;
