import { describe, expect, it } from 'vitest';
import { HitlessError } from '../../source/errors.js';
import { parseConsoleSpec } from '../../source/console/consoleSpec.js';
import { chooseMenuEntry, parseMenuEntries } from '../../source/console/portMenu.js';

function usageFailure(spec: string): HitlessError {
  try {
    parseConsoleSpec(spec, '--console-a');
  } catch (error) {
    expect(error).toBeInstanceOf(HitlessError);
    expect((error as HitlessError).exitCode).toBe(2);
    expect((error as HitlessError).kind).toBe('usage');
    return error as HitlessError;
  }
  throw new Error(`${spec} was accepted`);
}

describe('console SPEC', () => {
  it('ssh://USER@HOST:PORT is a dedicated SSH port per serial line, with the plain username', () => {
    const spec = parseConsoleSpec('ssh://ops@cs1.example.net:3005');
    expect(spec).toMatchObject({ host: 'cs1.example.net', port: 3005, user: 'ops', loginName: 'ops', selection: { kind: 'dedicated' } });
    expect(spec.profile.name).toBe('generic');
    expect(spec.description).toBe('console ops@cs1.example.net:3005');
  });

  it('the SSH port defaults to 22', () => {
    expect(parseConsoleSpec('ssh://ops@cs1').port).toBe(22);
  });

  it.each([
    ['opengear', 5, 'ops:port05'],
    ['opengear', 12, 'ops:port12'],
    ['avocent', 5, 'ops:7005'],
    ['avocent', 16, 'ops:7016'],
    ['generic', 5, 'ops+port5'],
  ])('port=%s profile %s: serial port %i is selected by the username %s', (profile, port, loginName) => {
    const spec = parseConsoleSpec(`ssh://ops@10.1.1.9:22?port=${port}&profile=${profile}`);
    expect(spec.loginName).toBe(loginName);
    expect(spec.selection).toEqual({ kind: 'username', port });
    expect(spec.profile.name).toBe(profile);
    expect(spec.description).toBe(`console ${loginName}@10.1.1.9:22`);
  });

  it('menu=N picks an entry by number, menu=LABEL by label (URL-decoded); the profile sets the menu username', () => {
    expect(parseConsoleSpec('ssh://ops@cs:22?menu=6')).toMatchObject({ selection: { kind: 'menu', entry: 6 }, loginName: 'ops' });
    expect(parseConsoleSpec('ssh://ops@cs:22?menu=BD-8810%20MSM-B').selection).toEqual({ kind: 'menu', entry: 'BD-8810 MSM-B' });
    expect(parseConsoleSpec('ssh://ops@cs:22?menu=2&profile=opengear').loginName).toBe('ops:serial');
  });

  it('an IPv6 host loses its brackets; a URL-encoded user is decoded', () => {
    expect(parseConsoleSpec('ssh://net%2Bops@[2001:db8::7]:2222')).toMatchObject({ host: '2001:db8::7', port: 2222, user: 'net+ops' });
  });

  it('profile alone (dedicated port) still gives the BREAK sequence', () => {
    expect(parseConsoleSpec('ssh://ops@cs:3005?profile=opengear').profile.breakSequence).toBe('~b');
    expect(parseConsoleSpec('ssh://ops@cs:3005').profile.breakSequence).toBeUndefined();
  });

  it.each([
    ['cs1:22', /must start with ssh:\/\//],
    ['telnet://ops@cs1:23', /must start with ssh:\/\//],
    ['ssh://cs1:22', /user is missing/],
    ['ssh://ops@cs1:22?port=5', /port=N needs profile=opengear\|avocent\|generic/],
    ['ssh://ops@cs1:22?port=5&profile=cisco', /unknown profile "cisco"/],
    ['ssh://ops@cs1:22?port=0&profile=opengear', /serial port number 1-999/],
    ['ssh://ops@cs1:22?port=5a&profile=opengear', /serial port number/],
    ['ssh://ops@cs1:22?port=5&menu=2&profile=opengear', /either port=N or menu/],
    ['ssh://ops@cs1:22?menu=', /menu needs an entry/],
    ['ssh://ops@cs1:22?menu=0', /start at 1/],
    ['ssh://ops@cs1:22?speed=9600', /unknown parameter "speed"/],
    ['ssh://ops@cs1:22?menu=1&menu=2', /given twice/],
    ['ssh://ops@cs1:22/port5', /unexpected path/],
    ['ssh://ops@cs1:99999', /not a valid ssh:\/\/ URL/],
  ])('%s is a usage error (exit 2)', (text, message) => {
    const error = usageFailure(text);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith('--console-a ')).toBe(true);
  });

  it('a password in the URL is refused, and never repeated in the message', () => {
    const error = usageFailure('ssh://ops:S3cret-pw@cs1:22');
    expect(error.message).toMatch(/--console-password-env/);
    expect(error.message).not.toContain('S3cret-pw');
    expect(error.message).toContain('ssh://ops:***@cs1:22');
  });
});

describe('port menu', () => {
  const opengear = ['', ' 1: core-sw-1                2: pdu-rack-4', ' 5: BD-8810 MSM-A            6: BD-8810 MSM-B', '', 'Connect to port > '].join('\r\n');
  const avocent = ['Serial ports:', '1) core-sw-1', '5) BD-8810 MSM-A', '6) BD-8810 MSM-B', 'Enter port number: '].join('\r\n');
  const generic = ['Select a port:', '  [1] core-sw-1', '  [5] BD-8810 MSM-A', 'Choice: '].join('\n');

  it('reads entries in columns, "N)" and "[N]" styles', () => {
    expect(parseMenuEntries(opengear)).toEqual([
      { number: 1, label: 'core-sw-1' },
      { number: 2, label: 'pdu-rack-4' },
      { number: 5, label: 'BD-8810 MSM-A' },
      { number: 6, label: 'BD-8810 MSM-B' },
    ]);
    expect(parseMenuEntries(avocent).map((e) => e.number)).toEqual([1, 5, 6]);
    expect(parseMenuEntries(generic)).toEqual([
      { number: 1, label: 'core-sw-1' },
      { number: 5, label: 'BD-8810 MSM-A' },
    ]);
  });

  it('chooses by number, exact label or the one label containing the text', () => {
    const entries = parseMenuEntries(opengear);
    expect(chooseMenuEntry(entries, 6)).toEqual({ ok: true, entry: { number: 6, label: 'BD-8810 MSM-B' } });
    expect(chooseMenuEntry(entries, 'bd-8810 msm-a')).toEqual({ ok: true, entry: { number: 5, label: 'BD-8810 MSM-A' } });
    expect(chooseMenuEntry(entries, 'MSM-B')).toEqual({ ok: true, entry: { number: 6, label: 'BD-8810 MSM-B' } });
  });

  it('refuses a missing number, an unknown label and an ambiguous one, listing the entries', () => {
    const entries = parseMenuEntries(opengear);
    expect(chooseMenuEntry(entries, 9)).toEqual({ ok: false, reason: expect.stringMatching(/no entry 9 \(entries: 1 core-sw-1, 2 pdu-rack-4, 5 BD-8810 MSM-A, 6 BD-8810 MSM-B\)/) });
    expect(chooseMenuEntry(entries, 'MSM-C')).toMatchObject({ ok: false, reason: expect.stringMatching(/has no entry labelled "MSM-C"/) });
    expect(chooseMenuEntry(entries, 'MSM')).toMatchObject({ ok: false, reason: expect.stringMatching(/has several entries labelled "MSM"/) });
  });
});
