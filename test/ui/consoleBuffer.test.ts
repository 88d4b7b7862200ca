import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleBuffer, type ThrottleClock } from '../../source/ui/consoleBuffer.js';

/** A clock that only moves when the test says so; timers fire on `advance`. */
function manualClock() {
  let now = 0;
  const timers = new Map<number, { due: number; callback: () => void }>();
  let nextId = 1;
  const clock: ThrottleClock = {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { due: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
  };
  return {
    clock,
    pendingTimers: () => timers.size,
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.due <= now) {
          timers.delete(id);
          timer.callback();
        }
      }
    },
  };
}

const buffers: ConsoleBuffer[] = [];
function buffer(options: ConstructorParameters<typeof ConsoleBuffer>[0]) {
  const created = new ConsoleBuffer(options);
  buffers.push(created);
  return created;
}

afterEach(() => {
  for (const created of buffers.splice(0)) created.dispose();
});

describe('ConsoleBuffer', () => {
  it('is an empty console of its size before xterm has loaded, and writes made meanwhile come out in order', async () => {
    vi.resetModules();
    const { ConsoleBuffer: Fresh } = await import('../../source/ui/consoleBuffer.js');
    const term = new Fresh({ cols: 20, rows: 2 });
    expect(term.viewport()).toEqual(['', '']);
    expect(term.styledViewport()).toEqual([[], []]);
    term.write('one\r\n');
    term.resize(30, 3);
    term.write('two\r\nthree');
    expect(term.viewport()).toEqual(['', '', '']);
    await term.flush();
    expect([term.cols, term.rows]).toEqual([30, 3]);
    expect(term.viewport()).toEqual(['one', 'two', 'three']);
    term.dispose();
  });

  it('lets xterm apply colours and cursor movement, returning plain text', async () => {
    const term = buffer({ cols: 40, rows: 4 });
    term.write('\x1b[32m* BD-8810.1 #\x1b[0m show switch\r\n');
    term.write('abcdefghij\x1b[5GXY\r\n');
    term.write('progress: 10%\rprogress: 43%');
    await term.flush();
    expect(term.viewport()).toEqual(['* BD-8810.1 # show switch', 'abcdXYghij', 'progress: 43%', '']);
  });

  it('keeps the scrollback bounded however much is written', async () => {
    const term = buffer({ cols: 40, rows: 10, scrollback: 500 });
    const lines = Array.from({ length: 20_000 }, (_, index) => `line ${index}\r\n`);
    for (let start = 0; start < lines.length; start += 1000) term.write(lines.slice(start, start + 1000).join(''));
    await term.flush();
    expect(term.length).toBeLessThanOrEqual(500 + 10);
    expect(term.viewport()[8]).toBe('line 19999');
  });

  it('scrolls back, stays put while output continues, and follows again on scrollToBottom', async () => {
    const term = buffer({ cols: 20, rows: 3 });
    for (let index = 0; index < 30; index++) term.write(`line ${index}\r\n`);
    await term.flush();
    expect(term.following).toBe(true);
    term.scroll(-10);
    expect(term.scrolledBack).toBe(10);
    expect(term.viewport()).toEqual(['line 18', 'line 19', 'line 20']);
    term.write('line 30\r\n');
    await term.flush();
    expect(term.viewport()).toEqual(['line 18', 'line 19', 'line 20']);
    term.scrollToBottom();
    expect(term.following).toBe(true);
    expect(term.viewport()).toEqual(['line 29', 'line 30', '']);
  });

  it('resizes its viewport', async () => {
    const term = buffer({ cols: 20, rows: 3 });
    term.write('x\r\n');
    await term.flush();
    term.resize(50, 6);
    expect([term.cols, term.rows]).toEqual([50, 6]);
    expect(term.viewport()).toHaveLength(6);
  });

  it('folds a burst of writes into few change notifications', async () => {
    const time = manualClock();
    const term = buffer({ cols: 40, rows: 5, clock: time.clock, maxNotificationsPerSecond: 30 });
    let notifications = 0;
    term.onChange(() => notifications++);
    // Each write is parsed before the next one, so xterm reports every one of them as parsed.
    for (let index = 0; index < 1000; index++) {
      await new Promise<void>((resolve) => term.write(`${index} `, resolve));
    }
    expect(notifications).toBe(1);
    expect(time.pendingTimers()).toBe(1);
    time.advance(40);
    expect(notifications).toBe(2);
    expect(time.pendingTimers()).toBe(0);
  });

  it('drops to 10 notifications a second while output keeps coming, reports its end within a calm interval, and is back at 30/s once calm', async () => {
    const time = manualClock();
    const term = buffer({ cols: 40, rows: 5, clock: time.clock });
    const notifiedAt: number[] = [];
    term.onChange(() => notifiedAt.push(time.clock.now()));
    const writeFor = async (ms: number, every: number) => {
      for (let elapsed = 0; elapsed < ms; elapsed += every) {
        await new Promise<void>((resolve) => term.write('x', resolve));
        time.advance(every);
      }
    };
    const inWindow = (from: number, ms: number) => notifiedAt.filter((at) => at >= from && at < from + ms).length;
    const inSecond = (from: number) => inWindow(from, 1000);

    await writeFor(3000, 5);
    // 30/s for the first 100 ms (a command's answer shows at once), then 10/s.
    expect(inWindow(0, 100)).toBeGreaterThanOrEqual(3);
    expect(inSecond(0)).toBeLessThanOrEqual(15);
    expect(inSecond(2000)).toBeLessThanOrEqual(11);
    expect(inSecond(2000)).toBeGreaterThanOrEqual(9);

    const endedAt = time.clock.now() - 5;
    const before = notifiedAt.length;
    for (let step = 0; step < 100; step++) time.advance(1);
    expect(notifiedAt.length).toBe(before + 1);
    expect(notifiedAt.at(-1)! - endedAt).toBeLessThanOrEqual(1000 / 30 + 1);

    time.advance(1000);
    const calmFrom = time.clock.now();
    await writeFor(400, 5);
    expect(inWindow(calmFrom, 100)).toBeGreaterThanOrEqual(3);
  });

  it('notifies at once for scrolling and resizing, and stops after unsubscribe', async () => {
    const term = buffer({ cols: 20, rows: 3, clock: manualClock().clock });
    for (let index = 0; index < 10; index++) term.write(`line ${index}\r\n`);
    await term.flush();
    let notifications = 0;
    const unsubscribe = term.onChange(() => notifications++);
    const revision = term.revision;
    term.scroll(-2);
    term.resize(30, 3);
    expect(notifications).toBe(2);
    expect(term.revision).toBe(revision + 2);
    unsubscribe();
    term.scrollToBottom();
    expect(notifications).toBe(2);
  });
});
