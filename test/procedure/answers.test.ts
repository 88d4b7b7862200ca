import { describe, expect, it } from 'vitest';
import type { SwitchQuestion } from '../../source/exos/platform.js';
import { answerPolicyFor, expectedQuestions, removeFilePolicy } from '../../source/procedure/answers.js';
import type { Action } from '../../source/procedure/types.js';
import { actionTitle } from '../../source/procedure/evidence.js';
import { chassis, coreImage, IN_SYNC, MASTER, NEW, OLD, target } from './fixtures.js';

const download: Action = {
  kind: 'download',
  step: 'install-first-backup',
  slot: 'B',
  partition: 'secondary',
  image: coreImage(NEW),
  command: 'download image 10.0.0.5 bd8800-12.6.3.3.xos vr "VR-Mgmt" secondary msm B',
};
const rebootB: Action = { kind: 'reboot-backup', step: 'reboot-first-backup', slot: 'B', command: 'reboot msm B' };
const failover: Action = { kind: 'failover', step: 'failover', fromSlot: 'A', toSlot: 'B', spelling: 'run msm-failover', command: 'run msm-failover' };
const wait: Action = { kind: 'wait', step: 'sync-first-backup', until: 'backup-in-sync', detail: '' };

const INSTALL: SwitchQuestion = { id: 'install-after-download', text: 'Do you want to install image after downloading? (y - yes, n - no, <cr> - cancel)' };
const IO_RESET: SwitchQuestion = {
  id: 'io-module-reset',
  text: 'WARNING: The other MSM operates with a different version of I/O module image. If you continue with the MSM failover, all I/O modules will be reset. Are you sure you want to failover? (y/n)',
};
const ALL_IDS: SwitchQuestion['id'][] = [
  'install-after-download',
  'remove-debug-files',
  'reboot-msm',
  'reboot-switch',
  'save-and-reboot',
  'io-module-reset',
  'failover-reduced-function',
  'failover-confirm',
  'save-overwrite',
  'save-first',
  'exit-unsaved',
  'unknown',
];

const reply = (action: Action, question: SwitchQuestion, t = target(NEW)) => answerPolicyFor(action, t)(question)?.reply;

describe('answer policy', () => {
  it('answers yes to the install question of a download, and nothing else', () => {
    expect(reply(download, INSTALL)).toBe('y');
    for (const id of ALL_IDS.filter((id) => id !== 'install-after-download')) {
      expect(reply(download, { id, text: 'Are you sure? (y/N)' }), id).toBeUndefined();
    }
  });

  it('confirms a reboot only when the question names the MSM being rebooted', () => {
    expect(reply(rebootB, { id: 'reboot-msm', text: 'Are you sure you want to reboot MSM-B? (y/N)' })).toBe('y');
    expect(reply(rebootB, { id: 'reboot-msm', text: 'Reboot msm B? (y/n)' })).toBe('y');
    expect(reply(rebootB, { id: 'reboot-msm', text: 'Are you sure you want to reboot MSM-A? (y/N)' })).toBeUndefined();
    expect(reply(rebootB, { id: 'reboot-msm', text: 'Are you sure you want to reboot MSM-A and MSM-B? (y/N)' })).toBeUndefined();
    expect(reply(rebootB, { id: 'reboot-msm', text: 'Are you sure you want to reboot MSM-BACKUP? (y/N)' })).toBeUndefined();
  });

  it('never confirms a reboot of the whole switch, nor saving first', () => {
    for (const id of ['reboot-switch', 'save-and-reboot', 'unknown'] as const) {
      expect(reply(rebootB, { id, text: 'Are you sure you want to reboot MSM-B? (y/N)' }), id).toBeUndefined();
    }
  });

  it('confirms the failover and refuses a failover with reduced functionality', () => {
    expect(reply(failover, { id: 'failover-confirm', text: 'Are you sure you want to failover? (y/n)' })).toBe('y');
    const reduced = answerPolicyFor(failover, target(NEW))({ id: 'failover-reduced-function', text: 'reduced functionality ... (y/n)' });
    expect(reduced?.reply).toBe('n');
    expect(reduced?.reason).toMatch(/reduced functionality/);
  });

  it('refuses an I/O module reset unless the operator accepted an outage', () => {
    expect(answerPolicyFor(failover, target(NEW))(IO_RESET)).toEqual({ reply: 'n', reason: 'would reset all I/O modules (not hitless)' });
    const accepted = answerPolicyFor(failover, target(NEW, { allowIoReset: true }))(IO_RESET);
    expect(accepted?.reply).toBe('y');
    expect(accepted?.reason).toMatch(/operator accepted an outage/);
  });

  it('expects no questions while waiting, and answers none', () => {
    expect(expectedQuestions(wait, target(NEW))).toEqual([]);
    expect(reply(wait, INSTALL)).toBeUndefined();
  });
});

