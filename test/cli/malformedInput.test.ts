// Every file an operator hands to hitless is checked before it is used: a journal (report, export --journal) against
// the event schemas, a recording (replay, export) as asciicast v2, a fleet file, a twin document, known_hosts, a
// --redact pattern. A bad one is refused with one line naming the file, the line and what is wrong, exit 2 — never a
// stack trace. Any valid asciicast v2 plays and exports, optional header fields left out and times out of order.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstMsmRun } from '../record/runEvents.js';
import { runCli, tempDir, type CliRun } from '../support/runCli.js';
import { CLI_TEST_TIMEOUT_MS, closedPort, STACK_TRACE } from './cliRig.js';

const dir = tempDir('hitless-malformed-');
const folder = join(dir, 'a-folder');
mkdirSync(folder);
const missing = join(dir, 'no-such-file');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const AT = '2026-02-03T08:00:00.000Z';
const validLines = firstMsmRun().map((event) => JSON.stringify({ schema: 'hitless/1', ...event }));
const health = { schema: 'hitless/1', type: 'health', at: AT, phase: 'verify', snapshot: { modules: [], ports: [] }, summary: 'ok', regressions: [] };
const confirmRequest = { schema: 'hitless/1', type: 'confirm-request', at: AT, step: 'failover', command: 'run msm-failover', questions: [], evidence: ['MSM-B is In Sync'] };
const without = (event: Record<string, unknown>, field: string) => JSON.stringify(Object.fromEntries(Object.entries(event).filter(([key]) => key !== field)));
/** A valid journal with `line` put in as its third line. */
const journalWith = (name: string, line: string) => file(`${name}.jsonl`, [...validLines.slice(0, 2), line, ...validLines.slice(2)].join('\n') + '\n');

const BAD_JOURNALS: [string, string, RegExp][] = [
  ['null', 'null', /line 3 is not a hitless\/1 event: expected an event object, got null$/],
  ['number', '42', /line 3 is not a hitless\/1 event: expected an event object, got number$/],
  ['list', '[1,2]', /line 3 is not a hitless\/1 event: expected an event object, got a list$/],
  ['not-json', '{"schema":"hitless/1",', /line 3 is not JSON: /],
  ['no-type', JSON.stringify({ schema: 'hitless/1', at: AT }), /line 3 is not a hitless\/1 event: "type" must be an event type, got undefined$/],
  ['unknown-type', JSON.stringify({ schema: 'hitless/1', type: 'reboot-everything', at: AT }), /line 3 is not a hitless\/1 event: "type" "reboot-everything" is not a hitless\/1 event type$/],
  ['no-at', without(health, 'at'), /line 3 is not a hitless\/1 event: "at" is missing$/],
  ['numeric-at', JSON.stringify({ ...health, at: 1_770_000_000 }), /line 3 is not a hitless\/1 event: "at" must be string$/],
  ['at-not-a-date', JSON.stringify({ ...health, at: '2026-02-30T25:61:00Z' }), /line 3 is not a hitless\/1 event: "at" is not a date and time/],
  ['health-no-snapshot', without(health, 'snapshot'), /line 3 is not a hitless\/1 event: "snapshot" is missing$/],
  ['health-snapshot-null', JSON.stringify({ ...health, snapshot: null }), /line 3 is not a hitless\/1 event: "snapshot" must be object$/],
  ['confirm-no-evidence', without(confirmRequest, 'evidence'), /line 3 is not a hitless\/1 event: "evidence" is missing$/],
  ['confirm-evidence-text', JSON.stringify({ ...confirmRequest, evidence: 'In Sync' }), /line 3 is not a hitless\/1 event: "evidence" must be array$/],
  ['step-end-outcome', JSON.stringify({ schema: 'hitless/1', type: 'step-end', at: AT, step: 'failover', outcome: 'maybe' }), /line 3 is not a hitless\/1 event: "outcome" must be one of /],
  ['extra-field', JSON.stringify({ ...health, password: 'x' }), /line 3 is not a hitless\/1 event: unknown field "password"$/],
  ['no-schema', without(health, 'schema'), /line 3 is not a hitless\/1 event: "schema" is missing$/],
];

