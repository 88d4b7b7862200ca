// Pushing a file into the chassis' file system over the SSH login (docs/exos-cli.md §11.4): SFTP for ssh2's fastPut and
// OpenSSH's sftp/scp, legacy SCP where SFTP is refused; `ls` shows the file's size and the free space left.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunningSimulator, ScenarioName } from '../../source/simulator/index.js';
import { scpSinkTarget } from '../../source/simulator/scpSink.js';
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

async function ssh2Connection(port: number) {
  const client = new ssh2.Client();
  cleanups.push(() => client.end());
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve).once('error', reject);
    client.connect({ host: '127.0.0.1', port, username: 'admin', password: 'admin', readyTimeout: 10_000 });
  });
  client.on('error', () => {});
  return client;
}

async function ssh2Sftp(port: number): Promise<SFTPWrapper> {
  const client = await ssh2Connection(port);
  return new Promise((resolve, reject) => client.sftp((error, sftp) => (error ? reject(error) : resolve(sftp))));
}

/** ssh2's fastPut of a local file; resolves with the error it ended with, if any. */
async function fastPut(port: number, local: string, remote: string): Promise<Error | undefined> {
  const sftp = await ssh2Sftp(port);
  return new Promise((resolve) => sftp.fastPut(local, remote, (error) => resolve(error ?? undefined)));
}

const keyOptions = (key: string) => ['-i', key, '-o', 'IdentitiesOnly=yes', '-o', 'PasswordAuthentication=no'];

/** OpenSSH's scp of a local file to `remote` on the simulator (`legacy`: the old protocol, scp -O). */
function scp(port: number, local: ReturnType<typeof workspace>, remote: string, legacy = false) {
  const protocol = legacy ? ['-O'] : [];
  return runOpenSsh('scp', [...protocol, ...keyOptions(local.key), ...openSshOptions(port, '-P'), local.file, `admin@127.0.0.1:${remote}`]);
}

const installLines = async (cli: ShellClient, file: string) =>
  (await cli.runLines(`install image ${file} secondary msm B`)).filter((line) => line.startsWith('Error') || line.startsWith('Image installed'));

describe('SFTP on the chassis SSH port', () => {
  it("ssh2's fastPut writes the file into /usr/local/cfg: ls shows its size and 1 MiB less free space", async () => {
    const local = workspace(IMAGE, MIB);
    const { port } = await start('happy', local.publicKey);
    const cli = await shell(port);
    const before = await listing(cli, IMAGE);
    expect(before.bytes).toBeUndefined();

    expect(await fastPut(port, local.file, IMAGE)).toBeUndefined();

    expect(await listing(cli, IMAGE)).toEqual({ bytes: MIB, availableBlocks: before.availableBlocks - 1024 });
    expect(await installLines(cli, IMAGE)).toEqual(['Image installed successfully']);
    expect(await cli.runLines(`rm ${IMAGE}`)).toEqual([]);
    expect(await listing(cli, IMAGE)).toEqual(before);
    expect(await cli.runLines(`rm ${IMAGE}`)).toEqual([`rm: ${IMAGE}: No such file or directory`]);
    expect(await cli.runLines('rm primary.cfg')).toEqual(['Error: primary.cfg is the selected configuration file and cannot be removed.']);
  });

  it("OpenSSH's sftp -b puts by full path, lists it with its size; any other directory is refused", async () => {
    const local = workspace(IMAGE, 300_000);
    const { port } = await start('happy', local.publicKey);
    const batch = join(local.dir, 'batch');
    writeFileSync(batch, `put ${local.file} /usr/local/cfg/${IMAGE}\nls -l\n`);
    const sftp = runOpenSsh('sftp', [...keyOptions(local.key), ...openSshOptions(port, '-P'), '-b', batch, 'admin@127.0.0.1']);
    expect(await sftp.exit).toBe(0);
    expect(sftp.output()).toMatch(new RegExp(` 300000 .*${IMAGE.replaceAll('.', '\\.')}`));
    const cli = await shell(port);
    expect((await listing(cli, IMAGE)).bytes).toBe(300_000);
    // Whole, but not the size of the chassis' images (ChassisSpec.imageBytes): a damaged image.
    expect(await installLines(cli, IMAGE)).toEqual([`Error: Failed to install image - ${IMAGE} is incomplete or damaged.`]);

    writeFileSync(batch, `put ${local.file} /tmp/${IMAGE}\n`);
    const refused = runOpenSsh('sftp', [...keyOptions(local.key), ...openSshOptions(port, '-P'), '-b', batch, 'admin@127.0.0.1']);
    expect(await refused.exit).not.toBe(0);
    expect(refused.stderr()).toContain('Permission denied');
  });
});

