// The management port of the fake chassis: an ssh2 server on 127.0.0.1 whose every TCP connection lands on
// the MSM that is master at accept time. While nobody is master (failover gap, chassis reboot) connections
// are reset; when an MSM goes down, every connection on it is destroyed without a word (docs/exos-cli.md §6.3). Once the
// management address is lost (scenario mgmt-lost), connections are accepted and never answered: the client waits
// and times out as it would for an address that does not answer (a local listener cannot ignore a SYN).
import net from 'node:net';
import ssh2 from 'ssh2';
import type { Algorithms, AuthContext, Connection, ParsedKey, ServerChannel } from 'ssh2';
import type { ChassisModel } from './chassisModel.js';
import { CliSession } from './cli/cliSession.js';
import type { FaultInjector } from './faultInjector.js';
import type { SafetyOracle } from './safetyOracle.js';
import { scpSinkTarget, serveScpSink } from './scpSink.js';
import { serveSftp } from './sftpServer.js';
import type { MsmSlot, ChassisSpec } from './scenarios.js';
import type { SimClock } from './simClock.js';

const { Server, utils } = ssh2;

export interface SimulatorUser {
  username: string;
  password?: string;
  /** OpenSSH .pub lines ("ssh-ed25519 AAAA... comment"). */
  publicKeys?: string[];
}

export interface SshFrontOptions {
  chassis: ChassisModel;
  scenario: ChassisSpec;
  clock: SimClock;
  oracle: SafetyOracle;
  users: SimulatorUser[];
  hostPrivateKey: string;
  /** Test-only misbehaviour on chosen command lines, passed to every CLI session. */
  faults?: FaultInjector;
  /** MSM-B's own host key (the management address moves to MSM-B at failover); default: the same key as MSM-A. */
  msmBHostPrivateKey?: string;
  /** The only algorithms offered (legacySsh.ts); default ssh2's. */
  algorithms?: Algorithms;
}

interface Binding {
  connection: number;
  msm: MsmSlot;
  socket: net.Socket;
}

interface Account {
  password?: string;
  keys: ParsedKey[];
}

function parsePublicKey(line: string): ParsedKey {
  const key = utils.parseKey(line);
  if (key instanceof Error) throw new Error(`simulator user key is not an OpenSSH public key: ${key.message}`);
  return Array.isArray(key) ? key[0]! : key;
}

function authenticate(account: Account | undefined, ctx: AuthContext): void {
  if (account && ctx.method === 'password' && account.password !== undefined && ctx.password === account.password) {
    ctx.accept();
    return;
  }
  if (account && ctx.method === 'publickey') {
    const key = account.keys.find((candidate) => candidate.getPublicSSH().equals(ctx.key.data));
    // Without a signature the client only asks whether the key would do.
    if (key && (!ctx.signature || key.verify(ctx.blob!, ctx.signature, ctx.hashAlgo))) {
      ctx.accept();
      return;
    }
  }
  ctx.reject(['password', 'publickey']);
}

export class SshFront {
  /** Every authentication request received (user and method), in order: a test's proof that nothing reached a server. */
  readonly authAttempts: Array<{ username: string; method: string }> = [];
  private readonly tcp: net.Server;
  /** One ssh2 server per host key: a connection is handed to the one of the MSM that is master at accept time. */
  private readonly ssh: Record<MsmSlot, InstanceType<typeof Server>>;
  private readonly bindings = new Set<Binding>();
  private readonly silent = new Set<net.Socket>();
  private readonly accounts: Map<string, Account>;
  private connectionCount = 0;
  private readonly dropConnectionsOn = (slot: MsmSlot) => {
    for (const binding of this.bindings) if (binding.msm === slot) binding.socket.destroy();
  };

