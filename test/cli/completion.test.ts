// hitless completion bash, sourced in a real bash: what the shell offers after each word, asked the way bash asks a
// completion function (COMP_WORDS/COMP_CWORD, then COMPREPLY), and what `complete -p` says is registered.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../source/simulator/index.js';
import { runCli, tempDir } from '../support/runCli.js';

const run = promisify(execFile);
let script = '';
let dir = '';

/** The candidates bash's completion of `words` (the last one being typed) offers, sorted. */
async function candidates(...words: string[]): Promise<string[]> {
  const asked = `source ${script}\nCOMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}\n_hitless\nprintf '%s\\n' "\${COMPREPLY[@]}"`;
  const { stdout } = await run('bash', ['--norc', '--noprofile', '-c', asked], { cwd: dir });
  return stdout.split('\n').filter(Boolean).sort();
}

beforeAll(async () => {
  dir = tempDir('hitless-completion-');
  const printed = await runCli(['completion', 'bash']);
  expect(printed.code).toBe(0);
  script = join(dir, 'hitless.bash');
  writeFileSync(script, printed.stdout);
  for (const file of ['status.json', 'run.cast', 'journal.jsonl']) writeFileSync(join(dir, file), '');
});

describe('hitless completion bash', () => {
  it('registers _hitless for the hitless command', async () => {
    const { stdout } = await run('bash', ['--norc', '--noprofile', '-c', `source ${script}; complete -p hitless`]);
    expect(stdout.trim()).toBe('complete -F _hitless hitless');
  });

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
  });

  it('completes scenario names after --simulate and --scenario, and the words an option takes', async () => {
    const scenarios = Object.keys(SCENARIOS).sort();
    expect(await candidates('hitless', 'status', '--simulate', '')).toEqual(scenarios);
    expect(await candidates('hitless', 'demo', '--scenario', 'ma')).toEqual(scenarios.filter((name) => name.startsWith('ma')));
    expect(await candidates('hitless', 'report', 'journal.jsonl', '--format', '')).toEqual(['md', 'text']);
    expect(await candidates('hitless', 'completion', '')).toEqual(['bash', 'zsh']);
    // A value that is not a word from a list: nothing offered, in particular no option.
    expect(await candidates('hitless', 'upgrade', '--image', '')).toEqual([]);
  });

  it('completes files after options that take one, and as the arguments of replay, export, report and fleet', async () => {
    expect(await candidates('hitless', 'plan', '--simulate-from', 'st')).toEqual(['status.json']);
    expect(await candidates('hitless', 'upgrade', '--simulate', 'happy', '--journal', 'jo')).toEqual(['journal.jsonl']);
    expect(await candidates('hitless', 'replay', 'r')).toEqual(['run.cast']);
    expect(await candidates('hitless', 'export', 'run.cast', '--html', '')).toEqual(['hitless.bash', 'journal.jsonl', 'run.cast', 'status.json']);
  });

  it('zsh: prints a script for compdef; an unknown shell is a usage error', async () => {
    const zsh = await runCli(['completion', 'zsh']);
    expect(zsh.stdout).toMatch(/^#compdef hitless\n/);
    expect(zsh.stdout).toContain("'--simulate-from:file:_files'");
    expect(await runCli(['completion', 'fish'])).toMatchObject({ code: 2, stderr: 'hitless: usage: hitless completion bash|zsh\n' });
  });
});
