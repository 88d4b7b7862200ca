// The real CLI in a real terminal (tmux): a person's whole happy-path upgrade by keyboard, then quitting.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/runCli.js';

const SOCKET = `hitless-e2e-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const capture = () => tmux('capture-pane', '-p', '-t', 'e2e');
const paneFlags = () => tmux('display-message', '-p', '-t', 'e2e', '#{alternate_on} #{cursor_flag}').trim();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForScreen(predicate: (screen: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = capture();
    if (predicate(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`screen never matched; last screen:\n${screen}`);
    await sleep(100);
  }
}

function startHitless(cols: number, rows: number, extra = ''): string {
  const dir = tempDir();
  const exitFile = join(dir, 'exit-code');
  const command =
    `cd ${ROOT} && unset CI CONTINUOUS_INTEGRATION && printf 'shell-before-hitless\\n' && XDG_STATE_HOME=${dir} node --import tsx cli.tsx upgrade --simulate happy --speed 0 --poll 0.05 ${extra}; ` +
    `echo $? > ${exitFile}; printf 'shell-after-hitless\\n'; sleep 600`;
  tmux('new-session', '-d', '-s', 'e2e', '-x', String(cols), '-y', String(rows), command);
  return exitFile;
}

afterEach(() => {
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
});

describe('the full-screen console in tmux', () => {
  it('performs the whole upgrade by keyboard, flips the panes at failover, and restores the terminal on quit', async () => {
    const exitFile = startHitless(120, 40);
    const first = await waitForScreen((s) => s.includes('Confirm:'));
    expect(first).toMatch(/MSM A \(you\)\s+★ MASTER/);
    expect(first).toMatch(/MSM B\s+● BACKUP ✓ In Sync/);
    expect(paneFlags()).toMatch(/^1 /);

    const confirmed: string[] = [];
    let sawFlip = false;
    for (;;) {
      const screen = await waitForScreen((s) => s.includes('Confirm:') || s.includes('finished, exit'), 30_000);
      sawFlip ||= /MSM B \(you\)\s+★ MASTER/.test(screen);
      if (screen.includes('finished, exit')) {
        expect(screen).toContain('finished, exit 0');
        break;
      }
      const command = /\$ (.+?)\s*│/.exec(screen)?.[1];
      expect(command).toBeDefined();
      if (confirmed.at(-1) !== command || !screen.includes('Confirm:')) confirmed.push(command!);
      tmux('send-keys', '-t', 'e2e', 'c');
      await waitForScreen((s) => !s.includes(`$ ${command}`) || !s.includes('Confirm:'), 15_000).catch(() => undefined);
    }
    expect(confirmed[0]).toMatch(/^download image 10\.0\.0\.5 \S+ vr "VR-Mgmt" secondary msm B$/);
    expect(confirmed).toContain('reboot msm B');
    expect(confirmed).toContain('run msm-failover');
    expect(confirmed).toContain('reboot msm A');
    expect(confirmed).not.toContain('reboot');
    expect(sawFlip).toBe(true);

    const done = capture();
    expect(done).toMatch(/MSM A\s+● BACKUP ✓ In Sync/);
    expect(done).toMatch(/MSM B \(you\)\s+★ MASTER/);

    tmux('send-keys', '-t', 'e2e', 'q');
    const after = await waitForScreen((s) => s.includes('shell-after-hitless'));
    expect(after).toContain('shell-before-hitless');
    expect(paneFlags()).toBe('0 1');
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
  }, 120_000);

  it('Ctrl+C asks before abandoning a run, then exits 4 with the terminal restored (80x24)', async () => {
    const exitFile = startHitless(80, 24);
    const screen = await waitForScreen((s) => s.includes('Confirm:'));
    expect(screen.split('\n').every((line) => line.length <= 80)).toBe(true);
    tmux('send-keys', '-t', 'e2e', 'C-c');
    await waitForScreen((s) => /abort/i.test(s) && /y\/n/i.test(s));
    tmux('send-keys', '-t', 'e2e', 'y');
    const after = await waitForScreen((s) => s.includes('shell-after-hitless'));
    expect(after).toContain('shell-before-hitless');
    expect(paneFlags()).toBe('0 1');
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('4');
  }, 60_000);

  it('says plainly when the terminal is too small', async () => {
    startHitless(60, 20);
    const screen = await waitForScreen((s) => /too small/i.test(s));
    expect(screen).toMatch(/80x24/);
    tmux('send-keys', '-t', 'e2e', 'q');
  }, 30_000);
});
