// Connecting's questions as dialogs over the screen: a secret typed key by key is never drawn (nor its length), Esc
// cancels it, a host key is trusted only by y, questions come one at a time, and closing the console refuses them all.
import { Text } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionDialogs, type TrustQuestion } from '../../source/ui/connectionDialogs.js';
import { WithConnectionDialogs } from '../../source/ui/WithConnectionDialogs.js';

afterEach(cleanup);

const HOST_KEY: TrustQuestion = {
  title: 'Unknown host key',
  lines: ["The authenticity of host '[10.1.1.1]:2222' can't be established.", 'ssh-ed25519 key fingerprint is SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG.'],
  yes: 'trust it (added to known_hosts) and connect',
  no: 'refuse: no connection',
};

function setup() {
  const dialogs = new ConnectionDialogs();
  const rendered = render(
    <WithConnectionDialogs dialogs={dialogs}>
      {Array.from({ length: 23 }, (_, row) => (
        <Text key={row}>{`screen row ${row} `.padEnd(100, '=')}</Text>
      ))}
    </WithConnectionDialogs>,
  );
  const frame = () => rendered.lastFrame() ?? '';
  const allFrames = () => rendered.frames.join('\n');
  return { dialogs, frame, allFrames };
}

const eventually = (assertion: () => void) => vi.waitFor(assertion, { timeout: 2000, interval: 5 });

describe('connection dialogs', () => {
  it('a password typed key by key is never drawn, nor how long it is; Backspace and Ctrl-U edit it; Enter sends it', async () => {
    const { dialogs, frame, allFrames } = setup();
    const answer = dialogs.secret("ops@10.1.1.1's password: ");
    await eventually(() => expect(frame()).toContain("ops@10.1.1.1's password:"));
    expect(frame()).toContain('nothing you type is shown');
    // Drawn over the screen below the panes: the rows above stay, the rows under the box are covered whole.
    expect(frame()).toContain('screen row 7 =');
    expect(frame()).not.toContain('screen row 9 =');
    expect(frame()).toContain('[Enter] send   [Backspace] erase   [Esc] cancel');

    for (const key of ['w', 'r', 'o', 'n', 'g', '\x15', 'S', '3', 'c', 'r', 'e', 't', '!', 'x', '\x7f', '\x1b[D']) dialogs.key(key);
    await eventually(() => expect(frame()).toContain('typed (hidden, its length too)'));
    const framesWhileTyping = allFrames();
    dialogs.key('-pasted\r');
    await expect(answer).resolves.toBe('S3cret!-pasted');
    await eventually(() => expect(frame()).not.toContain('password'));
    expect(frame()).toContain('screen row 9 =');
    for (const text of ['S3cret', 'wrong', 'pasted', '•', '*****']) expect(allFrames()).not.toContain(text);
    // One redraw when something is first typed, none per key: the screen cannot tell how many keys were pressed.
    expect(framesWhileTyping.split("ops@10.1.1.1's password:").length - 1).toBeLessThanOrEqual(3);
  });

  it('Esc cancels a secret: the question fails with an exit-2 error naming it', async () => {
    const { dialogs } = setup();
    const answer = dialogs.secret("Enter passphrase for key '/home/ops/.ssh/id_ed25519': ");
    dialogs.key('abc');
    dialogs.key('\x1b');
    await expect(answer).rejects.toMatchObject({
      kind: 'auth',
      exitCode: 2,
      message: `no answer to "Enter passphrase for key '/home/ops/.ssh/id_ed25519'" (cancelled)`,
    });
  });

  it('a host key is trusted only by y; other keys leave the question open; n refuses', async () => {
    const { dialogs, frame } = setup();
    const first = dialogs.trust(HOST_KEY);
    await eventually(() => expect(frame()).toContain('Unknown host key'));
    expect(frame()).toContain('SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG.');
    expect(frame()).toContain('[y] trust it (added to known_hosts) and connect   [n] refuse: no connection');
    for (const key of ['\r', 'c', 'q', 'yes']) dialogs.key(key);
    expect(dialogs.current()?.kind).toBe('trust');
    dialogs.key('y');
    await expect(first).resolves.toBe(true);

    const second = dialogs.trust(HOST_KEY);
    dialogs.key('n');
    await expect(second).resolves.toBe(false);
    await eventually(() => expect(frame()).not.toContain('Unknown host key'));
  });

  it('asks one question at a time in the order asked; closing refuses the rest', async () => {
    const { dialogs, frame } = setup();
    const hostKey = dialogs.trust(HOST_KEY);
    const password = dialogs.secret("ops@10.1.1.1's password: ");
    const passphrase = dialogs.secret("Enter passphrase for key 'id': ");
    await eventually(() => expect(frame()).toContain('Unknown host key'));
    expect(frame()).not.toContain('password');
    dialogs.key('y');
    await expect(hostKey).resolves.toBe(true);
    await eventually(() => expect(frame()).toContain("ops@10.1.1.1's password:"));
    dialogs.key('pw\r');
    await expect(password).resolves.toBe('pw');
    await eventually(() => expect(frame()).toContain('Enter passphrase'));
    dialogs.close();
    await expect(passphrase).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('the console closed') });
    await expect(dialogs.trust(HOST_KEY)).resolves.toBe(false);
    await eventually(() => expect(frame()).not.toContain('passphrase'));
  });

  it('Ctrl-C refuses every question waiting, not only the one shown (a fleet of chassis asking in turn); later ones are asked', async () => {
    const { dialogs, frame } = setup();
    const first = dialogs.secret("admin@core-1's password: ");
    const second = dialogs.secret("admin@core-2's password: ");
    const hostKey = dialogs.trust(HOST_KEY);
    await eventually(() => expect(frame()).toContain("admin@core-1's password:"));
    dialogs.key('\x03');
    await expect(first).rejects.toMatchObject({ exitCode: 2, message: `no answer to "admin@core-1's password" (Ctrl-C)` });
    await expect(second).rejects.toMatchObject({ exitCode: 2, message: `no answer to "admin@core-2's password" (Ctrl-C)` });
    await expect(hostKey).resolves.toBe(false);
    await eventually(() => expect(frame()).not.toContain('password'));
    const later = dialogs.secret("admin@core-3's password: ");
    await eventually(() => expect(frame()).toContain("admin@core-3's password:"));
    dialogs.key('pw\r');
    await expect(later).resolves.toBe('pw');
  });
});
