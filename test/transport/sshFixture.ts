// A real ssh2 server on 127.0.0.1:0 that behaves like a tiny switch CLI (banner, prompt, echo, one canned answer),
// and a TCP relay in front of it that can cut the link or make it go silent like a dead path.
import net from 'node:net';
import ssh2 from 'ssh2';
import type { Server as ServerT, ParsedKey } from 'ssh2';
import { generateEd25519KeyPair } from '../../source/simulator/hostKey.js';

const { Server, utils } = ssh2;

export const PASSWORD = 'correct horse battery staple';
export const USER = 'admin';

export interface PtyInfo {
  term: string;
  cols: number;
  rows: number;
}

export interface FakeSwitchServer {
  port: number;
  /** OpenSSH-format host key pairs ("ssh-ed25519 AAAA..." public line); the server offers both. */
  hostKey: { private: string; public: string };
  ecdsaHostKey: { private: string; public: string };
  /** pty requests and window changes seen, in order. */
  ptys: PtyInfo[];
  /** Connections whose client ended or closed. */
  endedConnections: number;
  /** keepalive@openssh.com requests received, over all connections. */
  readonly keepalives: number;
  /** Resolves once `count` keepalives in all have been received. */
  keepalivesReach(count: number): Promise<void>;
  close(): Promise<void>;
}

/** `clientKey` (OpenSSH public line) is accepted for publickey auth; PASSWORD for password and keyboard-interactive. */
export async function startFakeSwitch(clientKey?: string): Promise<FakeSwitchServer> {
  const hostKey = generateEd25519KeyPair();
  const ecdsaHostKey = utils.generateKeyPairSync('ecdsa', { bits: 256 });
  const allowed = clientKey ? (utils.parseKey(clientKey) as ParsedKey) : undefined;
  const ptys: PtyInfo[] = [];
  const state = { endedConnections: 0, keepalives: 0 };
  const keepaliveWaiters = new Set<{ count: number; resolve: () => void }>();
  const countKeepalive = () => {
    state.keepalives += 1;
    for (const waiter of keepaliveWaiters) if (state.keepalives >= waiter.count) (keepaliveWaiters.delete(waiter), waiter.resolve());
  };
  // ssh2's server answers a keepalive itself; its debug log is the one place that shows one arrived.
  const debug = (message: string) => message.endsWith('GLOBAL_REQUEST (keepalive@openssh.com)') && countKeepalive();
  const server: ServerT = new Server({ hostKeys: [hostKey.private, ecdsaHostKey.private], debug }, (conn) => {
    conn.on('authentication', (ctx) => {
      const user = ctx.username === USER;
      if (ctx.method === 'password' && user && ctx.password === PASSWORD) return ctx.accept();
      if (ctx.method === 'keyboard-interactive' && user) {
        return ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => (answers[0] === PASSWORD ? ctx.accept() : ctx.reject()));
      }
      if (ctx.method === 'publickey' && user && allowed && ctx.key.algo === allowed.type && ctx.key.data.equals(allowed.getPublicSSH())) {
        if (!ctx.signature) return ctx.accept();
        if (ctx.blob && allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo)) return ctx.accept();
      }
      ctx.reject(['password', 'publickey', 'keyboard-interactive']);
    });
    conn.on('session', (acceptSession) => {
      const session = acceptSession();
      session.on('pty', (accept, _reject, info) => {
        ptys.push({ term: info.term, cols: info.cols, rows: info.rows });
        accept?.();
      });
      session.on('window-change', (accept, _reject, info) => {
        ptys.push({ term: 'window-change', cols: info.cols, rows: info.rows });
        accept?.();
      });
      session.on('shell', (accept) => {
        const shell = accept();
        let counter = 1;
        let line = '';
        shell.write(`ExtremeXOS\r\n\r\nBD-8810.${counter} # `);
        shell.on('data', (data: Buffer) => {
          for (const char of data.toString('utf8')) {
            if (char !== '\r') {
              line += char;
              shell.write(char);
              continue;
            }
            shell.write('\r\n');
            if (line === 'exit') {
              shell.exit(0);
              shell.end();
              return;
            }
            if (line === 'show switch') shell.write('SysName:          BD-8810\r\n');
            line = '';
            counter += 1;
            shell.write(`BD-8810.${counter} # `);
          }
        });
      });
    });
    conn.on('error', () => undefined);
    conn.on('close', () => (state.endedConnections += 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    hostKey,
    ecdsaHostKey,
    ptys,
    get endedConnections() {
      return state.endedConnections;
    },
    get keepalives() {
      return state.keepalives;
    },
    keepalivesReach: (count) =>
      state.keepalives >= count ? Promise.resolve() : new Promise<void>((resolve) => keepaliveWaiters.add({ count, resolve })),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A TCP relay to `targetPort` that can cut every connection (FIN) or stop forwarding in both directions. */
export interface Relay {
  port: number;
  cut(): void;
  silence(): void;
  close(): Promise<void>;
}

export async function startRelay(targetPort: number): Promise<Relay> {
  const pairs: Array<[net.Socket, net.Socket]> = [];
  const server = net.createServer((downstream) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [downstream, upstream]) socket.on('error', () => undefined);
    downstream.pipe(upstream);
    upstream.pipe(downstream);
    pairs.push([downstream, upstream]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut: () => pairs.forEach(([downstream, upstream]) => (downstream.destroy(), upstream.destroy())),
    silence: () =>
      pairs.forEach(([downstream, upstream]) => {
        downstream.unpipe(upstream);
        upstream.unpipe(downstream);
        downstream.pause();
        upstream.pause();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        pairs.forEach(([downstream, upstream]) => (downstream.destroy(), upstream.destroy()));
        server.close(() => resolve());
      }),
  };
}

/** A port nobody listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
