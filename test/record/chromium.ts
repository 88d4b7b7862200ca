// Headless Chromium (the Debian package) driven over the DevTools protocol, with a minimal WebSocket client of our own
// (Node 20 has no WebSocket without a flag, and the project adds no browser-automation dependency).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { tempDir } from '../support/runCli.js';

export const CHROMIUM = '/usr/bin/chromium';

class DevToolsSocket {
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => {
      for (const { reject } of this.waiting.values()) reject(new Error('DevTools connection closed'));
      this.waiting.clear();
    });
  }

  static connect(url: string): Promise<DevToolsSocket> {
    const { hostname, port, pathname } = new URL(url);
    return new Promise((resolve, reject) => {
      const upgrade = request({
        host: hostname,
        port,
        path: pathname,
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
          'Sec-WebSocket-Version': '13',
        },
      });
      upgrade.on('upgrade', (_response, socket) => resolve(new DevToolsSocket(socket)));
      upgrade.on('response', (response) => reject(new Error(`no WebSocket upgrade: HTTP ${response.statusCode}`)));
      upgrade.on('error', reject);
      upgrade.end();
    });
  }

  call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    this.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject }));
  }

  close(): void {
    this.socket.destroy();
  }

  /** One masked text frame (clients must mask). */
  private send(text: string): void {
    const payload = Buffer.from(text);
    const mask = randomBytes(4);
    const length = payload.length;
    const header =
      length < 126
        ? Buffer.from([0x81, 0x80 | length])
        : length < 65536
          ? Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff])
          : Buffer.concat([Buffer.from([0x81, 0x80 | 127, 0, 0, 0, 0]), Buffer.from([length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff])]);
    const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
    this.socket.write(Buffer.concat([header, mask, masked]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const fin = (this.buffer[0]! & 0x80) !== 0;
      const opcode = this.buffer[0]! & 0x0f;
      let length = this.buffer[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.buffer.length < offset + length) return;
      const payload = this.buffer.subarray(offset, offset + length);
      this.buffer = this.buffer.subarray(offset + length);
      if (opcode === 0x8) {
        this.socket.destroy();
        return;
      }
      if (opcode !== 0x1 && opcode !== 0x0) continue;
      this.fragments.push(payload);
      if (!fin) continue;
      const message = JSON.parse(Buffer.concat(this.fragments).toString('utf8')) as { id?: number; result?: unknown; error?: { message: string } };
      this.fragments = [];
      const waiter = message.id === undefined ? undefined : this.waiting.get(message.id);
      if (!waiter) continue;
      this.waiting.delete(message.id!);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    }
  }
}

export interface BrowserPage {
  /** Evaluates an expression in the page (awaiting a promise) and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

function devToolsUrl(browser: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const onData = (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (match) {
        browser.stderr!.off('data', onData);
        resolve(match[1]!);
      }
    };
    browser.stderr!.on('data', onData);
    browser.on('exit', (code) => reject(new Error(`chromium exited (${code}) before DevTools was up:\n${stderr}`)));
  });
}

export async function openInChromium(url: string): Promise<BrowserPage> {
  const browser = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--remote-debugging-port=0',
      `--user-data-dir=${tempDir('hitless-chromium-')}`,
      url,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  try {
    const browserUrl = await devToolsUrl(browser);
    const { host } = new URL(browserUrl);
    let pageUrl: string | undefined;
    for (let attempt = 0; attempt < 100 && !pageUrl; attempt++) {
      const targets = (await (await fetch(`http://${host}/json/list`)).json()) as Array<{ type: string; url: string; webSocketDebuggerUrl: string }>;
      pageUrl = targets.find((target) => target.type === 'page' && target.url === url)?.webSocketDebuggerUrl;
      if (!pageUrl) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!pageUrl) throw new Error(`chromium shows no page for ${url}`);
    const socket = await DevToolsSocket.connect(pageUrl);
    return {
      async evaluate<T>(expression: string): Promise<T> {
        const reply = await socket.call<{ result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>(
          'Runtime.evaluate',
          { expression, awaitPromise: true, returnByValue: true },
        );
        if (reply.exceptionDetails) throw new Error(reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text);
        return reply.result.value as T;
      },
      async close() {
        socket.close();
        browser.kill();
      },
    };
  } catch (err) {
    browser.kill();
    throw err;
  }
}
