import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knownQuestion, type AnswerPolicy, type SwitchQuestion } from '../../source/exos/platform.js';
import { ExosSession, type CommandResult } from '../../source/session/exosSession.js';
import { SessionError } from '../../source/session/sessionError.js';
import { loadSample } from '../exos/samples.js';
import { QUESTION_EXAMPLES } from './questionExamples.js';
import { ScriptedTransport, splitAt, type ScriptStep } from './scriptedTransport.js';

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
const prompt = (counter: number) => `EXOS-VM.${counter} # `;
const BANNER_TEXT = 'ExtremeXOS\r\nCopyright (C) 1996-2020 Extreme Networks. All rights reserved.\r\n\r\n';

/** A session logged in at `firstPrompt` with paging off (that prompt again: the counter does not matter). */
async function loggedIn(script: ScriptStep[], firstPrompt = prompt(2)) {
  const transport = new ScriptedTransport([{ expect: 'disable clipaging\r', reply: ['disable clipaging\r\n', firstPrompt] }, ...script]);
  const seen: string[] = [];
  void transport.send(BANNER_TEXT + firstPrompt);
  const session = await ExosSession.open(transport, { onOutput: (chunk) => seen.push(chunk) });
  return { transport, session, seen };
}

const sayYes: AnswerPolicy = () => ({ reply: 'y', reason: 'the test expects this question' });

async function failure(promise: Promise<unknown>): Promise<SessionError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(SessionError);
  return error as SessionError;
}

describe('login', () => {
  it('keeps a banner that arrived before the session listened (same read as the shell reply)', async () => {
    const transport = new ScriptedTransport([{ expect: 'disable clipaging\r', reply: ['disable clipaging\r\n', 'BD-8810.2 # '] }]);
    await transport.send('ExtremeXOS\r\nCopyright (C) 1996-2020 Extreme Networks.\r\n\r\nBD-8810.1 # ');
    const session = await ExosSession.open(transport, { loginTimeoutMs: 2000 });
    expect(session.banner).toContain('Copyright (C) 1996-2020 Extreme Networks.');
    expect(session.prompt.counter).toBe(2);
    expect(transport.mismatches).toEqual([]);
  });

  it('waits for the first prompt after the 2020 banner (CRLF), then turns paging off and nothing else', async () => {
    const banner = loadSample('login_banner_stack_oxidized_issue2107.session');
    const transport = new ScriptedTransport([{ expect: 'disable clipaging\r', reply: ['disable clipaging\r\nSlot-1 stack_office_x3.2 # '] }]);
    void transport.send(banner);
    const session = await ExosSession.open(transport);
    expect(transport.writes).toEqual(['disable clipaging\r']);
    expect(transport.mismatches).toEqual([]);
    expect(session.prompt).toMatchObject({ slotPrefix: 'Slot-1', sysname: 'stack_office_x3', counter: 2 });
    expect(session.banner).toContain('Remember to save your configuration changes.');
    expect(session.banner).not.toContain('\r');
  });

  it('logs in after the 2024 VPEX banner with LF line ends', async () => {
    const banner = loadSample('login_banner_vpex_oxidized_issue3259.session');
    const transport = new ScriptedTransport([{ expect: 'disable clipaging\r', reply: ['disable clipaging\nSlot-1 VPEX SW-00035-002.2 # '] }]);
    void transport.send(...splitAt(banner, [17, 300, banner.length - 3]));
    const session = await ExosSession.open(transport);
    expect(session.prompt).toMatchObject({ vpex: true, sysname: 'SW-00035-002', counter: 2 });
  });

  it('logs in to a chassis whose system name holds blanks and runs commands on it', async () => {
    const spaced = (counter: number) => `* DC1 CORE X670.${counter} # `;
    const transport = new ScriptedTransport([
      { expect: 'disable clipaging\r', reply: ['disable clipaging\r\n', spaced(2)] },
      // A line of output that reads like the prompt of a shorter name is output, not the end of the command.
      { expect: 'show switch\r', reply: ['show switch\r\nSysName:          DC1 CORE X670\r\nCORE X670.3 # ', '\r\n', spaced(3)] },
    ]);
    void transport.send(BANNER_TEXT + spaced(1));
    const session = await ExosSession.open(transport, { loginTimeoutMs: 2000 });
    expect(session.prompt).toMatchObject({ sysname: 'DC1 CORE X670', counter: 2, unsaved: true });
    expect((await session.run('show switch')).output).toBe('SysName:          DC1 CORE X670\nCORE X670.3 # ');
    expect(transport.mismatches).toEqual([]);
  });

  it('calls text that never shows a prompt unparsable (exit 2), quoting the last line', async () => {
    const transport = new ScriptedTransport();
    void transport.send(crlf(loadSample('login_standby_node_console_exos_apps_clone.session')));
    const error = await failure(ExosSession.open(transport, { loginTimeoutMs: 100 }));
    expect(error).toMatchObject({ kind: 'unparsable', exitCode: 2, command: undefined });
    expect(error.message).toContain('Remember to save your configuration changes.');
    expect(error.partialOutput).toContain('You are connected to a Standby node.');
    expect(transport.closed).toBe(true);
  });

  it('times out with exit 2 when the switch says nothing at all', async () => {
    const error = await failure(ExosSession.open(new ScriptedTransport(), { loginTimeoutMs: 50 }));
    expect(error).toMatchObject({ kind: 'timeout', exitCode: 2 });
  });

  it('reports a link lost during login with exit 2', async () => {
    const transport = new ScriptedTransport();
    void transport.send('ExtremeXOS\r\n');
    void transport.drop('remote-closed');
    const error = await failure(ExosSession.open(transport));
    expect(error).toMatchObject({ kind: 'link-lost', exitCode: 2 });
    expect(error.message).toContain('logging in');
  });

  it('refuses to start on a transport that is already closed', async () => {
    const transport = new ScriptedTransport();
    transport.close();
    expect(await failure(ExosSession.open(transport))).toMatchObject({ kind: 'link-lost', exitCode: 2 });
  });
});

