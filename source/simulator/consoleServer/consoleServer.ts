// The simulated console server: an ssh2 server on 127.0.0.1 in front of the serial consoles of both MSMs of a running
// simulated chassis. A login reaches a console by the profile's username syntax (e.g. Opengear "admin:port05"), by its
// port menu, or by connecting to that console's dedicated SSH port with a plain username. The profile's BREAK
// sequence is taken out of the typed data and recorded (never passed to the switch).
import net from 'node:net';
import ssh2 from 'ssh2';
import type { AuthContext, Connection, ServerChannel, ServerConfig } from 'ssh2';
import { usageError } from '../../errors.js';
import type { ChassisModel } from '../chassisModel.js';
import { LineReader, INTERRUPT, SessionClosed } from '../cli/lineReader.js';
import { defaultHostKeyFile, loadOrCreateHostKey } from '../hostKey.js';
import { hostKeyTypeFor, legacyAlgorithms } from '../legacySsh.js';
import type { SafetyOracle } from '../safetyOracle.js';
import type { MsmSlot, ChassisSpec } from '../scenarios.js';
import type { SimClock } from '../simClock.js';
import type { SimulatorUser } from '../sshFront.js';
import { SerialConsole } from './serialConsole.js';
import { renderMenu, SIMULATED_PROFILES, type PortLabel, type SimulatedProfile, type SimulatedProfileName } from './simulatedProfiles.js';

const { Server } = ssh2;

export type { SimulatedProfileName } from './simulatedProfiles.js';

export interface ConsoleServerOptions {
  /** The running simulator whose chassis the consoles belong to (startSimulator's result). */
  simulator: { chassis: ChassisModel; scenario: ChassisSpec; clock: SimClock; oracle: SafetyOracle };
  profile: SimulatedProfileName;
  /** Port for username-syntax and menu logins; 0 = a random free port (default). */
  port?: number;
  /** Console-server accounts. Default [{ username: 'console', password: 'serial-lab' }] (not a word the screen shows: a run masks its console password everywhere). */
  users?: ConsoleServerUser[];
  /** The switch's accounts for the console login. Default [{ username: 'admin', password: 'admin' }]. */
  switchUsers?: SimulatorUser[];
  /** Serial port numbers of the MSM consoles. Default { A: 5, B: 6 }. */
  serialPorts?: Record<MsmSlot, number>;
  /** Default: the simulator's host key file (of the type legacySsh calls for). */
  hostKeyFile?: string;
  /** Offer only the SSH algorithms of an old server (legacySsh.ts), with an RSA host key. */
  legacySsh?: boolean;
}

export interface ConsoleServerUser {
  username: string;
  password: string;
}

export interface RunningConsoleServer {
  /** SSH port for "user:portNN"-style and menu logins. */
  port: number;
  /** One SSH port per MSM console, for a plain username (ssh://USER@HOST:PORT). */
  dedicatedPorts: Record<MsmSlot, number>;
  serialPorts: Record<MsmSlot, number>;
  /** The labels in the port menu, by serial port number. */
  menu: readonly PortLabel[];
  hostKeyFingerprint: string;
  /** BREAKs received, in order. */
  breaks: { slot: MsmSlot; at: number }[];
  /** Everything typed on an MSM's serial console (BREAKs left out), in order. */
  typed: { slot: MsmSlot; at: number; text: string }[];
  /** Everything an MSM's serial console printed since the server started. */
  transcript(slot: MsmSlot): string;
  close(): Promise<void>;
}

export const DEFAULT_CONSOLE_USERS: ConsoleServerUser[] = [{ username: 'console', password: 'serial-lab' }];
const DEFAULT_SWITCH_USERS: SimulatorUser[] = [{ username: 'admin', password: 'admin' }];
/** Command-log connection numbers of console logins start here (management SSH connections count from 1). */
const FIRST_CONSOLE_CONNECTION = 1001;

