import { defineConfig } from 'vitest/config';

// Many tests start the real CLI (the bundle, built once per run by test/support/buildOnce.ts) and real SSH servers: on
// a loaded 2-core machine one such run can take several seconds, so vitest's 5 s default would fail tests for the machine's load, not for their behaviour.
// Most tests wait on child processes (the CLI, SSH servers, tmux) and on the simulated chassis' timers rather than
// compute: with three workers a full run kept a quiet 2-core machine 40 % busy (240 s of CPU in 300 s), with five it
// took 188 s instead of 294 s (README, Development). vitest's default in run mode is one worker fewer than the cores.
export default defineConfig({
  test: {
    globalSetup: ['test/support/buildOnce.ts'],
    maxWorkers: 5,
    minWorkers: 1,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