describe('running a command', () => {
  it('returns the output between the echo and the next prompt, with the switch error lines (real capture)', async () => {
    const capture = crlf(loadSample('unsaved_prompt_invalid_command_oxidized_issue2113.session')).replace(/\r\n$/, '');
    const afterFirstPrompt = capture.slice(capture.indexOf('# ') + 2);
    const { session, transport } = await loggedIn([{ expect: 'disable clipaging session\r', reply: [afterFirstPrompt] }], '* sw0.l9.kv.1 # ');
    const result = await session.run('disable clipaging session');
    expect(transport.mismatches).toEqual([]);
    expect(result).toEqual({
      command: 'disable clipaging session',
      output: "                                  ^\n%% Invalid input detected at '^' marker.",
      prompt: { raw: '* sw0.l9.kv.2 #', unsaved: true, shutdownSlots: false, vpex: false, sysname: 'sw0.l9.kv', counter: 2, privilege: 'admin' },
      questions: [],
      errors: ["%% Invalid input detected at '^' marker."],
    } satisfies CommandResult);
    expect(session.prompt.counter).toBe(2);
  });

  it('answers the save-overwrite question per policy and logs it (real capture)', async () => {
    const { session, transport } = await loggedIn([
      {
        expect: 'save\r',
        reply: ['save\r\nThe configuration file primary.cfg already exists.\r\n', 'Do you want to save configuration to primary.cfg and overwrite it? (y/N) '],
      },
      {
        expect: 'y\r',
        reply: ['y\r\nSaving configuration primary.cfg  on master ........ done!\r\nConfiguration saved to primary.cfg successfully.\r\n', prompt(3)],
      },
    ]);
    const result = await session.run('save', { answer: (q) => (q.id === 'save-overwrite' ? { reply: 'y', reason: 'saving is step 0' } : undefined) });
    expect(transport.mismatches).toEqual([]);
    expect(result.questions).toEqual([
      {
        id: 'save-overwrite',
        text: 'Do you want to save configuration to primary.cfg and overwrite it? (y/N)',
        style: 'y/N',
        destructive: false,
        reply: 'y',
        reason: 'saving is step 0',
        refused: false,
      },
    ]);
    expect(result.unexpectedQuestion).toBeUndefined();
    expect(result.output).toContain('Configuration saved to primary.cfg successfully.');
    expect(result.errors).toEqual([]);
  });

  it('takes the output of download url .lst as it came (real capture, no question asked)', async () => {
    const capture = crlf(loadSample('download_url_lst_x870_22.2.1.5_exos_apps.session')).trimEnd();
    const command = capture.slice(capture.indexOf('# ') + 2, capture.indexOf('\r\n'));
    const { session } = await loggedIn([{ expect: `${command}\r`, reply: [`${capture.slice(capture.indexOf('# ') + 2)} `] }], '* (Software Update Required) X870-96x-8c.1 # ');
    const result = await session.run(command);
    expect(result.output.split('\n')).toHaveLength(22);
    expect(result.output.match(/Image installed successfully/g)).toHaveLength(3);
    expect(result.prompt).toMatchObject({ status: 'Software Update Required', counter: 2 });
  });

  it('accepts an echo that starts with a blank (a prompt blank that came late)', async () => {
    const { session } = await loggedIn([{ expect: 'show switch\r', reply: [' show switch\r\n', 'SysName:          EXOS-VM\r\n', prompt(3)] }]);
    expect((await session.run('show switch')).output).toBe('SysName:          EXOS-VM');
  });

  it('is not fooled by a redrawn old prompt before the echo', async () => {
    const { session } = await loggedIn([{ expect: 'show version\r', reply: [`\r\n${prompt(2)}`, 'show version\r\nImage   : ExtremeXOS version 30.2.1.8\r\n', prompt(3)] }]);
    const result = await session.run('show version');
    expect(result.output).toBe('Image   : ExtremeXOS version 30.2.1.8');
    expect(result.prompt.counter).toBe(3);
  });

  it('does not take a prompt-like output line of another name for the prompt', async () => {
    const { session } = await loggedIn([
      { expect: 'show banner\r', reply: ['show banner\r\nLegend: # = admin\r\nother-switch.7 # ', '\r\nend of banner\r\n', prompt(3)] },
    ]);
    expect((await session.run('show banner')).output).toBe('Legend: # = admin\nother-switch.7 # \nend of banner');
  });

  it('keeps output arriving between commands out of the next result but shows it on the console', async () => {
    const { session, transport, seen } = await loggedIn([{ expect: 'show switch\r', reply: ['show switch\r\nSysName: EXOS-VM\r\n', prompt(3)] }]);
    await transport.send('\r\n<Info:vlan.msgs.portLinkStateUp> Port 1:1 link UP\r\n');
    expect((await session.run('show switch')).output).toBe('SysName: EXOS-VM');
    expect(seen.join('')).toContain('Port 1:1 link UP');
    expect(seen.join('')).toContain(BANNER_TEXT);
  });

  it('passes every chunk of the command to onProgress', async () => {
    const { session } = await loggedIn([{ expect: 'download\r', reply: ['download\r\n', 'Downloading to MSM-B', '....', '...\r\n', prompt(3)] }]);
    const progress: string[] = [];
    await session.run('download', { onProgress: (chunk) => progress.push(chunk) });
    expect(progress).toEqual(['download\r\n', 'Downloading to MSM-B', '....', '...\r\n', prompt(3)]);
  });
});

