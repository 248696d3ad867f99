// A backlog case for the memory measurement: fill a queue with N jobs that nobody consumes, then the
// child process (backlog.ts) reads its own RSS, and the queue says how many jobs it holds and where.
export interface Backlog {
  /** Same id as the throughput case it belongs to. */
  id: string;
  label: string;
  /** Where the jobs wait: "process heap", "LevelDB files", "Redis", "RabbitMQ". */
  where: string;
  fill(n: number, onProgress: (pushed: number) => void): Promise<FilledBacklog>;
}

export interface FilledBacklog {
  /** How many jobs the queue reports holding (checks the fill really happened). */
  held(): Promise<number> | number;
  /** Bytes the jobs take outside this process (server memory, files), when it can be measured. */
  outside?(): Promise<number | undefined>;
  cleanup(): Promise<void>;
}

/**
 * Pushes jobs 0..n-1 with at most 256 pushes in flight: fast enough to fill 100,000 jobs in seconds,
 * without 100,000 pending promises (and their memory) distorting the RSS being measured.
 */
export async function pushWindowed(
  n: number,
  push: (id: number) => Promise<unknown>,
  onProgress: (pushed: number) => void,
): Promise<void> {
  const window = new Set<Promise<unknown>>();
  for (let id = 0; id < n; id++) {
    const p: Promise<unknown> = push(id).finally(() => window.delete(p));
    window.add(p);
    if (window.size >= 256) await Promise.race(window);
    if (id % 1000 === 0) onProgress(id);
  }
  await Promise.all(window);
}
