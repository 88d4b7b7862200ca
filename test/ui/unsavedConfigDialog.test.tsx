// The unsaved-configuration question of the full-screen console: the request the engine makes before the first
// destructive step, drawn as the dialog the operator sees, and what each answer sends to the switch.
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { keepConfigSafe } from '../../source/engine/configKeeping.js';
import type { ConfirmAnswer, ConfirmRequest, EngineEventBody } from '../../source/engine/events.js';
import { memoryRunStateStore } from '../../source/engine/runState.js';
import type { SessionLike } from '../../source/engine/sessionLike.js';
import { parsePrompt } from '../../source/exos/platform.js';
import type { Action } from '../../source/procedure/types.js';
import { Screen } from '../../source/ui/components/Screen.js';
import { frameLines, msm, show, snapshotAfter, TARGET_LABEL } from './fixtures.js';

afterEach(cleanup);

const REBOOT_BACKUP: Action = { kind: 'reboot-backup', step: 'reboot-first-backup', slot: 'B', command: 'reboot msm B' };

const SAVED = 'Saving configuration primary.cfg  on master ........ done!\nConfiguration saved to primary.cfg successfully.';

/** keepConfigSafe in the full-screen console's mode, the operator answering `answer`. */
async function askedAndAnswered(answer: ConfirmAnswer) {
  const sent: string[] = [];
  const events: EngineEventBody[] = [];
  const requests: ConfirmRequest[] = [];
  const session: SessionLike = {
    run: async (command) => {
      sent.push(command);
      const output = command === 'save configuration' ? SAVED : 'configure snmp sysName "BD-8810"';
      return { command, output, prompt: parsePrompt('BD-8810.3 # ')!, questions: [], errors: [] };
    },
    sendKeys: () => false,
    closed: false,
    onClose: () => () => undefined,
    close: () => undefined,
  };
  const exit = await keepConfigSafe(
    {
      keeping: { unsaved: 'ask', copy: { write: () => '/tmp/run.config.txt', reuse: () => false } },
      session: async () => session,
      emit: (event) => events.push(event),
      ask: async (request) => (requests.push(request), answer),
      logQuestions: () => undefined,
      runState: memoryRunStateStore(),
      targetLabel: TARGET_LABEL,
      idleTimeoutMs: 1000,
      now: () => 0,
    },
    REBOOT_BACKUP,
    true,
    3,
  );
  return { exit, sent, events, request: requests[0]! };
}

describe('unsaved configuration before the first destructive step, full-screen', () => {
  it('asks in a dialog with the evidence, the command and the switch question with its answer; s goes on unsaved', async () => {
    const { request } = await askedAndAnswered('confirm');
    const { snapshot, now } = snapshotAfter(
      { type: 'run-start', operator: 'op', target: TARGET_LABEL, host: 'core-1', mode: 'upgrade' },
      { type: 'state', show: show(msm('A', { stateText: 'MASTER', local: true }), msm('B', { stateText: 'BACKUP (In Sync)' })) },
      { type: 'confirm-request', step: request.step, title: request.title, command: request.command, questions: request.questions, evidence: request.evidence },
    );
    const size = { columns: 120, rows: 40 };
    const frame = render(<Screen snapshot={snapshot} consoleLines={['* BD-8810.1 # show switch']} consoleScrolledBack={0} size={size} canSkip={request.canSkip} now={now} modal="dialog" />);
    const text = frameLines(frame.lastFrame() ?? '').join('\n').replace(/[│|]/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Save the configuration before the upgrade changes anything (s: go on with it unsaved)');
    expect(text).toContain('$ save configuration');
    expect(text).toContain('y ← "Do you want to save configuration to primary.cfg and overwrite it? (y/N)"');
    expect(text).toContain('the running configuration has changes not saved (the prompt begins with "* ")');
    expect(text).toContain('[s] skip');
  });

  it('c: saves first (then the copy); s: sends no save, warns, keeps the copy; a: stops before anything is sent', async () => {
    const saved = await askedAndAnswered('confirm');
    expect(saved.exit).toBe('saved');
    expect(saved.sent).toEqual(['save configuration', 'show configuration']);

    const unsaved = await askedAndAnswered('skip');
    expect(unsaved.exit).toBeUndefined();
    expect(unsaved.sent).toEqual(['show configuration']);
    expect(unsaved.events).toContainEqual({ type: 'warning', message: expect.stringContaining('the operator chose to go on without saving them') });

    const stopped = await askedAndAnswered('abort');
    expect(stopped.exit).toBe(3);
    expect(stopped.sent).toEqual([]);
  });
});
