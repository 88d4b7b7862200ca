// Journals, recordings, run state and exported pages are 0600 in 0700 folders, whether new (whatever the umask) or
// already there with wider permissions (tightened, with a warning); HOME empty or unset is an error, not the current folder.
import { chmodSync, closeSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePrivateFolder, openPrivateFile } from '../../source/privateFiles.js';
import { claimChassis } from '../../source/run/chassisRun.js';
import { fileChassisKeyStore } from '../../source/transport/chassisKeys.js';
import { ROOT, runCli, tempDir } from '../support/runCli.js';

const modeOf = (path: string) => statSync(path).mode & 0o777;

let previousUmask: number;
beforeEach(() => {
  previousUmask = process.umask(0);
});
afterEach(() => {
  process.umask(previousUmask);
});

const existing = (path: string, mode: number) => {
  writeFileSync(path, '');
  chmodSync(path, mode);
  return path;
};

describe('private files and folders under umask 000', () => {
  it('creates a file 0600 and tightens an existing 0644 or 0666 one with a warning', () => {
    const dir = tempDir();
    const warnings: string[] = [];
    for (const [path, before] of [[join(dir, 'new.jsonl'), undefined], [existing(join(dir, 'old.jsonl'), 0o644), 0o644], [existing(join(dir, 'wide.cast'), 0o666), 0o666]] as const) {
      closeSync(openPrivateFile(path, 'a', (message) => warnings.push(message)));
      expect(modeOf(path), path).toBe(0o600);
      if (before !== undefined) expect(warnings.pop()).toBe(`${path} was open to others (mode 0${before.toString(8)}): made 0600`);
    }
    expect(warnings).toEqual([]);
  });

  it('leaves what is not a regular file alone (a journal to /dev/null)', () => {
    const warnings: string[] = [];
    const before = modeOf('/dev/null');
    closeSync(openPrivateFile('/dev/null', 'a', (message) => warnings.push(message)));
    expect(modeOf('/dev/null')).toBe(before);
    expect(warnings).toEqual([]);
  });

  it("creates folders 0700; tightens a folder of hitless's own, never one the operator named", () => {
    const dir = tempDir();
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);
    makePrivateFolder(join(dir, 'a', 'b'), { warn });
    expect([modeOf(join(dir, 'a')), modeOf(join(dir, 'a', 'b'))]).toEqual([0o700, 0o700]);
    for (const name of ['owned', 'named']) mkdirSync(join(dir, name), { mode: 0o755 });
    makePrivateFolder(join(dir, 'owned'), { owned: true, warn });
    makePrivateFolder(join(dir, 'named'), { warn });
    expect([modeOf(join(dir, 'owned')), modeOf(join(dir, 'named'))]).toEqual([0o700, 0o755]);
    expect(warnings).toEqual([`${join(dir, 'owned')} was open to others (mode 0755): made 0700`]);
  });

  it('keeps the run state 0600 in a 0700 runs/ folder of a 0700 state folder, also when all were there with wider modes', async () => {
    const dir = tempDir();
    const runs = join(dir, 'hitless', 'runs');
    mkdirSync(runs, { recursive: true, mode: 0o755 });
    const file = existing(join(runs, 'core-sw_22.json'), 0o644);
    writeFileSync(file, JSON.stringify({ target: '15.3.1.4' }));
    const previousState = process.env.XDG_STATE_HOME;
    process.env.XDG_STATE_HOME = dir;
    const warnings: string[] = [];
    try {
      const run = await claimChassis({ host: 'core-sw', port: 22, warn: (message) => warnings.push(message) });
      run.store.save({ target: '16.2.1.4' });
      run.release();
    } finally {
      if (previousState === undefined) delete process.env.XDG_STATE_HOME;
      else process.env.XDG_STATE_HOME = previousState;
    }
    expect([modeOf(join(dir, 'hitless')), modeOf(runs), modeOf(file)]).toEqual([0o700, 0o700, 0o600]);
    expect(warnings).toEqual([`${join(dir, 'hitless')} was open to others (mode 0755): made 0700`, `${runs} was open to others (mode 0755): made 0700`]);
  });

  it('pins chassis host keys in a state folder made 0700, also when it was there wider', () => {
    const state = join(tempDir(), 'hitless');
    mkdirSync(state, { mode: 0o755 });
    fileChassisKeyStore(join(state, 'chassis-keys.json')).save('core-sw:22', { A: 'SHA256:a' });
    expect([modeOf(state), modeOf(join(state, 'chassis-keys.json'))]).toEqual([0o700, 0o600]);
  });

  it('upgrade: an existing journal and recordings are made 0600, with a warning each; export writes a 0600 page in a new 0700 folder', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const [journal, screen, console] = [existing(join(dir, 'run.jsonl'), 0o644), existing(join(dir, 'run.cast'), 0o644), existing(join(dir, 'console.cast'), 0o666)];
    const run = await runCli([
      'upgrade', '--simulate', 'happy', '--speed', '0', '--poll', '0.05', '--headless', '--yes',
      '--journal', journal, '--record', screen, '--record-console', console,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect([journal, screen, console].map(modeOf)).toEqual([0o600, 0o600, 0o600]);
    for (const [file, mode] of [[journal, '0644'], [screen, '0644'], [console, '0666']]) {
      expect(run.stderr).toContain(`hitless: warning: ${file} was open to others (mode ${mode}): made 0600`);
    }

    const page = join(dir, 'pages', 'run.html');
    const exported = await runCli(['export', screen, '--html', page]);
    expect(exported.code, exported.stderr).toBe(0);
    expect([modeOf(join(dir, 'pages')), modeOf(page)]).toEqual([0o700, 0o600]);
    chmodSync(page, 0o644);
    const again = await runCli(['export', screen, '--html', page]);
    expect(again.code, again.stderr).toBe(0);
    expect(modeOf(page)).toBe(0o600);
    expect(again.stderr).toContain(`hitless: warning: ${page} was open to others (mode 0644): made 0600`);
  });

  it('the state folder and its journals/ are created 0700, the default journal and the configuration copy beside it 0600', { timeout: 120_000 }, async () => {
    const state = tempDir();
    const run = await runCli(['upgrade', '--simulate', 'happy', '--speed', '0', '--poll', '0.05', '--headless', '--yes'], { env: { XDG_STATE_HOME: join(state, 'xdg') } });
    expect(run.code, run.stderr).toBe(0);
    const journals = join(state, 'xdg', 'hitless', 'journals');
    expect([modeOf(join(state, 'xdg')), modeOf(join(state, 'xdg', 'hitless')), modeOf(journals)]).toEqual([0o700, 0o700, 0o700]);
    const written = readdirSync(journals).sort();
    expect(written).toEqual([expect.stringMatching(/\.config\.txt$/), expect.stringMatching(/\.jsonl$/)]);
    expect(written.map((file) => modeOf(join(journals, file)))).toEqual([0o600, 0o600]);
  });

  it('an existing state folder open to others is made 0700 with a warning, by an upgrade and by status', { timeout: 120_000 }, async () => {
    for (const args of [['upgrade', '--simulate', 'happy', '--speed', '0', '--poll', '0.05', '--headless', '--yes'], ['status', '--simulate', 'happy']]) {
      const xdg = tempDir();
      const state = join(xdg, 'hitless');
      mkdirSync(state, { mode: 0o755 });
      const run = await runCli(args, { env: { XDG_STATE_HOME: xdg } });
      expect(run.code, run.stderr).toBe(0);
      expect(modeOf(state), args[0]).toBe(0o700);
      expect(run.stderr.split('\n').filter((line) => line.includes(' was open to others'))).toEqual([`hitless: warning: ${state} was open to others (mode 0755): made 0700`]);
    }
  });
});