describe('pager', () => {
  it('sends a space at the pager prompt and strips it and its clearing sequence from the output', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const firstPage = `show log\r\n${lines.slice(0, 20).join('\r\n')}\r\nPress <SPACE> to continue or <Q> to quit:`;
    const { session, transport } = await loggedIn([
      { expect: 'show log\r', reply: splitAt(firstPage, [firstPage.length - 10]) },
      { expect: ' ', reply: [`\x1b[m\x1b[60;D\x1b[K${lines.slice(20).join('\r\n')}\r\n${prompt(3)}`] },
    ]);
    const result = await session.run('show log');
    expect(transport.mismatches).toEqual([]);
    expect(transport.remaining).toEqual([]);
    expect(result.output).toBe(lines.join('\n'));
  });
});

describe('questions', () => {
  it.each(QUESTION_EXAMPLES)('answers %s per policy, except a whole-switch reboot, and logs it', async (id, text) => {
    const neverConfirm = knownQuestion(id)?.neverConfirm === true;
    const refusal = text.includes('<cr> - cancel') ? '' : 'n';
    const reply = neverConfirm ? refusal : 'y';
    const { session, transport } = await loggedIn([
      { expect: 'ask\r', reply: [`ask\r\n${text}`] },
      { expect: `${reply}\r`, reply: [`${reply}\r\ndone\r\n${prompt(3)}`] },
    ]);
    const asked: SwitchQuestion[] = [];
    const result = await session.run('ask', { answer: (q) => (asked.push(q), sayYes(q)) });
    expect(transport.mismatches).toEqual([]);
    expect(result.questions).toHaveLength(1);
    expect(result.questions[0]).toMatchObject({ id, reply, refused: neverConfirm });
    expect(asked.map((q) => q.id)).toEqual([id]);
    if (neverConfirm) {
      expect(result.unexpectedQuestion).toMatchObject({ id, reply: 'n', reason: `hitless never confirms ${id}: refused` });
    } else {
      expect(result.unexpectedQuestion).toBeUndefined();
    }
  });

  it('refuses a known question the policy did not expect, and marks the result', async () => {
    const { session, transport } = await loggedIn([
      { expect: 'reboot msm B\r', reply: ['reboot msm B\r\nAre you sure you want to reboot MSM-B? (y/N) '] },
      { expect: 'n\r', reply: [`n\r\n${prompt(3)}`] },
    ]);
    const result = await session.run('reboot msm B');
    expect(transport.mismatches).toEqual([]);
    expect(result.unexpectedQuestion).toMatchObject({ id: 'reboot-msm', reply: 'n', refused: true, reason: 'not expected for this command: refused' });
  });

  it.each([
    ['a (y/N) question', 'Do you want to continue? (y/N) ', 'n'],
    ['a <cr> - cancel question, with Enter (n would act)', 'Do you want to save and reboot?\r\n(y - save and reboot, n - reboot without save, <cr> - cancel command) ', ''],
  ])('refuses an unknown question safely: %s', async (_name, text, refusal) => {
    const { session, transport } = await loggedIn([
      { expect: 'something\r', reply: [`something\r\n${text}`] },
      { expect: `${refusal}\r`, reply: [`\r\nCancelled.\r\n${prompt(3)}`] },
    ]);
    const result = await session.run('something', { answer: sayYes });
    expect(transport.mismatches).toEqual([]);
    expect(result.unexpectedQuestion).toMatchObject({ id: 'unknown', reply: refusal, refused: true });
    expect(result.questions).toEqual([result.unexpectedQuestion]);
    expect(result.output).toContain('Cancelled.');
  });
});

