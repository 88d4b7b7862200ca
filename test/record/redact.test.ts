import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../source/engine/events.js';
import { HitlessError } from '../../source/errors.js';
import { MASK, parseRedactPatterns, printable, redact, Redactor } from '../../source/record/redact.js';
import { StreamRedactor } from '../../source/record/streamRedactor.js';

afterEach(() => {
  vi.useRealTimers();
});

const PEM = [
  '-----BEGIN OPENSSH PRIVATE KEY-----',
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACDGq0PZ0kL0zTQ5fW1hH4l8k3Y9Z2QmXcZ8k1W8q6pXGwAAAJgAAAAA',
  '-----END OPENSSH PRIVATE KEY-----',
].join('\n');

describe('redact: built-in rules', () => {
  it.each([
    ['download url tftp://ops:S3cret@10.0.0.5/bd8800.xos vr "VR-Mgmt"', `download url tftp://ops:${MASK}@10.0.0.5/bd8800.xos vr "VR-Mgmt"`],
    ['https://user:p@ss@files.example.com/x.xos', `https://user:${MASK}@files.example.com/x.xos`],
    ['ftp://:onlypass@host/f', `ftp://:${MASK}@host/f`],
    ['configure snmp add community readonly "public"', `configure snmp add community readonly ${MASK}`],
    ['configure snmp add community readwrite encrypted "#$kQ1"', `configure snmp add community readwrite encrypted ${MASK}`],
    ['snmp-server community s3cr3tcomm RO', `snmp-server community ${MASK} RO`],
    ['Community: private', `Community: ${MASK}`],
    ['configure snmpv3 add community idx1 name tops3cret user v1v2c_rw', `configure snmpv3 add community ${MASK} name ${MASK} user v1v2c_rw`],
    ['create account admin ops encrypted "$5$abc$def"', `create account admin ops encrypted ${MASK}`],
    ['Password: hunter2', `Password: ${MASK}`],
    ['login: admin\r\npassword: hunter2\r\n* BD-8810.1 #', `login: admin\r\npassword: ${MASK}\r\n* BD-8810.1 #`],
    ['passphrase=correct horse battery', `passphrase=${MASK}`],
    ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMZ2m8d9o ops@jump', `ssh-ed25519 ${MASK} ops@jump`],
    ['ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ== key', `ssh-rsa ${MASK} key`],
    ['ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY=', `ecdsa-sha2-nistp256 ${MASK}`],
  ])('%j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('masks a PEM block, and an unterminated one to the end of the text', () => {
    expect(redact(`before\n${PEM}\nafter`)).toBe(`before\n-----BEGIN OPENSSH PRIVATE KEY-----${MASK}-----END OPENSSH PRIVATE KEY-----\nafter`);
    const cut = PEM.split('\n').slice(0, 2).join('\n');
    expect(redact(`x ${cut}`)).not.toContain('b3BlbnNz');
  });

  it('leaves ordinary switch output and UI text alone', () => {
    const text = [
      'download image 10.0.0.5 bd8800-15.3.5.2-patch1-5.xos vr "VR-Mgmt" secondary msm B',
      'Current State:    MASTER                       BACKUP (In Sync)',
      'Auth: --password-env VAR | --identity FILE',
      '\x1b[7m\x1b[1m MSM A \x1b[22m\x1b[27m ★ MASTER',
    ].join('\r\n');
    expect(redact(text)).toBe(text);
  });
});

