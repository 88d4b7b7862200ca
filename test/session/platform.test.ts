import { describe, expect, it } from 'vitest';
import { askedQuestion, ioResetAnswer, matchQuestion, onOpen, parsePrompt, questions, safeRefusal } from '../../source/exos/platform.js';
import { loadSample as sample } from '../exos/samples.js';
import { QUESTION_EXAMPLES } from './questionExamples.js';

describe('parsePrompt', () => {
  // docs/exos-cli.md §8.1 verbatim prompts, plus the ones in the samples.
  const verbatim: Array<[string, Partial<ReturnType<typeof parsePrompt>>]> = [
    ['* sw0.l9.kv.1 # ', { unsaved: true, sysname: 'sw0.l9.kv', counter: 1, privilege: 'admin' }],
    ['Slot-1 stack_office_x3.1 # ', { slotPrefix: 'Slot-1', sysname: 'stack_office_x3', counter: 1 }],
    ['Slot-1 VPEX SW-00035-002.1 # ', { slotPrefix: 'Slot-1', vpex: true, sysname: 'SW-00035-002' }],
    ['* EXOS-VM.2 # ', { unsaved: true, sysname: 'EXOS-VM', counter: 2 }],
    ['EXOS-VM.4 # ', { unsaved: false, sysname: 'EXOS-VM', counter: 4 }],
    ['X460G2-48t-10G4.1 # ', { sysname: 'X460G2-48t-10G4' }],
    ['* 1OSEUPP0001-SW002.2 #', { unsaved: true, sysname: '1OSEUPP0001-SW002', counter: 2 }],
    ['a-me-sw-ula-142-x460-01.1 # ', { sysname: 'a-me-sw-ula-142-x460-01' }],
    ['* (Software Update Required) X870-96x-8c.1 # ', { unsaved: true, status: 'Software Update Required', sysname: 'X870-96x-8c' }],
    ['Slot-2 Stack.1 > ', { slotPrefix: 'Slot-2', sysname: 'Stack', privilege: 'user' }],
    ['! * BD-8810.17 # ', { shutdownSlots: true, unsaved: true, sysname: 'BD-8810', counter: 17 }],
    ['core.sw.10.20.30.42 # ', { sysname: 'core.sw.10.20.30', counter: 42 }],
    // A real chassis whose system name holds blanks (issue 14): `hitless status` once waited 30 s for it.
    ['* DC1 CORE X670.1 # ', { unsaved: true, sysname: 'DC1 CORE X670', counter: 1, privilege: 'admin' }],
    ['DC1 CORE X670.12 # ', { unsaved: false, sysname: 'DC1 CORE X670', counter: 12 }],
    ['Slot-1 VPEX Lab Stack 2.3 # ', { slotPrefix: 'Slot-1', vpex: true, sysname: 'Lab Stack 2', counter: 3 }],
  ];

  it.each(verbatim)('reads %j', (prompt, fields) => {
    for (const text of [prompt, prompt.trimEnd(), `${prompt.trimEnd()} `]) {
      const parsed = parsePrompt(`some output\r\n${text}`);
      expect(parsed).toMatchObject({ ...fields, raw: prompt.trimEnd() });
    }
  });

  it('leaves optional prefixes out when absent', () => {
    expect(parsePrompt('EXOS-VM.4 # ')).toEqual({
      raw: 'EXOS-VM.4 #',
      unsaved: false,
      shutdownSlots: false,
      vpex: false,
      sysname: 'EXOS-VM',
      counter: 4,
      privilege: 'admin',
    });
  });

  it('finds the last prompt of every sample session that ends in one', () => {
    expect(parsePrompt(sample('login_banner_stack_oxidized_issue2107.session'))?.sysname).toBe('stack_office_x3');
    expect(parsePrompt(sample('login_banner_vpex_oxidized_issue3259.session'))?.vpex).toBe(true);
    expect(parsePrompt(sample('unsaved_prompt_invalid_command_oxidized_issue2113.session').trimEnd())?.counter).toBe(2);
    expect(parsePrompt(sample('download_url_lst_x870_22.2.1.5_exos_apps.session').trimEnd())).toMatchObject({
      status: 'Software Update Required',
      counter: 2,
    });
    expect(parsePrompt(sample('save_configuration_overwrite_exosvm_30.2_virtual_exos_issue17.session').trimEnd())?.counter).toBe(5);
  });

  it.each([
    ['an echoed command line', '* sw0.l9.kv.1 # disable clipaging session'],
    ['a progress line', 'Downloading to Switch.......'],
    ['a question', 'Are you sure you want to reboot MSM-B? (y/N) '],
    ['a line without a counter', 'sw0 # '],
    ['a sentence ending in #', 'Use the # key. 1 #'],
    ['text after the prompt', 'EXOS-VM.4 # show'],
    ['a prompt that is not on the last line', 'EXOS-VM.4 # \r\nmore'],
    ['the echo of a command on a sysname with blanks', '* DC1 CORE X670.1 # show switch'],
    ['output holding a # before its end', 'Port 1 # 2.3 #'],
    ['a sysname with a leading blank', ' DC1 CORE.1 # '],
    ['a sysname with a trailing blank', 'DC1 CORE .1 # '],
    ['the standby console sample (no prompt)', sample('login_standby_node_console_exos_apps_clone.session')],
  ])('rejects %s', (_name, text) => {
    expect(parsePrompt(text)).toBeUndefined();
  });
});

