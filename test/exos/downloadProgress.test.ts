// What the operator reads while a download runs: its phase, and bytes when the switch prints a size — not a count of
// progress dots (the screen adds how long it has run).
import { describe, expect, it } from 'vitest';
import { downloadProgress } from '../../source/exos/downloadProgress.js';

function reports(chunks: string[]): string[] {
  const seen: string[] = [];
  const feed = downloadProgress('B', (activity) => seen.push(activity));
  for (const chunk of chunks) feed(chunk);
  return seen;
}

describe('downloadProgress', () => {
  it('reports each phase once, without counting dots', () => {
    const seen = reports(['\r\nDownloading to MSM-B', '.'.repeat(80), '.'.repeat(80), '\r\nInstalling to secondary partition!\r\n', '\r\nInstalling to MSM-B', '.'.repeat(450)]);
    expect(seen).toEqual(['downloading to MSM-B', 'installing to MSM-B']);
    expect(seen.join(' ')).not.toMatch(/dots|\d/);
  });

  it('adds the bytes when the switch prints a size', () => {
    expect(reports(['Downloading to MSM-B.....', ' 12,345,678 bytes', '....', ' 23456789 bytes'])).toEqual([
      'downloading to MSM-B',
      'downloading to MSM-B, 12,345,678 bytes',
      'downloading to MSM-B, 23,456,789 bytes',
    ]);
  });
});
