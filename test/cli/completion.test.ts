// hitless completion bash|zsh, each sourced in the real shell and asked for candidates the way the shell asks:
// bash through its completion function (COMP_WORDS/COMP_CWORD, then COMPREPLY); zsh by typing the line and a Tab into
// an interactive zsh on a pseudo-terminal with compinit loaded (test/support/zsh/), reading what compadd is given.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../source/simulator/index.js';
import { ROOT, runCli, tempDir } from '../support/runCli.js';

const run = promisify(execFile);
const ZSH_CAPTURE = join(ROOT, 'test', 'support', 'zsh');
// A capture takes ~0.3 s on a quiet machine; a test asks up to 11, so its own limit is raised to match the captures'.
const ZSH_CAPTURE_TIMEOUT_MS = 20_000;
const ZSH_TEST_TIMEOUT_MS = 120_000;
let scripts: Record<'bash' | 'zsh', string>;
let files = '';

/** The words bash's readline makes of a typed line: split at spaces, and at = (COMP_WORDBREAKS) into a word of its own. */
const bashWords = (line: string) => line.split(' ').flatMap((word) => (word === '' ? [''] : word.split(/(=)/).filter(Boolean)));

/** The candidates bash's completion offers for the typed `line` (its last word being typed), sorted. */
async function bashCandidates(line: string): Promise<string[]> {
  const words = bashWords(line);
  const asked = `source ${scripts.bash}\nCOMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}\n_hitless\nprintf '%s\\n' "\${COMPREPLY[@]}"`;
  const { stdout } = await run('bash', ['--norc', '--noprofile', '-c', asked], { cwd: files });
  return stdout.split('\n').filter(Boolean).sort();
}

/** What zsh's completion offers when `line` is typed and Tab pressed: each word and what the list shows for it. */
async function zshOffer(line: string): Promise<Map<string, string>> {
  const { stdout } = await run('zsh', ['-f', join(ZSH_CAPTURE, 'capture.zsh'), line], {
    cwd: files,
    env: { ...process.env, SETUP: join(ZSH_CAPTURE, 'setup.zsh'), HITLESS_COMPLETION: scripts.zsh },
    timeout: ZSH_CAPTURE_TIMEOUT_MS,
  }).catch((error: { signal?: string; code?: number; stderr?: string }) => {
    throw new Error(`zsh never finished completing '${line}' (${error.signal ?? `exit ${error.code}`}); the shell printed:\n${error.stderr}`);
  });
  return new Map(stdout.split('\n').filter(Boolean).map((offered) => offered.split('\t') as [string, string]));
}

/** The candidates zsh offers when `line` is typed and Tab pressed, sorted. */
const zshCandidates = async (line: string): Promise<string[]> => [...(await zshOffer(line)).keys()].sort();

beforeAll(async () => {
  const dir = tempDir('hitless-completion-');
  const printed = await Promise.all([runCli(['completion', 'bash']), runCli(['completion', 'zsh'])]);
  for (const { code } of printed) expect(code).toBe(0);
  scripts = { bash: join(dir, 'hitless.bash'), zsh: join(dir, 'hitless.zsh') };
  writeFileSync(scripts.bash, printed[0].stdout);
  writeFileSync(scripts.zsh, printed[1].stdout);
  files = join(dir, 'files');
  mkdirSync(files);
  for (const file of ['status.json', 'run.cast', 'journal.jsonl']) writeFileSync(join(files, file), '');
});

describe('the completion scripts are registered for the hitless command', () => {
  it('bash: complete -F _hitless hitless', async () => {
    const { stdout } = await run('bash', ['--norc', '--noprofile', '-c', `source ${scripts.bash}; complete -p hitless`]);
    expect(stdout.trim()).toBe('complete -F _hitless hitless');
  });

  it('zsh: sourced after compinit, or saved as _hitless in a folder of $fpath, _hitless completes hitless', async () => {
    const sourced = await run('zsh', ['-f', '-c', `autoload -U compinit; compinit -u -D; source ${scripts.zsh}; print -r -- $_comps[hitless]`]);
    expect(sourced.stdout.trim()).toBe('_hitless');
    const folder = join(files, '..', 'zsh-functions');
    mkdirSync(folder);
    copyFileSync(scripts.zsh, join(folder, '_hitless'));
    const autoloaded = await run('zsh', ['-f', '-c', `fpath=(${folder} $fpath); autoload -U compinit; compinit -u -D; print -r -- $_comps[hitless]`]);
    expect(autoloaded.stdout.trim()).toBe('_hitless');
  });

  it("zsh: the list shows each option's meaning, as the command's --help page says it", async () => {
    for (const command of ['upgrade', 'simulate']) {
      const page = (await runCli([command, '--help'])).stdout;
      const offered = await zshOffer(`hitless ${command} --`);
      expect(offered.size).toBeGreaterThan(5);
      for (const [option, shown] of offered) {
        const [, meaning] = /^\S+ +-- (.+)$/.exec(shown) ?? [];
        expect(meaning, `${command} ${option}: ${shown}`).toBeDefined();
        // The page writes it as a sentence (capital, full stop), wrapped.
        expect(page.replace(/\s+/g, ' ').toLowerCase(), `${command} ${option}`).toContain(meaning!.toLowerCase());
      }
    }
    expect((await zshOffer('hitless simulate --po')).get('--port')).toMatch(/-- the port to listen on, on 127\.0\.0\.1$/);
  });

  it('an unknown shell is a usage error', async () => {
    expect(await runCli(['completion', 'fish'])).toMatchObject({ code: 2, stderr: 'hitless: usage: hitless completion bash|zsh\n' });
  });
}, { timeout: ZSH_TEST_TIMEOUT_MS });