describe('expectedQuestions', () => {
  it('lists what each step will be asked with the answer hitless will give', () => {
    expect(expectedQuestions(download, target(NEW))).toEqual([{ ...INSTALL, answer: 'y' }]);
    expect(expectedQuestions(rebootB, target(NEW))).toEqual([
      { id: 'reboot-msm', text: 'Are you sure you want to reboot MSM-B? (y/N)', answer: 'y' },
    ]);
    expect(expectedQuestions(failover, target(NEW)).map((q) => [q.id, q.answer])).toEqual([
      ['failover-confirm', 'y'],
      ['io-module-reset', 'n'],
      ['failover-reduced-function', 'n'],
    ]);
    expect(expectedQuestions(failover, target(NEW, { allowIoReset: true })).find((q) => q.id === 'io-module-reset')?.answer).toBe('y');
  });

  it('announces the I/O-reset and reduced-function questions only where the MSMs run different releases (the I/O image comes with it)', () => {
    const ids = (show: ReturnType<typeof chassis>['show']) => expectedQuestions(failover, target(NEW), show).map((q) => q.id);
    const acrossReleases = chassis({ A: { state: MASTER, booted: 'primary', primary: OLD }, B: { state: IN_SYNC, booted: 'secondary', secondary: NEW } });
    expect(ids(acrossReleases.show)).toEqual(['failover-confirm', 'io-module-reset', 'failover-reduced-function']);
    const sameRelease = chassis({ A: { state: MASTER, booted: 'primary', primary: NEW }, B: { state: IN_SYNC, booted: 'primary', primary: NEW } });
    expect(ids(sameRelease.show)).toEqual(['failover-confirm']);
  });
});

describe('actionTitle', () => {
  it('names what confirming does', () => {
    expect(actionTitle(download as never)).toBe('Install bd8800-12.6.3.3.xos on MSM-B (secondary)');
    expect(actionTitle(rebootB as never)).toBe('Reboot MSM-B, the backup');
    expect(actionTitle(failover as never)).toBe('Fail over to MSM-B');
    expect(actionTitle({ ...failover, step: 'failback', fromSlot: 'B', toSlot: 'A' } as never)).toBe('Fail back to MSM-A');
    expect(actionTitle({ kind: 'select-partition', step: 'install-first-backup', slot: 'B', partition: 'secondary', command: '' })).toBe('Boot MSM-B from secondary next');
  });
});

describe('install image of a file already on the switch (its question is a guess [R])', () => {
  const install: Action = { ...download, image: { ...coreImage(NEW), source: { kind: 'switch', file: 'bd8800-12.6.3.3.xos' } }, command: 'install image bd8800-12.6.3.3.xos secondary msm B' };

  it('confirms an install question that names this MSM or nothing, never the download question', () => {
    expect(reply(install, { id: 'install-image', text: 'Do you want to install the image on MSM-B? (y/N)' })).toBe('y');
    expect(reply(install, { id: 'install-image', text: 'Do you want to continue with the install? (y/n)' })).toBe('y');
    expect(reply(install, INSTALL)).toBeUndefined();
    expect(reply(download, { id: 'install-image', text: 'Do you want to install the image on MSM-B? (y/N)' })).toBeUndefined();
  });

  it('refuses one that names the other MSM or the running partition', () => {
    expect(reply(install, { id: 'install-image', text: 'Do you want to install the image on MSM-A? (y/N)' })).toBeUndefined();
    expect(reply(install, { id: 'install-image', text: 'Do you want to install to the primary partition? (y/N)' })).toBeUndefined();
  });

  it('shows the guessed question before confirming', () => {
    expect(expectedQuestions(install, target(NEW))).toEqual([{ id: 'install-image', text: 'Do you want to install the image on MSM-B? (y/N)', answer: 'y' }]);
  });
});

describe('removeFilePolicy', () => {
  const FILE = 'bd8800-15.3.5.2-patch1-5.xos';
  it.each([
    ['Are you sure you want to remove the file? (y/N)', 'y'],
    [`Remove ${FILE}? (y/n)`, 'y'],
    ['Remove primary.cfg? (y/n)', undefined],
    [`Remove ${FILE} and bd8800-15.3.1.4.xos? (y/n)`, undefined],
  ])('"%s" -> %s: only the pushed file is ever removed', (text, reply) => {
    expect(removeFilePolicy(FILE)({ id: 'remove-file', text })?.reply).toBe(reply);
  });

  it('answers no other question', () => {
    expect(removeFilePolicy(FILE)({ id: 'reboot-msm', text: 'Are you sure you want to reboot MSM-B? (y/N)' })).toBeUndefined();
  });
});
