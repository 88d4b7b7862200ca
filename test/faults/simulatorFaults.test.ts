// The simulator's fault injection, seen from a plain SSH shell: each fault does exactly what the matrix relies on.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOGIN, UNEXPECTED_QUESTION, type FaultRule } from '../../source/simulator/faultInjector.js';
import type { RunningSimulator } from '../../source/simulator/index.js';
import { ShellClient, startTestSimulator } from '../simulator/helpers.js';

// SSH round trips: generous on a loaded 2-core machine.
vi.setConfig({ testTimeout: 20_000 });

let simulator: RunningSimulator;
const shells: ShellClient[] = [];

async function start(rule?: FaultRule): Promise<ShellClient> {
  simulator = await startTestSimulator({ scenario: 'happy' });
  if (rule) simulator.faults.injectOnce(rule);
  return openShell();
}

async function openShell(): Promise<ShellClient> {
  const shell = await ShellClient.open(simulator.port);
  shells.push(shell);
  await shell.readUntilPrompt();
  return shell;
}

afterEach(async () => {
  for (const shell of shells.splice(0)) shell.close();
  await simulator?.close();
});

const IMAGES = 'show version images';
const onCommand = (wanted: string) => (command: string) => command === wanted;
const rebootsOf = (slot: 'A' | 'B') => simulator.chassis.stateHistory.filter((c) => c.slot === slot && c.state === 'DOWN').length;

