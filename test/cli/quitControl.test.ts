// Quitting while the switch still works (a download the switch carries on with): the screen stays up, however long,
// until the run has ended — never a blank terminal over a process that still waits.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QuitControl } from '../../source/cli/quitControl.js';

afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  const controller = new AbortController();
  const abortConfirmation = vi.fn();
  const screen = { unmount: vi.fn() };
  const quit = new QuitControl(controller, abortConfirmation);
  quit.showing(screen);
  return { controller, abortConfirmation, screen, quit };
}

describe('QuitControl', () => {
  it('quit during a run stops the run and aborts a waiting confirmation, and keeps the screen until the run has ended', () => {
    vi.useFakeTimers();
    const { controller, abortConfirmation, screen, quit } = setup();
    quit.quit('key y (quit)');
    expect(controller.signal.aborted).toBe(true);
    expect(abortConfirmation).toHaveBeenCalledWith('key y (quit)');
    vi.advanceTimersByTime(30 * 60_000);
    expect(screen.unmount).not.toHaveBeenCalled();
    quit.ended();
    expect(screen.unmount).toHaveBeenCalledTimes(1);
  });

  it('after the run the outcome stays on screen until the operator quits', () => {
    const { screen, quit } = setup();
    quit.ended();
    expect(screen.unmount).not.toHaveBeenCalled();
    quit.quit('key q (quit)');
    expect(screen.unmount).toHaveBeenCalledTimes(1);
  });
});