describe('redact: the run\'s secrets and the operator\'s patterns', () => {
  it('masks the known passwords wherever they appear, longest first, regex characters taken literally', () => {
    const redactor = new Redactor({ secrets: ['a.b*c(1)', 'a.b*c(1)-longer'] });
    expect(redactor.text('vr "a.b*c(1)" and a.b*c(1)-longer; axbbc(1) stays')).toBe(`vr "${MASK}" and ${MASK}; axbbc(1) stays`);
  });

  it('adds a secret learned later, and --redact patterns mask their whole match', () => {
    const redactor = new Redactor({ patterns: parseRedactPatterns(['BD-88\\d+', 'ticket-[0-9]+'], (m) => new Error(m)) });
    redactor.addSecret('typed-pw');
    expect(redactor.text('* BD-8810.3 # ticket-42 typed-pw')).toBe(`* ${MASK}.3 # ${MASK} ${MASK}`);
  });

  it('each run has its own redactor: one run\'s secrets are not masked by another', () => {
    const first = new Redactor({ secrets: ['first-pw'] });
    const second = new Redactor({ secrets: ['second-pw'] });
    expect(first.text('first-pw second-pw')).toBe(`${MASK} second-pw`);
    expect(second.text('first-pw second-pw')).toBe(`first-pw ${MASK}`);
    expect(redact('first-pw second-pw')).toBe('first-pw second-pw');
  });

  it('masks a secret shorter than 4 characters only where it stands alone, and warns once', () => {
    const warnings: string[] = [];
    const redactor = new Redactor({ secrets: ['x'], onShortSecret: () => warnings.push('short') });
    redactor.addSecret('os');
    expect(redactor.text('download image 10.0.0.5 bd8800-15.3.1.4.xos; password x; "x" os, (os)')).toBe(
      `download image 10.0.0.5 bd8800-15.3.1.4.xos; password ${MASK}; "${MASK}" ${MASK}, (${MASK})`,
    );
    expect(warnings).toEqual(['short']);
    expect(new Redactor({ secrets: ['abcd'], onShortSecret: () => warnings.push('long') }).text('xabcdx')).toBe(`x${MASK}x`);
    expect(warnings).toEqual(['short']);
  });

  it('redacts the message of an error that leaves a run, keeping its kind and exit code', () => {
    const redactor = new Redactor({ secrets: ['pw-7Q'] });
    expect(redactor.error(new HitlessError('auth', 'login as pw-7Q refused', 2))).toMatchObject({ kind: 'auth', exitCode: 2, message: `login as ${MASK} refused` });
    const internal = redactor.error(new TypeError('bad pw-7Q')) as Error;
    expect(internal.message).toBe(`bad ${MASK}`);
    expect(internal.stack).not.toContain('pw-7Q');
  });

  it('rejects patterns that do not compile or match empty text, as usage errors', () => {
    const usage = (message: string) => new Error(`usage: ${message}`);
    expect(() => parseRedactPatterns(['(unclosed'], usage)).toThrow(/^usage: --redact "\(unclosed": Unterminated group$/);
    expect(() => parseRedactPatterns(['x*'], usage)).toThrow(/matches empty text/);
  });

  it('is idempotent: redacting a redacted text changes nothing', () => {
    const redactor = new Redactor({ secrets: ['Sw0rdfish'], patterns: [/BD-\d+/g] });
    const pieces = fc.constantFrom(
      'tftp://u:p@ss@h/f ',
      PEM,
      'community readonly "public" ',
      'Password: x y\n',
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA ',
      'Sw0rdfish',
      'BD-8810',
      'encrypted "z" ',
      ' plain text ',
      '\r\n',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const once = redactor.text(parts.join(''));
        expect(redactor.text(once)).toBe(once);
        expect(once).not.toContain('Sw0rdfish');
      }),
    );
  });
});

describe('printable text: redacted and without terminal controls', () => {
  const HOSTILE = 'lab\u009b2J\u009d0;TITLE\u009c\x1b]52;c;aGk=\x07-core';

  it('cleans every string of an event on its way to the sinks, the error messages and the built-in printable', () => {
    const seen: EngineEvent[] = [];
    const redactor = new Redactor({ secrets: ['Zq8pw-Secr3t'] });
    redactor.sink([(e) => seen.push(e)])({ type: 'warning', message: `${HOSTILE} Zq8pw-Secr3t`, at: '2026-01-01T00:00:00.000Z' } as unknown as EngineEvent);
    expect(seen[0]).toMatchObject({ message: `lab-core ${MASK}` });
    const err = redactor.error(new HitlessError('precondition', `switch said ${HOSTILE}`, 3)) as HitlessError;
    expect([err.message, err.exitCode]).toEqual(['switch said lab-core', 3]);
    expect(printable(`${HOSTILE}\r\npassword: x`)).toBe(`lab-core\npassword: ${MASK}`);
  });

  it('keeps the controls in the raw console stream (text), which a terminal emulator interprets', () => {
    expect(new Redactor().text('\x1b[31mred\x1b[0m')).toBe('\x1b[31mred\x1b[0m');
  });
});