describe('OpenSSH scp, legacy SCP, and the refusals', () => {
  it('scp (SFTP underneath) into the home directory; scp -O (legacy protocol) over it by full path', async () => {
    const local = workspace(IMAGE, MIB);
    const { port } = await start('happy', local.publicKey);
    const viaSftp = scp(port, local, '');
    expect(await viaSftp.exit, viaSftp.stderr() + viaSftp.output()).toBe(0);
    const cli = await shell(port);
    expect((await listing(cli, IMAGE)).bytes).toBe(MIB);
    await cli.runLines(`rm ${IMAGE}`);

    const legacy = scp(port, local, `/usr/local/cfg/${IMAGE}`, true);
    expect(await legacy.exit, legacy.stderr()).toBe(0);
    expect((await listing(cli, IMAGE)).bytes).toBe(MIB);
    expect(await installLines(cli, IMAGE)).toEqual(['Image installed successfully']);
  });

  it('no-sftp: the SFTP subsystem is refused (sftp, scp by default); scp -O writes the file', async () => {
    const local = workspace(IMAGE, MIB);
    const { port } = await start('no-sftp', local.publicKey);
    await expect(ssh2Sftp(port)).rejects.toThrow();
    const viaSftp = scp(port, local, '');
    expect(await viaSftp.exit).not.toBe(0);

    const legacy = scp(port, local, '', true);
    expect(await legacy.exit, legacy.stderr()).toBe(0);
    expect((await listing(await shell(port), IMAGE)).bytes).toBe(MIB);
  });

  it('legacy SCP refuses a name EXOS does not take and a place outside /usr/local/cfg', async () => {
    const local = workspace('notes.txt', 10);
    const { port } = await start('no-sftp', local.publicKey);
    const wrongName = scp(port, local, '', true);
    expect(await wrongName.exit).not.toBe(0);
    expect(wrongName.stderr()).toContain('notes.txt: Permission denied');
    const elsewhere = scp(port, local, `/tmp/${IMAGE}`, true);
    expect(await elsewhere.exit).not.toBe(0);
    expect(elsewhere.stderr()).toContain('Permission denied');
    expect(simulator!.chassis.fileSystem.list().map((file) => file.name)).toEqual(['primary.cfg']);
  });

  it('no-space: the write is refused once the free space is used up; the part written stays and does not install', async () => {
    const local = workspace(IMAGE, MIB);
    const { port } = await start('no-space', local.publicKey);
    const cli = await shell(port);
    const before = await listing(cli, IMAGE);
    expect(before.availableBlocks).toBe(512);

    const error = await fastPut(port, local.file, IMAGE);
    expect(error?.message).toContain('No space left on device');
    const partial = await listing(cli, IMAGE);
    expect(partial.bytes).toBeLessThanOrEqual(512 * 1024);
    expect(partial.availableBlocks).toBe(512 - Math.ceil(partial.bytes! / 1024));
    expect(await installLines(cli, IMAGE)).toEqual([`Error: Failed to install image - ${IMAGE} is incomplete or damaged.`]);

    const legacy = scp(port, local, '', true);
    expect(await legacy.exit).not.toBe(0);
    expect(legacy.stderr()).toContain(`${IMAGE}: No space left on device`);

    // An old image removed makes room.
    await cli.runLines('rm bd8800-12.6.3.3.xos');
    expect(await fastPut(port, local.file, IMAGE)).toBeUndefined();
    expect((await listing(cli, IMAGE)).bytes).toBe(MIB);
  });

  it('a transfer cut before its end leaves the part written; install refuses it', async () => {
    const local = workspace(IMAGE, 0);
    const { port, chassis } = await start('happy', local.publicKey);
    const client = await ssh2Connection(port);
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((error, opened) => (error ? reject(error) : resolve(opened))));
    const handle = await new Promise<Buffer>((resolve, reject) => sftp.open(IMAGE, 'w', (error, opened) => (error ? reject(error) : resolve(opened))));
    const chunk = Buffer.alloc(65_536, 1);
    await new Promise<void>((resolve, reject) => sftp.write(handle, chunk, 0, chunk.length, 0, (error) => (error ? reject(error) : resolve())));
    client.destroy();

    await vi.waitFor(() => expect(chassis.fileSystem.find(IMAGE)?.state).toBe('cut'));
    const cli = await shell(port);
    expect((await listing(cli, IMAGE)).bytes).toBe(65_536);
    expect(await installLines(cli, IMAGE)).toEqual([`Error: Failed to install image - ${IMAGE} is incomplete or damaged.`]);
  });
});

describe('the scp command lines served as a legacy SCP sink', () => {
  it('takes the target of scp -t, with OpenSSH flags and --, and leaves every other command to the CLI', () => {
    expect(scpSinkTarget('scp -t .')).toBe('.');
    expect(scpSinkTarget(`scp -v -p -d -t -- /usr/local/cfg/${IMAGE}`)).toBe(`/usr/local/cfg/${IMAGE}`);
    expect(scpSinkTarget(`scp -t '${IMAGE}'`)).toBe(IMAGE);
    expect(scpSinkTarget(`scp -f ${IMAGE}`)).toBeUndefined();
    expect(scpSinkTarget('show switch')).toBeUndefined();
  });
});
