// ProxyJump: each jump host is an SSH connection of its own (host key verified, own credentials) that forwards a
// channel to the next hop; the last channel carries the connection to the switch.
import type { Duplex } from 'node:stream';
import type { Client as ClientT } from 'ssh2';
import { EXIT, HitlessError } from '../errors.js';
import type { HostKeyPolicy } from './hostKeyPolicy.js';
import type { Keepalive } from './keepalive.js';
import { weakAlgorithmWarning } from './sshAlgorithms.js';
import { openSshClient, withOwnSettings, type ClientSettings, type SshAuth, type SshTarget } from './sshClient.js';

export interface SshHop extends SshTarget {
  auth: SshAuth;
  /** From its own Host entry of the ssh config (algorithms, keepalive, ConnectTimeout); the run's login time applies. */
  settings?: Partial<ClientSettings>;
}

export interface JumpPath {
  /** The channel to the destination; absent without jump hosts (connect directly). */
  sock?: Duplex;
  clients: ClientT[];
  keepalives: Keepalive[];
  /** One line per hop that settled on weak algorithms. */
  weakAlgorithmWarnings: string[];
  close(): void;
}

export const hopName = (hop: SshTarget): string => `${hop.username}@${hop.host}:${hop.port}`;

export async function openJumpPath(
  hops: readonly SshHop[],
  destination: { host: string; port: number },
  hostKeys: HostKeyPolicy,
  settings: ClientSettings,
): Promise<JumpPath> {
  const clients: ClientT[] = [];
  const keepalives: Keepalive[] = [];
  const weakAlgorithmWarnings: string[] = [];
  const close = () => clients.forEach((client) => client.end());
  // Pins per MSM belong to the switch, never to a jump host.
  const hopKeys: HostKeyPolicy = { ...hostKeys, chassisKeys: undefined };
  let sock: Duplex | undefined;
  try {
    for (const [index, hop] of hops.entries()) {
      const next = hops[index + 1] ?? destination;
      const where = `jump host ${hop.host}:${hop.port}`;
      const opened = await openSshClient(hop, hop.auth, hopKeys, withOwnSettings(settings, hop.settings ?? {}), (client) => forward(client, where, next), {
        role: 'jump host',
        ...(sock && { sock }),
      });
      clients.push(opened.client);
      keepalives.push(opened.keepalive);
      if (opened.weakAlgorithms.length > 0) weakAlgorithmWarnings.push(weakAlgorithmWarning(where, opened.weakAlgorithms));
      sock = opened.value;
    }
  } catch (error) {
    close();
    throw error;
  }
  return { ...(sock && { sock }), clients, keepalives, weakAlgorithmWarnings, close };
}

function forward(client: ClientT, label: string, to: { host: string; port: number }): Promise<Duplex> {
  return new Promise((resolve, reject) =>
    client.forwardOut('127.0.0.1', 0, to.host, to.port, (error, channel) =>
      error ? reject(new HitlessError('connect', `${label} cannot reach ${to.host}:${to.port}: ${error.message}`, EXIT.usage)) : resolve(channel),
    ),
  );
}