describe.each([
  { shell: 'bash', complete: bashCandidates },
  { shell: 'zsh', complete: zshCandidates },
])('hitless completion $shell, sourced in a real $shell', ({ complete }) => {
  const candidates = (...words: string[]) => complete(words.join(' '));

  it('completes the commands, and --version', async () => {
    const unknown = await runCli(['no-such-command']);
    const commands = /commands: ([a-z, -]+)/.exec(unknown.stderr)![1]!.trim().split(', ');
    expect(await candidates('hitless', '')).toEqual([...commands, '--help', '-h', '--version', '-V'].sort());
    expect(await candidates('hitless', 're')).toEqual(['replay', 'report']);
  });

  it('completes every option of a command (from the option specs the command parses with)', async () => {
    const simulate = await candidates('hitless', 'simulate', '--');
    expect(simulate).toEqual(['--console-server', '--from', '--help', '--legacy-ssh', '--list', '--port', '--scenario', '--speed', '--sys-name']);
    const upgrade = await candidates('hitless', 'upgrade', '--');
    expect(upgrade).toEqual(expect.arrayContaining(['--host', '--simulate', '--simulate-from', '--image', '--record', '--rollback-on-failure', '--ascii', '--json']));
    expect(await candidates('hitless', 'upgrade', '--re')).toEqual(['--reconnect-timeout', '--record', '--record-console', '--redact']);
    expect(await candidates('hitless', 'report', '--')).toEqual(['--format', '--help']);
    expect(await candidates('hitless', 'fleet', '--')).toEqual(['--canary', '--headless', '--help', '--json', '--max-failures', '--record', '--yes']);
    expect(await candidates('hitless', 'export', 'run.cast', '--')).toEqual(['--help', '--html', '--journal']);
  });

  it('completes scenario names after --simulate and --scenario, and the words an option takes', async () => {
    const scenarios = Object.keys(SCENARIOS).sort();
    expect(await candidates('hitless', 'status', '--simulate', '')).toEqual(scenarios);
    expect(await candidates('hitless', 'upgrade', '--simulate', 'ha')).toEqual(['happy']);
    expect(await candidates('hitless', 'demo', '--scenario', 'ma')).toEqual(scenarios.filter((name) => name.startsWith('ma')));
    expect(await candidates('hitless', 'simulate', '--scenario', '')).toEqual(scenarios);
    expect(await candidates('hitless', 'demo', '--pace', '')).toEqual(['fast', 'human']);
    expect(await candidates('hitless', 'report', 'journal.jsonl', '--format', '')).toEqual(['md', 'text']);
    expect(await candidates('hitless', 'completion', '')).toEqual(['bash', 'zsh']);
    // A value that is not a word from a list: nothing offered, in particular no option.
    expect(await candidates('hitless', 'upgrade', '--image', '')).toEqual([]);
    // --option=value, as node's parseArgs takes it too.
    expect(await candidates('hitless', 'upgrade', '--simulate=ha')).toEqual(['happy']);
    expect(await candidates('hitless', 'demo', '--pace=')).toEqual(['fast', 'human']);
  });

  it('completes files after options that take one, and as the arguments of replay, export, report and fleet', async () => {
    expect(await candidates('hitless', 'plan', '--simulate-from', 'st')).toEqual(['status.json']);
    expect(await candidates('hitless', 'simulate', '--from', '')).toEqual(['journal.jsonl', 'run.cast', 'status.json']);
    expect(await candidates('hitless', 'upgrade', '--simulate', 'happy', '--journal', 'jo')).toEqual(['journal.jsonl']);
    expect(await candidates('hitless', 'demo', '--record', 'r')).toEqual(['run.cast']);
    expect(await candidates('hitless', 'replay', 'r')).toEqual(['run.cast']);
    expect(await candidates('hitless', 'report', 'j')).toEqual(['journal.jsonl']);
    expect(await candidates('hitless', 'fleet', 's')).toEqual(['status.json']);
    expect(await candidates('hitless', 'export', 'run.cast', '--html', '')).toEqual(['journal.jsonl', 'run.cast', 'status.json']);
    expect(await candidates('hitless', 'export', '--journal=j')).toEqual(['journal.jsonl']);
  });

  it('offers options, not a second file, once the one argument is given (report: any number of journals)', async () => {
    expect(await candidates('hitless', 'fleet', 'status.json', '')).toEqual(['--canary', '--headless', '--help', '--json', '--max-failures', '--record', '--yes']);
    expect(await candidates('hitless', 'report', 'journal.jsonl', '--')).toEqual(['--format', '--help']);
    // report takes several journals (a fleet's).
    expect(await candidates('hitless', 'report', 'journal.jsonl', 'j')).toEqual(['journal.jsonl']);
    expect(await candidates('hitless', 'export', 'run.cast', '')).toEqual(['--help', '--html', '--journal']);
    // The value of an option is not the argument.
    expect(await candidates('hitless', 'replay', '--speed', '2', 'r')).toEqual(['run.cast']);
    expect(await candidates('hitless', 'export', '--journal=journal.jsonl', 'r')).toEqual(['run.cast']);
  });
}, { timeout: ZSH_TEST_TIMEOUT_MS });
