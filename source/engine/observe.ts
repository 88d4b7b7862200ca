// Reading the chassis: `show switch` (always) and `show version images` (when .xmod packages are part of the target).
import type { ObservedChassis } from '../exos/chassisState.js';
import { SHOW_SWITCH, SHOW_VERSION_IMAGES } from '../exos/commands.js';
import { parseShowSwitch } from '../exos/parseShowSwitch.js';
import { parseShowVersionImages } from '../exos/parseShowVersionImages.js';
import { HitlessError, type ExitCode } from '../errors.js';
import type { SessionLike } from './sessionLike.js';

export async function readChassis(
  session: SessionLike,
  options: { withImages: boolean; timeoutMs: number; exitCodeOnFailure: ExitCode },
): Promise<ObservedChassis> {
  const showSwitch = await session.run(SHOW_SWITCH, { idleTimeoutMs: options.timeoutMs });
  const show = parseShowSwitch(showSwitch.output);
  if (!show.ok) {
    throw new HitlessError('unparsable', `cannot read "show switch": ${show.reason}`, options.exitCodeOnFailure);
  }
  const unsaved = showSwitch.prompt.unsaved ? { configUnsaved: true } : {};
  if (!options.withImages) return { show: show.value, ...unsaved };
  const listing = await session.run(SHOW_VERSION_IMAGES, { idleTimeoutMs: options.timeoutMs });
  const images = parseShowVersionImages(listing.output);
  if (!images.ok) {
    throw new HitlessError('unparsable', `cannot read "show version images": ${images.reason}`, options.exitCodeOnFailure);
  }
  return { show: show.value, images: images.value, ...unsaved };
}