// The §4.2 A+B download dialog (held-back capture, lines given verbatim in docs/exos-cli.md §4.2), on a chassis MSM.
const DOWNLOAD = 'download image 10.0.0.5 bd8800-16.2.5.4.xos vr "VR-Default" secondary msm B';
function downloadDialog(): ScriptStep[] {
  return [
    {
      expect: `${DOWNLOAD}\r`,
      reply: [
        `${DOWNLOAD}\r\nDebug information files are present in internal-memory.\r\nThese files will be removed if you continue with download.\r\n` +
          'Do you want to continue with download and remove existing files from internal-memory? (y/N) ',
      ],
    },
    { expect: 'y\r', reply: ['y\r\nDo you want to install image after downloading? (y - yes, n - no, <cr> - cancel) '] },
    {
      expect: 'y\r',
      reply: [
        `y\r\n\r\nDownloading to MSM-B${'.'.repeat(40)}\r\nInstalling to secondary partition!\r\n\r\nInstalling to MSM-B${'.'.repeat(30)}\r\n` +
          `Image installed successfully\r\nThis image will be used only after rebooting the switch!\r\n${prompt(3)}`,
      ],
    },
  ];
}
const downloadPolicy: AnswerPolicy = (q) =>
  q.id === 'remove-debug-files' || q.id === 'install-after-download' ? { reply: 'y', reason: `${q.id}: yes` } : undefined;

