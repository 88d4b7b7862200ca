// Follows a download while it runs: the switch prints `Downloading to MSM-B` and a dot per block, then
// `Installing to MSM-B` and dots again (docs/exos-cli.md §4.2). The final outcome is parseDownloadResult's business.
import type { MsmSlot } from './chassisState.js';

/**
 * Turns the download's output into "downloading to MSM-B" / "installing to MSM-B" activity, reported when the phase
 * starts and whenever the switch prints a size ("..., 12,345,678 bytes"); the screen adds how long it has run.
 */
export function downloadProgress(slot: MsmSlot, report: (activity: string) => void): (chunk: string) => void {
  let phase: 'downloading' | 'installing' | undefined;
  let bytes: string | undefined;
  return (chunk) => {
    const next = /Installing to/.test(chunk) ? 'installing' : (phase ?? 'downloading');
    const size = /(\d[\d,]*) bytes/i.exec(chunk)?.[1]?.replaceAll(',', '');
    const newBytes = size !== undefined && size !== bytes;
    if (next === phase && !newBytes) return;
    if (next !== phase) bytes = undefined;
    if (newBytes) bytes = size;
    phase = next;
    report(`${phase} to MSM-${slot}${bytes ? `, ${Number(bytes).toLocaleString('en-US')} bytes` : ''}`);
  };
}
