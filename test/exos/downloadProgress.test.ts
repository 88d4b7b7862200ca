import { describe, expect, it } from 'vitest';
import { downloadProgress } from '../../source/exos/downloadProgress.js';

describe('downloadProgress', () => {
  it('reports every tenth dot, and the switch from downloading to installing', () => {
    const seen: string[] = [];
    const follow = downloadProgress('B', (activity) => seen.push(activity));
    for (const chunk of ['Downloading to MSM-B', '.'.repeat(9), '..', '.'.repeat(12), '\r\nInstalling to secondary partition!\r\n', '...']) {
      follow(chunk);
    }
    expect(seen).toEqual([
      'downloading to MSM-B (11 dots)',
      'downloading to MSM-B (23 dots)',
      'installing to MSM-B (0 dots)',
    ]);
  });
});