describe('matchQuestion', () => {
  it.each(QUESTION_EXAMPLES)('knows %s', (id, text) => {
    expect(matchQuestion(`earlier output\r\n${text}`)?.id).toBe(id);
  });

  it('covers every table entry with at least one example', () => {
    expect(new Set(QUESTION_EXAMPLES.map(([id]) => id))).toEqual(new Set(questions.map((q) => q.id)));
  });

  it('reports the whole question, joined over a wrapped line, and the answer style', () => {
    expect(matchQuestion('x\r\nDo you want to save configuration changes to currently selected configuration\r\nfile (primary.cfg)? (y or n)')).toEqual({
      id: 'exit-unsaved',
      text: 'Do you want to save configuration changes to currently selected configuration file (primary.cfg)? (y or n)',
      style: 'y or n',
      destructive: false,
    });
    expect(matchQuestion('Are you sure you want to reboot MSM-B? (y/N) ')).toMatchObject({ style: 'y/N', destructive: true });
  });

  it('accepts any option style for a reconstructed question, keeping that style for the refusal', () => {
    const asked = matchQuestion('Are you sure you want to reboot MSM-B? (y - yes, n - no, <cr> - cancel) ');
    expect(asked).toMatchObject({ id: 'reboot-msm', style: 'y-n-cancel' });
    expect(safeRefusal(asked!)).toBe('');
  });

  it.each([
    ['Do you want to continue? (y/N) ', 'y/N', 'Do you want to continue? (y/N)'],
    ['Shut down? (y/n)', 'y/n', 'Shut down? (y/n)'],
    ['Erase everything? (y or n)', 'y or n', 'Erase everything? (y or n)'],
    ['Do something drastic?\r\n(y - do it, n - do the other thing, <cr> - cancel command)', 'y-n-cancel', 'Do something drastic? (y - do it, n - do the other thing, <cr> - cancel command)'],
  ])('calls %j an unknown question', (text, style, shown) => {
    expect(matchQuestion(`output\r\n${text}`)).toEqual({ id: 'unknown', text: shown, style, destructive: true });
  });

  it.each([
    ['the answer already echoed', 'Are you sure you want to reboot MSM-B? (y/N) Yes'],
    ['output after the options', 'Do you want to continue? (y/N)\r\nSave configuration cancelled.'],
    ['an options marker inside a sentence', 'Answer (y/N) to continue, then wait.'],
    ['plain output', 'Image installed successfully\r\n'],
  ])('sees no question in %s', (_name, text) => {
    expect(matchQuestion(text)).toBeUndefined();
  });

  it('refuses harmlessly: Enter where <cr> cancels (n would reboot without saving), n elsewhere', () => {
    expect(safeRefusal({ style: 'y-n-cancel' })).toBe('');
    expect(safeRefusal({ style: 'y/N' })).toBe('n');
    expect(safeRefusal({ style: 'y/n' })).toBe('n');
    expect(safeRefusal({ style: 'y or n' })).toBe('n');
  });

  it.each(questions.map((q) => q.id))('shows %s to the operator in words the matcher knows as that question', (id) => {
    const { text } = askedQuestion(id, 'B');
    expect(text).not.toContain('{slot}');
    expect(matchQuestion(`earlier output\r\n${text} `)?.id).toBe(id);
  });

  it('names the MSM the command names in the reboot question', () => {
    expect(askedQuestion('reboot-msm', 'A')).toEqual({ id: 'reboot-msm', text: 'Are you sure you want to reboot MSM-A? (y/N)' });
  });

  it('tells whether the I/O-module-reset warning was accepted, declined or not asked', () => {
    const answered = (reply: string) => [
      { id: 'failover-confirm' as const, reply: 'y' },
      { id: 'io-module-reset' as const, reply },
    ];
    expect(ioResetAnswer(answered('y'))).toBe('accepted');
    expect(ioResetAnswer(answered('Yes'))).toBe('accepted');
    expect(ioResetAnswer(answered('n'))).toBe('declined');
    expect(ioResetAnswer(answered(''))).toBeUndefined();
    expect(ioResetAnswer([{ id: 'failover-confirm', reply: 'y' }])).toBeUndefined();
  });

  it('never lets hitless confirm a whole-switch reboot', () => {
    const never = questions.filter((q) => q.neverConfirm).map((q) => q.id);
    expect(never.sort()).toEqual(['reboot-all', 'reboot-stack', 'reboot-switch']);
  });
});

describe('on open', () => {
  it('pages off but keeps prompting on', () => {
    expect(onOpen).toEqual(['disable clipaging']);
  });
});
