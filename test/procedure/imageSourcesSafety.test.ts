// The new image sources change only the command's first words: the image still goes only to the backup's inactive
// partition, and the check before sending reads every shape (TFTP with a block size, memory card, install image).
import { describe, expect, it } from 'vitest';
import type { ImageSource } from '../../source/exos/imageSource.js';
import { decide } from '../../source/procedure/decide.js';
import { checkBeforeSending } from '../../source/procedure/safety.js';
import type { UpgradeTarget } from '../../source/procedure/types.js';
import { chassis, FACTS, IN_SYNC, MASTER, NEW, OLD, startingChassis, target } from './fixtures.js';

const FILE = `bd8800-${NEW}.xos`;
const SOURCES: Record<string, { source: ImageSource; command: string }> = {
  'TFTP with a block size': {
    source: { kind: 'host', host: '10.0.0.5', file: FILE, blockSize: 1468 },
    command: `download image 10.0.0.5 ${FILE} vr "VR-Mgmt" block-size 1468 secondary msm B`,
  },
  'memory card': { source: { kind: 'memorycard', file: FILE }, command: `download image memorycard ${FILE} secondary msm B` },
  'file on the switch': { source: { kind: 'switch', file: FILE }, command: `install image ${FILE} secondary msm B` },
};

const targetFrom = (source: ImageSource): UpgradeTarget => {
  const base = target(NEW);
  return { ...base, core: { ...base.core, source } };
};

const refusal = (verdict: ReturnType<typeof checkBeforeSending>) => (verdict.ok ? 'ok' : verdict.reason);

describe.each(Object.entries(SOURCES))('%s', (_name, { source, command }) => {
  const t = targetFrom(source);
  const observed = startingChassis('A');
  const action = decide(observed, t, FACTS).action;

  it('is planned as that exact command to the backup inactive partition, and passes the check', () => {
    expect(action).toMatchObject({ kind: 'download', slot: 'B', partition: 'secondary', command });
    if (action.kind !== 'download') return;
    expect(checkBeforeSending(action, observed, t)).toEqual({ ok: true });
  });

  it('is refused aimed at the master, at the running partition, or at another partition than the action names', () => {
    if (action.kind !== 'download') throw new Error('expected a download');
    const toMaster = { ...action, slot: 'A' as const, command: command.replace('msm B', 'msm A') };
    expect(refusal(checkBeforeSending(toMaster, observed, t))).toMatch(/MSM-A is the MASTER/);
    const toRunning = { ...action, partition: 'primary' as const, command: command.replace('secondary msm B', 'primary msm B') };
    expect(refusal(checkBeforeSending(toRunning, observed, t))).toBe('primary is the partition MSM-B is running from');
    const mislabelled = { ...action, command: command.replace('secondary msm B', 'primary msm B') };
    expect(refusal(checkBeforeSending(mislabelled, observed, t))).toMatch(/does not name secondary of MSM-B/);
  });

  it('is not sent again once the backup holds the target there (a rerun after an interrupted install)', () => {
    const installed = chassis({
      A: { state: MASTER, booted: 'primary', primary: OLD },
      B: { state: IN_SYNC, booted: 'primary', selected: 'secondary', primary: OLD, secondary: NEW },
    });
    expect(decide(installed, t, FACTS).action).toMatchObject({ kind: 'reboot-backup', slot: 'B' });
  });
});

describe('command shapes the check refuses', () => {
  const t = targetFrom(SOURCES['file on the switch']!.source);
  const observed = startingChassis('A');
  const action = decide(observed, t, FACTS).action;

  it.each([
    ['install image without an MSM', `install image ${FILE} secondary`],
    ['install image without a partition', `install image ${FILE} msm B`],
    ['install image with reboot', `install image ${FILE} secondary msm B reboot`],
    ['a block size that is no number', `download image 10.0.0.5 ${FILE} vr "VR-Mgmt" block-size big secondary msm B`],
    ['a block size before the VR', `download image 10.0.0.5 ${FILE} block-size 512 vr "VR-Mgmt" secondary msm B`],
    ['a memory card with a VR', `download image memorycard ${FILE} vr "VR-Mgmt" secondary msm B`],
    ['uninstall image', `uninstall image ${FILE} secondary msm B`],
  ])('%s', (_name, command) => {
    if (action.kind !== 'download') throw new Error('expected a download');
    expect(refusal(checkBeforeSending({ ...action, command }, observed, t))).toMatch(/is not an allowed download command/);
  });
});
