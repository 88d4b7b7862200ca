// The upgrade target from --image / --xmod / flags (with --simulate and no --image, the scenario's suggested image).
// Image names are checked here, before anything connects.
import { parseImageSource } from '../exos/imageFile.js';
import type { ImageFile } from '../exos/imageSource.js';
import { usageError } from '../errors.js';
import type { UpgradeTarget } from '../procedure/types.js';
import { formatVersion } from '../exos/chassisView.js';
import { SCENARIOS } from '../simulator/index.js';
import type { UpgradeOptions } from './args.js';

function imageFrom(flag: string, spec: string, kind: ImageFile['kind']): ImageFile {
  const parsed = parseImageSource(spec);
  if (!parsed.ok) throw usageError(`${flag} ${spec}: ${parsed.reason}`);
  if (parsed.value.kind !== kind) throw usageError(`${flag} ${spec}: expected a .${kind} file`);
  return parsed.value;
}

function targetFrom(options: UpgradeOptions, image: string | undefined): UpgradeTarget {
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

/** The target of `hitless upgrade` / `plan` / `demo` and of each fleet chassis. */
export function upgradeTargetOf(options: UpgradeOptions): UpgradeTarget {
  const scenario = options.simulate ? SCENARIOS[options.simulate as keyof typeof SCENARIOS] : undefined;
  if (options.image || !scenario) return targetFrom(options, options.image);
  return targetFrom({ ...options, xmods: scenario.suggested.xmods }, scenario.suggested.image);
}

export const targetLabel = (target: UpgradeTarget): string => `${target.core.source.file} (${formatVersion(target.core.version)})`;
