// Follows a download while it runs: the switch prints `Downloading to MSM-B` and a dot per block, then
// `Installing to MSM-B` and dots again (docs/exos-cli.md §4.2). The final outcome is parseDownloadResult's business.
import type { MsmSlot } from './chassisState.js';

/** Turns the download's dot stream into "downloading (n)" / "installing (n)" activity, at most one per 10 dots. */
export function downloadProgress(slot: MsmSlot, report: (activity: string) => void): (chunk: string) => void {
  let phase = 'downloading';
  let dots = 0;
  return (chunk) => {
    const installing = /Installing to/.test(chunk) && phase === 'downloading';
    if (installing) {
      phase = 'installing';
      dots = 0;
    }
    const before = Math.floor(dots / 10);
    dots += chunk.split('.').length - 1;
    if (installing || Math.floor(dots / 10) !== before) report(`${phase} to MSM-${slot} (${dots} dots)`);
  };
}
