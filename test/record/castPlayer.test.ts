import { describe, expect, it } from 'vitest';
import type { Cast } from '../../source/record/asciicast.js';
import { CastPlayer, CLEAR_SCREEN, type PlayerClock, type PlayerState } from '../../source/record/castPlayer.js';

/** Timers that fire only when the test advances time. */
class ManualClock implements PlayerClock {
  private time = 0;
  /** Every delay asked for. */
  readonly delays: number[] = [];
  private timers: Array<{ at: number; callback: () => void; id: number }> = [];
  private nextId = 1;
  now = () => this.time;
  setTimeout = (callback: () => void, ms: number) => {
    this.delays.push(ms);
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  };
  clearTimeout = (handle: unknown) => {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  };
  advance(ms: number) {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = end;
  }
}

const cast: Cast = {
  header: { version: 2, width: 80, height: 24, timestamp: 0, env: { TERM: 'xterm', SHELL: '/bin/sh' } },
  events: [
    [0, 'o', 'a'],
    [1, 'm', 'Install'],
    [1, 'o', 'b'],
    [3, 'o', 'c'],
    [5, 'm', 'Reboot'],
    [5.5, 'o', 'd'],
    [8, 'o', 'e'],
  ],
};

function setup(speed = 1) {
  const clock = new ManualClock();
  let screen = '';
  const states: PlayerState[] = [];
  const player = new CastPlayer(cast, (data) => (screen += data), { speed, clock, onState: (state) => states.push(state) });
  return { clock, player, states, screen: () => screen, clear: () => (screen = '') };
}

describe('CastPlayer', () => {
  it('writes each output at its time, scaled by the speed, and tells when it ended', () => {
    const { clock, player, screen, states } = setup(2);
    player.play();
    expect(screen()).toBe('a');
    clock.advance(499);
    expect(screen()).toBe('a');
    clock.advance(1);
    expect(screen()).toBe('ab');
    clock.advance(1000);
    expect(screen()).toBe('abc');
    clock.advance(3000);
    expect(screen()).toBe('abcde');
    expect(player.state).toMatchObject({ ended: true, paused: true, position: 8, marker: { label: 'Reboot' } });
    expect(states.at(-1)).toMatchObject({ ended: true });
    expect(states.filter((state) => state.ended)).toHaveLength(1);
  });

  it('pauses and resumes where it was', () => {
    const { clock, player, screen } = setup();
    player.play();
    clock.advance(2000);
    player.toggle();
    clock.advance(10_000);
    expect(screen()).toBe('ab');
    expect(player.state).toMatchObject({ paused: true, position: 2, marker: { label: 'Install' } });
    player.toggle();
    clock.advance(1000);
    expect(screen()).toBe('abc');
  });

  it('n jumps to the next marker by redrawing the screen as it was there; at the last one it goes to the end', () => {
    const { clock, player, screen, clear } = setup();
    player.play();
    clear();
    player.nextMarker();
    expect(screen()).toBe(`${CLEAR_SCREEN}ab`);
    expect(player.state.position).toBe(1);
    clear();
    player.nextMarker();
    expect(screen()).toBe(`${CLEAR_SCREEN}abc`);
    expect(player.state).toMatchObject({ position: 5, paused: false, marker: { label: 'Reboot' } });
    clock.advance(500);
    expect(screen()).toBe(`${CLEAR_SCREEN}abcd`);
    clear();
    player.nextMarker();
    expect(screen()).toBe(`${CLEAR_SCREEN}abcde`);
    expect(player.state.ended).toBe(true);
  });

  it('p goes to the start of the current step, or to the previous one right after a jump', () => {
    const { clock, player, screen, clear } = setup();
    player.play();
    clock.advance(7000);
    player.pause();
    clear();
    player.previousMarker();
    expect([screen(), player.state.position]).toEqual([`${CLEAR_SCREEN}abc`, 5]);
    clear();
    player.previousMarker();
    expect([screen(), player.state.position]).toEqual([`${CLEAR_SCREEN}ab`, 1]);
    clear();
    player.previousMarker();
    expect([screen(), player.state.position]).toEqual([`${CLEAR_SCREEN}a`, 0]);
    expect(player.state.paused).toBe(true);
  });

  it('two markers of one instant (steps drawn in one frame): n and p reach each, and the state names the one reached', () => {
    const sameInstant: Cast = {
      ...cast,
      events: [[0, 'o', 'a'], [1, 'm', 'Preflight'], [1, 'm', 'Install'], [1, 'o', 'b'], [5, 'm', 'Reboot'], [8, 'o', 'e']],
    };
    const clock = new ManualClock();
    const states: PlayerState[] = [];
    const player = new CastPlayer(sameInstant, () => undefined, { clock, onState: (state) => states.push(state) });
    const labels: Array<string | undefined> = [];
    for (const _ of [1, 2, 3]) {
      player.nextMarker();
      labels.push(player.state.marker?.label);
      expect(states.at(-1)?.marker?.label).toBe(player.state.marker?.label);
    }
    expect(labels).toEqual(['Preflight', 'Install', 'Reboot']);
    player.previousMarker();
    expect(player.state.marker?.label).toBe('Install');
    player.previousMarker();
    expect(player.state).toMatchObject({ position: 1, marker: { label: 'Preflight' } });
    // Played on from there, the position leaves the instant: the marker is the last one at or before it.
    player.play();
    clock.advance(2000);
    expect(player.state.marker?.label).toBe('Install');
  });

  it('space at the end plays again from the start', () => {
    const { clock, player, screen, clear } = setup();
    player.play();
    clock.advance(9000);
    clear();
    player.toggle();
    expect(screen()).toBe(`${CLEAR_SCREEN}a`);
    clock.advance(1000);
    expect(screen()).toBe(`${CLEAR_SCREEN}ab`);
  });
});

describe('a recording with an event far in the future', () => {
  it('waits for it in timers Node can hold (never one that overflows into an immediate one)', () => {
    const clock = new ManualClock();
    let screen = '';
    const far: Cast = { header: cast.header, events: [[0, 'o', 'a'], [1e7, 'o', 'b']] };
    const player = new CastPlayer(far, (data) => (screen += data), { clock });
    player.play();
    clock.advance(2 ** 31);
    expect(screen).toBe('a');
    expect(Math.max(...clock.delays)).toBeLessThanOrEqual(2 ** 31 - 1);
    clock.advance(1e10);
    expect(screen).toBe('ab');
  });
});