/** Where a login lands: an MSM console, a port with nothing attached, or the menu. */
type Destination = { kind: 'console'; slot: MsmSlot } | { kind: 'unconnected' } | { kind: 'menu' };
/** How a listening port routes logins. */
type Route = { kind: 'shared' } | { kind: 'dedicated'; slot: MsmSlot };

export async function startConsoleServer(options: ConsoleServerOptions): Promise<RunningConsoleServer> {
  const profile = SIMULATED_PROFILES[options.profile];
  if (!profile) throw usageError(`unknown console-server profile "${options.profile}"`);
  const serialPorts = options.serialPorts ?? { A: 5, B: 6 };
  const { scenario } = options.simulator;
  const menu: PortLabel[] = [
    { port: 1, label: 'core-sw-1' },
    { port: 2, label: 'pdu-rack-4' },
    { port: serialPorts.A, label: `${scenario.sysName} MSM-A` },
    { port: serialPorts.B, label: `${scenario.sysName} MSM-B` },
  ].sort((a, b) => a.port - b.port);
  let connections = FIRST_CONSOLE_CONNECTION;
  const consoles: Record<MsmSlot, SerialConsole> = {
    A: new SerialConsole({ ...options.simulator, slot: 'A', users: options.switchUsers ?? DEFAULT_SWITCH_USERS, nextConnection: () => connections++ }),
    B: new SerialConsole({ ...options.simulator, slot: 'B', users: options.switchUsers ?? DEFAULT_SWITCH_USERS, nextConnection: () => connections++ }),
  };
  const keyType = hostKeyTypeFor(options.legacySsh ?? false);
  const hostKey = loadOrCreateHostKey(options.hostKeyFile ?? defaultHostKeyFile(keyType), keyType);
  const front = new ConsoleFront(profile, options.users ?? DEFAULT_CONSOLE_USERS, consoles, serialPorts, menu, {
    hostKeys: [hostKey.privateKey],
    ...(options.legacySsh && { algorithms: legacyAlgorithms() }),
  });
  try {
    const port = await front.listen(options.port ?? 0, { kind: 'shared' });
    const dedicatedPorts = { A: await front.listen(0, { kind: 'dedicated', slot: 'A' }), B: await front.listen(0, { kind: 'dedicated', slot: 'B' }) };
    return {
      port,
      dedicatedPorts,
      serialPorts,
      menu,
      hostKeyFingerprint: hostKey.fingerprint,
      breaks: front.breaks,
      typed: front.typed,
      transcript: (slot) => consoles[slot].transcript,
      close: async () => {
        consoles.A.close();
        consoles.B.close();
        await front.close();
      },
    };
  } catch (error) {
    consoles.A.close();
    consoles.B.close();
    await front.close();
    throw error;
  }
}

class ConsoleFront {
  readonly breaks: { slot: MsmSlot; at: number }[] = [];
  readonly typed: { slot: MsmSlot; at: number; text: string }[] = [];
  private readonly ssh: InstanceType<typeof Server>;
  private readonly listeners: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  /** Route of each accepted connection, by the client's source port (what ssh2 reports for an injected socket). */
  private readonly routes = new Map<number, Route>();

  constructor(
    private readonly profile: SimulatedProfile,
    private readonly users: ConsoleServerUser[],
    private readonly consoles: Record<MsmSlot, SerialConsole>,
    private readonly serialPorts: Record<MsmSlot, number>,
    private readonly menu: readonly PortLabel[],
    serverConfig: ServerConfig,
  ) {
    this.ssh = new Server(serverConfig);
    this.ssh.on('connection', (client, info) => this.serve(client, this.routes.get(info.port)));
  }

