// Copies a file from the operator's machine to the switch over the SSH login already open: SFTP when the switch
// offers the subsystem, otherwise the legacy `scp -t` protocol spoken by hand over an exec channel. A transfer that
// stops moving (a dropped link can leave fastPut waiting forever) fails after `stallTimeoutMs` of silence; the caller
// resumes by comparing sizes on the switch (`ls`), so a failed push leaves nothing to clean up here.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';

export type PushVia = 'sftp' | 'scp';

export interface PushOptions {
  /** The way chosen, before the first byte. */
  onStart?: (via: PushVia, bytesTotal: number) => void;
  onProgress?: (bytesSent: number, bytesTotal: number) => void;
  /** No progress for this long ends the push with an error. */
  stallTimeoutMs: number;
}

export interface PushResult {
  via: PushVia;
  bytesSent: number;
}

/** Why a push ended early: the message names the way and how far it got; `linkLost`: stalled or the connection closed. */
export class FilePushError extends Error {
  constructor(
    message: string,
    readonly bytesSent: number,
    readonly linkLost: boolean,
  ) {
    super(message);
    this.name = 'FilePushError';
  }
}

/** A timer that fails the push when progress stops; every `touch` restarts it. */
class StallWatch {
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly ms: number,
    private readonly onStall: () => void,
  ) {
    this.touch();
  }
  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.onStall, this.ms);
  }
  stop(): void {
    clearTimeout(this.timer);
  }
}

export async function pushFile(client: Client, localPath: string, remotePath: string, options: PushOptions): Promise<PushResult> {
  const { size } = await stat(localPath);
  const sftp = await openSftp(client, options.stallTimeoutMs);
  if (sftp) return { via: 'sftp', bytesSent: await sftpPut(client, sftp, localPath, remotePath, size, options) };
  return { via: 'scp', bytesSent: await scpPut(client, localPath, remotePath, size, options) };
}

/** undefined when the server refuses the subsystem (the SCP fallback then); no answer at all is a lost link. */
function openSftp(client: Client, timeoutMs: number): Promise<SFTPWrapper | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new FilePushError(`no answer to the SFTP request within ${Math.round(timeoutMs / 1000)} s`, 0, true)), timeoutMs);
    client.sftp((error, sftp) => {
      clearTimeout(timer);
      resolve(error ? undefined : sftp);
    });
  });
}

/** Runs `transfer` until it settles, the link closes, or no progress is seen for the stall limit. */
function guarded(
  client: Client,
  via: PushVia,
  options: PushOptions,
  transfer: (progress: (bytesSent: number) => void, done: (error?: Error) => void) => () => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let settled = false;
    let abort = () => {};
    const finish = (error?: Error, linkLost = false) => {
      if (settled) return;
      settled = true;
      watch.stop();
      client.off('close', onClose);
      if (error) {
        abort();
        reject(new FilePushError(`${via.toUpperCase()} transfer failed after ${sent} bytes: ${error.message}`, sent, linkLost));
      } else resolve(sent);
    };
    const watch = new StallWatch(options.stallTimeoutMs, () => finish(new Error(`no progress for ${Math.round(options.stallTimeoutMs / 1000)} s`), true));
    const onClose = () => finish(new Error('the SSH connection closed'), true);
    client.once('close', onClose);
    abort = transfer((bytesSent) => {
      sent = bytesSent;
      watch.touch();
    }, finish);
  });
}

async function sftpPut(client: Client, sftp: SFTPWrapper, localPath: string, remotePath: string, size: number, options: PushOptions): Promise<number> {
  options.onStart?.('sftp', size);
  try {
    return await guarded(client, 'sftp', options, (progress, done) => {
      sftp.fastPut(localPath, remotePath, { step: (sent) => (progress(sent), options.onProgress?.(sent, size)) }, (error) => done(error ?? undefined));
      return () => sftp.end();
    });
  } finally {
    sftp.end();
  }
}

/** SCP sink protocol: every step is acknowledged by one byte, 0 = ok, 1/2 = a message line follows (error). */
function scpPut(client: Client, localPath: string, remotePath: string, size: number, options: PushOptions): Promise<number> {
  const name = remotePath.split('/').pop()!;
  options.onStart?.('scp', size);
  return guarded(client, 'scp', options, (progress, done) => {
    let channel: ClientChannel | undefined;
    client.exec(`scp -t ${remotePath}`, (error, stream) => {
      if (error) return done(new Error(`the switch refused SFTP and SCP: ${error.message}`));
      channel = stream;
      const acks = ackReader(stream, done);
      stream.on('close', () => done(new Error('the switch closed the SCP channel before the end')));
      acks.next(() => {
        stream.write(`C0644 ${size} ${name}\n`);
        acks.next(() => {
          let sent = 0;
          const file = createReadStream(localPath);
          file.on('data', (chunk) => {
            sent += chunk.length;
            if (!stream.write(chunk)) file.pause();
            progress(sent);
            options.onProgress?.(sent, size);
          });
          stream.on('drain', () => file.resume());
          file.on('error', done);
          file.on('end', () => {
            stream.write(Buffer.from([0]));
            acks.next(() => {
              done();
              stream.end();
            });
          });
        });
      });
    });
    return () => channel?.close();
  });
}

/** Calls each waiter on the next acknowledgement byte; an error byte ends the push with the switch's message. */
function ackReader(stream: ClientChannel, fail: (error: Error) => void): { next: (then: () => void) => void } {
  const waiters: Array<() => void> = [];
  let buffered = Buffer.alloc(0);
  stream.on('data', (data: Buffer) => {
    buffered = Buffer.concat([buffered, data]);
    while (buffered.length > 0) {
      if (buffered[0] === 0) {
        buffered = buffered.subarray(1);
        waiters.shift()?.();
        continue;
      }
      const end = buffered.indexOf(0x0a);
      if (end < 0) return;
      fail(new Error(`the switch's scp said: ${buffered.subarray(1, end).toString('utf8').trim()}`));
      buffered = buffered.subarray(end + 1);
    }
  });
  return { next: (then) => waiters.push(then) };
}
