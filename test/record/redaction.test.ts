// Secrets planted in a real run — the SSH password (also used where the switch echoes it back), credentials in the
// image URL, an operator --redact pattern — must appear in none of the outputs: journal, both recordings, stdout,
// stderr (error messages included).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../source/simulator/index.js';
import { runCli, tempDir, type CliRun } from '../support/runCli.js';

const PASSWORD = 'Pw-Zq81-planted';
const URL_PASSWORD = 'Url-Kx42-planted';
const SYS_NAME = 'BD-8810';
const SECRETS = [PASSWORD, URL_PASSWORD, SYS_NAME];
const IMAGE_URL = `tftp://ops:${URL_PASSWORD}@10.0.0.5/bd8800-15.3.5.2-patch1-5.xos`;

let sim: RunningSimulator;
let run: CliRun;
const dir = tempDir('hitless-redact-');
const path = (name: string) => join(dir, name);
/** What a recording plays: its output events joined (the switch's echo of one command may come in several). */
const played = (cast: string) =>
  cast
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => JSON.parse(line) as [number, string, string])
    .filter(([, kind]) => kind === 'o')
    .map(([, , data]) => data)
    .join('');
const outputs = () => {
  const screen = readFileSync(path('screen.cast'), 'utf8');
  const console = readFileSync(path('console.cast'), 'utf8');
  return {
    stdout: run.stdout,
    stderr: run.stderr,
    journal: readFileSync(path('run.jsonl'), 'utf8'),
    'screen recording': screen,
    'screen recording, as played': played(screen),
    'console recording': console,
    'console recording, as played': played(console),
  };
};

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'happy', speed: 0, users: [{ username: 'admin', password: PASSWORD }], hostKeyFile: path('host_key') });
  run = await runCli(
    [
      'upgrade', '--host', '127.0.0.1', '--port', String(sim.port), '--user', 'admin', '--password-env', 'HITLESS_TEST_PASSWORD',
      '--known-hosts', path('known_hosts'), '--accept-new',
      // The VR name is the password, so the switch echoes it and puts it in its error message.
      '--image', IMAGE_URL, '--vr', PASSWORD, '--redact', 'BD-88\\d+',
      '--headless', '--yes', '--poll', '0.05', '--step-timeout', '4',
      '--journal', path('run.jsonl'), '--record', path('screen.cast'), '--record-console', path('console.cast'),
    ],
    { env: { HITLESS_TEST_PASSWORD: PASSWORD, XDG_STATE_HOME: path('state') }, timeoutMs: 90_000 },
  );
}, 100_000);

afterAll(() => sim?.close());

describe('redaction with planted secrets', () => {
  it('the run reached the switch with them: the download was sent and refused for its VR (exit 3)', () => {
    expect(run.code, run.stderr).toBe(3);
    expect(sim.commandLog.map((record) => record.command)).toContainEqual(expect.stringContaining(`download url ${IMAGE_URL} vr "${PASSWORD}"`));
  });

  it('no output holds any of the secrets', () => {
    for (const [name, text] of Object.entries(outputs())) {
      for (const secret of SECRETS) expect(text.includes(secret), `${name} contains ${secret}`).toBe(false);
    }
  });

  it('each secret was masked where it would have appeared', () => {
    const out = outputs();
    expect(out.journal).toContain('download url tftp://ops:***@10.0.0.5/bd8800-15.3.5.2-patch1-5.xos vr \\"***\\" secondary msm B');
    expect(out.stderr).toContain('Virtual router *** does not exist');
    expect(out['console recording, as played']).toContain('download url tftp://ops:***@10.0.0.5/');
    expect(out['console recording, as played']).toMatch(/\*\*\*\.\d+ #/);
    expect(out['screen recording, as played']).toContain('***');
  });

  it('a one-letter password is masked where it stands alone, not in every word holding that letter; one warning', async () => {
    const short = await startSimulator({ scenario: 'happy', speed: 0, users: [{ username: 'admin', password: 'x' }], hostKeyFile: path('short_host_key') });
    try {
      const upgrade = await runCli(
        [
          'upgrade', '--host', '127.0.0.1', '--port', String(short.port), '--user', 'admin', '--password-env', 'HITLESS_SHORT_PASSWORD',
          '--known-hosts', path('short_known_hosts'), '--accept-new', '--image', '10.0.0.5:bd8800-15.3.5.2-patch1-5.xos',
          '--headless', '--yes', '--poll', '0.05', '--journal', path('short.jsonl'),
        ],
        { env: { HITLESS_SHORT_PASSWORD: 'x', XDG_STATE_HOME: path('short-state') }, timeoutMs: 60_000 },
      );
      expect(upgrade.code, upgrade.stderr).toBe(0);
      expect(upgrade.stdout).toContain('download image 10.0.0.5 bd8800-15.3.5.2-patch1-5.xos');
      expect(readFileSync(path('short.jsonl'), 'utf8')).toContain('bd8800-15.3.5.2-patch1-5.xos');
      expect(upgrade.stderr.match(/warning: a password shorter than 4 characters is masked only where it stands alone/g)).toHaveLength(1);
    } finally {
      await short.close();
    }
  }, 70_000);

  it('error messages printed before anything connects are redacted too', async () => {
    const bad = await runCli(['upgrade', '--simulate', 'happy', '--image', `tftp://ops:${URL_PASSWORD}@10.0.0.5/not-an-image.bin`, '--headless']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('tftp://ops:***@10.0.0.5/not-an-image.bin');
    expect(bad.stderr).not.toContain(URL_PASSWORD);
  }, 30_000);
});
