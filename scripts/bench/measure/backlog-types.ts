// A backlog case for the memory measurement: fill a queue with N jobs that nobody consumes, then the
// child process (memory-child.ts) reads its own RSS, and the queue says how many jobs it holds and where.
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