describe('fault injection in the simulator', () => {
  it('fires once, on the first command line `when` accepts, with the MSM it arrived on', async () => {
    const asked: string[] = [];
    const shell = await start({
      when: (command, msm) => {
        asked.push(`${msm} ${command}`);
        return command === IMAGES;
      },
      fault: 'truncate',
    });
    const normal = await shell.run('show switch');
    const cut = await shell.run(IMAGES);
    const whole = await shell.run(IMAGES);
    expect(asked).toEqual(['A show switch', `A ${IMAGES}`]);
    expect(simulator.faults.fired).toEqual([{ fault: 'truncate', command: IMAGES, msm: 'A' }]);
    expect(normal).toContain('MSM-B');
    expect(cut).not.toBe(whole);
  });

  it('drop at the start: the command never runs and the connection dies without a prompt', async () => {
    const shell = await start({ when: onCommand('reboot msm B'), fault: 'drop' });
    shell.sendLine('reboot msm B');
    expect(await shell.rest()).toBe('reboot msm B\r\n');
    expect(rebootsOf('B')).toBe(0);
    expect(simulator.commandLog.map((r) => r.command)).toEqual(['reboot msm B']);
  });

  it('drop at the end: the command takes effect, then the connection dies before the prompt', async () => {
    const shell = await start({ when: onCommand('reboot msm B'), fault: 'drop', at: 'end' });
    shell.sendLine('reboot msm B');
    await shell.readUntil('Are you sure you want to reboot MSM-B? (y/N) ');
    shell.sendLine('y');
    expect(await shell.rest()).toBe('y\r\n');
    expect(rebootsOf('B')).toBe(1);
  });

  it('stall at the end: the command takes effect, its output is written, the prompt never comes; the client may leave', async () => {
    let stateWhenFired: string | undefined;
    let fire!: () => void;
    const fired = new Promise<void>((resolve) => (fire = resolve));
    const onFire = () => {
      stateWhenFired = simulator.chassis.stateText('B');
      fire();
    };
    const shell = await start({ when: onCommand('reboot msm B'), fault: 'stall', at: 'end', onFire });
    shell.sendLine('reboot msm B');
    await shell.readUntil('Are you sure you want to reboot MSM-B? (y/N) ');
    shell.sendLine('y');
    await fired;
    expect(stateWhenFired).toBe('DOWN');
    // A round trip on a second session: anything the stalled one had written by now has arrived.
    expect(await (await openShell()).run(IMAGES)).toContain('MSM-B secondary');
    shell.close();
    expect(await shell.rest()).toBe('y\r\n');
  });

  it('stall at the start: nothing runs and nothing is written until the client gives up', async () => {
    let fire!: () => void;
    const fired = new Promise<void>((resolve) => (fire = resolve));
    const shell = await start({ when: onCommand('reboot msm B'), fault: 'stall', onFire: fire });
    shell.sendLine('reboot msm B');
    await fired;
    expect(await (await openShell()).run(IMAGES)).toContain('MSM-B secondary');
    shell.close();
    expect(await shell.rest()).toBe('reboot msm B\r\n');
    expect(rebootsOf('B')).toBe(0);
  });

  it('truncate: the first half of the output on a line of its own, then the prompt', async () => {
    const shell = await start({ when: onCommand(IMAGES), fault: 'truncate' });
    shell.sendLine(IMAGES);
    const cut = await shell.readUntilPrompt();
    // The prompt pattern takes the line break before the prompt: put it back.
    const whole = `${(await shell.run(IMAGES)).slice(`${IMAGES}\r\n`.length)}\r\n`;
    const half = whole.slice(0, Math.floor(whole.length / 2)) + '\r\n';
    expect(cut).toBe(`${IMAGES}\r\n${half}BD-8810.2 # `);
  });

  it('garbage: mangled output with control bytes, then the prompt on its own line; questions stay intact', async () => {
    const shell = await start({ when: (command) => command.startsWith('download'), fault: 'garbage', seed: 7 });
    shell.sendLine('download image 10.0.0.5 bd8800-15.3.5.2-patch1-5.xos vr "VR-Mgmt" secondary msm B');
    await shell.readUntil('Do you want to install image after downloading? (y - yes, n - no, <cr> - cancel) ');
    shell.sendLine('y');
    const output = await shell.readUntilPrompt();
    expect(output).not.toContain('Image installed successfully');
    expect(output).toMatch(/[\x00\x07\x1b\xff\ufffd]/);
    expect(output).toMatch(/\r\nBD-8810\.2 # $/);
    // The command itself ran: only what it printed was damaged.
    expect(simulator.chassis.msm.B.partitions.secondary.core?.version).toBe('15.3.5.2');
  });

  it('garbage is the same for the same seed', async () => {
    const outputs: string[] = [];
    for (let run = 0; run < 2; run++) {
      const shell = await start({ when: onCommand(IMAGES), fault: 'garbage', seed: 3 });
      outputs.push(await shell.run(IMAGES));
      shell.close();
      await simulator.close();
    }
    expect(outputs[0]).toBe(outputs[1]);
    expect(outputs[0]).not.toContain('MSM-A primary   Wed Jan 24');
  });

  it('question: an unexpected question first; a refusal abandons the command', async () => {
    const shell = await start({ when: onCommand('reboot msm B'), fault: 'question' });
    shell.sendLine('reboot msm B');
    expect(await shell.readUntil('(y/N) ')).toBe(`reboot msm B\r\n${UNEXPECTED_QUESTION}`);
    shell.sendLine('n');
    expect(await shell.readOutput()).toBe('n');
    expect(rebootsOf('B')).toBe(0);
  });

  it('question: a yes lets the command go on to its own question', async () => {
    const shell = await start({ when: onCommand('reboot msm B'), fault: 'question' });
    shell.sendLine('reboot msm B');
    await shell.readUntil(UNEXPECTED_QUESTION);
    shell.sendLine('y');
    expect(await shell.readUntil('(y/N) ')).toBe('y\r\nAre you sure you want to reboot MSM-B? (y/N) ');
    shell.sendLine('y');
    expect(await shell.readOutput()).toBe('y');
    expect(rebootsOf('B')).toBe(1);
  });

  it('a login fault: stall hangs the login (no banner, no prompt) on the MSM it picks until the client leaves', async () => {
    simulator = await startTestSimulator({ scenario: 'happy' });
    const asked: string[] = [];
    simulator.faults.injectOnce({ when: (command) => (asked.push(command), false), fault: 'truncate' });
    simulator.faults.injectOnce({ on: 'login', when: (command, msm) => command === LOGIN && msm === 'A', fault: 'stall' });
    const hung = await ShellClient.open(simulator.port);
    shells.push(hung);
    // The next login is served as usual: the fault was used up.
    expect(await (await openShell()).run('show switch')).toContain('MSM-A');
    hung.close();
    expect(await hung.rest()).toBe('');
    expect(simulator.faults.fired[0]).toEqual({ fault: 'stall', command: LOGIN, msm: 'A' });
    // A rule for command lines is never asked about a login.
    expect(asked).toEqual(['show switch']);
  });
});
