// Legacy SCP (`scp -O`, or any client where SFTP is refused): the `scp -t PATH` the client runs on the chassis, the
// receiving end of the rcp protocol (docs/exos-cli.md §4.8). Control lines C (a file), T (times, ignored), D/E
// (directories, refused); every step acknowledged with a zero byte, a refusal with 0x01 and an `scp: ...` line.
import type { ServerChannel } from 'ssh2';
import { isCfgDir, isTransferable, nameInCfg, type ChassisFileSystem, type FileEntry } from './fileSystem.js';

const OK = Buffer.from([0]);
const FILE_LINE = /^C[0-7]{4} (\d+) ([^/]+)$/;

/** The target of an `scp ... -t [--] PATH` command line; undefined when the line is no SCP sink. */
export function scpSinkTarget(command: string): string | undefined {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'scp' || !words.includes('-t')) return undefined;
  return (words.at(-1) ?? '').replace(/^(['"])(.*)\1$/, '$2');
}

type Receiving = { kind: 'control' } | { kind: 'data'; entry: FileEntry; left: number; fits: boolean } | { kind: 'ack'; entry: FileEntry; fits: boolean };

/** Receives files into the file system until the client closes its side. */
export function serveScpSink(channel: ServerChannel, target: string, fileSystem: ChassisFileSystem): void {
  const targetIsDir = isCfgDir(target);
  let state: Receiving = { kind: 'control' };
  let pending = Buffer.alloc(0);
  let failed = false;
  const refuse = (message: string) => {
    failed = true;
    channel.write(`\x01scp: ${message}\n`);
  };

  const control = (line: string) => {
    if (line.startsWith('T') || line.startsWith('E')) return channel.write(OK);
    if (line.startsWith('D')) return refuse(`${target}: directories are not supported`);
    const file = FILE_LINE.exec(line);
    if (!file) return refuse(`protocol error: ${line}`);
    const name = targetIsDir ? file[2]! : nameInCfg(target);
    if (name === undefined || !isTransferable(name)) return refuse(`${targetIsDir ? file[2] : target}: Permission denied`);
    state = { kind: 'data', entry: fileSystem.openForWrite(name, true), left: Number(file[1]), fits: true };
    channel.write(OK);
  };

  const consume = () => {
    for (;;) {
      if (state.kind === 'control') {
        const end = pending.indexOf(0x0a);
        if (end < 0) return;
        const line = pending.subarray(0, end).toString('utf8');
        pending = pending.subarray(end + 1);
        control(line);
      } else if (state.kind === 'data') {
        const taken = Math.min(state.left, pending.length);
        if (taken === 0 && state.left > 0) return;
        state.fits &&= fileSystem.extend(state.entry, state.entry.bytes + taken);
        state.left -= taken;
        pending = pending.subarray(taken);
        if (state.left === 0) state = { kind: 'ack', entry: state.entry, fits: state.fits };
      } else {
        if (pending.length === 0) return;
        pending = pending.subarray(1);
        const { entry, fits } = state;
        state = { kind: 'control' };
        if (!fits) {
          refuse(`${entry.name}: No space left on device`);
          continue;
        }
        fileSystem.finish(entry);
        channel.write(OK);
      }
    }
  };

  channel.on('data', (data: Buffer) => {
    pending = Buffer.concat([pending, data]);
    consume();
  });
  channel.on('end', () => {
    channel.exit(failed ? 1 : 0);
    channel.end();
  });
  channel.on('close', () => {
    if (state.kind !== 'control') fileSystem.abandon(state.entry);
  });
  channel.write(OK);
}
