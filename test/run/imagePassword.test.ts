// The image URL's password comes from the environment (--image-password-env VAR, a `USER@` URL), never only argv:
// given to the URL's user percent-encoded, sent to the switch, and redacted everywhere the run writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { percentEncoded, urlWithPassword } from '../../source/exos/imageFile.js';
import { parseUpgradeArgs } from '../../source/run/args.js';
import { runRedactor } from '../../source/run/prepareRun.js';
import { upgradeTargetOf } from '../../source/run/target.js';
import { SCENARIOS, startSimulator, type RunningSimulator } from '../../source/simulator/index.js';
import { PASSWORD_ENV, sshWorld } from '../cli-ssh/sshRig.js';
import { runCli, tempDir } from '../support/runCli.js';

const VARIABLE = 'HITLESS_TEST_IMAGE_PASSWORD';
const PASSWORD = 'Im@ge/p4ss w0rd?;"';
const FILE = 'bd8800-15.3.5.2-patch1-5.xos';

const targetOf = (args: string[]) => upgradeTargetOf(parseUpgradeArgs(['--host', 'core-sw', ...args]));

afterEach(() => {
  delete process.env[VARIABLE];
});

describe('--image-password-env', () => {
  it("gives the variable's password, percent-encoded, to the user the URL names; HOST:FILE and user-less URLs stay as they are", () => {
    process.env[VARIABLE] = PASSWORD;
    const target = targetOf([
      '--image', `ftp://fetch@10.0.0.5/images/${FILE}`, '--image-password-env', VARIABLE,
      '--xmod', '10.0.0.5:bd8800-15.3.5.2-patch1-5-ssh.xmod', '--xmod', 'http://10.0.0.5/bd8800-15.3.5.2-patch1-5-nettools.xmod',
    ]);
    expect(target.core.source).toEqual({ kind: 'url', url: `ftp://fetch:${percentEncoded(PASSWORD)}@10.0.0.5/images/${FILE}`, file: FILE });
    expect(percentEncoded(PASSWORD)).toBe('Im%40ge%2Fp4ss%20w0rd%3F%3B%22');
    expect(target.xmods.map((xmod) => xmod.source)).toEqual([
      { kind: 'host', host: '10.0.0.5', file: 'bd8800-15.3.5.2-patch1-5-ssh.xmod' },
      { kind: 'url', url: 'http://10.0.0.5/bd8800-15.3.5.2-patch1-5-nettools.xmod', file: 'bd8800-15.3.5.2-patch1-5-nettools.xmod' },
    ]);
  });

  it('refuses an unset variable, a URL that already carries a password, and sources with no user to give it to (exit 2)', () => {
    const attempt = (args: string[]) => {
      try {
        targetOf(args);
        return undefined;
      } catch (error) {
        return { message: (error as Error).message, exitCode: (error as { exitCode?: number }).exitCode };
      }
    };
    expect(attempt(['--image', `ftp://fetch@h/${FILE}`, '--image-password-env', VARIABLE])).toEqual({
      message: `environment variable ${VARIABLE} (from --image-password-env) is not set`,
      exitCode: 2,
    });
    process.env[VARIABLE] = PASSWORD;
    expect(attempt(['--image', `ftp://fetch:argv-pw@h/${FILE}`, '--image-password-env', VARIABLE])).toEqual({
      message: '--image: the URL already carries a password; give only the user (scheme://USER@host/file)',
      exitCode: 2,
    });
    for (const image of [`h:${FILE}`, `ftp://h/${FILE}`]) {
      expect(attempt(['--image', image, '--image-password-env', VARIABLE])).toEqual({
        message: '--image-password-env: no image URL names a user to give the password to (write scheme://USER@host/file)',
        exitCode: 2,
      });
    }
  });

  it('warns (once, one line) when the password is in the --image URL on the command line', async () => {
    const run = await runCli(['plan', '--simulate', 'happy', '--speed', '0', '--image', `http://fetch:argv-pw@10.0.0.5/images/${FILE}`]);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('hitless: warning:'))).toEqual([
      'hitless: warning: an image URL carries its password on the command line, where every user of this machine can read it (ps): name only the user and give --image-password-env VAR',
    ]);
  });

  it('urlWithPassword keeps the rest of the URL (port, path) and names no user when there is none', () => {
    expect(urlWithPassword(`tftp://u@h:69/a/${FILE}`, 'p w')).toEqual({ ok: true, value: `tftp://u:p%20w@h:69/a/${FILE}` });
    expect(urlWithPassword(`tftp://h:69/${FILE}`, 'x')).toEqual({ ok: true, value: undefined });
  });

  it("is a secret of the run's redactor, raw and as the URL carries it", () => {
    process.env[VARIABLE] = PASSWORD;
    const redactor = runRedactor({ imagePasswordEnv: VARIABLE });
    expect(redactor.text(`typed ${PASSWORD} and sent download url ftp://fetch:${percentEncoded(PASSWORD)}@h/${FILE} and ${percentEncoded(PASSWORD)}`)).not.toMatch(
      /Im@ge|Im%40ge/,
    );
  });
});

