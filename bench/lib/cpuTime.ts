/** Runs `run` and measures the process's CPU time (every thread) meanwhile: steadier than wall time on a shared machine. */
export async function timed<T>(run: () => Promise<T>): Promise<{ result: T; cpuMs: number }> {
  const before = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(before);
  return { result, cpuMs: (used.user + used.system) / 1000 };
}
