// The one way the bench pushes many jobs: the throughput runs, their warm-ups and every memory backlog.

export interface PushJobsOptions {
  /** The first job id (warm-up jobs use ids far above the measured ones). Default 0. */
  firstId?: number;
  /** At most this many pushes awaiting acceptance at once. Default 256. */
  window?: number;
  /** Called every 1,000 jobs with how many have been pushed (a backlog's progress line). */
  onProgress?: (pushed: number) => void;
}

/**
 * Pushes jobs `firstId`..`firstId + n - 1` with at most `window` pushes awaiting acceptance: fast enough
 * to fill 100,000 jobs in seconds, without 100,000 pending promises (and their memory) distorting the RSS
 * a backlog measures, and without the producer flooding a queue its consumers are draining.
 *
 * An in-memory queue accepts a job at once (`push` returns no promise): then there is no bookkeeping at
 * all, so the helper costs almost nothing next to the queue, and it yields once per window so that the
 * consumers get to run.
 */
export async function pushJobs(
  n: number,
  push: (id: number) => unknown,
  { firstId = 0, window = 256, onProgress }: PushJobsOptions = {},
): Promise<void> {
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < n; i++) {
    if (i % 1000 === 0) onProgress?.(i);
    const pushed = push(firstId + i);
    if (!(pushed instanceof Promise)) {
      if (i % window === window - 1) await new Promise((resolve) => setImmediate(resolve));
      continue;
    }
    const p: Promise<unknown> = (pushed as Promise<unknown>).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= window) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  onProgress?.(n);
}
