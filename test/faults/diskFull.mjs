// Preloaded into a hitless process by the fault matrix (NODE_OPTIONS=--import): from the moment the file named by
// HITLESS_TEST_DISK_FULL_AFTER exists, the disk holding the files whose path contains HITLESS_TEST_DISK_FULL_FILE is
// full. Its first write there lands half (as the last bytes that fit do), every later one fails with ENOSPC, and a
// whole-file write fails at once. Plain JavaScript: it loads before the TypeScript loader.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const fragment = process.env.HITLESS_TEST_DISK_FULL_FILE;
const trigger = process.env.HITLESS_TEST_DISK_FULL_AFTER;
const { openSync, closeSync, writeSync, writeFileSync, existsSync } = fs;
const onFullDisk = new Map();
let halfWritten = false;

const full = () => trigger !== undefined && existsSync(trigger);
const enospc = (syscall, path) =>
  Object.assign(new Error(`ENOSPC: no space left on device, ${syscall} '${path}'`), { code: 'ENOSPC', errno: -28, syscall, path });

if (fragment) {
  fs.openSync = (path, ...rest) => {
    const fd = openSync(path, ...rest);
    if (String(path).includes(fragment)) onFullDisk.set(fd, String(path));
    return fd;
  };
  fs.closeSync = (fd) => {
    onFullDisk.delete(fd);
    return closeSync(fd);
  };
  fs.writeSync = (fd, buffer, offset, length, ...rest) => {
    if (!onFullDisk.has(fd) || !full()) return writeSync(fd, buffer, offset, length, ...rest);
    if (!halfWritten && Buffer.isBuffer(buffer) && typeof offset === 'number' && typeof length === 'number' && length > 1) {
      halfWritten = true;
      return writeSync(fd, buffer, offset, Math.floor(length / 2));
    }
    throw enospc('write', onFullDisk.get(fd));
  };
  fs.writeFileSync = (path, ...rest) => {
    if (String(path).includes(fragment) && full()) throw enospc('open', String(path));
    return writeFileSync(path, ...rest);
  };
  syncBuiltinESMExports();
}