  listen(port: number, route: Route): Promise<number> {
    const tcp = net.createServer((socket) => {
      const remotePort = socket.remotePort!;
      this.sockets.add(socket);
      this.routes.set(remotePort, route);
      socket.on('error', () => {});
      socket.on('close', () => {
        this.sockets.delete(socket);
        this.routes.delete(remotePort);
      });
      this.ssh.injectSocket(socket);
    });
    this.listeners.push(tcp);
    return new Promise((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(port, '127.0.0.1', () => {
        tcp.off('error', reject);
        resolve((tcp.address() as net.AddressInfo).port);
      });
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.listeners.map((tcp) => new Promise<void>((resolve) => (tcp.listening ? tcp.close(() => resolve()) : resolve()))));
  }

  private serve(client: Connection, route: Route | undefined): void {
    client.on('error', () => {});
    if (!route) {
      client.end();
      return;
    }
    let destination: Destination | undefined;
    client.on('authentication', (ctx) => {
      destination = this.authenticate(ctx, route);
      if (destination) ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('pty', (accept) => accept?.());
        session.on('window-change', (accept) => accept?.());
        session.on('env', (accept) => accept?.());
        session.on('shell', (accept) => this.shell(accept(), destination!));
      });
    });
  }

  private authenticate(ctx: AuthContext, route: Route): Destination | undefined {
    if (ctx.method !== 'password') return undefined;
    const parsed = route.kind === 'dedicated' ? { user: ctx.username, destination: { kind: 'console', slot: route.slot } as Destination } : this.destinationOf(ctx.username);
    if (!parsed) return undefined;
    const account = this.users.find((user) => user.username === parsed.user);
    return account && account.password === ctx.password ? parsed.destination : undefined;
  }

  private destinationOf(username: string): { user: string; destination: Destination } | undefined {
    const byPort = this.profile.portUsername.exec(username);
    if (byPort?.groups) {
      const port = Number(byPort.groups.port) - this.profile.portOffset;
      return this.menu.some((entry) => entry.port === port) ? { user: byPort.groups.user!, destination: this.portDestination(port) } : undefined;
    }
    const byMenu = this.profile.menuUsername.exec(username);
    return byMenu?.groups ? { user: byMenu.groups.user!, destination: { kind: 'menu' } } : undefined;
  }

  private portDestination(port: number): Destination {
    const slot = (['A', 'B'] as const).find((candidate) => this.serialPorts[candidate] === port);
    return slot ? { kind: 'console', slot } : { kind: 'unconnected' };
  }

  private shell(channel: ServerChannel, destination: Destination): void {
    if (destination.kind === 'menu') {
      this.runMenu(channel).catch((error: unknown) => {
        if (!(error instanceof SessionClosed)) process.stderr.write(`hitless simulator: console-server menu: ${String(error)}\n`);
      });
    } else {
      this.connect(channel, destination);
    }
  }

  private async runMenu(channel: ServerChannel): Promise<void> {
    const reader = new LineReader((text) => channel.write(text));
    const onData = (data: Buffer) => reader.push(data.toString('utf8'));
    channel.on('data', onData);
    channel.on('close', () => reader.close());
    channel.write(renderMenu(this.profile, this.menu));
    for (;;) {
      const choice = await reader.readLine(true);
      const port = choice === INTERRUPT ? NaN : Number(choice.trim());
      if (this.menu.some((entry) => entry.port === port)) {
        channel.off('data', onData);
        this.connect(channel, this.portDestination(port));
        return;
      }
      channel.write(`${this.profile.menu.invalidChoice}\r\n${this.profile.menu.prompt}`);
    }
  }

  private connect(channel: ServerChannel, destination: Destination): void {
    if (destination.kind !== 'console') return; // a port with nothing attached: silence
    const serial = this.consoles[destination.slot];
    const detach = serial.attach((text) => {
      if (channel.writable) channel.write(text);
    });
    channel.on('close', detach);
    channel.on('data', (data: Buffer) => {
      const text = this.withoutBreaks(data.toString('utf8'), destination.slot);
      this.typed.push({ slot: destination.slot, at: Date.now(), text });
      serial.input(text);
    });
  }

  private withoutBreaks(typed: string, slot: MsmSlot): string {
    const sequence = this.profile.breakSequence;
    if (sequence === undefined || !typed.includes(sequence)) return typed;
    const parts = typed.split(sequence);
    for (let i = 1; i < parts.length; i++) this.breaks.push({ slot, at: Date.now() });
    return parts.join('');
  }
}
