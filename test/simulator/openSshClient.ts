// The real OpenSSH tools (ssh, sftp, scp) against the simulator: options that skip host-key pinning, a child
// process whose output a test can wait for, and a password fed by SSH_ASKPASS (no sshpass needed).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Options of ssh, sftp and scp alike; the port flag differs (ssh: -p, sftp/scp: -P). */
export const openSshOptions = (port: number, portFlag: '-p' | '-P' = '-p') => [
  '-F', '/dev/null',
  portFlag, String(port),
  '-o', 'StrictHostKeyChecking=no',
  '-o', 'UserKnownHostsFile=/dev/null',
  '-o', 'LogLevel=ERROR',
];

export function runOpenSsh(command: string, args: string[], extraEnv: Record<string, string> = {}) {
  const env = { ...process.env, ...extraEnv };
  delete env.SSH_AUTH_SOCK;
  const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (data: Buffer) => {
    output += data.toString();
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    stderr: () => stderr,
    exit,
    async waitFor(text: string) {
      while (!output.includes(text)) {
        if (child.exitCode !== null) throw new Error(`${command} exited before "${text}": ${output} ${stderr}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

/** Environment that makes OpenSSH read the password from an SSH_ASKPASS script written into `dir`. */
export function passwordByAskpass(dir: string, password: string): Record<string, string> {
  const askpass = join(dir, 'askpass');
  writeFileSync(askpass, `#!/bin/sh\necho '${password}'\n`, { mode: 0o700 });
  return { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force' };
}
