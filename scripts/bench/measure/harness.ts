// The measuring side of the benchmark, the same for every queue: a case only knows how to create its
// queue, push a job and run a no-op handler; everything timed happens here, so every row is timed alike.
//
// "done" means the queue handed the job to our no-op handler: the work is empty, so the handler starting
// and finishing are the same moment. Each concurrency gets a fresh queue (its own name or temp dir).
import { performance } from 'node:perf_hooks';
import { sleep } from '../../../common/time.ts';
import { errorMessage } from '../../../common/errors.ts';
import { seededRandom } from '../../../common/random.ts';
import type { Progress } from './progress.ts';
import { pushJobs } from './push-jobs.ts';

/** One running queue under test: producer and consumers, in this process. */
export interface Subject {
  /** Enqueue job `id`. Resolves when the queue has accepted it (written, sent, or pushed). */
  push(id: number): Promise<void> | void;
  /** Stop consumers and producers and remove what the queue left on disk or on the server. */
  stop(): Promise<void>;
}

export interface StartOptions {
  concurrency: number;
  /** The no-op handler: every case calls it with the job id as the queue hands the job over. */
  onJob(id: number): void;
}

export type Kind = 'bare' | 'library' | 'chapter' | 'peer';

export interface Case {
  /** Short, stable id used in tables and the chart, e.g. "ch3". */
  id: string;
  /** The chapter folder this case belongs to, for `--only 03-redis` (or `--only 3`). */
  chapter: '01-memory' | '02-leveldb' | '03-redis' | '04-rabbitmq';
  label: string;
  kind: Kind;
  /** What the row is compared to for the "chapter / library" ratio (the same library used bare). */
  compareTo?: string;
  /** Runs this many times the usual job count: an in-memory queue finishes 2,000 jobs in milliseconds. */
  jobMultiplier?: number;
  /** The idle wait the queue documents: 0 for queues that block or get pushed to, else the poll backoff. */
  backoffMs: number;
  /** Why this case cannot run (e.g. the chapter's code has not landed), or undefined. */
  unavailable?: () => Promise<string | undefined>;
  /** Starts a fresh queue with consumers running. */
  start(options: StartOptions): Promise<Subject>;
}

export interface Settings {
  jobs: number;
  concurrencies: number[];
  latencyJobs: number;
  latencyRate: number;
  idleSamples: number;
  /** Throughput runs per concurrency; the best one counts. */
  repeats: number;
  /** Untimed jobs pushed before each throughput run. */
  warmupJobs: number;
  /** The longest a phase may take before it counts as stuck. */
  phaseTimeoutMs: number;
}

export interface Row {
  id: string;
  chapter: Case['chapter'];
  label: string;
  kind: Kind;
  compareTo?: string;
  backoffMs: number;
  /** Jobs per throughput run. */
  jobs: number;
  /** jobs/s per concurrency, e.g. { 1: 2500, 10: 9000 }. */
  throughput: Record<number, number>;
  p50?: number;
  p99?: number;
  /** The slowest of the idle samples, ms from push to handler. */
  idleMax?: number;
  idleSamples?: number[];
  error?: string;
}

/** Warm-up jobs get ids far above any measured job's, so the two can never be confused. */
const WARMUP_ID = 1_000_000_000;

/** Counts handler calls and resolves when `expected` of them arrived. */
class Tally {
  readonly times = new Map<number, number>();
  #expected = 0;
  #resolve: (() => void) | undefined;
  seen = 0;
  duplicates = 0;

  expect(n: number): Promise<void> {
    this.#expected = n;
    return new Promise((resolve) => {
      this.#resolve = resolve;
      this.#check();
    });
  }

  record = (id: number): void => {
    if (this.times.has(id)) {
      this.duplicates++;
      return;
    }
    this.times.set(id, performance.now());
    this.seen++;
    this.#check();
  };

  reset(): void {
    this.times.clear();
    this.seen = 0;
  }

