import { describe, expect, it } from 'vitest';
import { preconditionsNow } from '../../source/procedure/preconditions.js';
import { chassis, IN_SYNC, MASTER, NEW, NOT_IN_SYNC, OLD, singleSwitch, startingChassis, target, xmodImage } from './fixtures.js';

const failing = (checks: ReturnType<typeof preconditionsNow>) => checks.filter((check) => !check.holds);

describe('preconditionsNow', () => {
  it('all hold on a dual-MSM chassis with a master and a backup in sync', () => {
    const checks = preconditionsNow(startingChassis(), target(NEW));
    expect(checks.map((check) => check.need)).toEqual(['a chassis with two MSMs', 'one MSM is MASTER', 'MSM-B is BACKUP', 'MSM-B is In Sync']);
    expect(failing(checks)).toEqual([]);
  });

  it('names the backup that is not in sync, and what it shows instead', () => {
    const observed = chassis({ A: { state: MASTER, booted: 'primary', primary: OLD }, B: { state: NOT_IN_SYNC, booted: 'primary', primary: OLD } });
    expect(failing(preconditionsNow(observed, target(NEW)))).toEqual([{ need: 'MSM-B is In Sync', holds: false, actually: 'MSM-B is BACKUP (Not In Sync)' }]);
  });

  it('a backup that is not BACKUP at all, no master, a single switch, an .xmod of another version', () => {
    const booting = chassis({ B: { state: MASTER, booted: 'primary', primary: OLD }, A: { state: 'INIT', booted: 'primary', primary: OLD } });
    expect(failing(preconditionsNow(booting, target(NEW)))).toEqual([{ need: 'MSM-A is BACKUP', holds: false, actually: 'MSM-A is INIT' }]);
    const masterless = chassis({ A: { state: IN_SYNC, booted: 'primary', primary: OLD }, B: { state: 'DOWN' } });
    expect(failing(preconditionsNow(masterless, target(NEW))).map((check) => check.need)).toEqual(['one MSM is MASTER']);
    expect(failing(preconditionsNow(singleSwitch(), target(NEW)))).toEqual([{ need: 'a chassis with two MSMs', holds: false, actually: 'show switch shows a single switch' }]);
    const wrongXmod = target(NEW, { xmods: [xmodImage(OLD, 'ssh')] });
    expect(failing(preconditionsNow(startingChassis(), wrongXmod)).map((check) => check.need)).toEqual(["each .xmod carries the core image's version"]);
  });
});
