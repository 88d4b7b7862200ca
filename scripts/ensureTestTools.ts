// The first step of `npm test`: finds every program outside Node that the tests run and, where one is missing,
// installs its Debian package when this user may (root, or sudo without a password). Otherwise it stops before the
// tests with one line naming what is missing and the command that installs it.
// Usage: node --import tsx scripts/ensureTestTools.ts [TOOL...]   (default: every tool below)
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

interface TestTool {
  /** A command looked up on PATH, or an absolute path the tests run directly. */
  readonly command: string;
  readonly debianPackage: string;
}

const TEST_TOOLS: readonly TestTool[] = [
  { command: 'ssh', debianPackage: 'openssh-client' }, // the real OpenSSH client against the simulator
  { command: 'ssh-keygen', debianPackage: 'openssh-client' }, // keys, fingerprints and hashed known_hosts
  { command: '/usr/sbin/sshd', debianPackage: 'openssh-server' }, // a real SSH server on loopback
  { command: 'tmux', debianPackage: 'tmux' }, // the full-screen console in a real terminal
  { command: 'script', debianPackage: 'bsdutils' }, // a pseudo-terminal for the passphrase prompt
  { command: 'asciinema', debianPackage: 'asciinema' }, // plays the recordings
  { command: '/usr/bin/chromium', debianPackage: 'chromium' }, // loads the exported page
  { command: 'ansible-playbook', debianPackage: 'ansible-core' }, // the hitless.exos collection in a real play
  { command: 'zsh', debianPackage: 'zsh' }, // hitless completion zsh in a real zsh's completion system
];

const toolName = (tool: TestTool) => tool.command.split('/').at(-1)!;

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function found(command: string): boolean {
  if (isAbsolute(command)) return isExecutableFile(command);
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && isExecutableFile(join(dir, command)));
}

const succeeds = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

type Installer = { may: true; prefix: string[] } | { may: false; reason: string; sudo: string };

/** How this user may run apt-get as root: directly, through `sudo -n`, or not at all (and why not). */
function installer(): Installer {
  const root = spawnSync('id', ['-u'], { encoding: 'utf8' }).stdout?.trim() === '0';
  const sudo = root ? '' : 'sudo ';
  if (!found('apt-get')) return { may: false, reason: 'no apt-get here', sudo };
  if (root) return { may: true, prefix: [] };
  if (found('sudo') && succeeds('sudo', ['-n', 'true'])) return { may: true, prefix: ['sudo', '-n', 'DEBIAN_FRONTEND=noninteractive'] };
  return { may: false, reason: 'not root, and sudo asks for a password', sudo };
}

function aptGet(prefix: string[], args: string[]): { ok: true } | { ok: false; why: string } {
  const [command, ...rest] = [...prefix, 'apt-get', '-qq', ...args];
  const result = spawnSync(command!, rest, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    maxBuffer: 64 << 20,
  });
  if (result.status === 0) return { ok: true };
  const lastLine = `${result.stderr ?? ''}${result.error?.message ?? ''}`.trim().split('\n').at(-1) ?? '';
  return { ok: false, why: `apt-get ${args[0]} failed (exit ${result.status})${lastLine ? `: ${lastLine}` : ''}` };
}

const packagesOf = (tools: readonly TestTool[]) => [...new Set(tools.map((tool) => tool.debianPackage))];
const describeMissing = (tools: readonly TestTool[]) =>
  tools.map((tool) => (isAbsolute(tool.command) ? `${toolName(tool)} (${tool.command})` : toolName(tool))).join(', ');

function ensure(wanted: readonly TestTool[]): number {
  const missing = wanted.filter((tool) => !found(tool.command));
  if (missing.length === 0) return 0;

  const install = installer();
  if (!install.may) {
    const [packages, sudo] = [packagesOf(missing).join(' '), install.sudo];
    console.error(
      `npm test: missing ${describeMissing(missing)} (${install.reason}, so not installed here); ` +
        `install with: ${sudo}apt-get update && ${sudo}apt-get install -y ${packages}`,
    );
    return 1;
  }

  for (const tool of missing) console.log(`installing ${toolName(tool)} (Debian package ${tool.debianPackage}) for the tests`);
  for (const step of [['update'], ['install', '-y', ...packagesOf(missing)]]) {
    const result = aptGet(install.prefix, step);
    if (!result.ok) {
      console.error(`could not install ${describeMissing(missing)}: ${result.why}`);
      return 1;
    }
  }
  const stillMissing = missing.filter((tool) => !found(tool.command));
  if (stillMissing.length > 0) {
    console.error(`apt-get installed ${packagesOf(stillMissing).join(' ')}, but ${describeMissing(stillMissing)} is still not there`);
    return 1;
  }
  return 0;
}

function selected(names: string[]): readonly TestTool[] | undefined {
  const unknown = names.filter((name) => !TEST_TOOLS.some((tool) => toolName(tool) === name));
  if (unknown.length === 0) return names.length === 0 ? TEST_TOOLS : TEST_TOOLS.filter((tool) => names.includes(toolName(tool)));
  console.error(`unknown tool ${unknown.join(', ')}; the tests use ${TEST_TOOLS.map(toolName).join(', ')}`);
  return undefined;
}

const wanted = selected(process.argv.slice(2));
process.exitCode = wanted ? ensure(wanted) : 2;