const header = { version: 2, width: 80, height: 24, timestamp: 1_770_000_000, env: { TERM: 'xterm-256color', SHELL: '/bin/sh' } };
const cast = (name: string, head: unknown, events: unknown[] = [[0.5, 'o', 'hello\r\n'], [1, 'm', 'Step'], [1.5, 'o', 'bye\r\n']]) =>
  file(`${name}.cast`, [JSON.stringify(head), ...events.map((event) => JSON.stringify(event))].join('\n') + '\n');

const BAD_CASTS: [string, string, RegExp][] = [
  ['header not JSON', file('garbage.cast', 'hello\n[0,"o","x"]\n'), /garbage\.cast: not an asciicast v2 recording \(the first line is not JSON\)$/],
  ['header a list', cast('header-list', [2, 80, 24]), /not an asciicast v2 recording \(the first line is not a header object\)$/],
  ['version 1', cast('v1', { ...header, version: 1 }), /the header needs version 2, and a width and height from 1 to 10000\)$/],
  ['width 0', cast('width0', { ...header, width: 0 }), /the header needs version 2, and a width and height from 1 to 10000\)$/],
  ['width 1e9', cast('width-huge', { ...header, width: 1e9 }), /a width and height from 1 to 10000\)$/],
  ['title a number', cast('title', { ...header, title: 42 }), /the header's "title" must be a string\)$/],
  ['timestamp a string', cast('timestamp-text', { ...header, timestamp: 'today' }), /the header's "timestamp" must be a number\)$/],
  ['env not strings', cast('env', { ...header, env: { TERM: 1 } }), /the header's "env" must map names to strings\)$/],
  ['event not a list', cast('event-object', header, [{ time: 1 }, [2, 'o', 'x']]), /line 2 is not a \[time, code, data\] event\)$/],
  ['event code x', cast('event-code', header, [[1, 'x', 'data'], [2, 'o', 'x']]), /line 2 is not a \[time, code, data\] event\)$/],
  ['event time text', cast('event-time', header, [['1', 'o', 'data'], [2, 'o', 'x']]), /line 2 is not a \[time, code, data\] event\)$/],
];

/** Exit 2, exactly one line on stderr matching `message`, no stack trace. */
function expectRefusal(run: CliRun, message: RegExp) {
  expect({ code: run.code, stderr: run.stderr.split('\n').filter(Boolean) }).toEqual({ code: 2, stderr: [expect.stringMatching(message)] });
  expect(run.stdout + run.stderr).not.toMatch(STACK_TRACE);
}