  constructor(private readonly options: SshFrontOptions) {
    this.accounts = new Map(
      options.users.map((user) => [
        user.username,
        { password: user.password, keys: (user.publicKeys ?? []).map(parsePublicKey) },
      ]),
    );
    const serverWith = (hostKey: string) =>
      new Server({ hostKeys: [hostKey], ...(options.algorithms && { algorithms: options.algorithms }) }).on('connection', (client, info) =>
        this.serve(client, info.port),
      );
    const msmA = serverWith(options.hostPrivateKey);
    this.ssh = { A: msmA, B: options.msmBHostPrivateKey === undefined ? msmA : serverWith(options.msmBHostPrivateKey) };
    this.tcp = net.createServer((socket) => this.accept(socket));
    options.chassis.on('msm-down', this.dropConnectionsOn);
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.tcp.once('error', reject);
      this.tcp.listen(port, '127.0.0.1', () => {
        this.tcp.off('error', reject);
        resolve((this.tcp.address() as net.AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    this.options.chassis.off('msm-down', this.dropConnectionsOn);
    for (const binding of this.bindings) binding.socket.destroy();
    for (const socket of this.silent) socket.destroy();
    return new Promise((resolve) => this.tcp.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const master = this.options.chassis.master();
    if (this.options.chassis.managementLost) {
      this.holdSilent(socket);
      return;
    }
    if (!master || !this.options.chassis.acceptsConnections()) {
      socket.resetAndDestroy();
      return;
    }
    const binding: Binding = { connection: ++this.connectionCount, msm: master.slot, socket };
    this.bindings.add(binding);
    socket.on('close', () => this.bindings.delete(binding));
    socket.on('error', () => {});
    this.ssh[master.slot].injectSocket(socket);
  }

  /** A management address that never answers: the connection stays open and nothing is ever sent. */
  private holdSilent(socket: net.Socket): void {
    this.silent.add(socket);
    socket.on('close', () => this.silent.delete(socket));
    socket.on('error', () => {});
  }

  private bindingOf(remotePort: number): Binding | undefined {
    return [...this.bindings].find((binding) => binding.socket.remotePort === remotePort);
  }

  private serve(client: Connection, remotePort: number): void {
    client.on('error', () => {});
    const binding = this.bindingOf(remotePort);
    if (!binding) {
      client.end();
      return;
    }
    client.on('authentication', (ctx) => {
      this.authAttempts.push({ username: ctx.username, method: ctx.method });
      authenticate(this.accounts.get(ctx.username), ctx);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        let pty: { rows: number; cols: number } | null = null;
        let cli: CliSession | undefined;
        session.on('pty', (accept, _reject, info) => {
          pty = { rows: info.rows, cols: info.cols };
          accept?.();
        });
        session.on('window-change', (accept, _reject, info) => {
          cli?.resize(info.rows);
          accept?.();
        });
        session.on('env', (accept) => accept?.());
        session.on('sftp', (accept, reject) => {
          const { chassis, clock, scenario } = this.options;
          if (scenario.sftpRefused) reject();
          else serveSftp(accept(), chassis.fileSystem, () => clock.now());
        });
        session.on('shell', (accept) => {
          cli = this.startCli(binding, accept(), pty);
          this.run(cli.runShell(), binding);
        });
        session.on('exec', (accept, _reject, info) => {
          const scpTarget = scpSinkTarget(info.command);
          if (scpTarget !== undefined) {
            serveScpSink(accept(), scpTarget, this.options.chassis.fileSystem);
            return;
          }
          cli = this.startCli(binding, accept(), pty);
          this.run(cli.runExec(info.command), binding);
        });
      });
    });
  }

  private startCli(binding: Binding, channel: ServerChannel, pty: { rows: number; cols: number } | null): CliSession {
    const cli = new CliSession({
      ...this.options,
      msm: binding.msm,
      connection: binding.connection,
      pty,
      port: {
        write: (text) => {
          if (channel.writable) channel.write(text);
        },
        end: () => {
          channel.exit(0);
          channel.end();
        },
        drop: () => binding.socket.destroy(),
      },
    });
    channel.on('data', (data: Buffer) => cli.input(data.toString('utf8')));
    channel.on('close', () => cli.close());
    return cli;
  }

  /** A bug in a command must not take the whole simulator down: report it and drop that connection. */
  private run(session: Promise<void>, binding: Binding): void {
    session.catch((error: unknown) => {
      process.stderr.write(`hitless simulator: internal error on connection ${binding.connection}: ${String(error)}\n`);
      binding.socket.destroy();
    });
  }
}
