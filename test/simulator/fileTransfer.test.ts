// Pushing a file into the chassis' file system over the SSH login (docs/exos-cli.md §11.4): SFTP for ssh2's fastPut and
// OpenSSH's sftp/scp, legacy SCP where SFTP is refused; `ls` shows the file's size and the free space left.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunningSimulator, ScenarioName } from '../../source/simulator/index.js';
import { ShellClient, startTestSimulator, tempDir } from './helpers.js';
import { openSshOptions, runOpenSsh } from './openSshClient.js';

// SSH round trips and child processes: generous on a loaded 2-core machine.
vi.setConfig({ testTimeout: 30_000 });

const IMAGE = 'bd8800-15.3.5.2-patch1-5.xos';
const MIB = 1024 * 1024;

let simulator: RunningSimulator | undefined;
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  await simulator?.close();
  simulator = undefined;
});

/** A temporary directory with a local file of `bytes` bytes named `name`, and an OpenSSH key the simulator accepts. */
function workspace(name: string, bytes: number) {
  const dir = tempDir();
  cleanups.push(dir.remove);
  const file = join(dir.path, name);
  writeFileSync(file, Buffer.alloc(bytes, 0x5a));
  const key = join(dir.path, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  return { dir: dir.path, file, key, publicKey: readFileSync(`${key}.pub`, 'utf8').trim() };
}

async function start(scenario: ScenarioName, publicKey: string) {
  simulator = await startTestSimulator({ scenario, users: [{ username: 'admin', password: 'admin', publicKeys: [publicKey] }] });
  return simulator;
}

async function shell(port: number): Promise<ShellClient> {
  const opened = await ShellClient.open(port);
  cleanups.push(() => opened.close());
  await opened.readUntilPrompt();
  return opened;
}

/** `ls` of the file system: the size of `name` (undefined when not listed) and the available 1 KiB blocks. */
async function listing(client: ShellClient, name: string): Promise<{ bytes?: number; availableBlocks: number }> {
  const lines = await client.runLines('ls');
  const line = lines.find((candidate) => candidate.endsWith(` ${name}`));
  const summary = lines.at(-1)!.trim().split(/\s+/);
  return { bytes: line ? Number(line.split(/\s+/)[4]) : undefined, availableBlocks: Number(summary[2]) };
}

async function ssh2Sftp(port: number): Promise<SFTPWrapper> {
  const client = new ssh2.Client();
  cleanups.push(() => client.end());
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve).once('error', reject);
    client.connect({ host: '127.0.0.1', port, username: 'admin', password: 'admin', readyTimeout: 10_000 });
  });
  return new Promise((resolve, reject) => client.sftp((error, sftp) => (error ? reject(error) : resolve(sftp))));
}

const keyOptions = (key: string) => ['-i', key, '-o', 'IdentitiesOnly=yes', '-o', 'PasswordAuthentication=no'];

describe('SFTP on the chassis SSH port', () => {
  it("ssh2's fastPut writes the file into /usr/local/cfg: ls shows its size and 1 MiB less free space", async () => {
    const local = workspace(IMAGE, MIB);
    const { port } = await start('happy', local.publicKey);
    const cli = await shell(port);
    const before = await listing(cli, IMAGE);
    expect(before.bytes).toBeUndefined();

    const sftp = await ssh2Sftp(port);
    await new Promise<void>((resolve, reject) => sftp.fastPut(local.file, IMAGE, (error) => (error ? reject(error) : resolve())));

    const after = await listing(cli, IMAGE);
    expect(after).toEqual({ bytes: MIB, availableBlocks: before.availableBlocks - 1024 });
    expect(simulator!.chassis.fileSystem.find(IMAGE)).toMatchObject({ bytes: MIB, state: 'complete' });
  });

  it("OpenSSH's sftp -b puts by full path, lists it with its size; any other directory is refused", async () => {
    const local = workspace(IMAGE, 300_000);
    const { port } = await start('happy', local.publicKey);
    const batch = join(local.dir, 'batch');
    writeFileSync(batch, `put ${local.file} /usr/local/cfg/${IMAGE}\nls -l\n`);
    const sftp = runOpenSsh('sftp', [...keyOptions(local.key), ...openSshOptions(port, '-P'), '-b', batch, 'admin@127.0.0.1']);
    expect(await sftp.exit).toBe(0);
    expect(sftp.output()).toMatch(new RegExp(` 300000 .*${IMAGE.replaceAll('.', '\\.')}`));
    expect((await listing(await shell(port), IMAGE)).bytes).toBe(300_000);

    writeFileSync(batch, `put ${local.file} /tmp/${IMAGE}\n`);
    const refused = runOpenSsh('sftp', [...keyOptions(local.key), ...openSshOptions(port, '-P'), '-b', batch, 'admin@127.0.0.1']);
    expect(await refused.exit).not.toBe(0);
    expect(refused.stderr()).toContain('Permission denied');
  });
});