describe('--image-password-env end to end', () => {
  const running: RunningSimulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.close()));
  });

  it('the switch gets the password in its download command; no output, journal or recording holds it', { timeout: 120_000 }, async () => {
    const world = sshWorld();
    const sim = await startSimulator({ scenario: 'happy', speed: 0, hostKeyFile: join(tempDir(), 'host_key') });
    running.push(sim);
    const dir = tempDir();
    const journal = join(dir, 'run.jsonl');
    const recording = join(dir, 'console.cast');
    const image = `http://fetch@${SCENARIOS.happy.suggested.image.split(':')[0]}/images/${SCENARIOS.happy.suggested.image.split(':')[1]}`;
    const run = await world.run(
      [
        'upgrade', '--host', '127.0.0.1', '--port', String(sim.port), '--user', 'admin', '--password-env', PASSWORD_ENV,
        '--known-hosts', world.knownHosts, '--accept-new', '--image', image, '--image-password-env', VARIABLE,
        '--headless', '--yes', '--json', '--poll', '0.05', '--journal', journal, '--record-console', recording,
      ],
      { env: { [VARIABLE]: PASSWORD } },
    );
    expect(run.code, run.stderr).toBe(0);
    const downloads = sim.commandLog.map((record) => record.command).filter((command) => command.startsWith('download url'));
    expect(downloads.length).toBeGreaterThan(0);
    for (const command of downloads) expect(command).toContain(`http://fetch:${percentEncoded(PASSWORD)}@`);
    const written = run.stdout + run.stderr + readFileSync(journal, 'utf8') + readFileSync(recording, 'utf8');
    expect(written).toContain('download url http://fetch:***@');
    for (const secret of [PASSWORD, percentEncoded(PASSWORD), 'Im@ge', 'Im%40ge']) expect(written).not.toContain(secret);
  });

  it('a fleet entry takes imagePasswordEnv', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const file = join(dir, 'fleet.json');
    const image = `http://fetch@${SCENARIOS.happy.suggested.image.split(':')[0]}/images/${SCENARIOS.happy.suggested.image.split(':')[1]}`;
    writeFileSync(
      file,
      JSON.stringify({ chassis: [{ name: 'c1', simulate: 'happy', speed: 0, poll: 0.05, image, imagePasswordEnv: VARIABLE, journal: join(dir, 'c1.jsonl') }] }),
    );
    const unset = await runCli(['fleet', file, '--yes', '--json']);
    expect(unset.stdout + unset.stderr).toContain(`environment variable ${VARIABLE} (from --image-password-env) is not set`);
    const run = await runCli(['fleet', file, '--yes', '--json'], { env: { [VARIABLE]: PASSWORD } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const journal = readFileSync(join(dir, 'c1.jsonl'), 'utf8');
    expect(journal).toContain('download url http://fetch:***@');
    for (const secret of [PASSWORD, percentEncoded(PASSWORD)]) expect(run.stdout + run.stderr + journal).not.toContain(secret);
  });
});
