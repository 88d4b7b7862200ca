// A TCP proxy between hitless and the simulator that can cut or stall the link on demand: the way a real link
// fails (FIN/RST, or silence until keepalive notices), without touching either end's code.
import { createServer, connect, type Socket } from 'node:net';

export interface FaultProxy {
  port: number;
  /** Destroy every open connection now (the peer sees the link drop). */
  cut(): void;
  /** Stop forwarding in both directions; the connections stay open and silent. */
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let stalled = false;
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (data) => {
        if (!stalled) to.write(data);
      });
    forward(client, upstream);
    forward(upstream, client);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop).on('error', drop);
    upstream.on('close', drop).on('error', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  const cut = () => {
    for (const [client, upstream] of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  return {
    port: address.port,
    cut,
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
    },
    close() {
      cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
