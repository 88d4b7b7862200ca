// The first step of `npm test` on a machine that lacks tools: with a PATH of stand-ins for id, sudo and apt-get, it
// either installs through them (one line per tool) or stops with one line and the command to run.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/runCli.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A PATH of shell scripts; every one of them appends its name and arguments to `calls`. */
function stubPath(scripts: Record<string, string>) {
  const dir = tempDir('hitless-tools-');
  dirs.push(dir);
  const log = join(dir, 'calls');
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), `#!/bin/sh\necho "${name} $*" >> ${log}\n${body}\n`, { mode: 0o755 });
  }
  return { dir, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

function ensureTools(path: string, tools: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'ensureTestTools.ts'), ...tools], {
    cwd: ROOT,
    env: { PATH: path, HOME: process.env.HOME ?? '/' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const NOT_ROOT = 'echo 1000';
const SUDO_ASKS_FOR_A_PASSWORD = 'echo "sudo: a password is required" >&2; exit 1';
const SUDO_WITHOUT_PASSWORD = '[ "$1" = -n ] && shift; PATH="$PATH:/usr/bin:/bin" exec /usr/bin/env "$@"';
/** apt-get that "installs" by putting an executable named after each package next to itself. */
const APT_GET_INSTALLS = `[ "$2" = install ] || exit 0
echo "DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >> "$(dirname "$0")/calls"
for package in "$@"; do
  case "$package" in -*|install) ;; *) printf '#!/bin/sh\\n' > "$(dirname "$0")/$package"; chmod +x "$(dirname "$0")/$package" ;; esac
done`;

describe('the tool step of npm test', () => {
  it('does nothing (not even ask who it is) when every tool is there', async () => {
    const path = stubPath({ tmux: '', asciinema: '', id: 'echo 0', 'apt-get': '' });
    const run = await ensureTools(path.dir, ['tmux', 'asciinema']);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(path.calls()).toEqual([]);
  });

  it('stops with one line naming the missing tools and the command, when it may not install (not root, sudo wants a password)', async () => {
    const path = stubPath({ tmux: '', id: NOT_ROOT, sudo: SUDO_ASKS_FOR_A_PASSWORD, 'apt-get': '' });
    const run = await ensureTools(path.dir, ['tmux', 'asciinema', 'ssh-keygen']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'npm test: missing ssh-keygen, asciinema (not root, and sudo asks for a password, so not installed here); ' +
        'install with: sudo apt-get update && sudo apt-get install -y openssh-client asciinema\n',
    );
    expect(path.calls()).toEqual(['id -u', 'sudo -n true']);
  });

  it('as root without apt-get, names the Debian command without sudo', async () => {
    const path = stubPath({ id: 'echo 0' });
    const run = await ensureTools(path.dir, ['tmux']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('npm test: missing tmux (no apt-get here, so not installed here); install with: apt-get update && apt-get install -y tmux\n');
  });

  it('installs through passwordless sudo with apt-get (update first, each package once), one line per tool', async () => {
    const path = stubPath({ id: NOT_ROOT, sudo: SUDO_WITHOUT_PASSWORD, 'apt-get': APT_GET_INSTALLS });
    const run = await ensureTools(path.dir, ['tmux', 'asciinema']);
    expect(run).toEqual({
      code: 0,
      stdout: 'installing tmux (Debian package tmux) for the tests\ninstalling asciinema (Debian package asciinema) for the tests\n',
      stderr: '',
    });
    expect(path.calls()).toEqual([
      'id -u',
      'sudo -n true',
      'sudo -n DEBIAN_FRONTEND=noninteractive apt-get -qq update',
      'apt-get -qq update',
      'sudo -n DEBIAN_FRONTEND=noninteractive apt-get -qq install -y tmux asciinema',
      'apt-get -qq install -y tmux asciinema',
      'DEBIAN_FRONTEND=noninteractive',
    ]);
  });

  it('says which tool is still not there when apt-get succeeded without bringing it', async () => {
    const path = stubPath({ id: 'echo 0', 'apt-get': 'exit 0' });
    const run = await ensureTools(path.dir, ['ssh']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('installing ssh (Debian package openssh-client) for the tests\n');
    expect(run.stderr).toBe('apt-get installed openssh-client, but ssh is still not there\n');
  });

  it('passes on apt-get\'s own last line when the install fails', async () => {
    const path = stubPath({ id: 'echo 0', 'apt-get': '[ "$2" = install ] || exit 0; echo "E: Unable to locate package asciinema" >&2; exit 100' });
    const run = await ensureTools(path.dir, ['asciinema']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('could not install asciinema: apt-get install failed (exit 100): E: Unable to locate package asciinema\n');
  });

  it('refuses a tool it does not know', async () => {
    const run = await ensureTools(stubPath({}).dir, ['sshpass']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('unknown tool sshpass; the tests use ssh, ssh-keygen, sshd, tmux, script, asciinema, chromium, ansible-playbook, zsh\n');
  });
});