  #check(): void {
    if (this.#resolve && this.seen >= this.#expected) {
      const resolve = this.#resolve;
      this.#resolve = undefined;
      resolve();
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what()}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

async function withSubject<T>(
  c: Case,
  concurrency: number,
  tally: Tally,
  body: (s: Subject) => Promise<T>,
): Promise<T> {
  const subject = await c.start({ concurrency, onJob: tally.record });
  try {
    return await body(subject);
  } finally {
    await withTimeout(subject.stop(), 30_000, () => `${c.id}: stopping the queue`);
  }
}

export function jobsFor(c: Pick<Case, 'jobMultiplier'>, s: Settings): number {
  return Math.max(2, Math.round(s.jobs * (c.jobMultiplier ?? 1)));
}

/** N no-op jobs pushed as fast as the producer can, consumers already running: jobs/s, first to last. */
async function measureThroughput(
  c: Case,
  s: Settings,
  concurrency: number,
  progress: Progress,
  subject: Subject,
  tally: Tally,
): Promise<number> {
  const jobs = jobsFor(c, s);
  const warmupJobs = Math.ceil(s.warmupJobs * (c.jobMultiplier ?? 1));
  // Warm up first (untimed): connections, JIT, the server's first allocations for this queue.
  if (warmupJobs > 0) {
    progress.update(`throughput c=${concurrency}: warming up`);
    const warm = tally.expect(warmupJobs);
    await withTimeout(
      Promise.all([pushJobs(warmupJobs, (id) => subject.push(id), { firstId: WARMUP_ID }), warm]),
      s.phaseTimeoutMs,
      () => `${c.id} warm-up, ${tally.seen}/${warmupJobs} jobs done`,
    );
    tally.reset();
  }
  const all = tally.expect(jobs);
  const ticker = setInterval(
    () => progress.update(`throughput c=${concurrency}: ${tally.seen}/${jobs}`),
    200,
  );
  try {
    await withTimeout(
      Promise.all([pushJobs(jobs, (id) => subject.push(id)), all]),
      s.phaseTimeoutMs,
      () => `${c.id} throughput c=${concurrency}, ${tally.seen}/${jobs} jobs done`,
    );
    // From the first job reaching its handler to the last: the rate the queue drains at. How long the
    // first job waits (a polling worker may be asleep) is what idle latency measures, not this.
    let first = Infinity;
    let last = -Infinity;
    for (const t of tally.times.values()) {
      first = Math.min(first, t);
      last = Math.max(last, t);
    }
    return (jobs - 1) / ((last - first) / 1000);
  } finally {
    clearInterval(ticker);
    tally.reset();
  }
}

/** Jobs pushed at a steady, modest rate (well under every queue's capacity): enqueue -> handler, p50/p99. */
async function measureLatency(
  c: Case,
  s: Settings,
  progress: Progress,
  subject: Subject,
  tally: Tally,
): Promise<{ p50: number; p99: number }> {
  const pushedAt = new Map<number, number>();
  const all = tally.expect(s.latencyJobs);
  const interval = 1000 / s.latencyRate;
  const start = performance.now();
  const pushes: Array<Promise<void>> = [];
  for (let id = 0; id < s.latencyJobs; id++) {
    const due = start + id * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    progress.update(`latency: ${tally.seen}/${s.latencyJobs} at ${s.latencyRate} jobs/s`);
    pushedAt.set(id, performance.now());
    pushes.push(Promise.resolve(subject.push(id)));
  }
  await withTimeout(
    Promise.all([...pushes, all]),
    s.phaseTimeoutMs,
    () => `${c.id} latency, ${tally.seen}/${s.latencyJobs} jobs done`,
  );
  const latencies = [...pushedAt].map(([id, t]) => tally.times.get(id)! - t).sort((a, b) => a - b);
  tally.reset();
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/**
 * One job at a time into a worker that has been idle for a while: push -> handler. The idle gap is
 * 200 ms plus a random part of the queue's backoff, so a polling worker is caught at every phase of its
 * sleep (seeded, so every run and every case sees the same gaps).
 */
async function measureIdle(
  c: Case,
  s: Settings,
  progress: Progress,
  subject: Subject,
  tally: Tally,
): Promise<number[]> {
  const random = seededRandom(7);
  const samples: number[] = [];
  for (let id = 0; id < s.idleSamples; id++) {
    progress.update(`idle latency: sample ${id + 1}/${s.idleSamples}`);
    await sleep(200 + Math.round(random() * c.backoffMs));
    const done = tally.expect(id + 1);
    const pushed = performance.now();
    await subject.push(id);
    await withTimeout(
      done,
      Math.max(10_000, c.backoffMs * 5),
      () => `${c.id} idle sample ${id + 1} never reached the handler`,
    );
    samples.push(tally.times.get(id)! - pushed);
  }
  tally.reset();
  return samples;
}

export async function runCase(c: Case, s: Settings, progress: Progress): Promise<Row> {
  const row: Row = {
    id: c.id,
    chapter: c.chapter,
    label: c.label,
    kind: c.kind,
    backoffMs: c.backoffMs,
    jobs: jobsFor(c, s),
    throughput: {},
  };
  if (c.compareTo) row.compareTo = c.compareTo;
  try {
    const reason = await c.unavailable?.();
    if (reason) throw new Error(reason);
    // One fresh queue per concurrency. Latency and idle latency are measured with one worker, on the
    // concurrency-1 queue once its throughput run is over (every job done, the queue empty).
    const concurrencies = s.concurrencies.includes(1) ? s.concurrencies : [...s.concurrencies, 1];
    for (const concurrency of concurrencies) {
      const tally = new Tally();
      await withSubject(c, concurrency, tally, async (subject) => {
        if (s.concurrencies.includes(concurrency)) {
          // Best of `repeats`: other work on the machine can only slow a run down, never speed it up.
          let best = 0;
          for (let i = 0; i < s.repeats; i++)
            best = Math.max(best, await measureThroughput(c, s, concurrency, progress, subject, tally));
          row.throughput[concurrency] = best;
        }
        if (concurrency !== 1) return;
        Object.assign(row, await measureLatency(c, s, progress, subject, tally));
        row.idleSamples = await measureIdle(c, s, progress, subject, tally);
        row.idleMax = Math.max(...row.idleSamples);
      });
    }
  } catch (err) {
    row.error = errorMessage(err).split('\n')[0];
  }
  return row;
}
