// The real CLI against simulators started in the test process, with a private HOME (for ~/.ssh), known_hosts and
// state folder per test, and no ssh-agent: every credential comes from what the test sets up.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, type CliOptions, type CliRun } from '../support/runCli.js';

export const PASSWORD_ENV = 'HITLESS_TEST_PASSWORD';
export const SWITCH_PASSWORD = 'admin';

export interface SshWorld {
  home: string;
  knownHosts: string;
  stateHome: string;
  /** Writes `~/.ssh/<name>` (mode 0600) and returns its path. */
  sshFile(name: string, text: string): string;
  run(args: string[], options?: CliOptions): Promise<CliRun>;
  /** The per-MSM pins hitless keeps for every chassis. */
  pins(): Record<string, Record<string, string>>;
}

export function sshWorld(): SshWorld {
  const home = tempDir('hitless-ssh-home-');
  const knownHosts = join(home, 'known_hosts');
  const stateHome = join(home, 'state');
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  return {
    home,
    knownHosts,
    stateHome,
    sshFile(name, text) {
      const file = join(home, '.ssh', name);
      writeFileSync(file, text, { mode: 0o600 });
      return file;
    },
    run: (args, options = {}) =>
      runCli(args, {
        ...options,
        env: { HOME: home, XDG_STATE_HOME: stateHome, SSH_AUTH_SOCK: '', [PASSWORD_ENV]: SWITCH_PASSWORD, ...options.env },
      }),
    pins: () => JSON.parse(readFileSync(join(stateHome, 'hitless', 'chassis-keys.json'), 'utf8')) as Record<string, Record<string, string>>,
  };
}

/** Every warning the run reported: as events (--json) or as `hitless: warning:` lines on stderr. */
export function warningsOf(run: CliRun): string[] {
  const fromEvents = run.events.flatMap((event) => (event.type === 'warning' ? [event.message] : []));
  const fromStderr = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('hitless: warning: '))
    .map((line) => line.slice('hitless: warning: '.length));
  return [...fromEvents, ...fromStderr];
}

/** The private-key body (base64 lines) of an OpenSSH private key, to look for in outputs. */
export const secretLinesOf = (privateKey: string): string[] => privateKey.split('\n').filter((line) => line.length > 40 && !line.startsWith('-----'));