async function runDownload(split: (text: string) => string[]) {
  const script = downloadDialog().map((step) => ({ ...step, reply: step.reply.flatMap(split) }));
  const { session, transport } = await loggedIn(script);
  const result = await session.run(DOWNLOAD, { answer: downloadPolicy });
  return { result, writes: transport.writes, mismatches: transport.mismatches };
}

describe('chunk boundaries', () => {
  it('gives the same result whichever byte the chunks split at', async () => {
    const whole = await runDownload((text) => [text]);
    expect(whole.mismatches).toEqual([]);
    expect(whole.result.questions.map((q) => [q.id, q.reply])).toEqual([
      ['remove-debug-files', 'y'],
      ['install-after-download', 'y'],
    ]);
    expect(whole.result.output).toContain('Image installed successfully');
    expect(whole.result.output).not.toContain(DOWNLOAD);

    const longest = Math.max(...downloadDialog().flatMap((step) => step.reply.map((text) => text.length)));
    for (let at = 1; at < longest; at++) {
      const split = await runDownload((text) => splitAt(text, [at]));
      expect(split, `split at ${at}`).toEqual(whole);
    }
  });

  it('gives the same result for any way of cutting every reply into many chunks', async () => {
    const whole = await runDownload((text) => [text]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 40 }), async (cuts) => {
        expect(await runDownload((text) => splitAt(text, cuts))).toEqual(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('splits the CRLF of a prompt line and the prompt itself without losing either', async () => {
    const reply = `show switch\r\nSysName: EXOS-VM\r\n${prompt(3)}`;
    for (let at = 1; at < reply.length; at++) {
      const { session } = await loggedIn([{ expect: 'show switch\r', reply: splitAt(reply, [at, at + 1]) }]);
      const result = await session.run('show switch');
      expect([at, result.output, result.prompt.counter]).toEqual([at, 'SysName: EXOS-VM', 3]);
    }
  });
});

describe('failures while a command runs', () => {
  it('reports a dropped link as link-lost (exit 4) with the partial output, and closes the session', async () => {
    const { session, transport } = await loggedIn([{ expect: `${DOWNLOAD}\r`, reply: [`${DOWNLOAD}\r\nDownloading to MSM-B.....`] }]);
    const closes: string[] = [];
    session.onClose((reason) => closes.push(reason));
    const running = session.run(DOWNLOAD, { answer: downloadPolicy });
    void transport.drop('keepalive-timeout', 'Keepalive timeout');
    const error = await failure(running);
    expect(error).toMatchObject({ kind: 'link-lost', exitCode: 4, command: DOWNLOAD });
    expect(error.message).toBe(`link to the switch lost while running "${DOWNLOAD}" (Keepalive timeout)`);
    expect(error.partialOutput).toContain('Downloading to MSM-B.....');
    expect(session.closed).toBe(true);
    expect(closes).toEqual(['keepalive-timeout']);
    expect(await failure(session.run('show switch'))).toMatchObject({ kind: 'link-lost', exitCode: 4 });
  });

  it('keeps the questions answered before the link dropped (failover: the old master reboots)', async () => {
    const { session, transport } = await loggedIn([
      { expect: 'run msm-failover\r', reply: ['run msm-failover\r\nAre you sure you want to failover? (y/n) '] },
      { expect: 'y\r', reply: ['y\r\n'] },
    ]);
    const running = session.run('run msm-failover', { answer: (q) => (q.id === 'failover-confirm' ? { reply: 'y', reason: 'operator confirmed' } : undefined) });
    await until(() => transport.remaining.length === 0);
    void transport.drop('remote-closed');
    const error = await failure(running);
    expect(error).toMatchObject({ kind: 'link-lost', exitCode: 4 });
    expect(error.questions).toMatchObject([{ id: 'failover-confirm', reply: 'y', reason: 'operator confirmed', refused: false }]);
  });

  it('times out after the idle time with no output (exit 4), quoting the last line, and closes the link', async () => {
    const { session, transport } = await loggedIn([{ expect: 'show switch\r', reply: ['show switch\r\nSysName: EXOS-VM\r\n'] }]);
    const error = await failure(session.run('show switch', { idleTimeoutMs: 50 }));
    expect(error).toMatchObject({ kind: 'timeout', exitCode: 4, command: 'show switch' });
    expect(error.message).toBe('no output for 0.1 s while running "show switch" (last line "SysName: EXOS-VM")');
    expect(transport.closed).toBe(true);
    expect(session.closed).toBe(true);
  });

  it('waits past the idle time while output keeps coming: each chunk restarts it', async () => {
    const { session, transport } = await loggedIn([{ expect: 'download\r', reply: ['download\r\nDownloading to MSM-B'] }]);
    const running = session.run('download', { idleTimeoutMs: 250 });
    const dots = setInterval(() => void transport.send('.'), 10);
    await new Promise((resolve) => setTimeout(resolve, 750));
    clearInterval(dots);
    void transport.send(`\r\n${prompt(3)}`);
    expect((await running).output).toMatch(/^Downloading to MSM-B\.+$/);
  });

  it('times out after the total time even while output keeps coming', async () => {
    const { session, transport } = await loggedIn([{ expect: 'download\r', reply: ['download\r\nDownloading to MSM-B'] }]);
    const running = session.run('download', { totalTimeoutMs: 200 });
    const dots = setInterval(() => void transport.send('.'), 10);
    const error = await failure(running);
    clearInterval(dots);
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/^running "download" took longer than 0.2 s \(last line "Downloading to MSM-B\.+"\)$/);
  });

  it('rejects a second command while one is running, and still finishes the first', async () => {
    const { session, transport } = await loggedIn([{ expect: 'show switch\r', reply: ['show switch\r\nSysName: EXOS-VM\r\n', prompt(3)] }]);
    const first = session.run('show switch');
    await expect(session.run('show version')).rejects.toThrow('ExosSession.run("show version") while "show switch" is still running');
    expect((await first).output).toBe('SysName: EXOS-VM');
    expect(transport.writes).toEqual(['disable clipaging\r', 'show switch\r']);
  });

  it('sends one command line at a time', async () => {
    const { session, transport } = await loggedIn([]);
    await expect(session.run('show switch\rreboot')).rejects.toThrow('one command line at a time');
    expect(transport.writes).toEqual(['disable clipaging\r']);
  });

  it('stops the running command when hitless closes the session', async () => {
    const { session, transport } = await loggedIn([{ expect: 'show switch\r', reply: ['show switch\r\n'] }]);
    const closes: string[] = [];
    session.onClose((reason) => closes.push(reason));
    const running = session.run('show switch');
    session.close();
    expect(await failure(running)).toMatchObject({ kind: 'stopped', exitCode: 4 });
    expect(transport.closed).toBe(true);
    expect(closes).toEqual(['local-close']);
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
