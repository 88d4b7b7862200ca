// vitest's globalSetup: builds dist/ once per test run, so every test that starts the CLI as a process runs the bundle
// users run (test/support/runCli.ts), and a bundling defect fails a test.
import { buildBundle } from '../../scripts/build.js';

export default async function buildOnce(): Promise<void> {
  await buildBundle();
}
