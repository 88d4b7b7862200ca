// Turns connection options into a way to open EXOS sessions: credentials, host-key policy, the embedded simulator.
import { readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import ssh2 from 'ssh2';
import { HitlessError, EXIT, usageError } from '../errors.js';
import type { OpenSession } from '../engine/sessionLike.js';
import { ExosSession } from '../session/exosSession.js';
import { connectSsh, type HostKeyPolicy, type SshAuth, type SshTarget } from '../transport/sshTransport.js';
import { startSimulator, type RunningSimulator, SCENARIOS } from '../simulator/index.js';
import type { ConnectionOptions } from './args.js';
import { askHidden, askLine, canPrompt } from './ttyPrompt.js';

export interface Connection {
  target: SshTarget;
  openSession: OpenSession;
  simulator?: RunningSimulator;
  close(): Promise<void>;
}

export interface ConnectionIo {
  /** Every raw chunk from the switch (console view, recording). */
  onOutput?: (chunk: string) => void;
  cols?: number;
  rows?: number;
}

const SIMULATOR_PASSWORD = 'admin';

async function resolveAuth(options: ConnectionOptions, target: SshTarget): Promise<SshAuth> {
  const auth: SshAuth = {};
  if (options.passwordEnv) {
    const password = process.env[options.passwordEnv];
    if (password === undefined) throw usageError(`environment variable ${options.passwordEnv} (from --password-env) is not set`);
    auth.password = password;
  }
  if (options.identity) {
    let key: Buffer;
    try {
      key = readFileSync(options.identity);
    } catch (err) {
      throw usageError(`cannot read identity file ${options.identity}: ${(err as NodeJS.ErrnoException).code ?? err}`);
    }
    auth.privateKey = key;
    if (ssh2.utils.parseKey(key) instanceof Error) {
      if (!canPrompt()) throw usageError(`identity file ${options.identity} is encrypted and there is no terminal to ask for its passphrase`);
      auth.passphrase = await askHidden(`Passphrase for ${options.identity}: `);
    }
  }
  if (process.env.SSH_AUTH_SOCK) auth.agent = process.env.SSH_AUTH_SOCK;
  if (!auth.password && !auth.privateKey && !auth.agent) {
    if (!canPrompt()) {
      throw usageError('no credentials: use --password-env VAR, --identity FILE or an ssh-agent (SSH_AUTH_SOCK)');
    }
    auth.password = await askHidden(`${target.username}@${target.host}'s password: `);
  }
  return auth;
}

function hostKeyPolicy(options: ConnectionOptions): HostKeyPolicy {
  const knownHostsFile = options.knownHosts ?? join(homedir(), '.ssh', 'known_hosts');
  if (options.acceptNew) return { knownHostsFile, mode: 'accept-new' };
  if (!canPrompt()) return { knownHostsFile, mode: 'strict' };
  return {
    knownHostsFile,
    mode: 'ask',
    ask: async ({ host, port, fingerprint, keyType }) => {
      const where = port === 22 ? host : `[${host}]:${port}`;
      process.stderr.write(`The authenticity of host '${where}' can't be established.\n${keyType} key fingerprint is ${fingerprint}.\n`);
      const answer = await askLine('Trust this key and continue connecting (yes/no)? ');
      return answer.toLowerCase() === 'yes';
    },
  };
}

function sessionOpener(target: SshTarget, auth: SshAuth, hostKeys: HostKeyPolicy, io: ConnectionIo): OpenSession {
  return async () => {
    const transport = await connectSsh(target, auth, hostKeys, { cols: io.cols ?? 120, rows: io.rows ?? 40 });
    return ExosSession.open(transport, { onOutput: io.onOutput });
  };
}

export async function prepareConnection(options: ConnectionOptions, io: ConnectionIo = {}): Promise<Connection> {
  if (options.simulate) return simulatedConnection(options.simulate, options.speed, io);
  const target: SshTarget = { host: options.host!, port: options.port, username: options.user! };
  const auth = await resolveAuth(options, target);
  return { target, openSession: sessionOpener(target, auth, hostKeyPolicy(options), io), close: async () => {} };
}

/** The embedded simulated chassis: started on a random loopback port, its own host key pinned for this run. */
async function simulatedConnection(scenario: string, speed: number, io: ConnectionIo): Promise<Connection> {
  if (!(scenario in SCENARIOS)) {
    throw new HitlessError('usage', `unknown scenario "${scenario}"; see: hitless simulate --list`, EXIT.usage);
  }
  const simulator = await startSimulator({ scenario: scenario as keyof typeof SCENARIOS, speed });
  const target: SshTarget = { host: '127.0.0.1', port: simulator.port, username: 'admin' };
  const hostKeys: HostKeyPolicy = {
    knownHostsFile: join(mkdtempSync(join(tmpdir(), 'hitless-sim-')), 'known_hosts'),
    mode: 'ask',
    ask: async ({ fingerprint }) => fingerprint === simulator.hostKeyFingerprint,
  };
  return {
    target,
    simulator,
    openSession: sessionOpener(target, { password: SIMULATOR_PASSWORD }, hostKeys, io),
    close: () => simulator.close(),
  };
}
