// A bastion for ProxyJump tests: an ssh2 server that takes a password or one public key and opens direct-tcpip
// channels (what `ssh -J` asks for) to whatever the client names, recording each destination.
import net from 'node:net';
import ssh2 from 'ssh2';
import type { Algorithms, ParsedKey } from 'ssh2';
import { generateEd25519KeyPair } from '../../source/simulator/hostKey.js';

const { Server, utils } = ssh2;

export interface JumpServer {
  port: number;
  /** OpenSSH public line of its host key. */
  hostPublicKey: string;
  /** "host:port" of every forwarding asked for, in order. */
  destinations: string[];
  /** Users that logged in, in order. */
  logins: string[];
  /** Every password a client offered (a jump host must never see the switch's). */
  passwordsTried: string[];
  /** SSH connections that have ended. */
  readonly closedConnections: number;
  close(): Promise<void>;
}

export interface JumpServerOptions {
  user: string;
  password?: string;
  /** OpenSSH public line accepted for publickey auth. */
  clientKey?: string;
  /** Refuse every forwarding (like `AllowTcpForwarding no`). */
  refuseForwarding?: boolean;
  /** The only algorithms offered (default ssh2's), e.g. an old bastion's key exchange. */
  algorithms?: Algorithms;
}

export async function startJumpServer(options: JumpServerOptions): Promise<JumpServer> {
  const hostKey = generateEd25519KeyPair();
  const allowed = options.clientKey ? (utils.parseKey(options.clientKey) as ParsedKey) : undefined;
  const destinations: string[] = [];
  const logins: string[] = [];
  const passwordsTried: string[] = [];
  const counts = { closed: 0 };
  const sockets = new Set<net.Socket>();
  const server = new Server({ hostKeys: [hostKey.private], ...(options.algorithms && { algorithms: options.algorithms }) }, (conn) => {
    conn.on('error', () => undefined);
    conn.on('close', () => (counts.closed += 1));
    conn.on('authentication', (ctx) => {
      const user = ctx.username === options.user;
      if (ctx.method === 'password') passwordsTried.push(ctx.password);
      if (user && ctx.method === 'password' && options.password !== undefined && ctx.password === options.password) return ctx.accept();
      if (user && ctx.method === 'publickey' && allowed && ctx.key.data.equals(allowed.getPublicSSH())) {
        if (!ctx.signature || (ctx.blob && allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo))) return ctx.accept();
      }
      ctx.reject(['password', 'publickey']);
    });
    conn.on('ready', () => logins.push(options.user));
    conn.on('tcpip', (accept, reject, info) => {
      destinations.push(`${info.destIP}:${info.destPort}`);
      if (options.refuseForwarding) return reject();
      const upstream = net.connect(info.destPort, info.destIP);
      sockets.add(upstream);
      upstream.on('error', () => reject());
      upstream.once('connect', () => {
        const channel = accept();
        channel.pipe(upstream).pipe(channel);
        channel.on('close', () => upstream.destroy());
        upstream.on('close', () => channel.close());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    hostPublicKey: hostKey.public,
    destinations,
    logins,
    passwordsTried,
    get closedConnections() {
      return counts.closed;
    },
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}