describe('HOME', () => {
  it('empty, without XDG_STATE_HOME: one line, exit 2, nothing written in the current folder (upgrade, status)', { timeout: 60_000 }, async () => {
    for (const args of [['upgrade', '--simulate', 'happy', '--speed', '0', '--headless', '--yes'], ['status', '--simulate', 'happy']]) {
      const run = await runCli(args, { env: { HOME: '', XDG_STATE_HOME: '' } });
      expect(run.code, args[0]).toBe(2);
      expect(run.stderr.trim().split('\n')).toEqual(['hitless: HOME is empty: set it, or XDG_STATE_HOME, for the folder hitless keeps its state in']);
      expect(existsSync(join(ROOT, '.local'))).toBe(false);
    }
  });

  it('empty, with XDG_STATE_HOME: the run goes ahead', { timeout: 120_000 }, async () => {
    const run = await runCli(['upgrade', '--simulate', 'happy', '--speed', '0', '--poll', '0.05', '--headless', '--yes'], {
      env: { HOME: '', XDG_STATE_HOME: tempDir() },
    });
    expect(run.code, run.stderr).toBe(0);
  });

  it('empty, status against a switch without --known-hosts: one line, exit 2', async () => {
    const run = await runCli(['status', '--host', '127.0.0.1', '--port', '1', '--password-env', 'NO_SUCH_PASSWORD_VAR'], {
      env: { HOME: '', XDG_STATE_HOME: tempDir(), NO_SUCH_PASSWORD_VAR: 'a-long-enough-password' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('hitless: HOME is empty: set it, or give --known-hosts FILE');
  });
});
