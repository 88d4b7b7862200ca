// The SFTP subsystem of the chassis' SSH server (docs/exos-cli.md §4.8): enough of it for ssh2's fastPut and OpenSSH's
// sftp/scp to push a file into /usr/local/cfg, list it and remove it. Reading a file back is not simulated.
import { posix } from 'node:path';
import ssh2 from 'ssh2';
import type { Attributes, SFTPWrapper } from 'ssh2';
import { fileLine } from './render/listFiles.js';
import { CFG_DIR, isCfgDir, isTransferable, nameInCfg, type ChassisFileSystem, type FileEntry } from './fileSystem.js';

const { OPEN_MODE, STATUS_CODE } = ssh2.utils.sftp;

const DIRECTORY_MODE = 0o040755;
const FILE_MODE = 0o100644;

type Handle = { kind: 'file'; entry: FileEntry } | { kind: 'dir'; listed: boolean };

const fileAttrs = (bytes: number, at: Date): Attributes => {
  const seconds = Math.floor(at.getTime() / 1000);
  return { mode: FILE_MODE, uid: 0, gid: 0, size: bytes, atime: seconds, mtime: seconds };
};

const dirAttrs = (at: Date): Attributes => ({ ...fileAttrs(0, at), mode: DIRECTORY_MODE });

/**
 * Exit status 0, then close: ssh2's SFTP channel has no exit(), and OpenSSH's scp (SFTP underneath) takes a subsystem
 * that ends without an exit status for a failed transfer.
 */
function endWithExitStatus(sftp: SFTPWrapper): void {
  const channel = sftp as unknown as { outgoing: { id: number; state: string }; _protocol: { exitStatus(id: number, status: number): void } };
  if (channel.outgoing.state === 'open') channel._protocol.exitStatus(channel.outgoing.id, 0);
  sftp.end();
}

/** Serves one SFTP channel; `now` dates the attributes (the chassis clock). */
export function serveSftp(sftp: SFTPWrapper, fileSystem: ChassisFileSystem, now: () => Date): void {
  const handles = new Map<number, Handle>();
  let nextHandle = 0;
  const open = (handle: Handle) => {
    const id = nextHandle++;
    handles.set(id, handle);
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32BE(id);
    return buffer;
  };
  const handleOf = (buffer: Buffer) => (buffer.length === 4 ? handles.get(buffer.readUInt32BE()) : undefined);
  const denied = (reqid: number) => sftp.status(reqid, STATUS_CODE.PERMISSION_DENIED, `Permission denied: only ${CFG_DIR} is writable`);
  const noSuchFile = (reqid: number) => sftp.status(reqid, STATUS_CODE.NO_SUCH_FILE, 'No such file');

  const statPath = (reqid: number, path: string) => {
    if (isCfgDir(path)) return sftp.attrs(reqid, dirAttrs(now()));
    const name = nameInCfg(path);
    if (name === undefined) return denied(reqid);
    const file = fileSystem.list().find((candidate) => candidate.name === name);
    return file ? sftp.attrs(reqid, fileAttrs(file.bytes, now())) : noSuchFile(reqid);
  };

  sftp.on('REALPATH', (reqid, path) => {
    const resolved = posix.resolve(CFG_DIR, path);
    sftp.name(reqid, [{ filename: resolved, longname: resolved, attrs: {} as Attributes }]);
  });
  sftp.on('STAT', statPath);
  sftp.on('LSTAT', statPath);

  sftp.on('OPEN', (reqid, filename, flags) => {
    const name = nameInCfg(filename);
    if (!(flags & OPEN_MODE.WRITE)) return sftp.status(reqid, STATUS_CODE.OP_UNSUPPORTED, 'Reading files is not supported');
    if (name === undefined || !isTransferable(name)) return denied(reqid);
    const exists = fileSystem.find(name) !== undefined;
    if (!exists && !(flags & OPEN_MODE.CREAT)) return noSuchFile(reqid);
    if (exists && flags & OPEN_MODE.EXCL) return sftp.status(reqid, STATUS_CODE.FAILURE, 'File exists');
    sftp.handle(reqid, open({ kind: 'file', entry: fileSystem.openForWrite(name, (flags & OPEN_MODE.TRUNC) !== 0) }));
  });

  sftp.on('WRITE', (reqid, buffer, offset, data) => {
    const handle = handleOf(buffer);
    if (handle?.kind !== 'file') return sftp.status(reqid, STATUS_CODE.FAILURE, 'Invalid handle');
    if (handle.entry.state !== 'writing' || !fileSystem.extend(handle.entry, offset + data.length)) {
      return sftp.status(reqid, STATUS_CODE.FAILURE, 'No space left on device');
    }
    sftp.status(reqid, STATUS_CODE.OK);
  });

  sftp.on('FSTAT', (reqid, buffer) => {
    const handle = handleOf(buffer);
    if (!handle) return sftp.status(reqid, STATUS_CODE.FAILURE, 'Invalid handle');
    sftp.attrs(reqid, handle.kind === 'file' ? fileAttrs(handle.entry.bytes, now()) : dirAttrs(now()));
  });

  sftp.on('CLOSE', (reqid, buffer) => {
    const handle = handleOf(buffer);
    if (!handle) return sftp.status(reqid, STATUS_CODE.FAILURE, 'Invalid handle');
    if (handle.kind === 'file') fileSystem.finish(handle.entry);
    handles.delete(buffer.readUInt32BE());
    sftp.status(reqid, STATUS_CODE.OK);
  });

  sftp.on('OPENDIR', (reqid, path) => (isCfgDir(path) ? sftp.handle(reqid, open({ kind: 'dir', listed: false })) : denied(reqid)));

  sftp.on('READDIR', (reqid, buffer) => {
    const handle = handleOf(buffer);
    if (handle?.kind !== 'dir') return sftp.status(reqid, STATUS_CODE.FAILURE, 'Invalid handle');
    if (handle.listed) return sftp.status(reqid, STATUS_CODE.EOF);
    handle.listed = true;
    const at = now();
    sftp.name(
      reqid,
      fileSystem.list().map((file) => ({
        filename: file.name,
        longname: fileLine(file, at),
        attrs: fileAttrs(file.bytes, at),
      })),
    );
  });

  sftp.on('REMOVE', (reqid, path) => {
    const name = nameInCfg(path);
    if (name === undefined) return denied(reqid);
    return fileSystem.remove(name) ? sftp.status(reqid, STATUS_CODE.OK) : noSuchFile(reqid);
  });

  // Modes and times are not kept: accepted and ignored, as `sftp -p` and fastPut's mode option expect.
  sftp.on('SETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK));
  sftp.on('FSETSTAT', (reqid) => sftp.status(reqid, STATUS_CODE.OK));

  // The client's EOF: close our side too, or OpenSSH's sftp waits for ever.
  sftp.on('end', () => endWithExitStatus(sftp));
  sftp.on('close', () => {
    for (const handle of handles.values()) if (handle.kind === 'file') fileSystem.abandon(handle.entry);
    handles.clear();
  });
}