describe('Redactor.deep and Redactor.sink', () => {
  it('redacts every string of an event, keeps structure and non-strings', () => {
    const redactor = new Redactor({ secrets: ['pw123'] });
    const event = {
      type: 'confirm-request',
      step: 'install-first-backup',
      command: 'download url tftp://ops:pw123@h/f.xos vr "VR-Mgmt" secondary msm B',
      questions: [{ id: 'reboot-msm', text: 'pw123?', answer: 'y' }],
      evidence: ['ok'],
      at: '2026-01-01T00:00:00.000Z',
    } as EngineEvent;
    const seen: EngineEvent[] = [];
    redactor.sink([(e) => seen.push(e), (e) => seen.push(e)])(event);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(JSON.stringify(seen[0])).not.toContain('pw123');
    expect(seen[0]).toMatchObject({ step: 'install-first-backup', evidence: ['ok'], questions: [{ text: `${MASK}?` }] });
    expect(redactor.deep({ n: 4, b: true, z: null })).toEqual({ n: 4, b: true, z: null });
  });

  it('leaves what names the event alone when a secret is a word of it (a console password "console")', () => {
    const redactor = new Redactor({ secrets: ['console', 'backup'] });
    const seen: EngineEvent[] = [];
    redactor.sink([(e) => seen.push(e)])({
      type: 'console-line',
      step: 'reboot-first-backup',
      line: 'login: admin password console',
      at: '2026-01-01T00:00:00.000Z',
    } as unknown as EngineEvent);
    expect(seen[0]).toMatchObject({ type: 'console-line', step: 'reboot-first-backup', line: `login: admin password ${MASK}` });
  });
});

describe('StreamRedactor', () => {
  const collect = (redaction = new Redactor()) => {
    const out: string[] = [];
    return { out, redactor: new StreamRedactor(redaction, (text) => out.push(text)) };
  };

  it('catches a secret split across chunks, delivering complete lines at once', () => {
    const { out, redactor } = collect(new Redactor({ secrets: ['Sw0rdfish'] }));
    for (const chunk of ['download url tftp://ops:Sec', 'ret@10.0.0.5/f.xos\r\n', 'vr Sw0r', 'dfish done\r\n']) redactor.push(chunk);
    expect(out.join('')).toBe(`download url tftp://ops:${MASK}@10.0.0.5/f.xos\r\nvr ${MASK} done\r\n`);
  });

  it('holds an open PEM block until its END line, even across line breaks', () => {
    const { out, redactor } = collect();
    const lines = `${PEM}\r\nafter\r\n`.split(/(?<=\n)/);
    for (const line of lines) redactor.push(line);
    redactor.flush();
    expect(out.join('')).not.toContain('b3BlbnNz');
    expect(out.join('')).toContain('after');
  });

  it('delivers an unfinished line (a prompt) at once, with no pause, and what waits at flush', () => {
    const { out, redactor } = collect(new Redactor({ secrets: ['shoe-s3cret'] }));
    redactor.push('line\r\n* BD-8810.1 # ');
    expect(out).toEqual(['line\r\n', '* BD-8810.1 # ']);
    redactor.push('login: admin\r\npassword: ');
    expect(out.join('')).toBe('line\r\n* BD-8810.1 # login: admin\r\npassword: ');
    redactor.push('sho');
    expect(out.join('')).not.toContain('sho');
    redactor.flush();
    expect(out.at(-1)).toBe(MASK);
  });

  it('with --redact patterns, holds an unfinished line until it ends, or ends as a prompt or a question, not for a time', () => {
    vi.useFakeTimers();
    const { out, redactor } = collect(new Redactor({ patterns: [/tok-[0-9a-f]{8}/g] }));
    const shown = () => out.join('');
    redactor.push('session token tok-12ab');
    vi.advanceTimersByTime(60_000);
    expect(shown()).toBe('');
    redactor.push('34cd issued\r\n* BD-8810.1 # ');
    expect(shown()).toBe(`session token ${MASK} issued\r\n* BD-8810.1 # `);
    for (const waiting of ['show tok-0000ffff\r\nBD-8810.2 > ', 'Do you want to save configuration to primary.cfg? (y/N) ', 'Reboot? ', 'login: ']) {
      const before = shown().length;
      redactor.push(waiting);
      expect(shown().slice(before)).toBe(waiting.replace('tok-0000ffff', MASK));
    }
    redactor.push('a line still coming: tok-');
    expect(shown()).not.toContain('coming');
    redactor.push('99999999\r\n');
    expect(shown()).toMatch(/a line still coming: \*\*\*\r\n$/);
  });
});