describe.concurrent('malformed input files: one line naming the file, the line and what is wrong, exit 2', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  for (const [name, line, message] of BAD_JOURNALS) {
    it(`journal with a bad line: ${name} (report, export --journal)`, async () => {
      const journal = journalWith(name, line);
      const fileLine = new RegExp(`^hitless: ${journal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} ${message.source}`);
      expectRefusal(await runCli(['report', journal]), fileLine);
      expectRefusal(await runCli(['export', cast(`for-${name}`, header), '--html', join(dir, `${name}.html`), '--journal', journal]), fileLine);
    });
  }

  for (const [name, castFile, message] of BAD_CASTS) {
    it(`recording: ${name} (replay, export)`, async () => {
      const fileLine = new RegExp(`^hitless: ${castFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ${message.source.replace(/^.*?: not an/, 'not an').replace(/^(?!not an)/, 'not an asciicast v2 recording \\(.*')}`);
      expectRefusal(await runCli(['replay', castFile]), fileLine);
      expectRefusal(await runCli(['export', castFile, '--html', join(dir, 'bad.html')]), fileLine);
    });
  }

  it('a missing file, or a folder, is named with what is wrong (report, replay, fleet, --simulate-from)', async () => {
    const runs = await Promise.all([
      runCli(['report', missing]),
      runCli(['report', folder]),
      runCli(['replay', missing]),
      runCli(['export', folder, '--html', join(dir, 'x.html')]),
      runCli(['fleet', missing]),
      runCli(['status', '--simulate-from', folder]),
    ]);
    expectRefusal(runs[0]!, new RegExp(`^hitless: cannot read journal ${missing}: no such file or folder \\(ENOENT\\)$`));
    expectRefusal(runs[1]!, new RegExp(`^hitless: cannot read journal ${folder}: it is a folder, not a file \\(EISDIR\\)$`));
    expectRefusal(runs[2]!, new RegExp(`^hitless: cannot read recording ${missing}: no such file or folder \\(ENOENT\\)$`));
    expectRefusal(runs[3]!, new RegExp(`^hitless: cannot read recording ${folder}: it is a folder, not a file \\(EISDIR\\)$`));
    expectRefusal(runs[4]!, new RegExp(`^hitless: cannot read fleet file ${missing}: no such file or folder \\(ENOENT\\)$`));
    expectRefusal(runs[5]!, new RegExp(`^hitless: cannot read the status document ${folder}: it is a folder, not a file \\(EISDIR\\)$`));
  });

  it('an empty journal, a fleet file out of range, --known-hosts naming a folder, a --redact pattern too large', async () => {
    const fleet = file('fleet.json', JSON.stringify({ chassis: [{ name: 'c1', simulate: 'happy', stepTimeout: 3_000_000 }] }));
    const port = await closedPort();
    const runs = await Promise.all([
      runCli(['report', file('empty.jsonl', '\n\n')]),
      runCli(['fleet', fleet, '--yes']),
      runCli(['status', '--host', '127.0.0.1', '--port', String(port), '--user', 'u', '--password-env', 'PW', '--known-hosts', folder], { env: { PW: 'a-long-password' } }),
      runCli(['upgrade', '--simulate', 'happy', '--headless', '--yes', '--redact', 'a'.repeat(100_000)]),
      runCli(['upgrade', '--simulate', 'happy', '--headless', '--yes', '--redact', '(?:a|b)'.repeat(150)]),
    ]);
    expectRefusal(runs[0]!, /empty\.jsonl: the journal holds no events$/);
    expectRefusal(runs[1]!, /^hitless: fleet\.json chassis 1 \(c1\): --step-timeout must be a number from 1 to 86400 \(seconds\), got "3000000"$/);
    expectRefusal(runs[2]!, new RegExp(`^hitless: cannot read known_hosts file ${folder}: it is a folder, not a file \\(EISDIR\\)$`));
    expectRefusal(runs[3]!, /^hitless: --redact "a{40}…": the pattern is 100000 characters long; at most 1000$/);
    expectRefusal(runs[4]!, /^hitless: --redact "\(\?:a\|b\)\(\?:a\|b\).*…": the pattern is 1050 characters long; at most 1000$/);
  });
});

describe.concurrent('valid recordings, however unusual, play and export', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  const VALID: [string, string][] = [
    ['no timestamp, no env (both optional)', cast('minimal', { version: 2, width: 80, height: 24 })],
    ['timestamp 1e20', cast('far-future', { ...header, timestamp: 1e20 })],
    ['times that go backwards', cast('backwards', header, [[5, 'o', 'first\r\n'], [1, 'm', 'Step'], [0.5, 'o', 'second\r\n'], [-3, 'o', 'third\r\n']])],
    ['input events, every optional header field, a variable recorded as null', cast('full', { ...header, env: { SHELL: null, TERM: 'xterm' }, duration: 2, idle_time_limit: 1, command: 'sh', title: 't', theme: { fg: '#fff' } }, [[0.1, 'i', 'ls\r'], [0.2, 'o', 'x\r\n'], [0.3, 'r', '100x30']])],
  ];
  for (const [name, castFile] of VALID) {
    it(name, async () => {
      const html = join(dir, `${name.replace(/\W+/g, '-')}.html`);
      const [replay, exported] = await Promise.all([runCli(['replay', castFile, '--speed', '10000'], { timeoutMs: 30_000 }), runCli(['export', castFile, '--html', html])]);
      expect({ code: replay.code, stderr: replay.stderr }).toEqual({ code: 0, stderr: '' });
      expect({ code: exported.code, stderr: exported.stderr }).toEqual({ code: 0, stderr: '' });
    });
  }

  it('replay writes every output of a cast whose times go backwards, in file order', async () => {
    const replay = await runCli(['replay', cast('order', header, [[5, 'o', 'first\r\n'], [0.5, 'o', 'second\r\n'], [0, 'o', 'third\r\n']]), '--speed', '10000']);
    expect(replay.stdout).toMatch(/first\r\nsecond\r\nthird\r\n/);
  });
});
