// A short, realistic event stream of one upgrade run (first MSM only, then stopped), one second per event unless
// told: each step starts with its decision and ends at the next one, as the engine's step ledger emits them.
import type { EngineEvent, EngineEventBody } from '../../source/engine/events.js';
import type { Action } from '../../source/procedure/types.js';
import { aMasterBInSync, checklistAt, CORE, msm, show, timeline } from '../ui/fixtures.js';

const download = { kind: 'download', step: 'install-first-backup', slot: 'B', partition: 'secondary', image: CORE, command: 'download image 10.0.0.5 bd8800-16.1.2.3.xos vr "VR-Mgmt" secondary msm B' } satisfies Action;
const reboot: Action = { kind: 'reboot-backup', step: 'reboot-first-backup', slot: 'B', command: 'reboot msm B' };
const waitSync: Action = { kind: 'wait', step: 'sync-first-backup', until: 'backup-in-sync', detail: 'waiting for MSM-B' };

export const afterReboot = show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)', booted: 'secondary', secondary: { version: '16.1.2.3' } }));

export function firstMsmRun(): EngineEvent[] {
  const clock = timeline('2026-02-03T08:00:00.000Z');
  const bodies: Array<[EngineEventBody, number?]> = [
    [{ type: 'run-start', mode: 'upgrade', operator: 'ops@jump1', host: '10.1.1.1:22', target: 'bd8800-16.1.2.3.xos (16.1.2.3)' }, 0],
    [{ type: 'state', show: aMasterBInSync }],
    [{ type: 'decision', action: download, evidence: ['MSM-A is MASTER', 'MSM-B is BACKUP (In Sync)'], checklist: checklistAt('install-first-backup') }],
    [{ type: 'step-start', step: 'install-first-backup', command: download.command }, 0],
    [{ type: 'confirm-request', step: 'install-first-backup', command: download.command, questions: [], evidence: ['MSM-A is MASTER', 'MSM-B is BACKUP (In Sync)'] }],
    [{ type: 'confirm-response', step: 'install-first-backup', answer: 'confirm', by: 'key c' }, 4],
    [{ type: 'command', step: 'install-first-backup', command: download.command }, 2],
    [{ type: 'question', step: 'install-first-backup', question: { id: 'install-after-download', text: 'Do you want to install image after downloading? (y - yes, n - no, <cr> - cancel)', reply: 'y', reason: 'install to the inactive partition', refused: false } }],
    [{ type: 'decision', action: reboot, evidence: ['MSM-B holds 16.1.2.3 | selected'], checklist: checklistAt('reboot-first-backup') }, 11],
    [{ type: 'step-end', step: 'install-first-backup', outcome: 'done', detail: 'installed to secondary on MSM-B' }, 0],
    [{ type: 'step-start', step: 'reboot-first-backup', command: 'reboot msm B' }, 0],
    [{ type: 'confirm-request', step: 'reboot-first-backup', command: 'reboot msm B', questions: [{ id: 'reboot-msm', text: 'Are you sure you want to reboot MSM-B? (y/N)', answer: 'y' }], evidence: ['MSM-B holds 16.1.2.3 | selected'] }],
    [{ type: 'confirm-response', step: 'reboot-first-backup', answer: 'confirm', by: 'key y' }, 2],
    [{ type: 'command', step: 'reboot-first-backup', command: 'reboot msm B' }],
    [{ type: 'decision', action: waitSync, evidence: [], checklist: checklistAt('sync-first-backup') }, 2],
    [{ type: 'step-end', step: 'reboot-first-backup', outcome: 'done' }, 0],
    [{ type: 'step-start', step: 'sync-first-backup' }, 0],
    [{ type: 'warning', message: 'MSM-B took long to boot' }, 30],
    [{ type: 'state', show: afterReboot }],
    [{ type: 'step-end', step: 'sync-first-backup', outcome: 'failed', detail: 'stopped by the operator; rerun to resume' }],
    [{ type: 'error', kind: 'stopped', message: 'stopped by the operator; rerun to resume', exitCode: 4 }, 0],
    [{ type: 'run-end', exitCode: 4, summary: 'stopped in a safe state; rerun the same command to resume', outcome: 'stopped-safe', changed: true, steps: [], warnings: [] }],
  ];
  return bodies.map(([body, seconds]) => clock.event(body, seconds ?? 1));
}
