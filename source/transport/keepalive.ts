// SSH keepalive kept by hitless instead of ssh2, because ssh2 fixes its interval at connect and the interval has to
// change on a live connection: while the operator decides, nothing is sent to the switch, so the link is checked less
// often (issue 25: 50 waiting chassis pinging every 2 s cost most of the fleet's idle CPU). A dead link still counts
// as dead after `countMax` unanswered pings, and is reported exactly as ssh2's own keepalive reports it.
import type { Client as ClientT } from 'ssh2';

export interface KeepaliveSettings {
  /** 0: no keepalive. */
  intervalMs: number;
  countMax: number;
  /** The interval while the operator decides; absent: `intervalMs` throughout. */
  relaxedIntervalMs?: number;
}

export interface Keepalive {
  /** The operator is deciding: ping at the relaxed interval until `resume`. */
  relax(): void;
  resume(): void;
}

/**
 * What of ssh2's Client the ping needs. ssh2 has no public ping; the public global requests that want a reply
 * (tcpip-forward, cancel-tcpip-forward, no-more-sessions) each ask the switch to do something. So this sends what
 * ssh2's own keepalive sends (the `keepalive@openssh.com` global request, like OpenSSH's ServerAliveInterval) the way
 * ssh2 does (client.js sendKA): the reply is matched to the request through ssh2's queue of global-request callbacks,
 * so a callback is queued with every ping. Checked when the keepalive starts, so an ssh2 upgrade that changes these
 * fails every connection at once (and the keepalive tests), never silently.
 */
interface Ssh2Internals {
  _protocol: { ping(): void };
  _callbacks: Array<(failed: boolean) => void>;
  _sock: { writable: boolean } | undefined;
}

function internalsOf(client: ClientT): Ssh2Internals {
  const internals = client as unknown as Partial<Ssh2Internals>;
  if (typeof internals._protocol?.ping !== 'function' || !Array.isArray(internals._callbacks)) {
    throw new Error('this ssh2 version has no keepalive ping (Client._protocol.ping, Client._callbacks)');
  }
  return internals as Ssh2Internals;
}

/** Starts pinging a ready client; stops by itself when the connection ends. */
export function startKeepalive(client: ClientT, settings: KeepaliveSettings): Keepalive {
  const ssh = internalsOf(client);
  let unanswered = 0;
  let relaxed = false;
  let timer: NodeJS.Timeout | undefined;
  const interval = () => (relaxed ? (settings.relaxedIntervalMs ?? settings.intervalMs) : settings.intervalMs);
  const schedule = () => {
    clearInterval(timer);
    if (settings.intervalMs > 0) timer = setInterval(ping, interval());
  };
  const answered = () => {
    unanswered = 0;
    schedule();
  };
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  function ping() {
    if (!ssh._sock?.writable) return stop();
    if (++unanswered > settings.countMax) {
      stop();
      // The error ssh2's keepalive raises: every listener classifies it as before ('keepalive-timeout').
      client.emit('error', Object.assign(new Error('Keepalive timeout'), { level: 'client-timeout' }));
      client.destroy();
      return;
    }
    ssh._callbacks.push(answered);
    ssh._protocol.ping();
  }
  client.once('end', stop);
  client.once('close', stop);
  schedule();
  const pace = (operatorDeciding: boolean) => {
    if (relaxed === operatorDeciding || timer === undefined) return;
    relaxed = operatorDeciding;
    schedule();
  };
  return { relax: () => pace(true), resume: () => pace(false) };
}
