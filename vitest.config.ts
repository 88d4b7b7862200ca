import { defineConfig } from 'vitest/config';

// Many tests start the real CLI (tsx compiles at start) and real SSH servers: on a loaded 2-core machine one such run
// can take several seconds, so vitest's 5 s default would fail tests for the machine's load, not for their behaviour.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
